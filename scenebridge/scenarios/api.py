"""Scenario API: public reads (confidential parts withheld), writes for owners and the operator."""

import datetime
import decimal
import uuid as uuid_module
from typing import Any

from ninja import Query, Router, Schema, Status

from scenebridge.accounts.api_auth import WRITE_AUTH, reader
from scenebridge.core.api_support import page_response
from scenebridge.scenarios import selectors, services
from scenebridge.taxonomy import models as taxonomy
from scenebridge.taxonomy.api import resolve, resolve_many

router = Router(tags=["scenarios"])


class ScenarioOut(Schema):
    uuid: uuid_module.UUID
    origin: str
    title: str
    summary: str
    status: str
    owner: dict[str, Any]
    region: str
    domain: str
    level: str
    kind: str
    tags: list[str]
    opening_modes: list[str]
    description: str | None
    technical_requirements: str | None
    expected_outcomes: str | None
    kpis: str | None
    provides_site: bool
    provides_data: bool
    provides_compute: bool
    provides_funding: bool
    funding_min_wan: decimal.Decimal | None
    funding_max_wan: decimal.Decimal | None
    other_support: str
    opens_on: datetime.date | None
    deadline: datetime.date | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    confidential_parts: list[str]
    version: int
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class ScenarioListItem(Schema):
    uuid: uuid_module.UUID
    title: str
    summary: str
    status: str
    owner: dict[str, Any]
    region: str
    domain: str
    level: str
    kind: str
    tags: list[str]
    deadline: datetime.date | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class ScenarioPage(Schema):
    count: int
    page: int
    size: int
    results: list[ScenarioListItem]


class ScenarioPatch(Schema):
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    technical_requirements: str | None = None
    expected_outcomes: str | None = None
    kpis: str | None = None
    region: str | None = None
    domain: str | None = None
    level: str | None = None
    kind: str | None = None
    tags: list[str] | None = None
    opening_modes: list[str] | None = None
    provides_site: bool | None = None
    provides_data: bool | None = None
    provides_compute: bool | None = None
    provides_funding: bool | None = None
    funding_min_wan: decimal.Decimal | None = None
    funding_max_wan: decimal.Decimal | None = None
    other_support: str | None = None
    opens_on: datetime.date | None = None
    deadline: datetime.date | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    confidential_parts: list[str] | None = None
    note: str = ""


class ScenarioIn(ScenarioPatch):
    title: str
    summary: str
    description: str
    region: str
    domain: str
    level: str
    kind: str


class ActionIn(Schema):
    reason: str = ""


class ScenarioQuery(Schema):
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
    page: int = 1
    size: int = 20


def _owner(scenario: Any) -> dict[str, Any]:
    return {"uuid": str(scenario.owner.uuid), "name": scenario.owner.name, "type": scenario.owner.type}


def list_item(scenario: Any) -> dict[str, Any]:
    return {
        "uuid": scenario.uuid,
        "title": scenario.title,
        "summary": scenario.summary,
        "status": scenario.status,
        "owner": _owner(scenario),
        "region": scenario.region_id,
        "domain": scenario.domain.code,
        "level": scenario.level.code,
        "kind": scenario.kind.code,
        "tags": [t.code for t in scenario.tags.all()],
        "deadline": scenario.deadline,
        "published_at": scenario.published_at,
        "updated_at": scenario.updated_at,
    }


def detail(user: Any, scenario: Any) -> dict[str, Any]:
    masked = selectors.scenario_present(user, scenario)
    data = list_item(scenario)
    for name in ScenarioOut.model_fields:
        if name not in data:
            data[name] = getattr(masked, name)
    data["opening_modes"] = [m.code for m in scenario.opening_modes.all()]
    return data


def _service_data(payload: ScenarioPatch) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True, exclude={"note"})
    for field, model in (("region", taxonomy.Region), ("domain", taxonomy.Domain), ("level", taxonomy.Level)):
        if field in data:
            data[field] = resolve(field, model, data[field])
    if "kind" in data:
        data["kind"] = resolve("kind", taxonomy.Kind, data["kind"])
    if "tags" in data:
        data["tags"] = resolve_many("tags", taxonomy.TechnologyTag, data["tags"]) or []
    if "opening_modes" in data:
        data["opening_modes"] = resolve_many("opening_modes", taxonomy.OpeningMode, data["opening_modes"]) or []
    if "confidential_parts" in data and data["confidential_parts"] is None:
        data["confidential_parts"] = []
    for text in ("technical_requirements", "expected_outcomes", "kpis", "other_support", "contact_name"):
        if text in data and data[text] is None:
            data[text] = ""
    return data


@router.get("", response=ScenarioPage)
def scenario_list(request: Any, query: Query[ScenarioQuery]) -> Any:
    params = query.model_dump()
    page, size = params.pop("page"), params.pop("size")
    queryset = selectors.scenario_list(reader(request), selectors.ScenarioFilters(**params))
    return page_response(queryset, page, size, list_item)


@router.get("/{uuid}", response=ScenarioOut)
def scenario_get(request: Any, uuid: uuid_module.UUID) -> Any:
    user = reader(request)
    return detail(user, selectors.scenario_get_for_user(user, uuid))


@router.post("", response={201: ScenarioOut}, auth=WRITE_AUTH)
def scenario_create(request: Any, payload: ScenarioIn) -> Any:
    scenario = services.scenario_create(actor=request.user, data=_service_data(payload))
    return Status(201, detail(request.user, selectors.scenario_get_for_user(request.user, scenario.uuid)))


@router.patch("/{uuid}", response=ScenarioOut, auth=WRITE_AUTH)
def scenario_update(request: Any, uuid: uuid_module.UUID, payload: ScenarioPatch) -> Any:
    scenario = selectors.scenario_get_for_user(request.user, uuid)
    services.scenario_update(
        actor=request.user, scenario_id=scenario.pk, data=_service_data(payload), note=payload.note
    )
    return detail(request.user, selectors.scenario_get_for_user(request.user, uuid))


@router.post("/{uuid}/actions/{action}", response=ScenarioOut, auth=WRITE_AUTH)
def scenario_action(request: Any, uuid: uuid_module.UUID, action: str, payload: ActionIn) -> Any:
    scenario = selectors.scenario_get_for_user(request.user, uuid)
    services.scenario_transition(actor=request.user, scenario_id=scenario.pk, action=action, reason=payload.reason)
    return detail(request.user, selectors.scenario_get_for_user(request.user, uuid))
