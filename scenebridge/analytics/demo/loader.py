"""Writes the demo data in one transaction, in bulk, and indexes every public record for keyword search."""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from scenebridge.accounts.models import Organization, Role, User
from scenebridge.accounts.services import organization_reindex
from scenebridge.analytics.demo.generate import Draft, OfferWriter, ScenarioWriter, all_domains, write_resource
from scenebridge.analytics.demo.organizations import MARKER_NAME, OrgSpec
from scenebridge.analytics.demo.people import Place, Places, build_organizations, person_name
from scenebridge.catalog.models import Offer, Resource
from scenebridge.catalog.services import offer_search_text, resource_search_text
from scenebridge.core import search
from scenebridge.core.audit import snapshot
from scenebridge.core.models import RecordVersion, ReviewedRecord
from scenebridge.core.workflow import PUBLIC_STATES
from scenebridge.scenarios.models import Scenario
from scenebridge.scenarios.services import search_text as scenario_search_text
from scenebridge.taxonomy.models import Domain, Kind, Level, OpeningMode, Qualification, Region, TechnologyTag

SEED = 2026
PASSWORD = "demo-pass-2026"
OPERATOR = "operator"
SCENARIO_ROUNDS = (None, None, 2)  # every topic twice, then the first two topics of each domain once more
OFFER_COUNT = 640
RESOURCE_COUNT = 66
EXPERT_COUNT = 8


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    organization: str


def demo_present() -> bool:
    return User.objects.filter(username=OPERATOR).exists() or Organization.objects.filter(name=MARKER_NAME).exists()


# The scenario loop's own demo data (calls and lists, challenges, pilots and cases), loaded in this order.
LOOP_PARTS = ("calls", "challenges", "pilots")


def load_demo(now: datetime.datetime | None = None) -> dict[str, int]:
    """Fill an empty platform with the demo; returns the number of rows of each kind."""
    now = now or timezone.now()
    rng = random.Random(SEED)
    with transaction.atomic():
        places, by_code = _places()
        specs, brands = build_organizations(rng, places)
        orgs = _create_organizations(specs)
        users = _create_users(rng, specs, orgs)
        scenarios = _scenario_drafts(rng, specs, brands, by_code, now)
        offers = _offer_drafts(rng, specs, brands, by_code, now)
        resources = _resource_drafts(rng, specs, brands, by_code, now)
        counts = {"organizations": len(orgs), "users": sum(len(members) for members in users.values())}
        counts["scenarios"] = _create_records(Scenario, "owner", scenarios, orgs, users)
        counts["offers"] = _create_records(Offer, "provider", offers, orgs, users)
        counts["resources"] = _create_records(Resource, "provider", resources, orgs, users)
        counts["indexed"] = _index_public()
        for part in LOOP_PARTS:
            counts.update(import_module(f"scenebridge.{part}.demo").load(random.Random(f"{SEED}-{part}")))
    return counts


def _places() -> tuple[Places, dict[str, Place]]:
    provinces: dict[str, str] = {}
    cities: dict[str, list[tuple[str, str]]] = {}
    for region in Region.objects.order_by("code"):
        if region.level == Region.RegionLevel.PROVINCE:
            provinces[region.code] = region.name_zh
        elif region.name_zh.endswith("市") and region.parent_id:
            cities.setdefault(region.parent_id, []).append((region.code, region.name_zh))
    by_code = {code: Place(name, name, code) for code, name in provinces.items()}
    for parent, children in cities.items():
        by_code.update({code: Place(provinces[parent], name, code) for code, name in children})
    return Places(provinces, cities), by_code


def _create_organizations(specs: list[OrgSpec]) -> dict[str, Organization]:
    rows = [
        Organization(
            name=s.name,
            type=s.type,
            credit_code=s.credit_code,
            region_id=s.region_code,
            size=s.size,
            description=s.description,
            contact_email=f"org{n:03d}@example.com",
            verified=n % 7 != 6,
        )
        for n, s in enumerate(specs)
    ]
    Organization.objects.bulk_create(rows)
    orgs = {org.name: org for org in Organization.objects.filter(name__in=[s.name for s in specs])}
    qualifications = dict(Qualification.objects.values_list("code", "pk"))
    _link(
        Organization, "qualifications", [(orgs[s.name].pk, qualifications[q]) for s in specs for q in s.qualifications]
    )
    return orgs


