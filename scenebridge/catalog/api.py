"""Offer and resource API: public reads (confidential parts withheld), writes for providers and the operator."""

import datetime
import uuid as uuid_module
from typing import Any

from ninja import Query, Router, Schema, Status

from scenebridge.accounts.api_auth import WRITE_AUTH, reader
from scenebridge.catalog import selectors, services
from scenebridge.core.api_support import page_response
from scenebridge.taxonomy import models as taxonomy
from scenebridge.taxonomy.api import resolve, resolve_many

router = Router(tags=["offers and resources"])


class ProviderOut(Schema):
    uuid: str
    name: str
    type: str


class OfferListItem(Schema):
    uuid: uuid_module.UUID
    name: str
    kind: str
    summary: str
    status: str
    provider: ProviderOut
    domains: list[str]
    tags: list[str]
    trl: int
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class OfferOut(OfferListItem):
    origin: str
    description: str
    capabilities: str
    certifications: str
    prior_cases: str | None
    deployable_regions: list[str]
    commercial_terms: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    confidential_parts: list[str]
    version: int


class OfferPage(Schema):
    count: int
    page: int
    size: int
    results: list[OfferListItem]


class OfferPatch(Schema):
    name: str | None = None
    kind: str | None = None
    summary: str | None = None
    description: str | None = None
    capabilities: str | None = None
    domains: list[str] | None = None
    tags: list[str] | None = None
    trl: int | None = None
    certifications: str | None = None
    prior_cases: str | None = None
    deployable_regions: list[str] | None = None
    commercial_terms: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    confidential_parts: list[str] | None = None
    note: str = ""


class OfferIn(OfferPatch):
    name: str
    summary: str
    description: str
    domains: list[str]
    trl: int


class ResourceListItem(Schema):
    uuid: uuid_module.UUID
    name: str
    type: str
    summary: str
    status: str
    provider: ProviderOut
    region: str
    domains: list[str]
    tags: list[str]
    privacy_preserving: bool
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class ResourceOut(ResourceListItem):
    origin: str
    description: str
    capacity: str
    terms: str | None
    access_conditions: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    confidential_parts: list[str]
    version: int


class ResourcePage(Schema):
    count: int
    page: int
    size: int
    results: list[ResourceListItem]


class ResourcePatch(Schema):
    name: str | None = None
    type: str | None = None
    summary: str | None = None
    description: str | None = None
    capacity: str | None = None
    region: str | None = None
    domains: list[str] | None = None
    tags: list[str] | None = None
    terms: str | None = None
    access_conditions: str | None = None
    privacy_preserving: bool | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    confidential_parts: list[str] | None = None
    note: str = ""


class ResourceIn(ResourcePatch):
    name: str
    type: str
    summary: str
    description: str
    region: str


class CatalogQuery(Schema):
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
    page: int = 1
    size: int = 20


class ActionIn(Schema):
    reason: str = ""


def _provider(record: Any) -> dict[str, Any]:
    return {"uuid": str(record.provider.uuid), "name": record.provider.name, "type": record.provider.type}


def offer_item(offer: Any) -> dict[str, Any]:
    return {
        "uuid": offer.uuid,
        "name": offer.name,
        "kind": offer.kind,
        "summary": offer.summary,
        "status": offer.status,
        "provider": _provider(offer),
        "domains": [d.code for d in offer.domains.all()],
        "tags": [t.code for t in offer.tags.all()],
        "trl": offer.trl,
        "published_at": offer.published_at,
        "updated_at": offer.updated_at,
    }


def resource_item(resource: Any) -> dict[str, Any]:
    return {
        "uuid": resource.uuid,
        "name": resource.name,
        "type": resource.type,
        "summary": resource.summary,
        "status": resource.status,
        "provider": _provider(resource),
        "region": resource.region_id,
        "domains": [d.code for d in resource.domains.all()],
        "tags": [t.code for t in resource.tags.all()],
        "privacy_preserving": resource.privacy_preserving,
        "published_at": resource.published_at,
        "updated_at": resource.updated_at,
    }


def _detail(user: Any, record: Any, item: Any, schema: type[Schema]) -> dict[str, Any]:
    masked = selectors.present(user, record)
    data = item(record)
    for name in schema.model_fields:
        if name not in data:
            data[name] = getattr(masked, name)
    if "deployable_regions" in data:
        data["deployable_regions"] = [r.code for r in record.deployable_regions.all()]
    return data


