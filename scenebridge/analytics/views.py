"""The home page, the operator's console with its review queue and audit trail, and each user's workbench."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scenebridge.accounts import audit
from scenebridge.analytics import selectors
from scenebridge.core.web import page_of, query_without


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "figures": selectors.platform_figures(),
        "latest_scenarios": selectors.latest_scenarios(),
        "latest_offers": selectors.latest_offers(),
        "by_domain": selectors.scenarios_by_domain(),
    }
    return render(request, "analytics/home.html", context)


@login_required
def console(request: HttpRequest) -> HttpResponse:
    queue = selectors.review_queue(request.user)
    return render(request, "analytics/console.html", {"queue": queue, "figures": selectors.platform_figures()})


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    return render(request, "analytics/workbench.html", {"mine": selectors.my_records(request.user)})


def _valid_date(value: str) -> str:
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        return ""


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    get = request.GET
    filters = audit.AuditFilters(
        action=get.get("action", "")[:64],
        model=get.get("model", "")[:100],
        actor=get.get("actor", "")[:150],
        object_id=get.get("object_id", "")[:64],
        date_from=_valid_date(get.get("date_from", "")),
        date_to=_valid_date(get.get("date_to", "")),
    )
    page = page_of(request, audit.audit_event_list(request.user, filters))
    context = {
        "page_obj": page,
        "filters": filters,
        "actions": audit.audit_actions(),
        "models": audit.audit_models(),
        "base_query": query_without(request),
    }
    return render(request, "analytics/audit_list.html", context)
