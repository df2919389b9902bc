"""Scenario pages. The list is this app's own; reading, writing and acting go through core.RecordPages."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from scenebridge.accounts.models import OrganizationType
from scenebridge.core.record_views import RecordPages
from scenebridge.core.web import facet, page_of, query_without
from scenebridge.core.workflow import ReviewStatus
from scenebridge.scenarios import permissions, selectors, services
from scenebridge.scenarios.forms import ScenarioForm
from scenebridge.taxonomy import selectors as taxonomy

FILTER_NAMES = ("q", "domain", "region", "level", "kind", "tag", "status", "org_type", "owner", "sort")


def filters_from(params: Any) -> selectors.ScenarioFilters:
    get = params.get
    values = {name: (get(name) or "").strip()[:100] for name in FILTER_NAMES}
    return selectors.ScenarioFilters(**values, mine=get("mine") in ("1", "true", True))


def scenario_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request.GET)
    page = page_of(request, selectors.scenario_list(request.user, filters))
    counts = selectors.scenario_facets(request.user, filters)
    facets = {
        "domain": facet(request, "domain", [(d.code, d.name) for d in taxonomy.domains()], counts["domain"]),
        "level": facet(request, "level", [(x.code, x.name) for x in taxonomy.levels()], counts["level"]),
        "kind": facet(request, "kind", [(x.code, x.name) for x in taxonomy.kinds()], counts["kind"]),
        "region": facet(request, "region", [(r.code, r.name) for r in taxonomy.provinces()]),
        "tag": facet(request, "tag", [(t.code, t.name) for t in taxonomy.tags()]),
        "org_type": facet(request, "org_type", list(OrganizationType.choices)),
    }
    if request.user.is_authenticated:
        facets["status"] = facet(request, "status", list(ReviewStatus.choices))
    context = {"page_obj": page, "filters": filters, "facets": facets, "base_query": query_without(request)}
    return render(request, "scenarios/list.html", context)


pages = RecordPages(
    name="scenario",
    namespace="scenarios",
    template_dir="scenarios",
    form_class=ScenarioForm,
    get_for_user=selectors.scenario_get_for_user,
    present=selectors.scenario_present,
    related=selectors.scenario_related,
    can_create=permissions.can_create,
    can_edit=permissions.can_edit,
    can_view_confidential=permissions.can_view_confidential,
    sides=permissions.sides,
    create=services.scenario_create,
    update=lambda *, actor, pk, data, note: services.scenario_update(actor=actor, scenario_id=pk, data=data, note=note),
    transition=lambda *, actor, pk, action, reason="": services.scenario_transition(
        actor=actor, scenario_id=pk, action=action, reason=reason
    ),
    attach=lambda *, actor, record, upload, confidential: services.scenario_attach(
        actor=actor, scenario=record, upload=upload, confidential=confidential
    ),
    detach=lambda *, actor, record, attachment_uuid: services.scenario_detach(
        actor=actor, scenario=record, attachment_uuid=attachment_uuid
    ),
    denied_message=_("Only scenario owners and organization administrators can publish scenarios."),
)
