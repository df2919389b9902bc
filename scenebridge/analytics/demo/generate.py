"""Demo scenarios, offers and resources as plain field values, composed from the vocabularies with a seeded random.

Nothing here touches the database: the loader turns these drafts into rows.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scenebridge.analytics.demo import vocab
from scenebridge.analytics.demo.organizations import OrgSpec
from scenebridge.analytics.demo.people import ALL_DOMAINS, DOMAIN_NAMES, Place, person_name
from scenebridge.analytics.demo.resources import TEMPLATES, TYPE_PROVIDERS

LEVELS = ("major", "integrated", "small")
FUNDING_RANGES = {"major": (500, 3000), "integrated": (100, 800), "small": (20, 200)}
MODES_BY_LEVEL = {
    "major": ("jiebang", "joint_innovation", "demonstration", "recommendation"),
    "integrated": ("joint_innovation", "procurement", "demonstration", "pilot", "matchmaking"),
    "small": ("test_verify", "procurement", "pilot", "competition", "jiebang"),
}
# One in twenty records stays out of the public lists, so that workbenches and the review queue have content.
STATUS_CYCLE = ("published",) * 15 + ("draft", "submitted", "returned", "submitted", "other")
OTHER_STATUSES = ("withdrawn", "closed", "rejected", "closed")
REVIEW_NOTES = {
    "returned": "请补充关键指标的测试方法和验收标准，并说明试点场地的具体条件。",
    "rejected": "经审核，该需求与已发布场景高度重复，建议加入已有场景开展跨区域合作。",
}
CONFIDENTIAL_CHOICES = {
    "scenario": (["funding"], ["contact"], ["funding", "contact"], ["technical_requirements"], ["expected_outcomes"]),
    "offer": (["commercial_terms"], ["prior_cases"], ["contact"], ["commercial_terms", "contact"]),
    "resource": (["terms"], ["contact"], ["access_conditions"]),
}


@dataclass
class Draft:
    """The values of one record to create, its many-to-many codes and who owns it."""

    fields: dict[str, Any]
    m2m: dict[str, list[str]] = field(default_factory=dict)
    org: OrgSpec | None = None


def status_fields(rng: random.Random, index: int, now: datetime.datetime) -> dict[str, Any]:
    status = STATUS_CYCLE[index % len(STATUS_CYCLE)]
    if status == "other":
        status = OTHER_STATUSES[(index // len(STATUS_CYCLE)) % len(OTHER_STATUSES)]
    published_at = now - datetime.timedelta(days=rng.randint(3, 300), minutes=rng.randint(0, 1440))
    values: dict[str, Any] = {"status": status, "review_note": REVIEW_NOTES.get(status, "")}
    if status != "draft":
        values["submitted_at"] = published_at - datetime.timedelta(days=rng.randint(1, 10))
    if status in ("published", "closed", "withdrawn"):
        values.update(published_at=published_at, version=1)
    return values


def contact_fields(rng: random.Random, serial: int) -> dict[str, str]:
    return {
        "contact_name": person_name(rng),
        "contact_phone": f"0{rng.randint(10, 99)}-{rng.randint(6000_0000, 8999_9999)}",
        "contact_email": f"contact{serial:04d}@example.com",
    }


def _techs(tags: tuple[str, ...], tag_names: dict[str, str]) -> str:
    return "、".join(tag_names[code].rstrip("+") for code in tags[:3])


def _funding(rng: random.Random, level: str) -> tuple[Decimal, Decimal]:
    low, high = FUNDING_RANGES[level]
    minimum = rng.randrange(low, high, 10)
    maximum = min(high * 2, round(minimum * rng.uniform(1.3, 3.0) / 10) * 10)
    return Decimal(minimum), Decimal(maximum)


def _requirements(rng: random.Random, domain: vocab.DomainVocabulary, topic: vocab.Topic) -> str:
    lines = [
        f"1. 性能指标：{'；'.join(topic.kpis[:2])}。",
        f"2. 运行环境：{domain.environment}",
        f"3. 接口要求：{rng.choice(vocab.INTERFACE_REQUIREMENTS)}",
        f"4. 安全要求：{rng.choice(vocab.SECURITY_REQUIREMENTS)}",
        f"5. 部署要求：{rng.choice(vocab.DEPLOYMENT_REQUIREMENTS)}",
    ]
    return "\n".join(lines)


class ScenarioWriter:
    def __init__(self, rng: random.Random, tag_names: dict[str, str], places: dict[str, Place]) -> None:
        self.rng = rng
        self.tag_names = tag_names
        self.places = places

    def title(self, topic: vocab.Topic, round_number: int, owner: OrgSpec) -> str:
        if round_number == 0:
            return topic.title
        if round_number == 1:
            return self.places[owner.region_code].short + topic.title
        return f"{topic.title}（第二期）"

    def write(
        self,
        index: int,
        domain: vocab.DomainVocabulary,
        topic: vocab.Topic,
        owner: OrgSpec,
        round_number: int,
        now: datetime.datetime,
    ) -> Draft:
        rng = self.rng
        level = LEVELS[index % 3]
        provides = {key: rng.random() < chance for key, chance in (("site", 0.8), ("data", 0.55), ("compute", 0.2))}
        funded = rng.random() < 0.7
        values: dict[str, Any] = {
            "title": self.title(topic, round_number, owner)[:120],
            "summary": self.summary(domain, topic, owner),
            "description": self.description(topic, level, provides, funded),
            "technical_requirements": _requirements(rng, domain, topic),
            "expected_outcomes": rng.choice(vocab.OUTCOME_TEMPLATES).format(
                n=rng.randint(2, 12),
                site=rng.choice(domain.sites),
                months=rng.choice((3, 6, 12)),
                tail=rng.choice(vocab.OUTCOME_TAILS),
            ),
            "kpis": "\n".join([*topic.kpis, rng.choice(vocab.GENERIC_KPIS)]),
            "region_id": owner.region_code,
            "domain": domain.code,
            "level": level,
            "kind": topic.kind,
            "provides_site": provides["site"],
            "provides_data": provides["data"],
            "provides_compute": provides["compute"],
            "provides_funding": funded,
            "other_support": rng.choice(vocab.OTHER_SUPPORT),
            "deadline": datetime.date(2027, rng.randint(1, 12), rng.randint(1, 28)),
            **contact_fields(rng, index),
            **status_fields(rng, index, now),
        }
        if funded:
            values["funding_min_wan"], values["funding_max_wan"] = _funding(rng, level)
        values["opens_on"] = (values.get("published_at") or now).date()
        values["confidential_parts"] = self.confidential(funded)
        return Draft(values, {"tags": list(topic.tags), "opening_modes": self.modes(level, provides)}, owner)

    def summary(self, domain: vocab.DomainVocabulary, topic: vocab.Topic, owner: OrgSpec) -> str:
        text = self.rng.choice(vocab.SUMMARY_TEMPLATES).format(
            goal=topic.goal,
            offer_word=self.rng.choice(vocab.OFFER_WORDS),
            kpi=topic.kpis[0],
            site=self.rng.choice(domain.sites),
            owner_short=owner.name,
        )
        return text[:300]

    def description(self, topic: vocab.Topic, level: str, provides: dict[str, bool], funded: bool) -> str:
        rng = self.rng
        offered = [text for key, text in vocab.PROVIDE_ITEMS.items() if provides[key]]
        parts = [
            topic.problem,
            rng.choice(vocab.GOAL_OPENERS).format(techs=_techs(topic.tags, self.tag_names), goal=topic.goal),
            rng.choice(vocab.LEVEL_SCOPE[level]),
        ]
        if offered or funded:
            support = "、".join(offered) if offered else "试点配套条件"
            parts.append(f"我方可提供{support}" + ("，并安排专项资金支持试点。" if funded else "。"))
        return "".join(parts)

    def confidential(self, funded: bool) -> list[str]:
        if self.rng.random() >= 0.2:
            return []
        parts = list(self.rng.choice(CONFIDENTIAL_CHOICES["scenario"]))
        return [p for p in parts if p != "funding" or funded] or ["contact"]

    def modes(self, level: str, provides: dict[str, bool]) -> list[str]:
        modes = self.rng.sample(MODES_BY_LEVEL[level], k=self.rng.randint(1, 2))
        if provides["data"] and self.rng.random() < 0.5:
            modes.append("data_opening")
        if provides["compute"]:
            modes.append("compute_opening")
        return modes


ACADEMIC = frozenset({"university", "research_institute", "new_rd_institution"})
TRL_WEIGHTS = {"industry": (1, 2, 4, 8, 14, 30, 41), "academic": (12, 18, 24, 22, 14, 6, 4)}


class OfferWriter:
    def __init__(self, rng: random.Random, brands: dict[str, str], case_places: list[Place]) -> None:
        self.rng = rng
        self.brands = brands
        self.case_places = case_places

    def write(
        self,
        index: int,
        domain: vocab.DomainVocabulary,
        core: vocab.OfferCore,
        provider: OrgSpec,
        now: datetime.datetime,
    ) -> Draft:
        rng = self.rng
        academic = provider.type in ACADEMIC
        kind = "technology" if academic and rng.random() < 0.7 else rng.choice(("product", "product", "solution"))
        trl = rng.choices(range(3, 10), weights=TRL_WEIGHTS["academic" if academic else "industry"])[0]
        maturity = "high" if trl >= 8 else "middle" if trl >= 6 else "low"
        capabilities = rng.sample(core.capabilities, k=rng.randint(3, len(core.capabilities)))
        capabilities += rng.sample(vocab.GENERIC_CAPABILITIES, k=rng.randint(1, 2))
        certifications = rng.sample((*vocab.GENERIC_CERTIFICATIONS, *domain.certifications), k=rng.randint(0, 3))
        values: dict[str, Any] = {
            "name": self.name(core, kind, provider)[:120],
            "kind": kind,
            "summary": core.what.split("，")[0] + "。" if rng.random() < 0.4 else core.what[:300],
            "description": "".join(
                (
                    core.what,
                    rng.choice(vocab.OFFER_DEPLOYMENT).format(domain=_short_domain(domain.code)),
                    rng.choice(vocab.OFFER_MATURITY[maturity]),
                    f"主要用户包括{'、'.join(c.removeprefix('某') for c in rng.sample(domain.clients, 2))}等。",
                )
            ),
            "capabilities": "\n".join(capabilities),
            "trl": trl,
            "certifications": "\n".join(certifications),
            "prior_cases": self.cases(domain, trl),
            "commercial_terms": rng.choice(vocab.COMMERCIAL_TERMS),
            "confidential_parts": list(rng.choice(CONFIDENTIAL_CHOICES["offer"])) if rng.random() < 0.15 else [],
            **contact_fields(rng, 5000 + index),
            **status_fields(rng, index + 7, now),
        }
        related = [code for code in domain.related if rng.random() < 0.35][:2]
        extra_tags = [t for t in rng.choice(domain.topics).tags if t not in core.tags][:1]
        regions = [] if rng.random() < 0.85 else [provider.region_code[:2] + "0000"]
        m2m = {"domains": [domain.code, *related], "tags": [*core.tags, *extra_tags], "deployable_regions": regions}
        return Draft(values, m2m, provider)

    def name(self, core: vocab.OfferCore, kind: str, provider: OrgSpec) -> str:
        if kind == "technology":
            return f"{core.stem}技术"
        if kind == "solution":
            return f"{core.stem}解决方案"
        return self.brands.get(provider.name, "") + core.stem + core.noun

    def cases(self, domain: vocab.DomainVocabulary, trl: int) -> str:
        if trl < 6:
            return ""
        lines = []
        for _ in range(self.rng.randint(1, 3)):
            place = self.rng.choice(self.case_places)
            result = self.rng.choice(vocab.CASE_RESULTS).format(n=self.rng.randint(3, 40), p=self.rng.randint(8, 35))
            lines.append(f"{self.rng.randint(2022, 2026)}年，{place.full}{self.rng.choice(domain.clients)}：{result}")
        return "\n".join(lines)


def _short_domain(code: str) -> str:
    return DOMAIN_NAMES[code]


def write_resource(
    rng: random.Random,
    index: int,
    providers: dict[str, list[OrgSpec]],
    brands: dict[str, str],
    places: dict[str, Place],
    now: datetime.datetime,
) -> Draft:
    template = TEMPLATES[index % len(TEMPLATES)]
    types = TYPE_PROVIDERS[template.type]
    if template.type == "fund":  # a public fund is a government's, a branded one an investor's
        types = ("investor",) if "{brand}" in template.name else ("government_agency",)
    candidates = [org for org_type in types for org in providers.get(org_type, [])]
    provider = candidates[(index // len(TEMPLATES) + rng.randrange(len(candidates))) % len(candidates)]
    place = places[provider.region_code]
    name = template.name.format(city=place.short, brand=brands.get(provider.name, place.short))
    values: dict[str, Any] = {
        "name": name[:120],
        "type": template.type,
        "summary": template.description.split("，")[0] + "。",
        "description": template.description,
        "capacity": template.capacity,
        "region_id": provider.region_code,
        "terms": template.terms,
        "access_conditions": template.access,
        "privacy_preserving": template.privacy_preserving,
        "confidential_parts": list(rng.choice(CONFIDENTIAL_CHOICES["resource"])) if rng.random() < 0.15 else [],
        **contact_fields(rng, 9000 + index),
        **status_fields(rng, index + 3, now),
    }
    return Draft(values, {"domains": list(template.domains), "tags": list(template.tags)}, provider)


def all_domains() -> list[vocab.DomainVocabulary]:
    return list(ALL_DOMAINS.values())
