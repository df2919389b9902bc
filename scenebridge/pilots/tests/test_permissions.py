"""Every role × {pilot, case} × action × state. Allowed actions succeed (and are rolled back); denied ones raise
and change nothing at all."""

import datetime
import decimal
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.core.errors import ApplicationError
from scenebridge.core.models import AuditEvent, DecisionEntry
from scenebridge.pilots import catalogue_services, permissions, services
from scenebridge.pilots.models import (
    Case,
    CatalogueBatch,
    CatalogueEntry,
    Feedback,
    Kpi,
    KpiMeasurement,
    Milestone,
    Pilot,
    PilotEvaluation,
    PilotIssue,
    PilotOffer,
    Replication,
)
from scenebridge.pilots.tests import factories
from scenebridge.scenarios.models import Scenario

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "operator", "owner", "org_admin", "supplier", "other_supplier", "outsider", "expert")
OWNER_SIDE = {"owner", "org_admin"}
PARTIES = OWNER_SIDE | {"supplier"}
STATES = ("planned", "running", "completed", "evaluated")


class Rollback(Exception):
    pass


def fingerprint() -> tuple[Any, ...]:
    models = (Pilot, PilotOffer, Kpi, KpiMeasurement, Feedback, PilotEvaluation, Case, Scenario, Replication)
    counts = tuple(m.objects.count() for m in (*models, CatalogueEntry, AuditEvent, DecisionEntry))
    states = (
        tuple(Pilot.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Case.objects.order_by("pk").values_list("status", flat=True)),
        tuple(CatalogueBatch.objects.order_by("pk").values_list("status", flat=True)),
        tuple(Milestone.objects.order_by("pk").values_list("done", flat=True)),
        tuple(PilotIssue.objects.order_by("pk").values_list("status", flat=True)),
        tuple(PilotEvaluation.objects.order_by("pk").values_list("override_reason", flat=True)),
    )
    return counts + states


def check(role: str, action: str, state: str, allowed: bool, run: Callable[[], Any]) -> None:
    label = f"{role} {action} in {state}"
    if allowed:
        try:
            with transaction.atomic():
                run()
                raise Rollback
        except Rollback:
            return
        except ApplicationError as error:
            pytest.fail(f"{label} should be allowed but raised {error.code}: {error.message}")
    before = fingerprint()
    with pytest.raises(ApplicationError):
        run()
    assert fingerprint() == before, f"{label} was denied but changed data"


@pytest.fixture
def people(owner: Any, org_admin: Any, supplier: Any, operator: Any, outsider: Any, expert: Any) -> dict[str, Any]:
    other = OrganizationFactory(name="另一家供应商")
    return {
        "anonymous": AnonymousUser(),
        "operator": operator,
        "owner": owner,
        "org_admin": org_admin,
        "supplier": supplier,
        "other_supplier": UserFactory(role=Role.SUPPLIER, organization=other),
        "outsider": outsider,
        "expert": expert,
    }


BUILDERS: dict[str, Any] = {
    "planned": factories.planned_pilot,
    "running": factories.running_pilot,
    "completed": factories.completed_pilot,
    "evaluated": factories.evaluated_pilot,
}


def pilot_actions(pilot: Pilot, spare_offer: Any) -> dict[str, tuple[Callable[[Any], Any], set[str], set[str]]]:
    """action → (how a user does it, roles allowed, states allowed)."""
    kpi = pilot.kpis.get()
    milestone = Milestone.objects.create(pilot=pilot, title="设备进场", due_on=datetime.date(2026, 12, 1))
    issue = PilotIssue.objects.create(pilot=pilot, title="夜间定位漂移", raised_by_side="supplier")
    setup, recording = {"planned", "running"}, {"running", "completed"}
    return {
        "offer_add": (
            lambda u: services.pilot_offer_add(actor=u, pilot_id=pilot.pk, offer_id=spare_offer.pk, source="agreement"),
            OWNER_SIDE,
            setup,
        ),
        "kpi_add": (
            lambda u: services.kpi_add(
                actor=u, pilot_id=pilot.pk, name="事故数", unit="起", target_value=decimal.Decimal(0), direction="lower"
            ),
            OWNER_SIDE,
            setup,
        ),
        "milestone_add": (
            lambda u: services.milestone_add(
                actor=u, pilot_id=pilot.pk, title="联调", due_on=datetime.date(2027, 1, 1)
            ),
            OWNER_SIDE,
            setup,
        ),
        "milestone_complete": (
            lambda u: services.milestone_complete(actor=u, milestone_id=milestone.pk, evidence="验收单"),
            PARTIES,
            recording,
        ),
        "start": (
            lambda u: services.pilot_transition(actor=u, pilot_id=pilot.pk, action="start"),
            OWNER_SIDE,
            {"planned"},
        ),
        "complete": (
            lambda u: services.pilot_transition(actor=u, pilot_id=pilot.pk, action="complete"),
            OWNER_SIDE,
            {"running"},
        ),
        "measure": (
            lambda u: services.kpi_measurement_record(
                actor=u, kpi_id=kpi.pk, value=decimal.Decimal("93"), measured_on=datetime.date(2026, 10, 1)
            ),
            PARTIES,
            recording,
        ),
        "feedback": (
            lambda u: services.feedback_submit(
                actor=u, pilot_id=pilot.pk, round=1, effectiveness=4, reliability=4, cooperation=5, cost=3, text="良好"
            ),
            PARTIES,
            recording,
        ),
        "issue_raise": (
            lambda u: services.issue_raise(actor=u, pilot_id=pilot.pk, title="网络延迟"),
            PARTIES,
            recording,
        ),
        "issue_resolve": (
            lambda u: services.issue_resolve(actor=u, issue_id=issue.pk, resolution="增加基站"),
            PARTIES,
            {"planned", "running", "completed"},
        ),
        "evaluate": (
            lambda u: services.pilot_evaluate(actor=u, pilot_id=pilot.pk, verdict="succeeded", text="达标"),
            OWNER_SIDE,
            {"completed"},
        ),
        "override": (
            lambda u: services.pilot_targets_override(actor=u, pilot_id=pilot.pk, reason="口径调整"),
            {"operator"},
            {"evaluated"},
        ),
        "nominate": (
            lambda u: catalogue_services.case_nominate(
                actor=u, pilot_id=pilot.pk, title="案例", summary="摘要", problem_solved="问题", results="成效"
            ),
            OWNER_SIDE,
            {"evaluated"},
        ),
        "reissue": (
            lambda u: services.scenario_reissue_from_pilot(actor=u, pilot_id=pilot.pk, lessons="夜间需加装路侧单元"),
            OWNER_SIDE,
            {"evaluated"},
        ),
    }


