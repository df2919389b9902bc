"""Reads of challenges, applications, awards and milestones, always filtered by what the viewer may see.

Applications are sealed: before the deadline every read here returns only the viewer's own organization's
application; the owner learns only how many there are (application_count)."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from scenebridge.accounts.permissions import is_operator
from scenebridge.challenges import permissions, rules
from scenebridge.challenges.models import Application, Award, AwardStatus, Challenge, Milestone
from scenebridge.core.attachments import attachments_of
from scenebridge.core.decisions import head_hash
from scenebridge.core.errors import NotFoundError
from scenebridge.core.models import Attachment
from scenebridge.reviews.models import Conflict, PanelItem
from scenebridge.scenarios.models import Scenario


@dataclass(frozen=True)
class ChallengeFilters:
    q: str = ""
    status: str = ""
    scenario: str = ""


def challenge_list(user: Any, filters: ChallengeFilters) -> QuerySet[Challenge]:
    """Published challenges (the public list); the owner side also sees its own drafts."""
    visible = Q(status__in=rules.PUBLIC_STATES)
    if user.is_authenticated and user.organization_id and permissions.is_owner_side_of(user, user.organization_id):
        visible |= Q(owner_id=user.organization_id)
    if is_operator(user):
        visible = Q()
    queryset = Challenge.objects.filter(visible)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.scenario:
        try:
            queryset = queryset.filter(scenario__uuid=uuid.UUID(filters.scenario))
        except ValueError:
            return queryset.none()
    if filters.q.strip():
        words = filters.q.strip()[:100]
        queryset = queryset.filter(Q(title__icontains=words) | Q(goals__icontains=words))
    return queryset.select_related("owner", "scenario").order_by("-published_at", "-created_at")


def challenge_list_mine(user: Any) -> QuerySet[Challenge]:
    """The owner organization's challenges with the number of applications (a count only, whatever the state)."""
    if not (
        user.is_authenticated and user.organization_id and permissions.is_owner_side_of(user, user.organization_id)
    ):
        return Challenge.objects.none()
    return (
        Challenge.objects.filter(owner_id=user.organization_id)
        .select_related("scenario")
        .annotate(application_count=Count("applications"))
        .order_by("-created_at")
    )


def challenge_get_for_user(user: Any, uuid: Any) -> Challenge:
    challenge = Challenge.objects.select_related("owner", "scenario", "created_by").filter(uuid=uuid).first()
    if challenge is None or not permissions.can_view(user, challenge):
        raise NotFoundError()
    return challenge


def application_count(challenge: Challenge) -> int:
    return challenge.applications.count()


def applications_for_user(user: Any, challenge: Challenge, now: datetime.datetime) -> QuerySet[Application]:
    """The applications the viewer may read in full: none while sealed (except the viewer's own)."""
    queryset = Application.objects.filter(challenge=challenge).select_related("organization", "challenge")
    if not permissions.can_unsealed_read(user, challenge, now):
        if user.is_authenticated and permissions.is_applicant_side(user, user.organization_id):
            return queryset.filter(organization_id=user.organization_id)
        return queryset.none()
    if permissions.is_owner_side(user, challenge) or is_operator(user):
        return queryset.order_by("review_rank", "created_at")
    if challenge.panel_id is None:
        return queryset.none()
    # an assigned expert: the panel's items, never from their own organization or after a declared conflict
    items = PanelItem.objects.filter(
        panel_id=challenge.panel_id, content_type=ContentType.objects.get_for_model(Application)
    ).exclude(owner_organization_id=user.organization_id)
    conflicted = Conflict.objects.filter(member__expert_id=user.pk, panel_id=challenge.panel_id).values("item_id")
    ids = items.exclude(pk__in=conflicted).values("object_id")
    return queryset.filter(pk__in=ids).order_by("created_at")


def application_get_for_user(user: Any, uuid: Any, now: datetime.datetime) -> Application:
    application = (
        Application.objects.select_related("challenge", "challenge__owner", "organization", "submitted_by")
        .filter(uuid=uuid)
        .first()
    )
    if application is None or not permissions.can_read_application(user, application, now):
        raise NotFoundError()
    return application


