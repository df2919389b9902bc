"""Pilots and cases API: the public catalogue and cases; pilots for their parties (the public sees the summary of
an evaluated pilot only); KPI measurements and feedback from both sides."""

import datetime
import decimal
import uuid as uuid_module
from typing import Any

from ninja import Router, Schema, Status

from scenebridge.accounts.api_auth import WRITE_AUTH, reader
from scenebridge.core.api_support import page_response
from scenebridge.core.errors import NotFoundError
from scenebridge.pilots import permissions, rules, selectors, services
from scenebridge.pilots.models import Case, Pilot

router = Router(tags=["pilots and cases"])


class KpiOut(Schema):
    id: int
    name: str
    unit: str
    target_value: decimal.Decimal
    direction: str
    latest: decimal.Decimal | None
    attained: bool
    measurements: list[dict[str, Any]] | None = None


class PilotOut(Schema):
    uuid: uuid_module.UUID
    title: str
    status: str
    scenario: dict[str, Any]
    owner: dict[str, Any]
    suppliers: list[dict[str, Any]]
    public_summary: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    evaluation: dict[str, Any] | None
    plan: str | None = None
    kpis: list[KpiOut] | None = None
    feedback: list[dict[str, Any]] | None = None


class PilotPage(Schema):
    count: int
    page: int
    size: int
    results: list[PilotOut]


class CaseOut(Schema):
    uuid: uuid_module.UUID
    title: str
    summary: str
    status: str
    problem_solved: str
    results: str
    scenario: dict[str, Any]
    pilot: uuid_module.UUID
    providers: list[dict[str, Any]]
    catalogue: dict[str, Any] | None
    replications_by_province: dict[str, int]
    published_at: datetime.datetime | None


class CasePage(Schema):
    count: int
    page: int
    size: int
    results: list[CaseOut]


class BatchOut(Schema):
    uuid: uuid_module.UUID
    title: str
    year: int
    number: int
    published_at: datetime.datetime | None
    decision_hash: str
    entries: list[dict[str, Any]]


class MeasurementIn(Schema):
    value: decimal.Decimal
    measured_on: datetime.date
    note: str = ""


class FeedbackIn(Schema):
    round: int = 1
    effectiveness: int
    reliability: int
    cooperation: int
    cost: int
    text: str = ""


def _org(organization: Any) -> dict[str, Any]:
    return {"uuid": str(organization.uuid), "name": organization.name}


def pilot_out(user: Any, pilot: Pilot, *, full: bool = True) -> dict[str, Any]:
    """A pilot as its reader may see it; lists leave out KPIs and feedback (`full=False`), as the page does."""
    evaluation = getattr(pilot, "evaluation", None)
    data: dict[str, Any] = {
        "uuid": pilot.uuid,
        "title": pilot.title,
        "status": pilot.status,
        "scenario": {"uuid": str(pilot.scenario.uuid), "title": pilot.scenario.title},
        "owner": _org(pilot.owner),
        "suppliers": [_org(row.supplier) | {"offer": row.offer.name} for row in pilot.pilot_offers.all()],
        "public_summary": pilot.public_summary if pilot.status == "evaluated" else "",
        "starts_on": pilot.starts_on,
        "ends_on": pilot.ends_on,
        "evaluation": {"verdict": evaluation.verdict, "all_attained": evaluation.all_attained} if evaluation else None,
    }
    if full and permissions.can_view_all(user, pilot):
        detail = selectors.pilot_detail(user, pilot)
        data["plan"] = pilot.plan
        data["public_summary"] = pilot.public_summary
        data["kpis"] = [
            {
                "id": row.kpi.pk,
                "name": row.kpi.name,
                "unit": row.kpi.unit,
                "target_value": row.kpi.target_value,
                "direction": row.kpi.direction,
                "latest": row.attainment.latest,
                "attained": row.attainment.attained,
                "measurements": [
                    {"value": str(m.value), "measured_on": m.measured_on.isoformat(), "note": m.note}
                    for m in row.measurements
                ],
            }
            for row in detail.kpis
        ]
        data["feedback"] = [
            {
                "side": f.side,
                "organization": f.organization.name,
                "round": f.round,
                "ratings": {k: getattr(f, k) for k in ("effectiveness", "reliability", "cooperation", "cost")},
                "text": f.text,
            }
            for f in detail.feedback
        ]
    return data


