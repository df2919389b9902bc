"""Demo data for calls, selection and lists: a decided call with a closed, scored panel and a published list with a
corrected version 2, and an open call with submissions. Built through the services, on the platform's demo data."""

import datetime
import random

from django.utils import timezone

from scenebridge.accounts.models import Role, User
from scenebridge.calls import list_services, services
from scenebridge.calls.models import Call, Decision
from scenebridge.core.workflow import ReviewStatus
from scenebridge.reviews import services as reviews
from scenebridge.reviews.models import PanelItem
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy.models import Domain

RUBRIC = [
    {"code": "innovation", "name": "创新性与技术先进性", "weight": 30, "max_score": 10},
    {"code": "demonstration", "name": "示范带动与推广价值", "weight": 30, "max_score": 10},
    {"code": "feasibility", "name": "实施条件与可行性", "weight": 25, "max_score": 10},
    {"code": "openness", "name": "开放程度与支撑要素", "weight": 15, "max_score": 10},
]


def _submitters(rng: random.Random, count: int, exclude: set[int]) -> list[tuple[User, Scenario]]:
    """Published scenarios of distinct owners, each with a member who may submit it."""
    people = {
        u.organization_id: u
        for u in User.objects.filter(role__in=[Role.OWNER, Role.ORG_ADMIN], is_active=True).order_by("-role", "pk")
    }
    scenarios = list(
        Scenario.objects.filter(status=ReviewStatus.PUBLISHED, owner_id__in=list(people))
        .exclude(pk__in=exclude)
        .order_by("pk")
    )
    rng.shuffle(scenarios)
    chosen: dict[int, Scenario] = {}
    for scenario in scenarios:
        chosen.setdefault(scenario.owner_id, scenario)
        if len(chosen) == count:
            break
    return [(people[owner_id], scenario) for owner_id, scenario in chosen.items()]


def _call(operator: User, title: str, theme: str, opens: datetime.date, closes: datetime.date) -> Call:
    call = services.call_create(
        actor=operator,
        data={
            "title": title,
            "theme": theme,
            "description": f"为贯彻落实国办发〔2025〕37号文件精神，现面向社会征集{theme}应用场景。"
            "请各场景方围绕真实业务需求，提出可开放、可验证、可推广的应用场景。",
            "opens_on": opens,
            "closes_on": closes,
            "eligible_organization_types": [],
            "rubric": RUBRIC,
            "domains": list(Domain.objects.order_by("code")[:3]),
        },
    )
    return services.call_transition(actor=operator, call_id=call.pk, action="open")


def _score_panel(rng: random.Random, operator: User, call: Call, experts: list[User]) -> int:
    panel = services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[e.pk for e in experts])
    scores = 0
    items = list(PanelItem.objects.filter(panel=panel).order_by("pk"))
    for n, item in enumerate(items):
        for m, expert in enumerate(experts):
            if expert.organization_id == item.owner_organization_id:
                continue
            if (n, m) == (1, 0):
                reviews.conflict_declare(actor=expert, item_id=item.pk, note="本人曾为该单位提供技术咨询")
                continue
            values = {str(c["code"]): rng.randint(5, 10) for c in RUBRIC}
            reviews.score_submit(actor=expert, item_id=item.pk, values=values, comment="场景需求明确，具备开放条件。")
            scores += 1
    reviews.panel_close(actor=operator, panel_id=panel.pk)
    return scores


def load(rng: random.Random) -> dict[str, int]:
    operator = User.objects.get(username="operator")
    experts = list(User.objects.filter(role=Role.EXPERT, is_active=True).order_by("username")[:5])
    today = timezone.localdate()
    year = today.year
    decided = _call(
        operator,
        f"{year}年人工智能+城市治理应用场景征集",
        "人工智能+城市治理",
        today - datetime.timedelta(days=45),
        today,
    )
    pairs = _submitters(rng, 6, set())
    for person, scenario in pairs:
        services.submission_create(actor=person, call_id=decided.pk, scenario_id=scenario.pk)
    services.call_transition(actor=operator, call_id=decided.pk, action="close")
    scores = _score_panel(rng, operator, decided, experts)
    ranked = sorted(
        decided.submissions.select_related("scenario"),
        key=lambda s: PanelItem.objects.get(panel__object_id=decided.pk, object_id=s.pk).result.rank,
    )
    services.call_decide(actor=operator, call_id=decided.pk, selected_ids={s.pk for s in ranked[:4]})
    first = list_services.list_create(
        actor=operator,
        data={
            "title": f"{year}年第一批人工智能+城市治理应用场景清单",
            "year": year,
            "batch_number": 1,
            "publisher": operator.organization,
            "call": decided,
            "changelog": "首次发布。",
        },
    )
    list_services.list_publish(actor=operator, list_id=first.pk)
    second = list_services.list_new_version(
        actor=operator, list_id=first.pk, changelog="经场景方申请，补录一项场景并更正一项备注。"
    )
    entries = [(s.scenario_id, "") for s in ranked[:4]]
    entries[0] = (entries[0][0], "已明确试点区域")
    entries.append((ranked[4].scenario_id, "补录"))
    list_services.list_entries_set(actor=operator, list_id=second.pk, entries=entries)
    list_services.list_publish(actor=operator, list_id=second.pk)

    open_call = _call(
        operator,
        f"{year + 1}年低空经济与具身智能应用场景征集",
        "低空经济与具身智能",
        today - datetime.timedelta(days=5),
        today + datetime.timedelta(days=40),
    )
    used = {scenario.pk for _, scenario in pairs}
    open_pairs = _submitters(rng, 3, used)
    for person, scenario in open_pairs:
        services.submission_create(actor=person, call_id=open_call.pk, scenario_id=scenario.pk)
    return {
        "calls": 2,
        "submissions": len(pairs) + len(open_pairs),
        "scores": scores,
        "selected": decided.submissions.filter(decision=Decision.SELECTED).count(),
        "lists": 2,
    }
