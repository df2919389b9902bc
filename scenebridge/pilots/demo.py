"""Demo pilots in every state with KPI series, feedback and issues; typical cases, one published catalogue batch,
replications in other provinces and a scenario re-issued with its pilot's lessons. Written through the services, so
the audit trail, decision log and notifications are those of real use."""

import datetime
import decimal
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from scenebridge.accounts.models import Organization, Role, User
from scenebridge.catalog.models import Offer
from scenebridge.core.workflow import PUBLIC_STATES
from scenebridge.pilots import catalogue_services, services
from scenebridge.pilots.models import Pilot
from scenebridge.scenarios.models import Scenario

D = decimal.Decimal
# (indicator, unit, target, direction, starting value)
KPI_TEMPLATES = (
    ("识别准确率", "%", D("95"), "higher", D("86")),
    ("平均响应时间", "秒", D("3"), "lower", D("8.5")),
    ("人工工时减少", "%", D("30"), "higher", D("8")),
    ("故障漏报率", "%", D("2"), "lower", D("6.5")),
    ("系统可用率", "%", D("99.5"), "higher", D("97.2")),
    ("单位能耗下降", "%", D("10"), "higher", D("2")),
)
# (state, whether its KPIs reach the targets)
PLAN = (
    ("evaluated", True),
    ("evaluated", True),
    ("evaluated", True),
    ("evaluated", True),
    ("evaluated", True),
    ("evaluated", True),
    ("evaluated", False),
    ("completed", True),
    ("running", True),
    ("running", False),
    ("planned", True),
    ("planned", True),
)
FEEDBACK_TEXT = {
    "owner": ("供给方响应及时，现场部署规范。", "试点效果明显，建议扩大应用范围。", "夜间场景稳定性仍需提升。"),
    "supplier": ("场景方提供的数据与现场条件充分，协调顺畅。", "接口对接周期略长，建议提前开放测试环境。"),
}
ISSUES = (
    ("雨雾天气下识别率下降", "增加多光谱传感器并更新模型，复测达标。"),
    ("与既有业务系统接口不兼容", "双方约定采用标准接口，已完成联调。"),
    ("现场网络时延波动", "运营商加装5G专网基站，时延稳定在20毫秒以内。"),
)


@dataclass
class Pair:
    scenario: Scenario
    owner: User
    offer: Offer
    supplier: User


def _member(organization_id: int, role: str) -> User | None:
    return User.objects.filter(organization_id=organization_id, role=role, is_active=True).order_by("username").first()


def _pairs(rng: random.Random, count: int) -> list[Pair]:
    """Published scenarios of distinct owners, each with a published offer in its domain from another supplier."""
    pairs: list[Pair] = []
    used_owners: set[int] = set()
    scenarios = list(Scenario.objects.filter(status="published").select_related("domain").order_by("pk")[:400])
    rng.shuffle(scenarios)
    for scenario in scenarios:
        if scenario.owner_id in used_owners:
            continue
        owner = _member(scenario.owner_id, Role.OWNER)
        offers = list(
            Offer.objects.filter(status__in=PUBLIC_STATES, domains=scenario.domain)
            .exclude(provider_id=scenario.owner_id)
            .order_by("pk")[:20]
        )
        rng.shuffle(offers)
        match = next(((o, s) for o in offers if (s := _member(o.provider_id, Role.SUPPLIER))), None)
        if owner is None or match is None:
            continue
        used_owners.add(scenario.owner_id)
        pairs.append(Pair(scenario, owner, match[0], match[1]))
        if len(pairs) == count:
            break
    return pairs


def _series(start: D, target: D, direction: str, attained: bool, points: int) -> list[D]:
    """A believable series moving from the starting value towards (and, when attained, past) the target."""
    end = target + (target - start) * D("0.05") if attained else start + (target - start) * D("0.7")
    if direction == "lower" and attained:
        end = min(end, target)
    if direction == "higher" and attained:
        end = max(end, target)
    step = (end - start) / max(points - 1, 1)
    return [(start + step * i).quantize(D("0.01")) for i in range(points)]


def _setup(rng: random.Random, pair: Pair, index: int, today: datetime.date) -> tuple[Pilot, list[Any]]:
    start = today - datetime.timedelta(days=150 + 10 * index)
    pilot = services.pilot_create(
        actor=pair.owner,
        scenario_id=pair.scenario.pk,
        title=f"{pair.scenario.title}试点验证",
        plan=f"在{pair.scenario.region.name_zh}选取真实场景，部署“{pair.offer.name}”，分三个阶段开展验证：部署联调、试运行、效果评估。",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=120),
    )
    services.pilot_offer_add(
        actor=pair.owner,
        pilot_id=pilot.pk,
        offer_id=pair.offer.pk,
        source="agreement",
        source_reference=f"合作协议 {today.year}-{index + 1:03d}",
    )
    kpis = []
    for name, unit, target, direction, _ in rng.sample(KPI_TEMPLATES, 2):
        kpis.append(
            services.kpi_add(
                actor=pair.owner, pilot_id=pilot.pk, name=name, unit=unit, target_value=target, direction=direction
            )
        )
    for number, title in enumerate(("设备进场与部署", "系统联调", "试运行"), start=1):
        services.milestone_add(
            actor=pair.owner, pilot_id=pilot.pk, title=title, due_on=start + datetime.timedelta(days=30 * number)
        )
    return pilot, kpis


