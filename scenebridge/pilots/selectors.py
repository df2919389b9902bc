"""Every read of pilots, cases, the catalogue and replications, filtered by what the viewer may see."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from scenebridge.accounts.models import Role
from scenebridge.accounts.permissions import is_operator
from scenebridge.core.errors import NotFoundError
from scenebridge.pilots import permissions, rules
from scenebridge.pilots.models import (
    BatchStatus,
    Case,
    CaseStatus,
    CatalogueBatch,
    CatalogueEntry,
    Feedback,
    Kpi,
    Pilot,
    PilotIssue,
    PilotOffer,
    PilotStatus,
    Replication,
)
from scenebridge.reviews.models import PanelItem
from scenebridge.scenarios import permissions as scenario_permissions
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy.models import Region


def _pilots() -> QuerySet[Pilot]:
    return Pilot.objects.select_related("scenario", "owner", "evaluation").prefetch_related(
        Prefetch("pilot_offers", queryset=PilotOffer.objects.select_related("offer", "supplier"))
    )


def pilot_list_for_party(user: Any) -> QuerySet[Pilot]:
    """The pilots the user takes part in: their organization's as owner, or those using their offers as supplier;
    the operator sees all."""
    if is_operator(user):
        return _pilots()
    if not getattr(user, "is_authenticated", False) or not user.organization_id or not user.is_active:
        return Pilot.objects.none()
    condition = Q()
    if user.role in (Role.OWNER, Role.ORG_ADMIN):
        condition |= Q(owner_id=user.organization_id)
    if user.role in (Role.SUPPLIER, Role.ORG_ADMIN):
        condition |= Q(pk__in=PilotOffer.objects.filter(supplier_id=user.organization_id).values("pilot_id"))
    if not condition:
        return Pilot.objects.none()
    return _pilots().filter(condition)


def pilot_list_public() -> QuerySet[Pilot]:
    return _pilots().filter(status=PilotStatus.EVALUATED)


def pilot_get_for_user(user: Any, uuid: Any) -> Pilot:
    pilot = _pilots().filter(uuid=uuid).first()
    if pilot is None or not permissions.can_view(user, pilot):
        raise NotFoundError()
    return pilot


@dataclass
class KpiRow:
    kpi: Kpi
    measurements: list[Any]
    attainment: rules.KpiAttainment


@dataclass
class PilotDetail:
    """All of a pilot its parties and the operator see."""

    pilot: Pilot
    kpis: list[KpiRow]
    milestones: list[Any]
    feedback: list[Feedback]
    issues: list[PilotIssue]
    evaluation: Any
    case: Case | None
    reissues: list[Scenario] = field(default_factory=list)


def pilot_detail(user: Any, pilot: Pilot) -> PilotDetail:
    if not permissions.can_view_all(user, pilot):
        raise NotFoundError()
    kpis = Kpi.objects.filter(pilot=pilot).prefetch_related("measurements")
    rows = []
    for kpi in kpis:
        series = list(kpi.measurements.all())
        attainment = rules.kpi_attainment(
            name=kpi.name,
            unit=kpi.unit,
            target=kpi.target_value,
            direction=kpi.direction,
            measurements=[rules.Measurement(m.value, m.measured_on, m.pk) for m in series],
        )
        rows.append(KpiRow(kpi, series, attainment))
    return PilotDetail(
        pilot=pilot,
        kpis=rows,
        milestones=list(pilot.milestones.all()),
        feedback=list(pilot.feedback.select_related("organization", "author")),
        issues=list(pilot.issues.select_related("raised_by")),
        evaluation=getattr(pilot, "evaluation", None),
        case=Case.objects.filter(pilot=pilot).first(),
        reissues=list(pilot.scenario.reissues.filter(owner_id=pilot.owner_id)),
    )


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related(
        "pilot__scenario__region", "pilot__scenario__domain", "pilot__owner", "catalogue_entry__batch"
    ).prefetch_related(
        "providers",
        Prefetch("replications", queryset=Replication.objects.select_related("region", "adopting_organization")),
    )


def case_list_published() -> QuerySet[Case]:
    return _cases().filter(status=CaseStatus.PUBLISHED)


def case_get_for_user(user: Any, uuid: Any) -> Case:
    case = _cases().filter(uuid=uuid).first()
    if case is None or not permissions.can_view_case(user, case):
        raise NotFoundError()
    return case


def case_review_queue(user: Any) -> QuerySet[Case]:
    if not is_operator(user):
        return Case.objects.none()
    return _cases().filter(status=CaseStatus.NOMINATED).order_by("created_at")


def cases_ready_for_catalogue(user: Any) -> QuerySet[Case]:
    if not is_operator(user):
        return Case.objects.none()
    return _cases().filter(status=CaseStatus.APPROVED, catalogue_entry__isnull=True).order_by("reviewed_at")


@dataclass(frozen=True)
class ExpertVerdict:
    panel: Any
    result: Any  # reviews.PanelResult once the panel has closed, else None


def expert_verdicts(user: Any, cases: list[Case]) -> dict[int, list[ExpertVerdict]]:
    """For the operator: the expert panels (scenebridge.reviews) each case is in, with its result once closed."""
    if not is_operator(user) or not cases:
        return {}
    items = PanelItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id__in=[c.pk for c in cases]
    ).select_related("panel", "result")
    verdicts: dict[int, list[ExpertVerdict]] = {}
    for item in items:
        verdicts.setdefault(item.object_id, []).append(ExpertVerdict(item.panel, getattr(item, "result", None)))
    return verdicts


def case_evidence(case: Case) -> list[rules.KpiAttainment]:
    kpis = case.evidence_kpis.prefetch_related("measurements")
    return [
        rules.kpi_attainment(
            name=k.name,
            unit=k.unit,
            target=k.target_value,
            direction=k.direction,
            measurements=[rules.Measurement(m.value, m.measured_on, m.pk) for m in k.measurements.all()],
        )
        for k in kpis
    ]


@dataclass(frozen=True)
class ProvinceCount:
    region: Region
    count: int
    share: int  # percent of the largest count, for the bar

    @property
    def bar(self) -> str:
        """A bar of text, so it needs no style (the CSP forbids inline styles): up to 20 blocks."""
        return "█" * max(1, round(self.share / 5))


def spread(replications: list[Replication]) -> list[ProvinceCount]:
    """How far a result has spread: replications per province, most first."""
    counts = rules.spread_by_province(r.region_id for r in replications)
    provinces = Region.objects.in_bulk([code for code, _ in counts])
    top = counts[0][1] if counts else 1
    return [
        ProvinceCount(provinces[code], count, round(100 * count / top)) for code, count in counts if code in provinces
    ]


def case_spread(case: Case) -> list[ProvinceCount]:
    return spread(list(case.replications.all()))


def batch_list_for_user(user: Any) -> QuerySet[CatalogueBatch]:
    batches = CatalogueBatch.objects.prefetch_related(
        Prefetch("entries", queryset=CatalogueEntry.objects.select_related("case"))
    )
    if is_operator(user):
        return batches
    return batches.filter(status=BatchStatus.PUBLISHED)


def batch_get_for_user(user: Any, uuid: Any) -> CatalogueBatch:
    batch = batch_list_for_user(user).filter(uuid=uuid).first()
    if batch is None:
        raise NotFoundError()
    return batch


def batch_entries(batch: CatalogueBatch) -> list[CatalogueEntry]:
    return list(
        batch.entries.select_related(
            "case__pilot__scenario__region", "case__pilot__scenario__domain", "case__pilot__owner"
        )
        .prefetch_related("case__providers", "case__replications")
        .order_by("position")
    )


def catalogue_overview() -> list[tuple[CatalogueBatch, list[CatalogueEntry]]]:
    return [(batch, batch_entries(batch)) for batch in batch_list_for_user(None).filter(status=BatchStatus.PUBLISHED)]


def replications_by_province() -> list[ProvinceCount]:
    """Across the whole catalogue."""
    return spread(list(Replication.objects.filter(case__status=CaseStatus.PUBLISHED)))


@dataclass
class VersionStep:
    scenario: Scenario
    pilots: list[Pilot]


def scenario_history(user: Any, scenario_uuid: Any) -> list[VersionStep]:
    """The versions of a scenario (earlier ones and later re-issues after pilots), oldest first, each with the pilots
    the viewer may see; versions the viewer may not see (a draft re-issue) are left out."""
    scenario = Scenario.objects.filter(uuid=scenario_uuid).first()
    if scenario is None or not scenario_permissions.can_view(user, scenario):
        raise NotFoundError()
    chain = [scenario]
    while chain[0].previous_version_id and len(chain) < 20:
        previous = Scenario.objects.filter(pk=chain[0].previous_version_id).first()
        if previous is None:
            break
        chain.insert(0, previous)
    while len(chain) < 20:
        later = Scenario.objects.filter(previous_version=chain[-1]).order_by("created_at").first()
        if later is None:
            break
        chain.append(later)
    steps = []
    for version in chain:
        if not scenario_permissions.can_view(user, version):
            continue
        pilots = [p for p in _pilots().filter(scenario=version) if permissions.can_view(user, p)]
        steps.append(VersionStep(version, pilots))
    return steps
