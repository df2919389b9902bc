"""Who may do what with a scenario. Services and selectors call these; templates only mirror them."""

from typing import Any

from scenebridge.accounts.models import Role
from scenebridge.accounts.permissions import acts_for, is_operator
from scenebridge.core.workflow import PUBLIC_STATES, Side
from scenebridge.scenarios.models import Scenario

OWNER_ROLES = frozenset({Role.OWNER})


def is_owner_side(user: Any, scenario: Scenario) -> bool:
    return acts_for(user, scenario.owner_id, OWNER_ROLES)


def acts_for_owners(user: Any) -> bool:
    """A member who may act for their organization's scenarios (whichever they are)."""
    return bool(
        user.is_authenticated and user.is_active and user.organization_id and user.role in (Role.OWNER, Role.ORG_ADMIN)
    )


def can_create(user: Any) -> bool:
    return acts_for_owners(user)


def can_view(user: Any, scenario: Scenario) -> bool:
    return scenario.status in PUBLIC_STATES or is_owner_side(user, scenario) or is_operator(user)


def can_view_confidential(user: Any, scenario: Scenario) -> bool:
    return is_owner_side(user, scenario) or is_operator(user)


def can_edit(user: Any, scenario: Scenario) -> bool:
    return is_owner_side(user, scenario)


def sides(user: Any, scenario: Scenario) -> set[str]:
    result: set[str] = set()
    if is_owner_side(user, scenario):
        result.add(Side.OWNER)
    if is_operator(user):
        result.add(Side.OPERATOR)
    return result