def _create_users(rng: random.Random, specs: list[OrgSpec], orgs: dict[str, Organization]) -> dict[str, list[User]]:
    """Users by organization name: the org admin first, then its owner or supplier; experts sit in universities."""
    password = make_password(PASSWORD)
    rows: list[User] = []
    counters: dict[str, int] = {}

    def add(role: str, spec: OrgSpec, prefix: str, **extra: Any) -> None:
        counters[prefix] = counters.get(prefix, 0) + 1
        username = prefix if prefix == OPERATOR else f"{prefix}{counters[prefix]:03d}"
        rows.append(
            User(
                username=username,
                password=password,
                display_name=person_name(rng),
                role=role,
                organization=orgs[spec.name],
                email=f"{username}@example.com",
                **extra,
            )
        )

    add(Role.OPERATOR, specs[0], OPERATOR, is_staff=True, is_superuser=True)
    for spec in specs[1:]:
        add(Role.ORG_ADMIN, spec, "orgadmin")
        if spec.owns:
            add(Role.OWNER, spec, "owner")
        if spec.supplies:
            add(Role.SUPPLIER, spec, "supplier")
    academics = [s for s in specs if s.type in ("university", "research_institute")]
    for index in range(EXPERT_COUNT):
        add(Role.EXPERT, academics[index % len(academics)], "expert")
    User.objects.bulk_create(rows)
    by_org: dict[str, list[User]] = {}
    for user in User.objects.filter(username__in=[u.username for u in rows]).select_related("organization"):
        if user.organization is not None:
            by_org.setdefault(user.organization.name, []).append(user)
    return by_org


def _scenario_drafts(
    rng: random.Random, specs: list[OrgSpec], brands: dict[str, str], by_code: dict[str, Place], now: datetime.datetime
) -> list[Draft]:
    tag_names = dict(TechnologyTag.objects.values_list("code", "name_zh"))
    writer = ScenarioWriter(rng, tag_names, by_code)
    owners = [s for s in specs if s.owns]
    drafts: list[Draft] = []
    for round_number, limit in enumerate(SCENARIO_ROUNDS):
        for domain in all_domains():
            candidates = [o for o in owners if domain.code in o.domains]
            for topic in domain.topics[:limit]:
                owner = candidates[(len(drafts) + round_number) % len(candidates)]
                drafts.append(writer.write(len(drafts), domain, topic, owner, round_number, now))
    return drafts


