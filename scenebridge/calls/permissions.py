"""Who may do what with calls, submissions and lists."""

from typing import Any

from django.contrib.contenttypes.models import ContentType

from scenebridge.accounts.models import Role
from scenebridge.accounts.permissions import acts_for, is_operator
from scenebridge.calls.models import Call, CallStatus, CallSubmission, ListStatus, ScenarioList
from scenebridge.reviews.models import PanelItem
from scenebridge.reviews.permissions import may_access_item

OWNER_ROLES = frozenset({Role.OWNER})


def can_manage(user: Any) -> bool:
    """Open calls, form panels, decide, compose and publish lists: the platform operator."""
    return is_operator(user)


def can_view_call(user: Any, call: Call) -> bool:
    return call.status != CallStatus.DRAFT or is_operator(user)


def acts_for_owner(user: Any, organization_id: int | None) -> bool:
    return acts_for(user, organization_id, OWNER_ROLES)


def may_submit_for(user: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.organization_id
        and user.role in (Role.OWNER, Role.ORG_ADMIN)
    )


def can_view_submission(user: Any, submission: CallSubmission) -> bool:
    """The whole submitted scenario, confidential parts included: the operator, the submitting organization, and
    the panel's experts who may review it (not their own organization, no declared conflict)."""
    if is_operator(user) or acts_for_owner(user, submission.organization_id):
        return True
    items = PanelItem.objects.filter(
        content_type=ContentType.objects.get_for_model(CallSubmission), object_id=submission.pk
    ).select_related("panel")
    return any(may_access_item(user, item) for item in items)


def can_view_list(user: Any, scenario_list: ScenarioList) -> bool:
    return scenario_list.status == ListStatus.PUBLISHED or is_operator(user)