def application_of_organization(user: Any, challenge: Challenge) -> Application | None:
    """The viewer's own organization's application to this challenge, if the viewer acts for it."""
    if not (user.is_authenticated and permissions.is_applicant_side(user, user.organization_id)):
        return None
    return Application.objects.filter(challenge=challenge, organization_id=user.organization_id).first()


def my_applications(user: Any) -> QuerySet[Application]:
    if not (user.is_authenticated and permissions.is_applicant_side(user, user.organization_id)):
        return Application.objects.none()
    return (
        Application.objects.filter(organization_id=user.organization_id)
        .select_related("challenge", "challenge__owner", "challenge__award")
        .order_by("-created_at")
    )


def awards_pending(user: Any) -> QuerySet[Award]:
    if not is_operator(user):
        return Award.objects.none()
    return (
        Award.objects.filter(status=AwardStatus.PROPOSED)
        .select_related("challenge", "challenge__owner", "application", "application__organization", "proposed_by")
        .order_by("proposed_at")
    )


def challenges_to_review(user: Any) -> QuerySet[Challenge]:
    """For the operator: closed challenges waiting for a panel, and those under review."""
    if not is_operator(user):
        return Challenge.objects.none()
    return (
        Challenge.objects.filter(status__in=(rules.Status.CLOSED, rules.Status.UNDER_REVIEW))
        .select_related("owner")
        .annotate(application_count=Count("applications"))
        .order_by("deadline")
    )


def award_for_user(user: Any, challenge: Challenge) -> Award | None:
    """The award as the viewer may see it: a proposal only to the owner side and the operator; once approved,
    everyone sees the result."""
    award = (
        Award.objects.select_related("application", "application__organization", "proposed_by", "decided_by")
        .filter(challenge=challenge)
        .first()
    )
    if award is None:
        return None
    if award.status == AwardStatus.APPROVED or permissions.is_owner_side(user, challenge) or is_operator(user):
        return award
    return None


def milestones_for_user(user: Any, challenge: Challenge, award: Award | None) -> list[Milestone]:
    if not permissions.can_view_delivery(user, challenge, award):
        return []
    return list(challenge.milestones.all())


@dataclass(frozen=True)
class PublicResult:
    """What the public sees of a decided challenge: the winner only, never the other applications."""

    awarded: bool
    winner: str
    winner_uuid: str
    application_title: str
    amount_wan: Decimal | None
    decided_at: datetime.datetime | None
    decision_head_hash: str
    accepted_at: datetime.datetime | None


def challenge_result(challenge: Challenge) -> PublicResult | None:
    if challenge.status not in rules.DECIDED_STATES:
        return None
    award = (
        Award.objects.select_related("application__organization")
        .filter(challenge=challenge, status=AwardStatus.APPROVED)
        .first()
    )
    if award is None:
        return None
    application = award.application
    return PublicResult(
        awarded=application is not None,
        winner=application.organization.name if application else "",
        winner_uuid=str(application.organization.uuid) if application else "",
        application_title=application.title if application else "",
        amount_wan=award.amount_wan if application else None,
        decided_at=award.decided_at,
        decision_head_hash=head_hash(),
        accepted_at=challenge.accepted_at,
    )


def scenarios_for_new_challenge(user: Any) -> QuerySet[Scenario]:
    if not (
        user.is_authenticated and user.organization_id and permissions.is_owner_side_of(user, user.organization_id)
    ):
        return Scenario.objects.none()
    return Scenario.objects.filter(owner_id=user.organization_id, status="published").order_by("-published_at")


def application_attachments(application: Application) -> QuerySet[Attachment]:
    """Only for a viewer who already passed application_get_for_user."""
    return attachments_of(application)


def milestone_attachments(milestones: list[Milestone]) -> dict[int, list[Attachment]]:
    if not milestones:
        return {}
    content_type = ContentType.objects.get_for_model(Milestone)
    result: dict[int, list[Attachment]] = {m.pk: [] for m in milestones}
    for attachment in Attachment.objects.filter(content_type=content_type, object_id__in=list(result)):
        result[attachment.object_id].append(attachment)
    return result