def case_out(case: Case) -> dict[str, Any]:
    entry = getattr(case, "catalogue_entry", None)
    scenario = case.pilot.scenario
    return {
        "uuid": case.uuid,
        "title": case.title,
        "summary": case.summary,
        "status": case.status,
        "problem_solved": case.problem_solved,
        "results": case.results,
        "scenario": {"uuid": str(scenario.uuid), "title": scenario.title, "region": scenario.region_id},
        "pilot": case.pilot.uuid,
        "providers": [_org(p) for p in case.providers.all()],
        "catalogue": {"batch": entry.batch.title, "position": entry.position} if entry else None,
        "replications_by_province": dict(rules.spread_by_province(r.region_id for r in case.replications.all())),
        "published_at": case.published_at,
    }


@router.get("/catalogue", response=list[BatchOut])
def catalogue(request: Any) -> Any:
    return [
        {
            "uuid": batch.uuid,
            "title": batch.title,
            "year": batch.year,
            "number": batch.number,
            "published_at": batch.published_at,
            "decision_hash": batch.decision_hash,
            "entries": [
                {
                    "position": e.position,
                    "case": str(e.case.uuid),
                    "title": e.case.title,
                    "providers": [p.name for p in e.case.providers.all()],
                    "replications": len(e.case.replications.all()),
                }
                for e in entries
            ],
        }
        for batch, entries in selectors.catalogue_overview()
    ]


@router.get("/cases", response=CasePage)
def case_list(request: Any, page: int = 1, size: int = 20) -> Any:
    return page_response(selectors.case_list_published(), page, size, case_out)


@router.get("/cases/{uuid}", response=CaseOut)
def case_get(request: Any, uuid: uuid_module.UUID) -> Any:
    return case_out(selectors.case_get_for_user(reader(request), uuid))


@router.get("/pilots", response=PilotPage)
def pilot_list(request: Any, page: int = 1, size: int = 20) -> Any:
    """The reader's own pilots when they take part in any (all for the operator); otherwise evaluated pilots."""
    user = reader(request)
    queryset = selectors.pilot_list_for_party(user)
    if not queryset.exists():
        queryset = selectors.pilot_list_public()
    return page_response(queryset, page, size, lambda pilot: pilot_out(user, pilot, full=False))


@router.get("/pilots/{uuid}", response=PilotOut)
def pilot_get(request: Any, uuid: uuid_module.UUID) -> Any:
    user = reader(request)
    return pilot_out(user, selectors.pilot_get_for_user(user, uuid))


@router.post("/pilots/{uuid}/kpis/{kpi_id}/measurements", response={201: PilotOut}, auth=WRITE_AUTH)
def measurement_add(request: Any, uuid: uuid_module.UUID, kpi_id: int, payload: MeasurementIn) -> Any:
    pilot = selectors.pilot_get_for_user(request.user, uuid)
    if not pilot.kpis.filter(pk=kpi_id).exists():
        raise NotFoundError()
    services.kpi_measurement_record(actor=request.user, kpi_id=kpi_id, **payload.model_dump())
    return Status(201, pilot_out(request.user, selectors.pilot_get_for_user(request.user, uuid)))


@router.post("/pilots/{uuid}/feedback", response={201: PilotOut}, auth=WRITE_AUTH)
def feedback_add(request: Any, uuid: uuid_module.UUID, payload: FeedbackIn) -> Any:
    pilot = selectors.pilot_get_for_user(request.user, uuid)
    services.feedback_submit(actor=request.user, pilot_id=pilot.pk, **payload.model_dump())
    return Status(201, pilot_out(request.user, selectors.pilot_get_for_user(request.user, uuid)))
