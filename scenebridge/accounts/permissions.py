"""Who acts for which organization. Apps build their `can_<verb>` functions on these."""

from typing import Any

from scenebridge.accounts.models import Organization, Role


def is_operator(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.role == Role.OPERATOR)


def acts_for(user: Any, organization_id: int | None, roles: frozenset[str]) -> bool:
    """True when `user` is an active member of the organization in one of `roles` (or its administrator)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and organization_id is not None
        and user.organization_id == organization_id
        and (user.role in roles or user.role == Role.ORG_ADMIN)
    )


def can_edit_organization(user: Any, organization: Organization) -> bool:
    return is_operator(user) or acts_for(user, organization.pk, frozenset())


def can_view_audit(user: Any) -> bool:
    return is_operator(user)
