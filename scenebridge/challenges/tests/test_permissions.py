"""The permission matrix: every role × {challenge, application, award, milestone} × action and state.
An allowed action succeeds; a denied one raises and leaves every row as it was."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.challenges import delivery, selectors, services
from scenebridge.challenges.models import Application, Award, Challenge, Milestone
from scenebridge.challenges.tests.factories import (
    another_supplier,
    application_data,
    apply,
    challenge_data,
    pass_deadline,
    published_scenario,
)
from scenebridge.core.errors import ApplicationError
from scenebridge.core.models import AuditEvent, DecisionEntry
from scenebridge.notifications.models import Notification

pytestmark = pytest.mark.django_db

ROLES = ("public", "operator", "owner", "org_admin", "supplier", "rival", "expert_on_panel", "expert_off_panel")
OWNER_SIDE = {"owner", "org_admin"}
STAGES = ("draft", "open", "closed", "under_review", "proposed", "awarded", "submitted", "deliverable_accepted")


@dataclass
class World:
    users: dict[str, Any]
    challenge: Challenge
    application: Any = None
    milestone: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def build(stage: str, owner: Any, org_admin: Any, operator: Any, supplier: Any) -> World:
    """A challenge advanced to `stage` through the services, and one user per role."""
    users = {
        "public": AnonymousUser(),
        "operator": operator,
        "owner": owner,
        "org_admin": org_admin,
        "supplier": supplier,
        "rival": another_supplier(),
        "expert_on_panel": UserFactory(role=Role.EXPERT, organization=OrganizationFactory(name="某大学")),
        "expert_off_panel": UserFactory(role=Role.EXPERT, organization=OrganizationFactory(name="某研究院")),
    }
    scenario = published_scenario(owner, operator)
    challenge = services.challenge_create(actor=owner, scenario=scenario, data=challenge_data())
    world = World(users, challenge)
    steps: list[Callable[[], Any]] = [
        lambda: services.challenge_publish(actor=owner, challenge_id=challenge.pk),
        lambda: _applications(world),
        lambda: services.challenge_review_start(
            actor=operator, challenge_id=challenge.pk, expert_ids=[users["expert_on_panel"].pk]
        ),
        lambda: delivery.award_propose(
            actor=owner,
            challenge_id=challenge.pk,
            application_id=world.application.pk,
            reasons="综合评分第一",
        ),
        lambda: delivery.award_approve(actor=operator, challenge_id=challenge.pk),
        lambda: _milestone_submitted(world),
        lambda: delivery.milestone_review(actor=owner, milestone_id=world.milestone.pk, accept=True),
    ]
    for step in steps[: STAGES.index(stage)]:
        step()
    world.challenge = Challenge.objects.get(pk=challenge.pk)
    return world


def _applications(world: World) -> None:
    world.application = apply(world.users["supplier"], world.challenge)
    world.extra["rival_application"] = apply(world.users["rival"], world.challenge, title="另一方案")
    pass_deadline(world.challenge)


def _milestone_submitted(world: World) -> None:
    owner, supplier = world.users["owner"], world.users["supplier"]
    world.milestone = delivery.milestone_add(
        actor=owner,
        challenge_id=world.challenge.pk,
        title="样机交付",
        deliverables="样机一台",
        due_on=datetime.date(2027, 6, 30),
    )
    delivery.milestone_submit(actor=supplier, milestone_id=world.milestone.pk, submission="样机已交付")


def fingerprint() -> tuple[Any, ...]:
    """Every row the actions could touch."""
    return (
        list(Challenge.objects.order_by("pk").values()),
        list(Application.objects.order_by("pk").values()),
        list(Award.objects.order_by("pk").values()),
        list(Milestone.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
        DecisionEntry.objects.count(),
        Notification.objects.count(),
    )


# action name → (stage it is tried in, roles allowed, what it does)
ACTIONS: dict[str, tuple[str, set[str], Callable[[World, Any], Any]]] = {
    "challenge.create": (
        "draft",
        OWNER_SIDE,
        lambda w, u: services.challenge_create(actor=u, scenario=w.challenge.scenario, data=challenge_data()),
    ),
    "challenge.edit": (
        "draft",
        OWNER_SIDE,
        lambda w, u: services.challenge_update(actor=u, challenge_id=w.challenge.pk, data={"title": "新标题"}),
    ),
    "challenge.publish": (
        "draft",
        OWNER_SIDE,
        lambda w, u: services.challenge_publish(actor=u, challenge_id=w.challenge.pk),
    ),
    "challenge.edit_open": (
        "open",
        set(),
        lambda w, u: services.challenge_update(actor=u, challenge_id=w.challenge.pk, data={"title": "新标题"}),
    ),
    "application.apply": (
        "open",
        {"supplier", "rival"},
        lambda w, u: services.application_submit(actor=u, challenge_id=w.challenge.pk, data=application_data()),
    ),
    "application.apply_closed": (
        "closed",
        set(),
        lambda w, u: services.application_submit(actor=u, challenge_id=w.challenge.pk, data=application_data()),
    ),
    "application.edit_closed": (
        "closed",
        set(),
        lambda w, u: services.application_update(actor=u, application_id=w.application.pk, data={"plan": "改"}),
    ),
    "review.start": (
        "closed",
        {"operator"},
        lambda w, u: services.challenge_review_start(
            actor=u, challenge_id=w.challenge.pk, expert_ids=[w.users["expert_on_panel"].pk]
        ),
    ),
    "review.close": (
        "under_review",
        {"operator"},
        lambda w, u: services.challenge_review_close(actor=u, challenge_id=w.challenge.pk),
    ),
    "award.propose": (
        "under_review",
        OWNER_SIDE,
        lambda w, u: delivery.award_propose(
            actor=u, challenge_id=w.challenge.pk, application_id=w.application.pk, reasons="最优"
        ),
    ),
    "award.approve": (
        "proposed",
        {"operator"},
        lambda w, u: delivery.award_approve(actor=u, challenge_id=w.challenge.pk),
    ),
    "award.reject": (
        "proposed",
        {"operator"},
        lambda w, u: delivery.award_reject(actor=u, challenge_id=w.challenge.pk, note="请补充"),
    ),
    "milestone.add": (
        "awarded",
        OWNER_SIDE,
        lambda w, u: delivery.milestone_add(
            actor=u, challenge_id=w.challenge.pk, title="中期", deliverables="报告", due_on=datetime.date(2027, 1, 1)
        ),
    ),
    "milestone.review": (
        "submitted",
        OWNER_SIDE,
        lambda w, u: delivery.milestone_review(actor=u, milestone_id=w.milestone.pk, accept=True),
    ),
    "milestone.resubmit": (
        "submitted",
        set(),
        lambda w, u: delivery.milestone_submit(actor=u, milestone_id=w.milestone.pk, submission="再交"),
    ),
    "challenge.accept": (
        "deliverable_accepted",
        OWNER_SIDE,
        lambda w, u: delivery.challenge_accept(actor=u, challenge_id=w.challenge.pk),
    ),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_matrix(action: str, owner: Any, org_admin: Any, operator: Any, supplier: Any) -> None:
    # given one world per action; each role acts on it and an allowed action is rolled back to a savepoint
    stage, allowed, act = ACTIONS[action]
    world = build(stage, owner, org_admin, operator, supplier)
    before = fingerprint()
    for role in ROLES:
        # when
        savepoint = transaction.savepoint()
        try:
            act(world, world.users[role])
        except ApplicationError:
            outcome = "denied"
        else:
            outcome = "done"
        # then
        assert outcome == ("done" if role in allowed else "denied"), role
        assert (fingerprint() != before) == (role in allowed), role
        transaction.savepoint_rollback(savepoint)
        assert fingerprint() == before


def test_winner_submits_a_deliverable_and_nobody_else(owner: Any, org_admin: Any, operator: Any, supplier: Any) -> None:
    # given
    world = build("awarded", owner, org_admin, operator, supplier)
    milestone = delivery.milestone_add(
        actor=owner,
        challenge_id=world.challenge.pk,
        title="样机",
        deliverables="样机",
        due_on=datetime.date(2027, 1, 1),
    )
    # when / then
    for role in ROLES:
        if role == "supplier":
            continue
        before = fingerprint()
        with pytest.raises(ApplicationError):
            delivery.milestone_submit(actor=world.users[role], milestone_id=milestone.pk, submission="冒名")
        assert fingerprint() == before
    delivery.milestone_submit(actor=supplier, milestone_id=milestone.pk, submission="样机交付")
    assert Milestone.objects.get(pk=milestone.pk).status == "submitted"


# who reads the supplier's application in full, by stage
READERS = {
    "draft": set(),
    "open": {"supplier"},
    "closed": {"supplier", "operator"} | OWNER_SIDE,
    "under_review": {"supplier", "operator", "expert_on_panel"} | OWNER_SIDE,
    "awarded": {"supplier", "operator", "expert_on_panel"} | OWNER_SIDE,
}


@pytest.mark.parametrize("stage", [s for s in READERS if s != "draft"])
def test_who_reads_an_application(stage: str, owner: Any, org_admin: Any, operator: Any, supplier: Any) -> None:
    # given
    world = build(stage, owner, org_admin, operator, supplier)
    if world.application is None:
        world.application = apply(supplier, world.challenge)
    now = timezone.now()
    # when
    readers = set()
    for role, user in world.users.items():
        try:
            selectors.application_get_for_user(user, world.application.uuid, now)
        except ApplicationError:
            listed = selectors.applications_for_user(user, world.challenge, now)
            assert world.application not in listed
        else:
            readers.add(role)
            assert world.application in selectors.applications_for_user(user, world.challenge, now)
    # then
    assert readers == READERS[stage]


@pytest.mark.parametrize("stage", ["draft", "open", "proposed", "awarded"])
def test_who_sees_the_challenge_and_the_award(
    stage: str, owner: Any, org_admin: Any, operator: Any, supplier: Any
) -> None:
    # given
    world = build(stage, owner, org_admin, operator, supplier)
    # when
    seeing, seeing_award = set(), set()
    for role, user in world.users.items():
        try:
            challenge = selectors.challenge_get_for_user(user, world.challenge.uuid)
        except ApplicationError:
            continue
        seeing.add(role)
        if selectors.award_for_user(user, challenge) is not None:
            seeing_award.add(role)
    # then
    assert seeing == ({"operator"} | OWNER_SIDE if stage == "draft" else set(ROLES))
    expected_award = {"proposed": {"operator"} | OWNER_SIDE, "awarded": set(ROLES)}.get(stage, set())
    assert seeing_award == expected_award
