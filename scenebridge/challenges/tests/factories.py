"""Challenges in every state, built through the services (so every state is one the platform can reach)."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.challenges import delivery, services
from scenebridge.challenges.models import Application, Challenge
from scenebridge.scenarios import services as scenario_services
from scenebridge.scenarios.tests.factories import scenario_data


def published_scenario(owner: Any, operator: Any, **overrides: Any) -> Any:
    scenario = scenario_services.scenario_create(actor=owner, data=scenario_data(**overrides))
    scenario_services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
    return scenario_services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")


def challenge_data(**overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    data: dict[str, Any] = {
        "title": "港区无人集卡揭榜挂帅",
        "goals": "在真实港区完成无人集卡水平运输验证，连续运行三个月。",
        "indicators": "定位精度 | ≤5 | 厘米\n单车效率 | ≥90 | %",
        "reward_wan": Decimal("300"),
        "reward_text": "揭榜成功后给予研发资金支持，并开放港区测试场地。",
        "eligibility": "具备自动驾驶研发能力的企业、高校或科研院所。",
        "eligible_types": [],
        "opens_at": now - datetime.timedelta(minutes=5),
        "deadline": now + datetime.timedelta(days=30),
    }
    data.update(overrides)
    return data


def open_challenge(owner: Any, operator: Any, **overrides: Any) -> Challenge:
    scenario = published_scenario(owner, operator)
    challenge = services.challenge_create(actor=owner, scenario=scenario, data=challenge_data(**overrides))
    return services.challenge_publish(actor=owner, challenge_id=challenge.pk)


def application_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "基于多传感器融合的港区无人集卡方案",
        "proposal": "采用激光雷达与北斗高精定位融合方案。",
        "team": "团队二十人，其中博士五人。",
        "budget_wan": Decimal("280"),
        "plan": "第一阶段封闭测试，第二阶段混行测试。",
    }
    data.update(overrides)
    return data


def apply(user: Any, challenge: Challenge, **overrides: Any) -> Application:
    application, _ = services.application_submit(
        actor=user, challenge_id=challenge.pk, data=application_data(**overrides)
    )
    return application


def pass_deadline(challenge: Challenge) -> Challenge:
    """Moves the deadline into the past and runs the scheduled close."""
    Challenge.objects.filter(pk=challenge.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    services.challenges_close_due()
    challenge.refresh_from_db()
    return challenge


def another_supplier(name: str = "云帆机器人有限公司") -> Any:
    return UserFactory(role=Role.SUPPLIER, organization=OrganizationFactory(name=name))


def awarded_challenge(owner: Any, operator: Any, supplier: Any) -> tuple[Challenge, Application]:
    challenge = open_challenge(owner, operator)
    application = apply(supplier, challenge)
    pass_deadline(challenge)
    delivery.award_propose(actor=owner, challenge_id=challenge.pk, application_id=application.pk, reasons="方案最优")
    delivery.award_approve(actor=operator, challenge_id=challenge.pk)
    challenge.refresh_from_db()
    return challenge, application
