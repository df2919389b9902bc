"""Offer and resource pages. Lists are this app's own; reading, writing and acting go through core.RecordPages."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from scenebridge.accounts.models import OrganizationType
from scenebridge.catalog import permissions, selectors, services
from scenebridge.catalog.forms import OfferForm, ResourceForm
from scenebridge.catalog.models import OfferKind, ResourceType
from scenebridge.core.record_views import RecordPages
from scenebridge.core.web import facet, page_of, query_without
from scenebridge.core.workflow import ReviewStatus
from scenebridge.taxonomy import selectors as taxonomy

FILTER_NAMES = (
    "q",
    "domain",
    "region",
    "tag",
    "status",
    "org_type",
    "provider",
    "trl",
    "kind",
    "type",
    "sort",
)


def filters_from(params: Any) -> selectors.CatalogFilters:
    get = params.get
    values = {name: (get(name) or "").strip()[:100] for name in FILTER_NAMES}
    return selectors.CatalogFilters(**values, mine=get("mine") in ("1", "true", True))


def _common_facets(request: HttpRequest) -> dict[str, list[object]]:
    facets: dict[str, list[object]] = {
        "region": list(facet(request, "region", [(r.code, r.name) for r in taxonomy.provinces()])),
        "tag": list(facet(request, "tag", [(t.code, t.name) for t in taxonomy.tags()])),
        "org_type": list(facet(request, "org_type", list(OrganizationType.choices))),
    }
    if request.user.is_authenticated:
        facets["status"] = list(facet(request, "status", list(ReviewStatus.choices)))
    return facets


def offer_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request.GET)
    page = page_of(request, selectors.offer_list(request.user, filters))
    counts = selectors.offer_facets(request.user, filters)
    at_least = {str(n): sum(c for t, c in counts["trl"].items() if int(t) >= n) for n in range(1, 10)}
    facets = {
        "domain": facet(request, "domain", [(d.code, d.name) for d in taxonomy.domains()], counts["domain"]),
        "trl": facet(request, "trl", [(str(n), f"TRL ≥ {n}") for n in range(9, 0, -1)], at_least),
        "kind": facet(request, "kind", list(OfferKind.choices)),
        **_common_facets(request),
    }
    context = {"page_obj": page, "filters": filters, "facets": facets, "base_query": query_without(request)}
    return render(request, "catalog/offer_list.html", context | {"offer_facets": True})


def resource_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request.GET)
    page = page_of(request, selectors.resource_list(request.user, filters))
    counts = selectors.resource_facets(request.user, filters)
    facets = {
        "type": facet(request, "type", list(ResourceType.choices), counts["type"]),
        "domain": facet(request, "domain", [(d.code, d.name) for d in taxonomy.domains()]),
        **_common_facets(request),
    }
    context = {"page_obj": page, "filters": filters, "facets": facets, "base_query": query_without(request)}
    return render(request, "catalog/resource_list.html", context)


offer_pages = RecordPages(
    name="offer",
    namespace="catalog",
    template_dir="catalog",
    form_class=OfferForm,
    get_for_user=selectors.offer_get_for_user,
    present=selectors.present,
    related=selectors.offer_related,
    can_create=permissions.can_create_offer,
    can_edit=permissions.can_edit,
    can_view_confidential=permissions.can_view_confidential,
    sides=permissions.sides,
    create=services.offer_create,
    update=lambda *, actor, pk, data, note: services.offer_update(actor=actor, offer_id=pk, data=data, note=note),
    transition=lambda *, actor, pk, action, reason="": services.offer_transition(
        actor=actor, offer_id=pk, action=action, reason=reason
    ),
    attach=services.record_attach,
    detach=services.record_detach,
    denied_message=_("Only suppliers and organization administrators can publish offers."),
    prefixed=True,
)

resource_pages = RecordPages(
    name="resource",
    namespace="catalog",
    template_dir="catalog",
    form_class=ResourceForm,
    get_for_user=selectors.resource_get_for_user,
    present=selectors.present,
    related=lambda resource: [],
    can_create=permissions.can_create_resource,
    can_edit=permissions.can_edit,
    can_view_confidential=permissions.can_view_confidential,
    sides=permissions.sides,
    create=services.resource_create,
    update=lambda *, actor, pk, data, note: services.resource_update(actor=actor, resource_id=pk, data=data, note=note),
    transition=lambda *, actor, pk, action, reason="": services.resource_transition(
        actor=actor, resource_id=pk, action=action, reason=reason
    ),
    attach=services.record_attach,
    detach=services.record_detach,
    denied_message=_("Only member organizations' suppliers, scenario owners and administrators can open resources."),
    prefixed=True,
)
