"""Reads of offers and resources, always filtered by what the viewer may see."""

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Q, QuerySet

from scenebridge.accounts.permissions import is_operator
from scenebridge.catalog import permissions
from scenebridge.catalog.models import Offer, Resource
from scenebridge.core import search
from scenebridge.core.errors import NotFoundError
from scenebridge.core.presentation import MaskedRecord
from scenebridge.core.ranking import order_by_ranking
from scenebridge.core.workflow import PUBLIC_STATES

SORTS = {
    "newest": ("-published_at", "-created_at"),
    "updated": ("-updated_at",),
    "name": ("name",),
    "trl": ("-trl", "-published_at"),
}


@dataclass(frozen=True)
class CatalogFilters:
    q: str = ""
    domain: str = ""
    region: str = ""
    tag: str = ""
    status: str = ""
    org_type: str = ""
    provider: str = ""
    trl: str = ""
    kind: str = ""
    type: str = ""
    mine: bool = False
    sort: str = ""


def _visible(model: type[Offer] | type[Resource], user: Any, mine: bool, roles: frozenset[str]) -> QuerySet[Any]:
    queryset = model.objects.all()
    if mine:
        if not user.is_authenticated or not user.organization_id:
            return queryset.none()
        return queryset.filter(provider_id=user.organization_id)
    if is_operator(user):
        return queryset
    public = Q(status__in=PUBLIC_STATES)
    if permissions.acts_for_providers(user, roles):
        return queryset.filter(public | Q(provider_id=user.organization_id))
    return queryset.filter(public)


def _region_prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4]


def _filter(queryset: QuerySet[Any], filters: CatalogFilters, *, offers: bool) -> QuerySet[Any]:
    if filters.domain:
        queryset = queryset.filter(domains__code=filters.domain)
    if filters.region:
        prefix = _region_prefix(filters.region)
        if offers:  # an offer is in a region if it may be deployed there (no listed regions = anywhere)
            queryset = queryset.filter(
                Q(deployable_regions__code__startswith=prefix) | Q(deployable_regions__isnull=True)
            )
        else:
            queryset = queryset.filter(region__code__startswith=prefix)
    if filters.tag:
        queryset = queryset.filter(tags__code=filters.tag)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.org_type:
        queryset = queryset.filter(provider__type=filters.org_type)
    if filters.provider:
        queryset = queryset.filter(provider__uuid=filters.provider)
    if offers and filters.trl.isdigit():
        queryset = queryset.filter(trl__gte=int(filters.trl))
    if offers and filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if not offers and filters.type:
        queryset = queryset.filter(type=filters.type)
    return queryset.distinct() if (filters.domain or filters.tag or filters.region) else queryset


def _ordered(queryset: QuerySet[Any], kind: str, filters: CatalogFilters) -> QuerySet[Any]:
    if filters.q.strip():
        ranked = order_by_ranking(queryset, search.ranked_ids(kind, filters.q))
        return ranked.order_by(*SORTS[filters.sort]) if filters.sort in SORTS else ranked
    return queryset.order_by(*SORTS.get(filters.sort, SORTS["newest"]))


def offer_list(user: Any, filters: CatalogFilters) -> QuerySet[Offer]:
    queryset = _filter(_visible(Offer, user, filters.mine, permissions.OFFER_ROLES), filters, offers=True)
    queryset = queryset.select_related("provider", "provider__region").prefetch_related("domains", "tags")
    return _ordered(queryset, "offer", filters)


def resource_list(user: Any, filters: CatalogFilters) -> QuerySet[Resource]:
    queryset = _filter(_visible(Resource, user, filters.mine, permissions.RESOURCE_ROLES), filters, offers=False)
    queryset = queryset.select_related("provider", "region").prefetch_related("domains", "tags")
    return _ordered(queryset, "resource", filters)


def offer_facets(user: Any, filters: CatalogFilters) -> dict[str, dict[str, int]]:
    base = _visible(Offer, user, filters.mine, permissions.OFFER_ROLES)
    domain_rows = (
        _filter(base, replace(filters, domain=""), offers=True)
        .values("domains__code")
        .annotate(n=Count("id", distinct=True))
    )
    trl_rows = _filter(base, replace(filters, trl=""), offers=True).values("trl").annotate(n=Count("id", distinct=True))
    return {
        "domain": {row["domains__code"]: row["n"] for row in domain_rows if row["domains__code"]},
        "trl": {str(row["trl"]): row["n"] for row in trl_rows},
    }


def resource_facets(user: Any, filters: CatalogFilters) -> dict[str, dict[str, int]]:
    base = _visible(Resource, user, filters.mine, permissions.RESOURCE_ROLES)
    rows = _filter(base, replace(filters, type=""), offers=False).values("type").annotate(n=Count("id", distinct=True))
    return {"type": {row["type"]: row["n"] for row in rows}}


def offer_get_for_user(user: Any, uuid: Any) -> Offer:
    offer = (
        Offer.objects.select_related("provider", "provider__region", "created_by")
        .prefetch_related("domains", "tags", "deployable_regions")
        .filter(uuid=uuid)
        .first()
    )
    if offer is None or not permissions.can_view(user, offer):
        raise NotFoundError()
    return offer


def resource_get_for_user(user: Any, uuid: Any) -> Resource:
    resource = (
        Resource.objects.select_related("provider", "region", "region__parent", "created_by")
        .prefetch_related("domains", "tags")
        .filter(uuid=uuid)
        .first()
    )
    if resource is None or not permissions.can_view(user, resource):
        raise NotFoundError()
    return resource


def present(user: Any, record: Offer | Resource) -> MaskedRecord:
    hidden = set() if permissions.can_view_confidential(user, record) else record.hidden_fields()
    return MaskedRecord(record, hidden)


def offer_related(offer: Offer, limit: int = 5) -> QuerySet[Offer]:
    domain_ids = [d.pk for d in offer.domains.all()]
    return (
        Offer.objects.filter(status__in=PUBLIC_STATES, domains__in=domain_ids)
        .exclude(pk=offer.pk)
        .select_related("provider")
        .distinct()
        .order_by("-published_at")[:limit]
    )