def _offer_drafts(
    rng: random.Random, specs: list[OrgSpec], brands: dict[str, str], by_code: dict[str, Place], now: datetime.datetime
) -> list[Draft]:
    writer = OfferWriter(rng, brands, list(by_code.values()))
    suppliers = [s for s in specs if s.supplies]
    domains = all_domains()
    drafts = []
    for index in range(OFFER_COUNT):
        domain = domains[index % len(domains)]
        core = domain.offers[(index // len(domains)) % len(domain.offers)]
        candidates = [s for s in suppliers if domain.code in s.domains]
        drafts.append(writer.write(index, domain, core, rng.choice(candidates), now))
    return drafts


def _resource_drafts(
    rng: random.Random, specs: list[OrgSpec], brands: dict[str, str], by_code: dict[str, Place], now: datetime.datetime
) -> list[Draft]:
    providers: dict[str, list[OrgSpec]] = {}
    for spec in specs[1:]:
        providers.setdefault(spec.type, []).append(spec)
    return [write_resource(rng, index, providers, brands, by_code, now) for index in range(RESOURCE_COUNT)]


TERM_MODELS: dict[str, type[models.Model]] = {
    "domain": Domain,
    "level": Level,
    "kind": Kind,
    "tags": TechnologyTag,
    "opening_modes": OpeningMode,
    "domains": Domain,
}


def _create_records(
    model: type[ReviewedRecord],
    org_field: str,
    drafts: list[Draft],
    orgs: dict[str, Organization],
    users: dict[str, list[User]],
) -> int:
    terms = {name: dict(m._default_manager.values_list("code", "pk")) for name, m in TERM_MODELS.items()}
    rows = []
    for draft in drafts:
        assert draft.org is not None
        values = dict(draft.fields)
        for name in ("domain", "level", "kind"):
            if name in values and model._meta.get_field(name).is_relation:
                values[f"{name}_id"] = terms[name][values.pop(name)]
        rows.append(model(**values, **{org_field: orgs[draft.org.name]}, created_by=_author(users[draft.org.name])))
    model._default_manager.bulk_create(rows)
    for name in drafts[0].m2m:
        pairs = [
            (row.pk, _term_pk(terms, name, code)) for row, d in zip(rows, drafts, strict=True) for code in d.m2m[name]
        ]
        _link(model, name, pairs)
    _write_versions(model, [(row, _m2m_pks(terms, d)) for row, d in zip(rows, drafts, strict=True) if row.version])
    return len(rows)


def _m2m_pks(terms: dict[str, dict[str, int]], draft: Draft) -> dict[str, list[Any]]:
    return {name: sorted(_term_pk(terms, name, code) for code in set(codes)) for name, codes in draft.m2m.items()}


def _author(members: list[User]) -> User:
    return next((u for u in members if u.role in (Role.OWNER, Role.SUPPLIER)), members[0])


def _term_pk(terms: dict[str, dict[str, int]], name: str, code: str) -> Any:
    return code if name == "deployable_regions" else terms[name][code]


def _link(model: type[models.Model], name: str, pairs: Iterable[tuple[Any, Any]]) -> None:
    field = model._meta.get_field(name)
    through = field.remote_field.through  # type: ignore[union-attr]
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()  # type: ignore[union-attr]
    rows = [through(**{f"{source}_id": a, f"{target}_id": b}) for a, b in dict.fromkeys(pairs)]
    through.objects.bulk_create(rows)


def _write_versions(model: type[ReviewedRecord], rows: list[tuple[ReviewedRecord, dict[str, list[Any]]]]) -> None:
    """Version 1 of each published record, its many-to-many values taken from the drafts to spare a query each."""
    content_type = ContentType.objects.get_for_model(model)
    plain = [name for name in model.VERSIONED_FIELDS if not model._meta.get_field(name).many_to_many]
    RecordVersion.objects.bulk_create(
        RecordVersion(
            content_type=content_type,
            object_id=row.pk,
            number=1,
            snapshot={**snapshot(row, plain), **m2m},
            changed_fields=[],
            note="演示数据",
            created_by=row.created_by,
        )
        for row, m2m in rows
    )


INDEXED: tuple[tuple[str, Any, Callable[[Any], str | None], tuple[str, ...]], ...] = (
    ("scenario", Scenario, scenario_search_text, ("owner", "region", "domain", "level", "kind")),
    ("offer", Offer, offer_search_text, ("provider",)),
    ("resource", Resource, resource_search_text, ("provider", "region")),
)


def _index_public() -> int:
    count = 0
    for kind, model, text_of, related in INDEXED:
        records = model.objects.filter(status__in=PUBLIC_STATES).select_related(*related)
        for record in records.prefetch_related(*_prefetch(model)):
            text = text_of(record)
            if text is not None:
                search.index_object(kind, record.pk, text)
                count += 1
    for organization_id in Organization.objects.values_list("pk", flat=True):
        organization_reindex(organization_id)
    return count


def _prefetch(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.many_to_many if f.name in ("tags", "domains")]


def logins() -> list[Login]:
    """The first demo user of each role, to print for whoever runs the command."""
    result = []
    for prefix in (
        OPERATOR,
        "orgadmin001",
        "orgadmin002",
        "owner001",
        "owner002",
        "supplier001",
        "supplier002",
        "expert001",
    ):
        user = User.objects.filter(username=prefix).select_related("organization").first()
        if user is not None:
            organization = user.organization.name if user.organization else ""
            result.append(Login(user.username, user.get_role_display(), organization))
    return result
