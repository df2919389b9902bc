"""Who may act on recommendations, connections (对接), subscriptions and the index's health."""

from typing import Any

from scenebridge.accounts.models import Role
from scenebridge.accounts.permissions import acts_for, is_operator
from scenebridge.catalog import permissions as catalog_permissions
from scenebridge.catalog.models import Offer, Resource
from scenebridge.core.workflow import ReviewStatus
from scenebridge.scenarios import permissions as scenario_permissions
from scenebridge.scenarios.models import Scenario

PARTY_ROLES = frozenset({Role.OWNER, Role.SUPPLIER})


def supply_of(offer: Offer | None, resource: Resource | None) -> Offer | Resource:
    supply = offer if offer is not None else resource
    assert supply is not None
    return supply


def can_judge(user: Any, scenario: Scenario, supply: Offer | Resource) -> bool:
    """相关 / 不相关: the scenario's owner side or the offer's (resource's) provider side."""
    return scenario_permissions.is_owner_side(user, scenario) or catalog_permissions.is_provider_side(user, supply)


def can_connect(user: Any, scenario: Scenario, supply: Offer | Resource) -> bool:
    """Either side may start a connection, on published items of another organization."""
    published = scenario.status == ReviewStatus.PUBLISHED and supply.status == ReviewStatus.PUBLISHED
    different = scenario.owner_id != supply.provider_id
    return published and different and can_judge(user, scenario, supply)


def is_party(user: Any, connection: Any) -> bool:
    return acts_for(user, connection.initiator_organization_id, PARTY_ROLES) or is_counterpart(user, connection)


def is_counterpart(user: Any, connection: Any) -> bool:
    return acts_for(user, connection.counterpart_organization_id, PARTY_ROLES)


def can_view_health(user: Any) -> bool:
    return is_operator(user)


def can_subscribe(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)
