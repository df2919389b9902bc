"""Matching API: recommendations in each direction (public reads of published items), feedback, connections (对接)
and subscriptions (writes need a session or a personal token). Mounted at /api/v1/matching."""

import datetime
import uuid as uuid_module
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from scenebridge.accounts.api_auth import WRITE_AUTH, reader
from scenebridge.catalog import selectors as catalog_selectors
from scenebridge.catalog.models import Offer, Resource
from scenebridge.matching import selectors, services
from scenebridge.matching.models import Connection, Direction, Subscription
from scenebridge.matching.recommendations import PanelFilters, Recommendation, RecommendationList, recommendations
from scenebridge.scenarios import selectors as scenario_selectors
from scenebridge.scenarios.models import Scenario

router = Router(tags=["matching"])


class SharedTermOut(Schema):
    term: str
    query_surface: str
    result_surface: str


class ExplanationOut(Schema):
    shared_terms: list[SharedTermOut]
    matching_domains: list[str]
    matching_tags: list[str]
    semantic_closeness: str
    covered_requirements: list[str]
    signals: dict[str, float]


class MatchOut(Schema):
    kind: str
    uuid: uuid_module.UUID
    title: str
    organization: str
    score: float
    explanation: ExplanationOut | None
    via_offer: uuid_module.UUID | None = None


class MatchListOut(Schema):
    direction: str
    semantic: bool
    results: list[MatchOut]


class MatchQuery(Schema):
    region: str = ""
    domain: str = ""
    min_trl: int | None = None
    top: int = 10


def _match(result: Recommendation) -> dict[str, Any]:
    item = result.item
    organization = item.owner if isinstance(item, Scenario) else item.provider
    explanation = result.explanation
    return {
        "kind": result.kind,
        "uuid": item.uuid,
        "title": item.title,
        "organization": organization.name,
        "score": result.score,
        "explanation": None
        if explanation is None
        else {
            "shared_terms": [vars_of(term) for term in explanation.shared_terms],
            "matching_domains": explanation.matching_domains,
            "matching_tags": explanation.matching_tags,
            "semantic_closeness": explanation.semantic_closeness,
            "covered_requirements": explanation.covered_requirements,
            "signals": explanation.signals,
        },
        "via_offer": result.via.uuid if result.via is not None else None,
    }


def vars_of(term: Any) -> dict[str, str]:
    return {"term": term.term, "query_surface": term.query_surface, "result_surface": term.result_surface}


def _list(listing: RecommendationList) -> dict[str, Any]:
    return {
        "direction": listing.direction,
        "semantic": listing.semantic,
        "results": [_match(r) for r in listing.results],
    }


def _filters(query: MatchQuery) -> tuple[PanelFilters, int]:
    filters = PanelFilters.from_params({"region": query.region, "domain": query.domain, "min_trl": query.min_trl or ""})
    return filters, max(1, min(query.top, 50))


@router.get("/scenarios/{uuid}/offers", response=MatchListOut, auth=None)
def scenario_offers(request: HttpRequest, uuid: uuid_module.UUID, query: Query[MatchQuery]) -> dict[str, Any]:
    user = reader(request)
    scenario = scenario_selectors.scenario_get_for_user(user, uuid)
    filters, top = _filters(query)
    return _list(recommendations(user, Direction.SCENARIO_OFFERS, scenario, filters=filters, top=top))


@router.get("/scenarios/{uuid}/resources", response=MatchListOut, auth=None)
def scenario_resources(request: HttpRequest, uuid: uuid_module.UUID, query: Query[MatchQuery]) -> dict[str, Any]:
    user = reader(request)
    scenario = scenario_selectors.scenario_get_for_user(user, uuid)
    filters, top = _filters(query)
    return _list(recommendations(user, Direction.SCENARIO_RESOURCES, scenario, filters=filters, top=top))


@router.get("/scenarios/{uuid}/similar", response=MatchListOut, auth=None)
def similar_scenarios(request: HttpRequest, uuid: uuid_module.UUID, query: Query[MatchQuery]) -> dict[str, Any]:
    user = reader(request)
    scenario = scenario_selectors.scenario_get_for_user(user, uuid)
    filters, top = _filters(query)
    return _list(recommendations(user, "similar_scenarios", scenario, filters=filters, top=top))


@router.get("/offers/{uuid}/scenarios", response=MatchListOut, auth=None)
def offer_scenarios(request: HttpRequest, uuid: uuid_module.UUID, query: Query[MatchQuery]) -> dict[str, Any]:
    user = reader(request)
    offer = catalog_selectors.offer_get_for_user(user, uuid)
    filters, top = _filters(query)
    return _list(recommendations(user, Direction.OFFER_SCENARIOS, offer, filters=filters, top=top))


@router.get("/resources/{uuid}/scenarios", response=MatchListOut, auth=None)
def resource_scenarios(request: HttpRequest, uuid: uuid_module.UUID, query: Query[MatchQuery]) -> dict[str, Any]:
    user = reader(request)
    resource = catalog_selectors.resource_get_for_user(user, uuid)
    filters, top = _filters(query)
    return _list(recommendations(user, Direction.RESOURCE_SCENARIOS, resource, filters=filters, top=top))


