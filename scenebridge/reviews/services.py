"""Every write to a panel: create, add members and items, declare conflicts, score, close."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.accounts.models import Role, User
from scenebridge.accounts.permissions import is_operator
from scenebridge.core.audit import audit_record
from scenebridge.core.decisions import decision_record
from scenebridge.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from scenebridge.core.validators import validate_plain_text
from scenebridge.notifications.services import notify
from scenebridge.reviews import permissions, rules
from scenebridge.reviews.models import Conflict, Panel, PanelItem, PanelMember, PanelResult, PanelStatus, Score


def lock_panel(panel_id: int) -> Panel:
    panel = Panel.objects.select_for_update().filter(pk=panel_id).first()
    if panel is None:
        raise NotFoundError()
    return panel


def lock_item(item_id: int) -> PanelItem:
    item = PanelItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFoundError()
    return item


def _is_system(actor: Any) -> bool:
    return actor is None or not getattr(actor, "is_authenticated", False)


def _require_manager(actor: Any, *, system_allowed: bool = False) -> None:
    if not (is_operator(actor) or (system_allowed and _is_system(actor))):
        raise PermissionDeniedError()


def _plain(field: str, value: str) -> None:
    try:
        validate_plain_text(value)
    except ValidationError as error:
        raise ValidationFailedError(fields={field: list(error.messages)}) from error


def _require_open(panel: Panel) -> None:
    if panel.status != PanelStatus.OPEN:
        raise InvalidTransitionError(_("The panel is closed."))


def panel_create(
    *, actor: Any, target: models.Model, title: str, rubric: list[dict[str, Any]], closes_at: Any = None
) -> Panel:
    _require_manager(actor, system_allowed=True)
    _plain("title", title)
    errors = rules.rubric_errors(rubric)
    if not title.strip():
        raise ValidationFailedError(fields={"title": [_("This field is required.")]})
    if errors:
        raise ValidationFailedError(fields={"rubric": errors})
    panel = Panel.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        title=title.strip()[:200],
        rubric=rubric,
        closes_at=closes_at,
        created_by=None if _is_system(actor) else actor,
    )
    audit_record(actor=actor, action="panel_create", obj=panel, after={"title": panel.title, "rubric": rubric})
    return panel


def panel_member_add(*, actor: Any, panel_id: int, expert_id: int) -> PanelMember:
    """Adds an expert to an open panel; adding the same expert twice changes nothing."""
    _require_manager(actor, system_allowed=True)
    with transaction.atomic():
        panel = lock_panel(panel_id)
        _require_open(panel)
        expert = User.objects.filter(pk=expert_id, role=Role.EXPERT, is_active=True).first()
        if expert is None:
            raise ValidationFailedError(fields={"expert": [_("Choose an active expert reviewer.")]})
        member, created = PanelMember.objects.get_or_create(panel=panel, expert=expert)
        if created:
            audit_record(actor=actor, action="panel_member_add", obj=panel, after={"expert": expert.pk})
            notify(
                recipients=[expert],
                kind="panel_member_added",
                title=_("You have been invited to the expert panel “%(title)s”") % {"title": panel.title},
                body=_("Open your review queue to score the items assigned to you."),
                url=_url("reviews:queue"),
                dedupe_key=f"panel:{panel.pk}:member:{expert.pk}",
            )
    return member


def panel_item_add(
    *,
    actor: Any,
    panel_id: int,
    item: models.Model,
    owner_organization_id: int,
    label: str,
    material_url: str = "",
    scoring_closes_at: Any = None,
) -> PanelItem:
    """Puts an item (submission, application) under review; called by the calls and challenges services."""
    _require_manager(actor, system_allowed=True)
    _plain("label", label)
    with transaction.atomic():
        panel = lock_panel(panel_id)
        _require_open(panel)
        panel_item, created = PanelItem.objects.get_or_create(
            panel=panel,
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            defaults={
                "owner_organization_id": owner_organization_id,
                "label": label[:200],
                "material_url": material_url[:300],
                "scoring_closes_at": scoring_closes_at,
            },
        )
        if created:
            audit_record(actor=actor, action="panel_item_add", obj=panel, after={"item": panel_item.pk, "label": label})
    return panel_item


def conflict_declare(*, actor: Any, item_id: int, note: str = "") -> Conflict:
    """The expert steps back from one item; a score already given is withdrawn, so it never counts."""
    _plain("note", note)
    with transaction.atomic():
        item = lock_item(item_id)
        if not permissions.can_declare_conflict(actor, item):
            raise PermissionDeniedError()
        member = PanelMember.objects.get(panel_id=item.panel_id, expert_id=actor.pk)
        withdrawn = Score.objects.filter(item=item, member=member)
        before = {"scored": withdrawn.exists()}
        withdrawn.delete()
        conflict = Conflict.objects.create(panel_id=item.panel_id, member=member, item=item, note=note[:300])
        audit_record(actor=actor, action="conflict_declare", obj=item, before=before, after={"member": member.pk})
    return conflict


def score_submit(*, actor: Any, item_id: int, values: dict[str, Any], comment: str = "") -> Score:
    """Creates or replaces the expert's own score. The item row is locked, so concurrent scores are serialised
    against closing: a score either lands before the panel closes or is refused."""
    _plain("comment", comment)
    with transaction.atomic():
        panel_id = PanelItem.objects.filter(pk=item_id).values_list("panel_id", flat=True).first()
        panel = lock_panel(panel_id or 0)  # panel before item, in the same order as panel_close
        item = lock_item(item_id)
        item.panel = panel
        if panel.status != PanelStatus.OPEN:
            raise InvalidTransitionError(_("The panel is closed; scores can no longer change."))
        if not permissions.can_score(actor, item):
            raise PermissionDeniedError()
        errors = rules.values_errors(panel.rubric, values)
        if errors:
            raise ValidationFailedError(fields=errors)
        member = PanelMember.objects.get(panel=panel, expert_id=actor.pk)
        score = Score.objects.filter(item=item, member=member).first()
        before = {"values": score.values, "comment": score.comment} if score else {}
        if score is None:
            score = Score.objects.create(item=item, member=member, values=dict(values), comment=comment)
        else:
            score.values, score.comment = dict(values), comment
            score.save(update_fields=["values", "comment", "updated_at"])
        audit_record(
            actor=actor, action="score_submit", obj=item, before=before, after={"values": values, "comment": comment}
        )
    return score


def _counted_scores(panel: Panel) -> dict[int, list[dict[str, float]]]:
    conflicts = set(Conflict.objects.filter(panel=panel).values_list("member_id", "item_id"))
    by_item: dict[int, list[dict[str, float]]] = {item_id: [] for item_id in panel.items.values_list("pk", flat=True)}
    for score in Score.objects.filter(item__panel=panel).order_by("item_id", "member_id"):
        if (score.member_id, score.item_id) not in conflicts:
            by_item[score.item_id].append(score.values)
    return by_item


def panel_close(*, actor: Any, panel_id: int) -> list[PanelResult]:
    """Closes the panel exactly once and stores the ranking computed by rules.aggregate / rules.rank."""
    _require_manager(actor, system_allowed=True)
    with transaction.atomic():
        panel = lock_panel(panel_id)
        if panel.status != PanelStatus.OPEN:
            raise InvalidTransitionError(_("The panel has already been closed."))
        items = list(PanelItem.objects.select_for_update().filter(panel=panel))
        outcomes = [rules.outcome(panel.rubric, item_id, s) for item_id, s in _counted_scores(panel).items()]
        ranked = rules.rank(outcomes)
        results = PanelResult.objects.bulk_create(
            [
                PanelResult(item_id=r.item_id, total=r.total, median=r.median, scores_count=r.scores_count, rank=r.rank)
                for r in ranked
            ]
        )
        panel.status, panel.closed_at = PanelStatus.CLOSED, timezone.now()
        panel.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=actor, action="panel_close", obj=panel, before={"status": "open"}, after={"status": "closed"}
        )
        labels = {item.pk: item.label for item in items}
        decision_record(
            actor=actor,
            kind="panel_closed",
            obj=panel,
            summary=_("Expert panel “%(title)s” closed with %(n)d items ranked")
            % {"title": panel.title, "n": len(ranked)},
            payload={
                "rule": "weighted total per expert; trimmed mean (drop highest and lowest when ≥ 5 scores)",
                "ranking": [
                    {
                        "item": r.item_id,
                        "label": labels[r.item_id],
                        "total": r.total,
                        "scores": r.scores_count,
                        "rank": r.rank,
                    }
                    for r in ranked
                ],
            },
        )
        _notify_closed(panel)
    return results


def _notify_closed(panel: Panel) -> None:
    experts = [m.expert for m in panel.members.select_related("expert")]
    notify(
        recipients=experts,
        kind="panel_closed",
        title=_("The expert panel “%(title)s” has closed") % {"title": panel.title},
        body=_("Scoring has ended; the results are now visible to the panel."),
        url=_url("reviews:panel", panel.uuid),
        dedupe_key=f"panel:{panel.pk}:closed",
    )


def _url(name: str, *args: Any) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
