"""Who may do what with a challenge, its applications, its award and its milestones.

Services and selectors call these; templates only mirror them. `now` is passed in so that the seal on applications
is decided once per request and tests can move the clock."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType

from scenebridge.accounts.models import Role
from scenebridge.accounts.permissions import acts_for, is_operator
from scenebridge.challenges import rules
from scenebridge.challenges.models import Application, Award, AwardStatus, Challenge, Milestone, MilestoneStatus
from scenebridge.reviews import permissions as review_permissions
from scenebridge.reviews.models import PanelItem, PanelMember

OWNER_ROLES = frozenset({Role.OWNER})
SUPPLIER_ROLES = frozenset({Role.SUPPLIER})


def is_owner_side_of(user: Any, organization_id: int | None) -> bool:
    return acts_for(user, organization_id, OWNER_ROLES)


def is_owner_side(user: Any, challenge: Challenge) -> bool:
    return is_owner_side_of(user, challenge.owner_id)


def is_applicant_side(user: Any, organization_id: int | None) -> bool:
    return acts_for(user, organization_id, SUPPLIER_ROLES)


def panel_item_of(application: Application) -> PanelItem | None:
    if application.challenge.panel_id is None:
        return None
    return (
        PanelItem.objects.select_related("panel")
        .filter(
            panel_id=application.challenge.panel_id,
            content_type=ContentType.objects.get_for_model(Application),
            object_id=application.pk,
        )
        .first()
    )


def is_assigned_expert(user: Any, challenge: Challenge) -> bool:
    """A member of the challenge's expert panel."""
    return bool(
        review_permissions.is_expert(user)
        and challenge.panel_id is not None
        and PanelMember.objects.filter(panel_id=challenge.panel_id, expert_id=user.pk).exists()
    )


def is_assigned_expert_for(user: Any, application: Application) -> bool:
    """A panel member who may review this application: not from its organization, no declared conflict."""
    if not review_permissions.is_expert(user):
        return False
    item = panel_item_of(application)
    return item is not None and review_permissions.may_access_item(user, item)


def can_create_from(user: Any, scenario: Any) -> bool:
    return acts_for(user, scenario.owner_id, OWNER_ROLES) and scenario.status == "published"


def can_view(user: Any, challenge: Challenge) -> bool:
    return challenge.status in rules.PUBLIC_STATES or is_owner_side(user, challenge) or is_operator(user)


def can_edit(user: Any, challenge: Challenge) -> bool:
    return is_owner_side(user, challenge) and challenge.status == rules.Status.DRAFT


def can_publish(user: Any, challenge: Challenge) -> bool:
    return can_edit(user, challenge)


def may_apply_as(user: Any) -> bool:
    """A member who may send applications for their organization (whichever challenge)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.organization_id
        and user.role in (Role.SUPPLIER, Role.ORG_ADMIN)
    )


def can_apply(user: Any, challenge: Challenge, now: datetime.datetime) -> bool:
    return (
        may_apply_as(user)
        and user.organization_id != challenge.owner_id
        and rules.accepts_applications(challenge.status, challenge.opens_at, challenge.deadline, now)
        and rules.is_eligible(user.organization.type, challenge.eligible_types)
    )


def can_unsealed_read(user: Any, challenge: Challenge, now: datetime.datetime) -> bool:
    """The owner side, the operator and the assigned experts, once the seal is broken."""
    if rules.is_sealed(challenge.status, challenge.deadline, now):
        return False
    return is_owner_side(user, challenge) or is_operator(user) or is_assigned_expert(user, challenge)


def can_read_application(user: Any, application: Application, now: datetime.datetime) -> bool:
    challenge = application.challenge
    if is_applicant_side(user, application.organization_id):
        return True
    if rules.is_sealed(challenge.status, challenge.deadline, now):
        return False
    if review_permissions.is_expert(user):
        return is_assigned_expert_for(user, application)
    return is_owner_side(user, challenge) or is_operator(user)


def can_edit_application(user: Any, application: Application, now: datetime.datetime) -> bool:
    challenge = application.challenge
    return is_applicant_side(user, application.organization_id) and rules.accepts_applications(
        challenge.status, challenge.opens_at, challenge.deadline, now
    )


def can_start_review(user: Any, challenge: Challenge) -> bool:
    return is_operator(user) and challenge.status == rules.Status.CLOSED


def can_propose_award(user: Any, challenge: Challenge, award: Award | None, now: datetime.datetime) -> bool:
    return (
        is_owner_side(user, challenge)
        and challenge.status in rules.PROPOSAL_STATES
        and not rules.is_sealed(challenge.status, challenge.deadline, now)
        and (award is None or award.status == AwardStatus.REJECTED)
    )


def can_decide_award(user: Any, award: Award) -> bool:
    """The operator approves or sends back, never with the account that proposed (two accounts)."""
    return is_operator(user) and award.status == AwardStatus.PROPOSED and user.pk != award.proposed_by_id


def can_manage_milestones(user: Any, challenge: Challenge) -> bool:
    return is_owner_side(user, challenge) and challenge.status in rules.MILESTONE_STATES


def is_winner_side(user: Any, award: Award | None) -> bool:
    return bool(
        award is not None
        and award.status == AwardStatus.APPROVED
        and award.application is not None
        and is_applicant_side(user, award.application.organization_id)
    )


def can_submit_deliverable(user: Any, milestone: Milestone, award: Award | None) -> bool:
    return (
        is_winner_side(user, award)
        and milestone.challenge.status == rules.Status.IN_DELIVERY
        and milestone.status in (MilestoneStatus.PENDING, MilestoneStatus.RETURNED)
    )


def can_review_deliverable(user: Any, milestone: Milestone) -> bool:
    return is_owner_side(user, milestone.challenge) and milestone.status == MilestoneStatus.SUBMITTED


def can_view_delivery(user: Any, challenge: Challenge, award: Award | None) -> bool:
    """Milestones and deliverables: the owner side, the winner and the operator."""
    return is_owner_side(user, challenge) or is_operator(user) or is_winner_side(user, award)


def can_accept(user: Any, challenge: Challenge) -> bool:
    return is_owner_side(user, challenge) and challenge.status == rules.Status.IN_DELIVERY
