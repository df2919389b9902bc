"""Recommendations in every direction, read from the memory-mapped index and joined to what the viewer may see.

The index holds public text only and published items only; the database is asked again for each result (one query
per list) so that an item closed a moment ago is never shown. Region is a filter the viewer sets, never a score.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from scenebridge.catalog.models import Offer, Resource
from scenebridge.core.workflow import ReviewStatus
from scenebridge.matching import index_store, indexing, sources
from scenebridge.matching.engine import Explanation, Match, MatchIndex
from scenebridge.matching.engine.documents import Document, document_from_record
from scenebridge.matching.models import Connection, ConnectionStatus, Direction, Feedback, ItemKind
from scenebridge.scenarios.models import Scenario

SNIPPET_LENGTH = 240
#: Results asked of the engine per shown result, so that filters and a just-closed item still leave a full list.
OVERFETCH = 5
MAX_OFFERS_PER_ORGANIZATION = 20

TARGET_OF = {
    Direction.SCENARIO_OFFERS: (ItemKind.NEED, ItemKind.OFFER),
    Direction.SCENARIO_RESOURCES: (ItemKind.NEED, ItemKind.RESOURCE),
    Direction.OFFER_SCENARIOS: (ItemKind.OFFER, ItemKind.NEED),
    Direction.RESOURCE_SCENARIOS: (ItemKind.RESOURCE, ItemKind.NEED),
    "similar_scenarios": (ItemKind.NEED, ItemKind.NEED),
}


@dataclass(frozen=True)
class PanelFilters:
    region: str = ""
    domain: str = ""
    min_trl: int | None = None

    @classmethod
    def from_params(cls, params: Any) -> "PanelFilters":
        region = str(params.get("region") or "").strip()
        trl = str(params.get("min_trl") or "").strip()
        return cls(
            region=region if region.isdigit() and len(region) == 6 else "",
            domain=str(params.get("domain") or "").strip()[:32],
            min_trl=int(trl) if trl.isdigit() and 1 <= int(trl) <= 9 else None,
        )

    @property
    def active(self) -> bool:
        return bool(self.region or self.domain or self.min_trl)


@dataclass(frozen=True)
class Recommendation:
    kind: str
    item: Any
    score: float
    explanation: Explanation | None
    query_snippet: SafeString
    result_snippet: SafeString
    verdict: str | None = None
    connection_status: str | None = None
    via: Any = None  # organization → scenarios: the offer that matched

    @property
    def connection_status_label(self) -> str:
        return str(ConnectionStatus(self.connection_status).label) if self.connection_status else ""


@dataclass(frozen=True)
class RecommendationList:
    direction: str
    query: Any
    results: list[Recommendation] = field(default_factory=list)
    semantic: bool = False


# the index --------------------------------------------------------------------------------------------------------
def match_index() -> MatchIndex:
    """The current index; built (lexically, from stored vectors only) on first use so a new site serves at once."""
    index = index_store.current_index()
    if index is None:
        indexing.index_build()
        index = index_store.current_index()
    assert index is not None
    return index


def _query_of(index: MatchIndex, kind: str, item: Any) -> tuple[Any, Document]:
    """The indexed item by id when it is in the index and open; else its public text (ranked lexically)."""
    collection = index.collections[kind]
    position = collection.positions.get(str(item.pk))
    if position is not None and collection.documents[position].active:
        return str(item.pk), collection.documents[position]
    record = sources.RECORD_BUILDERS[kind](item)
    return record, document_from_record(record)


def _rank(index: MatchIndex, direction: str, query: Any, top: int) -> list[Match]:
    with index_store.serving():
        return _rank_unlocked(index, direction, query, top)


def _rank_unlocked(index: MatchIndex, direction: str, query: Any, top: int) -> list[Match]:
    today = timezone.localdate()
    if direction == Direction.SCENARIO_OFFERS:
        return index.recommend_offers(query, top, today=today)
    if direction == Direction.SCENARIO_RESOURCES:
        return index.recommend_resources(query, top, today=today)
    if direction == Direction.OFFER_SCENARIOS:
        return index.recommend_needs(query, top, today=today)
    if direction == "similar_scenarios":
        return index.similar_needs(query, top, today=today)
    # resource → scenarios: the engine has no public method for it yet (see docs/matching.md, "Platform wiring").
    return index._rank(index._query(query, ItemKind.RESOURCE), ItemKind.NEED, top, today=today)


# the database side ------------------------------------------------------------------------------------------------
def _region_prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def _objects(kind: str, ids: Iterable[int], filters: PanelFilters) -> dict[int, Any]:
    prefix = _region_prefix(filters.region) if filters.region else ""
    queryset: QuerySet[Any]
    if kind == ItemKind.NEED:
        queryset = Scenario.objects.select_related("owner", "region", "domain", "level")
        queryset = queryset.filter(Q(deadline__isnull=True) | Q(deadline__gte=timezone.localdate()))
        if prefix:
            queryset = queryset.filter(region__code__startswith=prefix)
        if filters.domain:
            queryset = queryset.filter(domain__code=filters.domain)
    else:
        model = Offer if kind == ItemKind.OFFER else Resource
        region_field = "provider__region__code" if kind == ItemKind.OFFER else "region__code"
        related = ("provider", "provider__region") if kind == ItemKind.OFFER else ("provider", "region")
        queryset = model.objects.select_related(*related).prefetch_related("domains")
        if prefix:
            queryset = queryset.filter(**{f"{region_field}__startswith": prefix})
        if filters.domain:
            queryset = queryset.filter(domains__code=filters.domain)
        if filters.min_trl and kind == ItemKind.OFFER:
            queryset = queryset.filter(**{"trl__gte": filters.min_trl})
    queryset = queryset.filter(pk__in=list(ids), status=ReviewStatus.PUBLISHED).distinct()
    return {item.pk: item for item in queryset}


def _pair_key(direction: str, query: Any, result: Any) -> tuple[int, int]:
    """(scenario id, supply id) of a shown pair, whichever side was asked."""
    if direction in (Direction.SCENARIO_OFFERS, Direction.SCENARIO_RESOURCES):
        return query.pk, result.pk
    return result.pk, query.pk


def _viewer_marks(user: Any, direction: str, pairs: list[tuple[int, int]]) -> tuple[dict[Any, str], dict[Any, str]]:
    """The viewer's own verdicts and their organization's connection statuses for the shown pairs (two queries)."""
    if not user.is_authenticated or direction == "similar_scenarios" or not pairs:
        return {}, {}
    supply = "resource" if direction in (Direction.SCENARIO_RESOURCES, Direction.RESOURCE_SCENARIOS) else "offer"
    scenarios, supplies = {p[0] for p in pairs}, {p[1] for p in pairs}
    pair_filter = Q(scenario_id__in=scenarios, **{f"{supply}_id__in": supplies})
    verdicts = {
        (row["scenario_id"], row[f"{supply}_id"]): row["verdict"]
        for row in Feedback.objects.filter(pair_filter, user=user, direction=direction).values(
            "scenario_id", f"{supply}_id", "verdict"
        )
    }
    statuses: dict[Any, str] = {}
    if user.organization_id:
        mine = Q(initiator_organization_id=user.organization_id) | Q(counterpart_organization_id=user.organization_id)
        rows = (
            Connection.objects.filter(pair_filter, mine)
            .order_by("updated_at")
            .values("scenario_id", f"{supply}_id", "status")
        )
        statuses = {(row["scenario_id"], row[f"{supply}_id"]): row["status"] for row in rows}
    return verdicts, statuses


# highlighting -----------------------------------------------------------------------------------------------------
def highlight(text: str, surfaces: Iterable[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of ``text`` around the first shared term, escaped, with each shared term wrapped in <mark>."""
    words = sorted({surface for surface in surfaces if surface}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - length // 4) if first and first.start() > length // 2 else 0
    window = ("…" if start else "") + text[start : start + length] + ("…" if start + length < len(text) else "")
    if pattern is None:
        return mark_safe(escape(window))  # noqa: S308 — escaped just now
    parts: list[str] = []
    last = 0
    for found in pattern.finditer(window):
        parts.append(escape(window[last : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    parts.append(escape(window[last:]))
    return mark_safe("".join(parts))  # noqa: S308 — every piece escaped above


def _text(document: Document) -> str:
    return "。".join(part for part in (document.title, document.body, "；".join(document.points)) if part)


# the lists --------------------------------------------------------------------------------------------------------
def recommendations(
    user: Any, direction: str, query: Any, *, filters: PanelFilters | None = None, top: int = 10
) -> RecommendationList:
    """Up to ``top`` published items for ``query`` (a scenario, offer or resource the viewer may see)."""
    filters = filters or PanelFilters()
    index = match_index()
    query_kind, target_kind = TARGET_OF[direction]
    engine_query, query_document = _query_of(index, query_kind, query)
    # explanations are computed for every match asked for, so ask for more only when filters will drop some
    matches = _rank(index, direction, engine_query, top * (OVERFETCH if filters.active else 2))
    objects = _objects(target_kind, (int(match.id) for match in matches), filters)
    target = index.collections[target_kind]
    results: list[Recommendation] = []
    for match in matches:
        item = objects.get(int(match.id))
        if item is None:
            continue
        result_document = target.documents[target.positions[match.id]]
        terms = match.explanation.shared_terms if match.explanation else []
        results.append(
            Recommendation(
                kind=target_kind,
                item=item,
                score=round(match.score, 3),
                explanation=match.explanation,
                query_snippet=highlight(_text(query_document), [t.query_surface for t in terms]),
                result_snippet=highlight(_text(result_document), [t.result_surface for t in terms]),
            )
        )
        if len(results) == top:
            break
    return _with_marks(user, direction, query, results, semantic=target.vectors is not None)


def _with_marks(
    user: Any, direction: str, query: Any, results: list[Recommendation], semantic: bool
) -> RecommendationList:
    keys = [
        (result.item.pk, result.via.pk) if result.via is not None else _pair_key(direction, query, result.item)
        for result in results
    ]
    verdicts, statuses = _viewer_marks(user, direction, keys)
    marked = []
    for result, key in zip(results, keys, strict=True):
        marked.append(
            Recommendation(**{**result.__dict__, "verdict": verdicts.get(key), "connection_status": statuses.get(key)})
        )
    return RecommendationList(direction=direction, query=query, results=marked, semantic=semantic)


def organization_recommendations(user: Any, organization_id: int, *, top: int = 10) -> RecommendationList:
    """适合您的场景 across all the organization's published offers: each scenario once, with its best offer."""
    offers = list(
        Offer.objects.filter(provider_id=organization_id, status=ReviewStatus.PUBLISHED).order_by("-published_at")[
            :MAX_OFFERS_PER_ORGANIZATION
        ]
    )
    index = match_index()
    best: dict[str, tuple[Match, Offer]] = {}
    for offer in offers:
        engine_query, _ = _query_of(index, ItemKind.OFFER, offer)
        for match in _rank(index, Direction.OFFER_SCENARIOS, engine_query, top * 2):
            if match.id not in best or match.score > best[match.id][0].score:
                best[match.id] = (match, offer)
    ordered = sorted(best.values(), key=lambda pair: -pair[0].score)
    objects = _objects(ItemKind.NEED, (int(match.id) for match, _ in ordered), PanelFilters())
    results: list[Recommendation] = []
    for match, offer in ordered:
        item = objects.get(int(match.id))
        if item is not None and len(results) < top:
            results.append(
                Recommendation(
                    ItemKind.NEED,
                    item,
                    round(match.score, 3),
                    match.explanation,
                    SafeString(""),
                    SafeString(""),
                    via=offer,
                )
            )
    return _with_marks(
        user, Direction.OFFER_SCENARIOS, None, results, semantic=index.collections["need"].vectors is not None
    )


def pair_signals(direction: str, query: Any, result_id: int) -> tuple[float | None, dict[str, float]]:
    """The score and normalised signals the pair gets in this direction (stored with feedback and connections)."""
    index = match_index()
    query_kind, _ = TARGET_OF[direction]
    engine_query, _ = _query_of(index, query_kind, query)
    for match in _rank(index, direction, engine_query, 200):
        if match.id == str(result_id):
            return round(match.score, 4), dict(match.explanation.signals if match.explanation else {})
    return None, {}