@router.get("/organization/scenarios", response=MatchListOut, auth=WRITE_AUTH)
def organization_scenarios(request: HttpRequest) -> dict[str, Any]:
    return _list(selectors.organization_scenarios(request.user))


# feedback and connections -----------------------------------------------------------------------------------------
class PairIn(Schema):
    scenario: uuid_module.UUID
    offer: uuid_module.UUID | None = None
    resource: uuid_module.UUID | None = None


class FeedbackIn(PairIn):
    direction: str
    verdict: str


class FeedbackOut(Schema):
    verdict: str
    score: float | None
    created_at: datetime.datetime


def _pair(user: Any, payload: PairIn) -> tuple[Scenario, Offer | Resource]:
    scenario = scenario_selectors.scenario_get_for_user(user, payload.scenario)
    if payload.offer is not None:
        return scenario, catalog_selectors.offer_get_for_user(user, payload.offer)
    return scenario, catalog_selectors.resource_get_for_user(user, payload.resource)


@router.post("/feedback", response={201: FeedbackOut}, auth=WRITE_AUTH)
def feedback_create(request: HttpRequest, payload: FeedbackIn) -> Status:
    scenario, supply = _pair(request.user, payload)
    feedback = services.feedback_record(
        actor=request.user, direction=payload.direction, scenario=scenario, supply=supply, verdict=payload.verdict
    )
    return Status(201, feedback)


class ConnectionIn(PairIn):
    message: str = ""


class ConnectionOut(Schema):
    id: int
    kind: str
    status: str
    message: str
    scenario: uuid_module.UUID
    offer: uuid_module.UUID | None
    resource: uuid_module.UUID | None
    initiator_organization: str
    counterpart_organization: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ActIn(Schema):
    action: str


def _connection(connection: Connection) -> dict[str, Any]:
    return {
        "id": connection.pk,
        "kind": connection.kind,
        "status": connection.status,
        "message": connection.message,
        "scenario": connection.scenario.uuid,
        "offer": connection.offer.uuid if connection.offer else None,
        "resource": connection.resource.uuid if connection.resource else None,
        "initiator_organization": connection.initiator_organization.name,
        "counterpart_organization": connection.counterpart_organization.name,
        "created_at": connection.created_at,
        "updated_at": connection.updated_at,
    }


@router.get("/connections", response=list[ConnectionOut], auth=WRITE_AUTH)
def connection_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_connection(c) for c in selectors.connection_list(request.user)[:200]]


@router.post("/connections", response={201: ConnectionOut}, auth=WRITE_AUTH)
def connection_create(request: HttpRequest, payload: ConnectionIn) -> Status:
    scenario, supply = _pair(request.user, payload)
    connection = services.connection_create(
        actor=request.user, scenario=scenario, supply=supply, message=payload.message
    )
    return Status(201, _connection(selectors.connection_get_for_user(request.user, connection.pk)))


@router.post("/connections/{connection_id}/act", response=ConnectionOut, auth=WRITE_AUTH)
def connection_act(request: HttpRequest, connection_id: int, payload: ActIn) -> dict[str, Any]:
    services.connection_act(actor=request.user, connection_id=connection_id, action=payload.action)
    return _connection(selectors.connection_get_for_user(request.user, connection_id))


# subscriptions ----------------------------------------------------------------------------------------------------
class SubscriptionIn(Schema):
    name: str
    query: str = ""
    use_organization_offers: bool = False
    domain: str | None = None
    region: str | None = None
    threshold: float = 0.5
    delivery: str = Subscription.Delivery.IMMEDIATE


class SubscriptionOut(Schema):
    id: int
    name: str
    query: str
    use_organization_offers: bool
    threshold: float
    delivery: str
    active: bool
    created_at: datetime.datetime


@router.get("/subscriptions", response=list[SubscriptionOut], auth=WRITE_AUTH)
def subscription_list(request: HttpRequest) -> Any:
    return list(selectors.subscription_list(request.user))


@router.post("/subscriptions", response={201: SubscriptionOut}, auth=WRITE_AUTH)
def subscription_create(request: HttpRequest, payload: SubscriptionIn) -> Status:
    from scenebridge.taxonomy.models import Domain

    domain = Domain.objects.filter(code=payload.domain).first() if payload.domain else None
    data = services.SubscriptionInput(
        name=payload.name,
        query=payload.query,
        use_organization_offers=payload.use_organization_offers,
        domain_id=domain.pk if domain else None,
        region_id=payload.region or None,
        threshold=payload.threshold,
        delivery=payload.delivery,
    )
    return Status(201, services.subscription_create(actor=request.user, data=data))


@router.delete("/subscriptions/{subscription_id}", response={204: None}, auth=WRITE_AUTH)
def subscription_delete(request: HttpRequest, subscription_id: int) -> Status:
    services.subscription_delete(actor=request.user, subscription_id=subscription_id)
    return Status(204, None)
