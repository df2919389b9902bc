"""Pilots in every state, built through the services (so the tests exercise the real flow)."""

import datetime
import decimal
from typing import Any

from django.utils import timezone

from scenebridge.catalog import services as catalog_services
from scenebridge.catalog.tests.factories import offer_data
from scenebridge.pilots import catalogue_services, services
from scenebridge.pilots.models import Case, Pilot
from scenebridge.scenarios import services as scenario_services
from scenebridge.scenarios.models import Scenario
from scenebridge.scenarios.tests.factories import scenario_data

TODAY = datetime.date(2026, 11, 1)


def published_scenario(owner: Any, operator: Any, **overrides: Any) -> Scenario:
    scenario = scenario_services.scenario_create(actor=owner, data=scenario_data(**overrides))
    scenario_services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
    return scenario_services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")


def published_offer(supplier: Any, operator: Any, **overrides: Any) -> Any:
    offer = catalog_services.offer_create(actor=supplier, data=offer_data(**overrides))
    catalog_services.offer_transition(actor=supplier, offer_id=offer.pk, action="submit")
    return catalog_services.offer_transition(actor=operator, offer_id=offer.pk, action="approve")


def planned_pilot(owner: Any, supplier: Any, operator: Any, *, direction: str = "higher") -> Pilot:
    """A planned pilot with the supplier's offer in use and one KPI (target 90, or at most 10 when lower is better)."""
    scenario = published_scenario(owner, operator)
    pilot = services.pilot_create(
        actor=owner, scenario_id=scenario.pk, title="无人集卡港区验证", plan="两个泊位试运行三个月"
    )
    offer = published_offer(supplier, operator)
    services.pilot_offer_add(actor=owner, pilot_id=pilot.pk, offer_id=offer.pk, source="agreement")
    target = decimal.Decimal("90") if direction == "higher" else decimal.Decimal("10")
    services.kpi_add(
        actor=owner, pilot_id=pilot.pk, name="作业效率", unit="%", target_value=target, direction=direction
    )
    return Pilot.objects.get(pk=pilot.pk)


def running_pilot(owner: Any, supplier: Any, operator: Any, **kwargs: Any) -> Pilot:
    pilot = planned_pilot(owner, supplier, operator, **kwargs)
    return services.pilot_transition(actor=owner, pilot_id=pilot.pk, action="start")


def completed_pilot(owner: Any, supplier: Any, operator: Any, *, value: str = "95", **kwargs: Any) -> Pilot:
    pilot = running_pilot(owner, supplier, operator, **kwargs)
    kpi = pilot.kpis.get()
    services.kpi_measurement_record(
        actor=supplier, kpi_id=kpi.pk, value=decimal.Decimal(value), measured_on=timezone.localdate()
    )
    return services.pilot_transition(actor=owner, pilot_id=pilot.pk, action="complete")


def evaluated_pilot(owner: Any, supplier: Any, operator: Any, **kwargs: Any) -> Pilot:
    pilot = completed_pilot(owner, supplier, operator, **kwargs)
    services.pilot_evaluate(
        actor=owner, pilot_id=pilot.pk, verdict="succeeded", text="达到预期", public_summary="公开摘要"
    )
    return Pilot.objects.get(pk=pilot.pk)


def nominated_case(owner: Any, supplier: Any, operator: Any) -> Case:
    pilot = evaluated_pilot(owner, supplier, operator)
    return catalogue_services.case_nominate(
        actor=owner,
        pilot_id=pilot.pk,
        title="港区无人集卡典型案例",
        summary="港区水平运输无人化。",
        problem_solved="夜间人手紧张",
        results="效率达到人工的95%",
    )


def published_case(owner: Any, supplier: Any, operator: Any) -> Case:
    case = nominated_case(owner, supplier, operator)
    catalogue_services.case_review(actor=operator, case_id=case.pk, action="approve")
    batch = catalogue_services.batch_create(actor=operator, title="2027年第一批成果推荐目录", year=2027, number=1)
    catalogue_services.batch_entry_add(actor=operator, batch_id=batch.pk, case_id=case.pk)
    catalogue_services.batch_publish(actor=operator, batch_id=batch.pk)
    return Case.objects.get(pk=case.pk)
