"""Reads of matching, filtered by what the viewer may see: panels, the 对接 inbox, subscriptions, health."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from scenebridge.catalog import permissions as catalog_permissions
from scenebridge.catalog import selectors as catalog_selectors
from scenebridge.catalog.models import Offer
from scenebridge.core.errors import NotFoundError, PermissionDeniedError
from scenebridge.core.workflow import ReviewStatus
from scenebridge.matching import indexing, permissions, states
from scenebridge.matching.models import Connection, Direction, Subscription
from scenebridge.matching.recommendations import (
    PanelFilters,
    Recommendation,
    RecommendationList,
    organization_recommendations,
    recommendations,
)
from scenebridge.scenarios import permissions as scenario_permissions
from scenebridge.scenarios import selectors as scenario_selectors
from scenebridge.taxonomy.models import Domain, Region

DETAIL_URLS = {"need": "scenarios:detail", "offer": "catalog:offer_detail", "resource": "catalog:resource_detail"}
SECTION_TITLES = {
    "offers": gettext_lazy("Recommended offers"),
    "resources": gettext_lazy("Recommended resources"),
    "similar": gettext_lazy("Similar scenarios"),
    "scenarios": gettext_lazy("Scenarios that suit you"),
}


@dataclass(frozen=True)
class PanelRow:
    result: Recommendation
    url: str
    scenario_uuid: str
    supply_field: str  # "offer" | "resource"
    supply_uuid: str


@dataclass(frozen=True)
class PanelSection:
    name: str
    title: Any
    direction: str
    rows: list[PanelRow]
    semantic: bool
    actionable: bool


def _section(name: str, listing: RecommendationList, can_act: bool) -> PanelSection:
    rows = []
    for result in listing.results:
        if result.kind == "need":
            scenario, supply = result.item, listing.query
        else:
            scenario, supply = listing.query, result.item
        supply_field = "offer" if isinstance(supply, Offer) else "resource"
        url = reverse(DETAIL_URLS[result.kind], args=[result.item.uuid])
        rows.append(PanelRow(result, url, str(scenario.uuid), supply_field, str(supply.uuid)))
    return PanelSection(
        name, SECTION_TITLES[name], listing.direction, rows, listing.semantic, can_act and name != "similar"
    )


@dataclass(frozen=True)
class Panel:
    kind: str  # "scenario" | "offer" | "resource"
    record: Any
    sections: list[PanelSection]
    can_act: bool
    filters: PanelFilters
    provinces: list[Region] = field(default_factory=list)
    domains: list[Domain] = field(default_factory=list)


def _choices() -> dict[str, Any]:
    return {
        "provinces": list(Region.objects.filter(level="province").order_by("code")),
        "domains": list(Domain.objects.filter(active=True)),
    }


def scenario_panel(user: Any, uuid: Any, filters: PanelFilters) -> Panel:
    scenario = scenario_selectors.scenario_get_for_user(user, uuid)
    can_act = scenario.status == ReviewStatus.PUBLISHED and scenario_permissions.is_owner_side(user, scenario)
    sections = [
        _section("offers", recommendations(user, Direction.SCENARIO_OFFERS, scenario, filters=filters), can_act),
        _section(
            "resources",
            recommendations(user, Direction.SCENARIO_RESOURCES, scenario, filters=filters, top=5),
            can_act,
        ),
        _section("similar", recommendations(user, "similar_scenarios", scenario, top=5), can_act),
    ]
    return Panel("scenario", scenario, sections, can_act, filters, **_choices())


def offer_panel(user: Any, uuid: Any, filters: PanelFilters) -> Panel:
    offer = catalog_selectors.offer_get_for_user(user, uuid)
    can_act = offer.status == ReviewStatus.PUBLISHED and catalog_permissions.is_provider_side(user, offer)
    listing = recommendations(user, Direction.OFFER_SCENARIOS, offer, filters=filters)
    return Panel("offer", offer, [_section("scenarios", listing, can_act)], can_act, filters, **_choices())


def resource_panel(user: Any, uuid: Any, filters: PanelFilters) -> Panel:
    resource = catalog_selectors.resource_get_for_user(user, uuid)
    can_act = resource.status == ReviewStatus.PUBLISHED and catalog_permissions.is_provider_side(user, resource)
    listing = recommendations(user, Direction.RESOURCE_SCENARIOS, resource, filters=filters)
    return Panel("resource", resource, [_section("scenarios", listing, can_act)], can_act, filters, **_choices())


def organization_scenarios(user: Any) -> RecommendationList:
    """适合您的场景: scenarios for all the viewer's organization's offers."""
    if not user.is_authenticated or not user.organization_id:
        raise PermissionDeniedError()
    return organization_recommendations(user, user.organization_id)


# connections ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConnectionRow:
    connection: Connection
    incoming: bool
    actions: list[tuple[str, str, bool]]  # (action, label, irreversible)


def _connections(user: Any) -> QuerySet[Connection]:
    if not user.is_authenticated or not user.organization_id:
        return Connection.objects.none()
    mine = Q(initiator_organization_id=user.organization_id) | Q(counterpart_organization_id=user.organization_id)
    return Connection.objects.filter(mine).select_related(
        "scenario", "offer", "resource", "initiator_organization", "counterpart_organization", "initiator"
    )


def connection_inbox(user: Any) -> tuple[list[ConnectionRow], list[ConnectionRow]]:
    """(incoming, outgoing) connections of the viewer's organization, each with the steps the viewer may take."""
    incoming: list[ConnectionRow] = []
    outgoing: list[ConnectionRow] = []
    for connection in _connections(user)[:200]:
        initiator = permissions.acts_for(user, connection.initiator_organization_id, permissions.PARTY_ROLES)
        counterpart = permissions.is_counterpart(user, connection)
        actions = [
            (action, str(states.ACTION_LABELS[action]), states.STEPS[action].irreversible)
            for action in states.allowed(connection.status, initiator=initiator, counterpart=counterpart)
        ]
        row = ConnectionRow(connection, connection.counterpart_organization_id == user.organization_id, actions)
        (incoming if row.incoming else outgoing).append(row)
    return incoming, outgoing


def connection_list(user: Any) -> QuerySet[Connection]:
    return _connections(user)


def connection_get_for_user(user: Any, connection_id: int) -> Connection:
    connection = _connections(user).filter(pk=connection_id).first()
    if connection is None:
        raise NotFoundError()
    return connection


# subscriptions and health -----------------------------------------------------------------------------------------
def subscription_list(user: Any) -> QuerySet[Subscription]:
    if not user.is_authenticated:
        return Subscription.objects.none()
    return (
        Subscription.objects.filter(user=user).select_related("domain", "region").annotate(alert_count=Count("alerts"))
    )


def health_for(user: Any) -> indexing.IndexHealth:
    if not permissions.can_view_health(user):
        raise PermissionDeniedError()
    return indexing.index_health()
