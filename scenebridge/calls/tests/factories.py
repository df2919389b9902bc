"""Calls, submissions, panels and lists for tests, made through the services."""

import datetime
from typing import Any

from django.utils import timezone

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import UserFactory
from scenebridge.calls import list_services, services
from scenebridge.calls.models import Call, ScenarioList
from scenebridge.reviews import services as reviews
from scenebridge.reviews.selectors import panels_for_target
from scenebridge.scenarios import services as scenario_services
from scenebridge.scenarios.tests.factories import scenario_data

RUBRIC = [
    {"code": "c1", "name": "创新性", "weight": 50, "max_score": 10},
    {"code": "c2", "name": "示范带动性", "weight": 50, "max_score": 10},
]


def published_scenario(owner: Any, operator: Any, **overrides: Any) -> Any:
    scenario = scenario_services.scenario_create(actor=owner, data=scenario_data(**overrides))
    scenario_services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
    return scenario_services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")


def draft_scenario(owner: Any, **overrides: Any) -> Any:
    return scenario_services.scenario_create(actor=owner, data=scenario_data(**overrides))


def call_data(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "title": "2027年人工智能应用场景征集",
        "theme": "人工智能+城市治理",
        "description": "面向全市征集人工智能在城市治理中的应用场景。",
        "opens_on": today - datetime.timedelta(days=1),
        "closes_on": today + datetime.timedelta(days=30),
        "eligible_organization_types": [],
        "rubric": RUBRIC,
        "domains": [],
    }
    data.update(overrides)
    return data


def open_call(operator: Any, **overrides: Any) -> Call:
    call = services.call_create(actor=operator, data=call_data(**overrides))
    return services.call_transition(actor=operator, call_id=call.pk, action="open")


def decided_call(operator: Any, owner: Any, *, scenarios: int = 2) -> tuple[Call, list[Any]]:
    """An open call → submissions → closed → panel scored and closed → the first submission selected."""
    call = open_call(operator)
    submitted = [
        services.submission_create(
            actor=owner, call_id=call.pk, scenario_id=published_scenario(owner, operator, title=f"城市场景{n}").pk
        )
        for n in range(scenarios)
    ]
    services.call_transition(actor=operator, call_id=call.pk, action="close")
    expert: Any = UserFactory(role=Role.EXPERT)
    panel = services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[expert.pk])
    for n, item in enumerate(panel.items.order_by("id")):
        reviews.score_submit(actor=expert, item_id=item.pk, values={"c1": 9 - n, "c2": 8})
    reviews.panel_close(actor=operator, panel_id=panel.pk)
    services.call_decide(actor=operator, call_id=call.pk, selected_ids={submitted[0].pk})
    call.refresh_from_db()
    return call, submitted


def published_list(operator: Any, owner: Any, publisher: Any) -> ScenarioList:
    call, _ = decided_call(operator, owner)
    scenario_list = list_services.list_create(
        actor=operator,
        data={
            "title": "2027年第一批人工智能应用场景清单",
            "year": 2027,
            "batch_number": 1,
            "publisher": publisher,
            "call": call,
        },
    )
    return list_services.list_publish(actor=operator, list_id=scenario_list.pk)


def call_panel(call: Call) -> Any:
    return panels_for_target(call).get()
