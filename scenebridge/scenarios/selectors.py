"""Reads of scenarios, always filtered by what the viewer may see."""

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Q, QuerySet

from scenebridge.accounts.permissions import is_operator
from scenebridge.core import search
from scenebridge.core.errors import NotFoundError
from scenebridge.core.presentation import MaskedRecord
from scenebridge.core.ranking import order_by_ranking
from scenebridge.core.workflow import PUBLIC_STATES
from scenebridge.scenarios import permissions
from scenebridge.scenarios.models import Scenario

SORTS = {
    "newest": ("-published_at", "-created_at"),
    "deadline": ("deadline", "-published_at"),
    "updated": ("-updated_at",),
    "title": ("title",),
}


@dataclass(frozen=True)
class ScenarioFilters:
    q: str = ""
    domain: str = ""
    region: str = ""
    level: str = ""
    kind: str = ""
    tag: str = ""
    status: str = ""
    org_type: str = ""
    owner: str = ""
    mine: bool = False
    sort: str = ""


def _visible(user: Any, mine: bool) -> QuerySet[Scenario]:
    queryset = Scenario.objects.all()
    if mine:
        if not user.is_authenticated or not user.organization_id:
            return queryset.none()
        return queryset.filter(owner_id=user.organization_id)
    if is_operator(user):
        return queryset
    public = Q(status__in=PUBLIC_STATES)
    if permissions.acts_for_owners(user):
        return queryset.filter(public | Q(owner_id=user.organization_id))
    return queryset.filter(public)


def _facet_filter(queryset: QuerySet[Scenario], filters: ScenarioFilters) -> QuerySet[Scenario]:
    if filters.domain:
        queryset = queryset.filter(domain__code=filters.domain)
    if filters.region:
        prefix = filters.region[:2] if filters.region.endswith("0000") else filters.region[:4]
        queryset = queryset.filter(region__code__startswith=prefix)
    if filters.level:
        queryset = queryset.filter(level__code=filters.level)
    if filters.kind:
        queryset = queryset.filter(kind__code=filters.kind)
    if filters.tag:
        queryset = queryset.filter(tags__code=filters.tag)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.org_type:
        queryset = queryset.filter(owner__type=filters.org_type)
    if filters.owner:
        queryset = queryset.filter(owner__uuid=filters.owner)
    return queryset


def scenario_list(user: Any, filters: ScenarioFilters) -> QuerySet[Scenario]:
    queryset = _facet_filter(_visible(user, filters.mine), filters)
    queryset = queryset.select_related("owner", "region", "domain", "level", "kind").prefetch_related("tags")
    if filters.q.strip():
        ranked = order_by_ranking(queryset, search.ranked_ids("scenario", filters.q))
        if filters.sort in SORTS:
            return ranked.order_by(*SORTS[filters.sort])
        return ranked
    return queryset.order_by(*SORTS.get(filters.sort, SORTS["newest"]))


def scenario_facets(user: Any, filters: ScenarioFilters) -> dict[str, dict[str, int]]:
    """Counts per facet value among the scenarios the viewer may see (ignoring the facet's own filter)."""
    base = _visible(user, filters.mine)
    result: dict[str, dict[str, int]] = {}
    for facet, field in (("domain", "domain__code"), ("level", "level__code"), ("kind", "kind__code")):
        narrowed = _facet_filter(base, replace(filters, **{facet: ""}))  # type: ignore[arg-type]
        rows = narrowed.values(field).annotate(n=Count("id", distinct=True))
        result[facet] = {row[field]: row["n"] for row in rows}
    return result


def scenario_get_for_user(user: Any, uuid: Any) -> Scenario:
    scenario = (
        Scenario.objects.select_related("owner", "owner__region", "region", "domain", "level", "kind", "created_by")
        .prefetch_related("tags", "opening_modes")
        .filter(uuid=uuid)
        .first()
    )
    if scenario is None or not permissions.can_view(user, scenario):
        raise NotFoundError()
    return scenario


def scenario_present(user: Any, scenario: Scenario) -> MaskedRecord:
    hidden = set() if permissions.can_view_confidential(user, scenario) else scenario.hidden_fields()
    return MaskedRecord(scenario, hidden)


def scenario_related(scenario: Scenario, limit: int = 5) -> QuerySet[Scenario]:
    return (
        Scenario.objects.filter(status__in=PUBLIC_STATES, domain_id=scenario.domain_id)
        .exclude(pk=scenario.pk)
        .select_related("owner", "region")
        .order_by("-published_at")[:limit]
    )