def _service_data(payload: Schema) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True, exclude={"note"})
    if "region" in data:
        data["region"] = resolve("region", taxonomy.Region, data["region"])
    for field, model in (
        ("domains", taxonomy.Domain),
        ("tags", taxonomy.TechnologyTag),
        ("deployable_regions", taxonomy.Region),
    ):
        if field in data:
            data[field] = resolve_many(field, model, data[field]) or []
    if "confidential_parts" in data and data["confidential_parts"] is None:
        data["confidential_parts"] = []
    return {k: ("" if v is None and k not in ("trl", "region") else v) for k, v in data.items()}


def _query(query: CatalogQuery) -> tuple[selectors.CatalogFilters, int, int]:
    params = query.model_dump()
    page, size = params.pop("page"), params.pop("size")
    return selectors.CatalogFilters(**params), page, size


@router.get("/offers", response=OfferPage)
def offer_list(request: Any, query: Query[CatalogQuery]) -> Any:
    filters, page, size = _query(query)
    return page_response(selectors.offer_list(reader(request), filters), page, size, offer_item)


@router.get("/offers/{uuid}", response=OfferOut)
def offer_get(request: Any, uuid: uuid_module.UUID) -> Any:
    user = reader(request)
    return _detail(user, selectors.offer_get_for_user(user, uuid), offer_item, OfferOut)


@router.post("/offers", response={201: OfferOut}, auth=WRITE_AUTH)
def offer_create(request: Any, payload: OfferIn) -> Any:
    offer = services.offer_create(actor=request.user, data=_service_data(payload))
    return Status(
        201, _detail(request.user, selectors.offer_get_for_user(request.user, offer.uuid), offer_item, OfferOut)
    )


@router.patch("/offers/{uuid}", response=OfferOut, auth=WRITE_AUTH)
def offer_update(request: Any, uuid: uuid_module.UUID, payload: OfferPatch) -> Any:
    offer = selectors.offer_get_for_user(request.user, uuid)
    services.offer_update(actor=request.user, offer_id=offer.pk, data=_service_data(payload), note=payload.note)
    return _detail(request.user, selectors.offer_get_for_user(request.user, uuid), offer_item, OfferOut)


@router.post("/offers/{uuid}/actions/{action}", response=OfferOut, auth=WRITE_AUTH)
def offer_action(request: Any, uuid: uuid_module.UUID, action: str, payload: ActionIn) -> Any:
    offer = selectors.offer_get_for_user(request.user, uuid)
    services.offer_transition(actor=request.user, offer_id=offer.pk, action=action, reason=payload.reason)
    return _detail(request.user, selectors.offer_get_for_user(request.user, uuid), offer_item, OfferOut)


@router.get("/resources", response=ResourcePage)
def resource_list(request: Any, query: Query[CatalogQuery]) -> Any:
    filters, page, size = _query(query)
    return page_response(selectors.resource_list(reader(request), filters), page, size, resource_item)


@router.get("/resources/{uuid}", response=ResourceOut)
def resource_get(request: Any, uuid: uuid_module.UUID) -> Any:
    user = reader(request)
    return _detail(user, selectors.resource_get_for_user(user, uuid), resource_item, ResourceOut)


@router.post("/resources", response={201: ResourceOut}, auth=WRITE_AUTH)
def resource_create(request: Any, payload: ResourceIn) -> Any:
    resource = services.resource_create(actor=request.user, data=_service_data(payload))
    detail = _detail(
        request.user, selectors.resource_get_for_user(request.user, resource.uuid), resource_item, ResourceOut
    )
    return Status(201, detail)


@router.patch("/resources/{uuid}", response=ResourceOut, auth=WRITE_AUTH)
def resource_update(request: Any, uuid: uuid_module.UUID, payload: ResourcePatch) -> Any:
    resource = selectors.resource_get_for_user(request.user, uuid)
    services.resource_update(
        actor=request.user, resource_id=resource.pk, data=_service_data(payload), note=payload.note
    )
    return _detail(request.user, selectors.resource_get_for_user(request.user, uuid), resource_item, ResourceOut)


@router.post("/resources/{uuid}/actions/{action}", response=ResourceOut, auth=WRITE_AUTH)
def resource_action(request: Any, uuid: uuid_module.UUID, action: str, payload: ActionIn) -> Any:
    resource = selectors.resource_get_for_user(request.user, uuid)
    services.resource_transition(actor=request.user, resource_id=resource.pk, action=action, reason=payload.reason)
    return _detail(request.user, selectors.resource_get_for_user(request.user, uuid), resource_item, ResourceOut)
