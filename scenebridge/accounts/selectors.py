"""Reads of organizations, their members and people's API tokens."""

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from scenebridge.accounts.models import ApiToken, Organization, User
from scenebridge.accounts.permissions import can_edit_organization, is_operator
from scenebridge.core import search
from scenebridge.core.errors import NotFoundError
from scenebridge.core.ranking import order_by_ranking


@dataclass(frozen=True)
class OrganizationFilters:
    q: str = ""
    type: str = ""
    region: str = ""  # a province: its code or the first two digits of any code in it
    qualification: str = ""


def _filtered(filters: OrganizationFilters) -> QuerySet[Organization]:
    queryset = Organization.objects.all()
    if filters.type:
        queryset = queryset.filter(type=filters.type)
    if filters.region:
        queryset = queryset.filter(region__code__startswith=filters.region[:2])
    if filters.qualification:
        queryset = queryset.filter(qualifications__code=filters.qualification)
    return queryset


def organization_list(filters: OrganizationFilters) -> QuerySet[Organization]:
    """Organizations are public profiles: everyone sees the same list, by relevance when searching, else by name."""
    queryset = _filtered(filters).select_related("region", "region__parent").prefetch_related("qualifications")
    if filters.q.strip():
        return order_by_ranking(queryset, search.ranked_ids("organization", filters.q))
    return queryset.order_by("name", "pk")


def organization_facets(filters: OrganizationFilters) -> dict[str, dict[str, int]]:
    """Counts per facet value (ignoring the facet's own filter), one query per facet."""
    province = Substr("region_id", 1, 2)  # the region's GB/T 2260 code is its primary key
    groups = {"type": ("type", None), "region": ("province", province), "qualification": ("qualifications__code", None)}
    found = search.ranked_ids("organization", filters.q) if filters.q.strip() else None
    result: dict[str, dict[str, int]] = {}
    for name, (field, expression) in groups.items():
        queryset = _filtered(replace(filters, **{name: ""}))  # type: ignore[arg-type]
        if found is not None:
            queryset = queryset.filter(pk__in=found)
        if expression is not None:
            queryset = queryset.annotate(**{field: expression})
        rows = queryset.values(field).annotate(n=Count("id", distinct=True)).order_by()
        result[name] = {_facet_key(name, row[field]): row["n"] for row in rows if row[field]}
    return result


def _facet_key(name: str, value: str) -> str:
    return f"{value}0000" if name == "region" else value


def organization_get(uuid: Any) -> Organization:
    organization = (
        Organization.objects.select_related("region", "region__parent")
        .prefetch_related("qualifications")
        .filter(uuid=uuid)
        .first()
    )
    if organization is None:
        raise NotFoundError()
    return organization


def organization_contact_visible(user: Any, organization: Organization) -> bool:
    """The contact e-mail is for the organization's own people and the operator; the rest of the profile is public."""
    member = bool(getattr(user, "is_authenticated", False) and user.organization_id == organization.pk)
    return member or is_operator(user) or can_edit_organization(user, organization)


def organization_members(organization: Organization) -> QuerySet[User]:
    return organization.members.order_by("-is_active", "role", "username")


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user_id=user.pk).order_by("revoked", "-created_at")
