"""Demo 揭榜挂帅 challenges from the published demo scenarios, one in each part of the lifecycle, written through
the services so that audit trail, decision log and notifications are real. The demo moves each challenge's deadline
into the past where its stage needs it (the services refuse a past deadline, as they should)."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from scenebridge.accounts.models import Role, User
from scenebridge.challenges import delivery, services
from scenebridge.challenges.models import Challenge
from scenebridge.reviews import services as reviews
from scenebridge.reviews.models import PanelItem
from scenebridge.scenarios.models import Scenario

STAGES = ("open", "closed", "under_review", "in_delivery", "accepted", "open_new")

GOALS = (
    "面向{title}，在真实业务环境中完成技术方案的部署与连续运行验证，形成可复制推广的解决方案。",
    "围绕{title}的关键痛点，突破核心技术瓶颈，完成不少于三个月的现场试运行并通过第三方测评。",
)
INDICATORS = (
    [("识别准确率", "≥95", "%"), ("平均响应时间", "≤2", "秒"), ("连续稳定运行", "≥90", "天")],
    [("作业效率提升", "≥30", "%"), ("系统可用性", "≥99.5", "%"), ("国产化率", "≥80", "%")],
    [("定位精度", "≤5", "厘米"), ("单次任务成功率", "≥98", "%"), ("运维成本下降", "≥20", "%")],
)
PLAN = (
    "第一阶段：需求调研与方案设计（2个月）；第二阶段：样机研制与封闭测试（4个月）；"
    "第三阶段：现场试运行与验收（3个月）。"
)
APPROACHES = (
    "多模态大模型与知识图谱融合",
    "边缘计算与5G专网协同",
    "北斗高精定位与多传感器融合",
    "数字孪生与智能调度算法",
)


def load(rng: random.Random) -> dict[str, int]:
    operator = User.objects.get(username="operator")
    owners = _owners_with_scenarios()
    suppliers = list(
        User.objects.filter(role=Role.SUPPLIER, is_active=True).select_related("organization").order_by("username")
    )
    experts = list(User.objects.filter(role=Role.EXPERT, is_active=True).order_by("username"))
    counts = {"challenges": 0, "applications": 0, "milestones": 0}
    for stage, owner in zip(STAGES, owners, strict=False):
        scenario = rng.choice(list(Scenario.objects.filter(owner_id=owner.organization_id, status="published")))
        challenge = _challenge(rng, owner, scenario)
        counts["challenges"] += 1
        if stage == "open_new":
            continue
        applicants = _pick_suppliers(rng, suppliers, owner, 3 if stage != "closed" else 2)
        applications = [_apply(rng, user, challenge) for user in applicants]
        counts["applications"] += len(applications)
        if stage == "open":
            continue
        _pass_deadline(challenge)
        if stage == "closed":
            continue
        _review(rng, operator, challenge, experts, applications, close=stage != "under_review")
        if stage == "under_review":
            continue
        counts["milestones"] += _deliver(rng, owner, operator, challenge, applications, applicants, stage == "accepted")
    return counts


def _owners_with_scenarios() -> list[Any]:
    published = Scenario.objects.filter(owner_id=OuterRef("organization_id"), status="published")
    return list(
        User.objects.filter(role=Role.OWNER, is_active=True, organization__isnull=False)
        .filter(Exists(published))
        .order_by("username")[: len(STAGES)]
    )


def _challenge(rng: random.Random, owner: Any, scenario: Scenario) -> Challenge:
    now = timezone.now()
    reward = Decimal(rng.choice((80, 150, 200, 300, 500)))
    data = {
        "title": f"{scenario.title[:100]}揭榜挂帅项目",
        "goals": rng.choice(GOALS).format(title=scenario.title),
        "indicators": [{"name": n, "target": t, "unit": u} for n, t, u in rng.choice(INDICATORS)],
        "reward_wan": reward,
        "reward_text": f"揭榜成功后给予不超过{reward}万元研发资金支持，并开放试点场地、数据与算力资源。",
        "eligibility": "在中国境内依法注册的企业、高校、科研院所及新型研发机构均可揭榜，鼓励产学研联合体揭榜。",
        "eligible_types": [],
        "opens_at": now - datetime.timedelta(days=rng.randint(10, 40)),
        "deadline": now + datetime.timedelta(days=rng.randint(20, 60)),
    }
    challenge = services.challenge_create(actor=owner, scenario=scenario, data=data)
    return services.challenge_publish(actor=owner, challenge_id=challenge.pk)


def _pick_suppliers(rng: random.Random, suppliers: list[Any], owner: Any, count: int) -> list[Any]:
    by_org = {u.organization_id: u for u in suppliers if u.organization_id != owner.organization_id}
    return rng.sample(list(by_org.values()), min(count, len(by_org)))


def _apply(rng: random.Random, user: Any, challenge: Challenge) -> Any:
    approach = rng.choice(APPROACHES)
    data = {
        "title": f"基于{approach}的{challenge.scenario.title[:60]}解决方案",
        "proposal": f"{user.organization.name}拟采用{approach}技术路线，针对场景需求开展方案设计、样机研制与现场验证。",
        "team": f"项目团队{rng.randint(12, 40)}人，其中高级职称{rng.randint(3, 10)}人，具有同类项目实施经验。",
        "budget_wan": Decimal(rng.randint(50, 400)),
        "plan": PLAN,
    }
    application, _ = services.application_submit(actor=user, challenge_id=challenge.pk, data=data)
    return application


def _pass_deadline(challenge: Challenge) -> None:
    past = timezone.now() - datetime.timedelta(days=1)
    Challenge.objects.filter(pk=challenge.pk).update(deadline=past)
    services.challenge_close(challenge_id=challenge.pk, now=timezone.now())


def _review(
    rng: random.Random, operator: Any, challenge: Challenge, experts: list[Any], applications: list[Any], close: bool
) -> None:
    panel_experts = [e for e in experts if e.organization_id not in {a.organization_id for a in applications}][:3]
    services.challenge_review_start(actor=operator, challenge_id=challenge.pk, expert_ids=[e.pk for e in panel_experts])
    challenge.refresh_from_db()
    for item in PanelItem.objects.filter(panel_id=challenge.panel_id or 0):
        for expert in panel_experts:
            values = {c["code"]: rng.randint(5, 10) for c in services.DEFAULT_RUBRIC}
            reviews.score_submit(
                actor=expert, item_id=item.pk, values=values, comment="方案整体可行，建议加强现场验证。"
            )
    if close:
        services.challenge_review_close(actor=operator, challenge_id=challenge.pk)


def _deliver(
    rng: random.Random,
    owner: Any,
    operator: Any,
    challenge: Challenge,
    applications: list[Any],
    applicants: list[Any],
    accept: bool,
) -> int:
    ranked = sorted(applications, key=lambda a: type(a).objects.get(pk=a.pk).review_rank or 99)
    winner = ranked[0]
    delivery.award_propose(
        actor=owner,
        challenge_id=challenge.pk,
        application_id=winner.pk,
        reasons="专家评审综合得分第一，技术路线成熟，实施计划可行，预算合理。",
    )
    delivery.award_approve(actor=operator, challenge_id=challenge.pk, note="评审程序合规，同意揭榜结果。")
    today = timezone.localdate()
    milestones = [
        delivery.milestone_add(
            actor=owner,
            challenge_id=challenge.pk,
            title=title,
            deliverables=deliverables,
            due_on=today + datetime.timedelta(days=days),
        )
        for title, deliverables, days in (
            ("方案设计与样机研制", "详细设计方案、样机及封闭测试报告", 60),
            ("现场试运行", "试运行报告、指标测试报告", 150),
        )
    ]
    winner_user = next(u for u in applicants if u.organization_id == winner.organization_id)
    done = milestones if accept else milestones[:1]
    for milestone in done:
        delivery.milestone_submit(
            actor=winner_user, milestone_id=milestone.pk, submission="已按计划完成，相关报告已提交。"
        )
        delivery.milestone_review(actor=owner, milestone_id=milestone.pk, accept=True, note="符合要求。")
    if accept:
        delivery.challenge_accept(actor=owner, challenge_id=challenge.pk, note="各项指标均达到揭榜要求，同意通过验收。")
    return len(milestones)