def _run(rng: random.Random, pair: Pair, pilot: Pilot, kpis: list[Any], attained: bool, today: datetime.date) -> None:
    services.pilot_transition(actor=pair.owner, pilot_id=pilot.pk, action="start")
    templates = {t[0]: t for t in KPI_TEMPLATES}
    for kpi in kpis:
        start = templates[kpi.name][4]
        for step, value in enumerate(_series(start, kpi.target_value, kpi.direction, attained, 4)):
            who = pair.supplier if step % 2 else pair.owner
            measured_on = today - datetime.timedelta(days=90 - 28 * step)
            services.kpi_measurement_record(
                actor=who, kpi_id=kpi.pk, value=value, measured_on=measured_on, note=f"第{step + 1}次测评"
            )
    for milestone in pilot.milestones.all()[:2]:
        services.milestone_complete(actor=pair.supplier, milestone_id=milestone.pk, evidence="阶段验收记录已归档")
    for actor, side in ((pair.owner, "owner"), (pair.supplier, "supplier")):
        good = 4 if attained else 3
        services.feedback_submit(
            actor=actor,
            pilot_id=pilot.pk,
            round=1,
            effectiveness=min(5, good + rng.randint(0, 1)),
            reliability=good,
            cooperation=min(5, good + 1),
            cost=rng.randint(3, 4),
            text=rng.choice(FEEDBACK_TEXT[side]),
        )
    title, resolution = rng.choice(ISSUES)
    issue = services.issue_raise(actor=pair.supplier, pilot_id=pilot.pk, title=title)
    if attained:
        services.issue_resolve(actor=pair.owner, issue_id=issue.pk, resolution=resolution)


def _evaluate(pair: Pair, pilot: Pilot, attained: bool) -> None:
    services.pilot_transition(actor=pair.owner, pilot_id=pilot.pk, action="complete")
    text = (
        "各项指标均达到或优于目标值，方案稳定可靠，具备推广条件。"
        if attained
        else "部分指标未达目标，需优化后再次验证。"
    )
    summary = f"{pair.scenario.owner.name}联合{pair.offer.provider.name}完成“{pair.scenario.title}”场景验证。{text}"
    services.pilot_evaluate(
        actor=pair.owner,
        pilot_id=pilot.pk,
        verdict="succeeded" if attained else "partial",
        text=text,
        public_summary=summary,
    )


def _nominate(pair: Pair, pilot: Pilot) -> Any:
    return catalogue_services.case_nominate(
        actor=pair.owner,
        pilot_id=pilot.pk,
        title=f"{pair.scenario.title}典型案例",
        summary=f"{pair.offer.name}在{pair.scenario.region.name_zh}{pair.scenario.title}场景中的规模化验证。",
        problem_solved=pair.scenario.summary,
        results="验证期内关键指标全部达标，形成可复制、可推广的解决方案和标准化部署流程。",
    )


def _replicate(rng: random.Random, cases: list[Any], operator: User, today: datetime.date) -> int:
    """Adoptions by owners in other provinces, each recorded by the adopting owner."""
    owners = list(User.objects.filter(role=Role.OWNER, is_active=True).select_related("organization__region"))
    rng.shuffle(owners)
    count = 0
    for index, case in enumerate(cases):
        home = case.pilot.scenario.region_id[:2]
        adopters = [u for u in owners if u.organization and u.organization.region_id[:2] != home]
        provinces_seen: set[str] = set()
        for adopter in adopters:
            region = adopter.organization.region_id  # type: ignore[union-attr]
            if region[:2] in provinces_seen or adopter.organization_id == case.pilot.owner_id:
                continue
            provinces_seen.add(region[:2])
            catalogue_services.replication_record(
                actor=adopter,
                case_id=case.pk,
                adopting_organization_id=None,
                region_code=region,
                adopted_on=today - datetime.timedelta(days=rng.randint(5, 40)),
                scale_note=rng.choice(("1个试点区域", "全市推广", "3个园区", "2条产线")),
            )
            count += 1
            if len(provinces_seen) >= 4 - index % 3:
                break
    return count


def load(rng: random.Random) -> dict[str, int]:
    today = timezone.localdate()
    operator = User.objects.filter(role=Role.OPERATOR, is_active=True).order_by("pk").first()
    if operator is None or Organization.objects.count() < 4:
        return {"pilots": 0}
    pairs = _pairs(rng, len(PLAN))
    cases = []
    for index, (pair, (state, attained)) in enumerate(zip(pairs, PLAN, strict=False)):
        pilot, kpis = _setup(rng, pair, index, today)
        if state != "planned":
            _run(rng, pair, pilot, kpis, attained, today)
        if state == "completed":
            services.pilot_transition(actor=pair.owner, pilot_id=pilot.pk, action="complete")
        if state == "evaluated":
            _evaluate(pair, pilot, attained)
            if attained:
                cases.append(_nominate(pair, pilot))
            else:
                services.scenario_reissue_from_pilot(
                    actor=pair.owner,
                    pilot_id=pilot.pk,
                    lessons="夜间与雨雾条件下识别率不足，新版本补充多光谱感知要求，并将试点周期延长至六个月。",
                )
    published = cases[:5]
    for case in published:
        catalogue_services.case_review(actor=operator, case_id=case.pk, action="approve")
    batch = catalogue_services.batch_create(
        actor=operator,
        title=f"{today.year}年第一批成果推荐目录",
        year=today.year,
        number=1,
        preface="经场景验证、专家评审，现将达到预期目标、具备推广价值的场景应用成果予以发布，供各地各部门参考借鉴。",
    )
    for case in published:
        catalogue_services.batch_entry_add(actor=operator, batch_id=batch.pk, case_id=case.pk)
    if published:
        catalogue_services.batch_publish(actor=operator, batch_id=batch.pk)
    replications = _replicate(rng, list(published), operator, today)
    return {"pilots": len(pairs), "cases": len(cases), "catalogue batches": 1, "replications": replications}
