"""Who may manage a panel, score an item and read scores."""

from typing import Any

from django.utils import timezone

from scenebridge.accounts.models import Role
from scenebridge.accounts.permissions import is_operator
from scenebridge.reviews.models import Conflict, Panel, PanelItem, PanelMember, PanelStatus


def is_expert(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.role == Role.EXPERT)


def can_manage_panel(user: Any) -> bool:
    return is_operator(user)


def member_of(user: Any, panel: Panel) -> PanelMember | None:
    if not is_expert(user):
        return None
    return PanelMember.objects.filter(panel_id=panel.pk, expert_id=user.pk).first()


def scoring_open(item: PanelItem) -> bool:
    now = timezone.now()
    panel = item.panel
    return (
        panel.status == PanelStatus.OPEN
        and (panel.closes_at is None or now < panel.closes_at)
        and (item.scoring_closes_at is None or now < item.scoring_closes_at)
    )


def may_access_item(user: Any, item: PanelItem) -> bool:
    """A member of the item's panel, not from the item's organization, without a declared conflict."""
    member = member_of(user, item.panel)
    return bool(
        member is not None
        and user.organization_id != item.owner_organization_id
        and not Conflict.objects.filter(member=member, item=item).exists()
    )


def can_score(user: Any, item: PanelItem) -> bool:
    return scoring_open(item) and may_access_item(user, item)


def can_declare_conflict(user: Any, item: PanelItem) -> bool:
    return scoring_open(item) and may_access_item(user, item)


def can_view_scores(user: Any, item: PanelItem) -> bool:
    """Everyone's scores: the operator always, panel members once the panel has closed."""
    if is_operator(user):
        return True
    return item.panel.status == PanelStatus.CLOSED and member_of(user, item.panel) is not None


def can_view_results(user: Any, panel: Panel) -> bool:
    if is_operator(user):
        return True
    return panel.status == PanelStatus.CLOSED and member_of(user, panel) is not None
