"""Reads of panels, items and scores, filtered so that an expert never sees another's scores before closing."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from scenebridge.accounts.models import Role, User
from scenebridge.core.errors import NotFoundError
from scenebridge.reviews import permissions
from scenebridge.reviews.models import Conflict, Panel, PanelItem, PanelMember, PanelResult, PanelStatus, Score


def expert_queue(user: Any) -> QuerySet[PanelItem]:
    """Open items the expert may score, each annotated with `my_score_id` (None when not scored yet)."""
    if not permissions.is_expert(user):
        return PanelItem.objects.none()
    now = timezone.now()
    memberships = PanelMember.objects.filter(expert_id=user.pk)
    conflicted = Conflict.objects.filter(item=OuterRef("pk"), member__expert_id=user.pk)
    mine = Score.objects.filter(item=OuterRef("pk"), member__expert_id=user.pk).values("pk")[:1]
    return (
        PanelItem.objects.filter(panel__status=PanelStatus.OPEN, panel__in=memberships.values("panel_id"))
        .filter(Q(panel__closes_at__isnull=True) | Q(panel__closes_at__gt=now))
        .filter(Q(scoring_closes_at__isnull=True) | Q(scoring_closes_at__gt=now))
        .exclude(owner_organization_id=user.organization_id)
        .exclude(Exists(conflicted))
        .annotate(my_score_id=mine)
        .select_related("panel", "owner_organization")
        .order_by("panel__closes_at", "panel_id", "id")
    )


def item_get_for_expert(user: Any, item_uuid: Any) -> PanelItem:
    item = PanelItem.objects.select_related("panel", "owner_organization").filter(uuid=item_uuid).first()
    if item is None or not permissions.may_access_item(user, item):
        raise NotFoundError()
    return item


def item_scores_for_user(user: Any, item: PanelItem) -> QuerySet[Score]:
    """All scores for the operator (and members after closing); otherwise only the expert's own."""
    scores = Score.objects.filter(item=item).select_related("member__expert").order_by("member_id")
    if permissions.can_view_scores(user, item):
        return scores
    if permissions.is_expert(user):
        return scores.filter(member__expert_id=user.pk)
    return scores.none()


def panel_get_for_user(user: Any, panel_uuid: Any) -> Panel:
    panel = Panel.objects.select_related("content_type", "created_by").filter(uuid=panel_uuid).first()
    if panel is None or not (permissions.can_manage_panel(user) or permissions.member_of(user, panel)):
        raise NotFoundError()
    return panel


def panels_for_target(target: Any) -> QuerySet[Panel]:
    from django.contrib.contenttypes.models import ContentType

    return Panel.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


def panel_results(user: Any, panel: Panel) -> QuerySet[PanelResult]:
    if not permissions.can_view_results(user, panel):
        return PanelResult.objects.none()
    return PanelResult.objects.filter(item__panel=panel).select_related("item", "item__owner_organization")


@dataclass(frozen=True)
class ItemProgress:
    item: PanelItem
    scores_count: int
    eligible_count: int


def panel_progress(panel: Panel) -> list[ItemProgress]:
    """Per item: how many scores are in and how many members may score it (one query per table)."""
    members = list(panel.members.select_related("expert"))
    conflicts = set(Conflict.objects.filter(panel=panel).values_list("member_id", "item_id"))
    items = panel.items.select_related("owner_organization").annotate(n=Count("scores")).order_by("id")
    rows = []
    for item in items:
        eligible = [
            m
            for m in members
            if m.expert.organization_id != item.owner_organization_id and (m.pk, item.pk) not in conflicts
        ]
        rows.append(ItemProgress(item, item.n, len(eligible)))  # type: ignore[attr-defined]
    return rows


def experts_all() -> QuerySet[User]:
    return User.objects.filter(role=Role.EXPERT, is_active=True).select_related("organization").order_by("username")


def experts_available(panel: Panel) -> QuerySet[User]:
    return experts_all().exclude(pk__in=panel.members.values("expert_id"))
