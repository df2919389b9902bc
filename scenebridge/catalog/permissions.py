"""Who may do what with offers (suppliers) and resources (any organization that opens them)."""

from typing import Any

from scenebridge.accounts.models import Role
from scenebridge.accounts.permissions import acts_for, is_operator
from scenebridge.catalog.models import Offer, Resource
from scenebridge.core.workflow import PUBLIC_STATES, Side

OFFER_ROLES = frozenset({Role.SUPPLIER})
RESOURCE_ROLES = frozenset({Role.SUPPLIER, Role.OWNER})


def _roles(record: Offer | Resource) -> frozenset[str]:
    return OFFER_ROLES if isinstance(record, Offer) else RESOURCE_ROLES


def acts_for_providers(user: Any, roles: frozenset[str]) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.organization_id
        and (user.role in roles or user.role == Role.ORG_ADMIN)
    )


def is_provider_side(user: Any, record: Offer | Resource) -> bool:
    return acts_for(user, record.provider_id, _roles(record))


def can_create_offer(user: Any) -> bool:
    return acts_for_providers(user, OFFER_ROLES)


def can_create_resource(user: Any) -> bool:
    return acts_for_providers(user, RESOURCE_ROLES)


def can_view(user: Any, record: Offer | Resource) -> bool:
    return record.status in PUBLIC_STATES or is_provider_side(user, record) or is_operator(user)


def can_view_confidential(user: Any, record: Offer | Resource) -> bool:
    return is_provider_side(user, record) or is_operator(user)


def can_edit(user: Any, record: Offer | Resource) -> bool:
    return is_provider_side(user, record)


def sides(user: Any, record: Offer | Resource) -> set[str]:
    result: set[str] = set()
    if is_provider_side(user, record):
        result.add(Side.OWNER)
    if is_operator(user):
        result.add(Side.OPERATOR)
    return result
