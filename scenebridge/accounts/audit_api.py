"""Audit trail API for the operator."""

import datetime
from typing import Any

from ninja import Query, Router, Schema

from scenebridge.accounts import audit as selectors
from scenebridge.accounts.api_auth import WRITE_AUTH
from scenebridge.core.api_support import page_response

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    occurred_at: datetime.datetime
    actor: str
    organization_id: int | None
    action: str
    object_type: str
    object_id: str
    object: str
    before: dict[str, Any]
    after: dict[str, Any]
    request_id: str


class AuditPage(Schema):
    count: int
    page: int
    size: int
    results: list[AuditEventOut]


class AuditQuery(Schema):
    action: str = ""
    model: str = ""
    actor: str = ""
    object_id: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    page: int = 1
    size: int = 50


def _out(event: Any) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at,
        "actor": event.actor_name,
        "organization_id": event.organization_id,
        "action": event.action,
        "object_type": event.content_type.model,
        "object_id": event.object_id,
        "object": event.object_repr,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
    }


@router.get("", response=AuditPage, auth=WRITE_AUTH)
def audit_event_list(request: Any, query: Query[AuditQuery]) -> Any:
    filters = selectors.AuditFilters(
        action=query.action,
        model=query.model,
        actor=query.actor,
        object_id=query.object_id,
        date_from=query.date_from.isoformat() if query.date_from else "",
        date_to=query.date_to.isoformat() if query.date_to else "",
    )
    return page_response(selectors.audit_event_list(request.user, filters), query.page, query.size, _out)