@pytest.mark.parametrize("state", STATES)
def test_pilot_permission_matrix(state: str, people: dict[str, Any], owner: Any, supplier: Any, operator: Any) -> None:
    # given a pilot in the state and a spare published offer
    pilot = BUILDERS[state](owner, supplier, operator)
    spare = factories.published_offer(supplier, operator, name="备用方案")
    actions = pilot_actions(Pilot.objects.get(pk=pilot.pk), spare)
    # when / then every role tries every action
    for action, (run, roles, states) in actions.items():
        for role in ROLES:
            user = people[role]
            allowed = role in roles and state in states
            # the owner's side may also tick off a milestone while setting the pilot up
            allowed |= action == "milestone_complete" and role in OWNER_SIDE and state == "planned"
            check(role, action, state, allowed, lambda: run(user))


@pytest.mark.parametrize("state", STATES)
def test_pilot_visibility(state: str, people: dict[str, Any], owner: Any, supplier: Any, operator: Any) -> None:
    # given
    pilot = Pilot.objects.get(pk=BUILDERS[state](owner, supplier, operator).pk)
    # then parties and the operator see everything; others only an evaluated pilot's public summary
    for role in ROLES:
        full = role in PARTIES or role == "operator"
        assert permissions.can_view_all(people[role], pilot) is full, role
        assert permissions.can_view(people[role], pilot) is (full or state == "evaluated"), role


def test_only_the_scenario_owner_side_creates_a_pilot(people: dict[str, Any], owner: Any, operator: Any) -> None:
    # given
    scenario = factories.published_scenario(owner, operator)
    for role in ROLES:
        run = lambda u=people[role]: services.pilot_create(actor=u, scenario_id=scenario.pk, title="试点", plan="计划")  # noqa: E731
        check(role, "create", "published scenario", role in OWNER_SIDE, run)


CASE_STATES = ("nominated", "returned", "approved", "published")


def case_in(state: str, owner: Any, supplier: Any, operator: Any) -> Case:
    if state == "published":
        return factories.published_case(owner, supplier, operator)
    case = factories.nominated_case(owner, supplier, operator)
    if state == "returned":
        catalogue_services.case_review(actor=operator, case_id=case.pk, action="return", note="补充数据")
    if state == "approved":
        catalogue_services.case_review(actor=operator, case_id=case.pk, action="approve")
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize("state", CASE_STATES)
def test_case_permission_matrix(state: str, people: dict[str, Any], owner: Any, supplier: Any, operator: Any) -> None:
    # given
    case = case_in(state, owner, supplier, operator)
    draft = CatalogueBatch.objects.create(title="2027年第二批成果推荐目录", year=2027, number=2)
    actions: dict[str, tuple[Callable[[Any], Any], set[str], set[str]]] = {
        "approve": (
            lambda u: catalogue_services.case_review(actor=u, case_id=case.pk, action="approve"),
            {"operator"},
            {"nominated"},
        ),
        "return": (
            lambda u: catalogue_services.case_review(actor=u, case_id=case.pk, action="return", note="请补充"),
            {"operator"},
            {"nominated"},
        ),
        "renominate": (
            lambda u: catalogue_services.case_renominate(actor=u, case_id=case.pk, data={"results": "补充了数据"}),
            OWNER_SIDE,
            {"returned"},
        ),
        "catalogue_add": (
            lambda u: catalogue_services.batch_entry_add(actor=u, batch_id=draft.pk, case_id=case.pk),
            {"operator"},
            {"approved"},
        ),
        "replicate": (
            lambda u: catalogue_services.replication_record(
                actor=u,
                case_id=case.pk,
                adopting_organization_id=people["outsider"].organization_id,
                region_code="440300",
                adopted_on=datetime.date(2027, 3, 1),
            ),
            {"operator", "outsider"},
            {"published"},
        ),
    }
    # when / then
    for action, (run, roles, states) in actions.items():
        for role in ROLES:
            user = people[role]
            check(role, action, state, role in roles and state in states, lambda: run(user))
    for role in ROLES:
        visible = state == "published" or role in PARTIES or role == "operator"
        assert permissions.can_view_case(people[role], case) is visible, role
