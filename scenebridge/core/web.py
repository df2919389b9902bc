"""Shared pieces of the server-rendered pages: service errors onto forms, query-string filters, paging."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scenebridge.core.errors import ApplicationError
from scenebridge.core.pagination import PageRequest, paginate


def add_service_errors(form: forms.BaseForm, error: ApplicationError) -> None:
    """Put a service's per-field messages next to the fields they concern."""
    if not error.fields:
        form.add_error(None, str(error.message))
    for name, messages in error.fields.items():
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, str(message))


def render_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return render(request, "error.html", {"error": error}, status=error.status)


def page_of(request: HttpRequest, queryset: Any) -> Any:
    return paginate(queryset, PageRequest.from_params(request.GET.get("page"), request.GET.get("size")))


def query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    return params.urlencode()


class FacetOption:
    def __init__(self, value: str, label: Any, count: int | None, url: str, active: bool) -> None:
        self.value, self.label, self.count, self.url, self.active = value, label, count, url, active


def facet(
    request: HttpRequest, name: str, options: list[tuple[str, Any]], counts: dict[str, int] | None = None
) -> list[FacetOption]:
    """Links that set (or, when already chosen, clear) one filter, keeping the others."""
    current = request.GET.get(name, "")
    result = []
    for value, label in options:
        params = request.GET.copy()
        params.pop("page", None)
        if value == current:
            params.pop(name, None)
        else:
            params[name] = value
        count = None if counts is None else counts.get(value, 0)
        if counts is not None and not count and value != current:
            continue
        result.append(FacetOption(value, label, count, "?" + params.urlencode(), value == current))
    return result


def record_context(record: Any, *, sides: set[str], can_edit: bool, can_see_confidential: bool) -> dict[str, Any]:
    """What every reviewed record's detail page shows besides its own fields."""
    from scenebridge.core.attachments import attachments_of
    from scenebridge.core.lifecycle import versions_of
    from scenebridge.core.workflow import ACTION_LABELS, TRANSITIONS, available_actions

    actions = [
        {"code": a, "label": ACTION_LABELS[a], "needs_reason": TRANSITIONS[a].needs_reason}
        for a in available_actions(record.status, sides)
    ]
    return {
        "actions": actions,
        "can_edit": can_edit,
        "attachments": attachments_of(record, include_confidential=can_see_confidential),
        "versions": versions_of(record),
    }
