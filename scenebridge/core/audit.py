"""The audit trail: every create, state change and edit is written here by the service that made it."""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from scenebridge.core.models import AuditEvent
from scenebridge.core.request_context import current_request_id


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` of `obj` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            data[name] = sorted((obj.pk and getattr(obj, name).values_list("pk", flat=True)) or [])
        elif field.is_relation:
            data[name] = getattr(obj, field.attname)  # type: ignore[union-attr]
        else:
            data[name] = _plain(getattr(obj, name))
    return data


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, on both sides."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_name=(actor.get_username() if authenticated else "system")[:150],
        organization_id=getattr(actor, "organization_id", None) if authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before or {},
        after=after or {},
        request_id=current_request_id(),
    )
