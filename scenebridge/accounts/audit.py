"""Reading the audit trail: the operator's inspection tool (page and API)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from scenebridge.accounts.permissions import can_view_audit
from scenebridge.core.errors import PermissionDeniedError
from scenebridge.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    model: str = ""
    actor: str = ""
    object_id: str = ""
    date_from: str = ""
    date_to: str = ""


def audit_event_list(user: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    if not can_view_audit(user):
        raise PermissionDeniedError()
    queryset = AuditEvent.objects.select_related("content_type", "organization")
    if filters.action:
        queryset = queryset.filter(action=filters.action)
    if filters.model:
        queryset = queryset.filter(content_type__model=filters.model)
    if filters.actor:
        queryset = queryset.filter(actor_name=filters.actor)
    if filters.object_id:
        queryset = queryset.filter(object_id=filters.object_id)
    if filters.date_from:
        queryset = queryset.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(occurred_at__date__lte=filters.date_to)
    return queryset


def audit_models() -> list[ContentType]:
    ids = AuditEvent.objects.values_list("content_type_id", flat=True).distinct()
    return list(ContentType.objects.filter(id__in=ids))


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())
