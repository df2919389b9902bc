"""Calls and lists API: public lists and calls; submissions for owners; decisions for the operator."""

import datetime
import uuid as uuid_module
from typing import Any

from ninja import Router, Schema, Status

from scenebridge.accounts.api_auth import WRITE_AUTH, reader
from scenebridge.calls import selectors, services
from scenebridge.calls.models import Call, CallSubmission, ScenarioList
from scenebridge.core.decisions import head_hash
from scenebridge.scenarios.models import Scenario

router = Router(tags=["calls"])


class ListSummaryOut(Schema):
    uuid: uuid_module.UUID
    title: str
    year: int
    batch_number: int
    version: int
    publisher: str
    publication_date: datetime.date | None
    entries: int


class ListEntryOut(Schema):
    order: int
    scenario: uuid_module.UUID
    title: str
    owner: str
    region: str
    domain: str
    level: str
    opening_modes: str
    summary: str
    contact: str
    remarks: str


class ListOut(ListSummaryOut):
    status: str
    changelog: str
    previous_version: uuid_module.UUID | None
    decision_head_hash: str
    decision_log_head: str
    rows: list[ListEntryOut]


class CallOut(Schema):
    uuid: uuid_module.UUID
    title: str
    theme: str
    description: str
    opens_on: datetime.date
    closes_on: datetime.date
    status: str
    eligible_organization_types: list[str]
    domains: list[str]
    rubric: list[dict[str, Any]]


class SubmissionIn(Schema):
    scenario: uuid_module.UUID


class SubmissionOut(Schema):
    id: int
    scenario: uuid_module.UUID
    title: str
    organization: str
    submitted_at: datetime.datetime
    decision: str
    rank: int | None = None
    total: float | None = None


class DecisionIn(Schema):
    selected: list[int]


def _list_summary(scenario_list: ScenarioList) -> dict[str, Any]:
    return {
        "uuid": scenario_list.uuid,
        "title": scenario_list.title,
        "year": scenario_list.year,
        "batch_number": scenario_list.batch_number,
        "version": scenario_list.version,
        "publisher": scenario_list.publisher.name,
        "publication_date": scenario_list.publication_date,
        "entries": getattr(scenario_list, "entries_count", 0),
    }


def _call(call: Call) -> dict[str, Any]:
    data = {name: getattr(call, name) for name in CallOut.model_fields if name != "domains"}
    data["domains"] = [d.code for d in call.domains.all()]
    return data


def _submission(submission: CallSubmission, result: Any = None) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "scenario": submission.scenario.uuid,
        "title": submission.scenario.title,
        "organization": submission.organization.name,
        "submitted_at": submission.submitted_at,
        "decision": submission.decision,
        "rank": result.rank if result else None,
        "total": result.total if result else None,
    }


@router.get("/lists", response=list[ListSummaryOut])
def list_index(request: Any) -> Any:
    return [_list_summary(s) for s in selectors.published_lists()]


@router.get("/lists/{uuid}", response=ListOut)
def list_get(request: Any, uuid: uuid_module.UUID) -> Any:
    scenario_list = selectors.list_get_for_user(reader(request), uuid)
    data = _list_summary(scenario_list)
    rows = selectors.list_rows(scenario_list)
    data.update(
        status=scenario_list.status,
        changelog=scenario_list.changelog,
        entries=len(rows),
        previous_version=scenario_list.previous_version.uuid if scenario_list.previous_version else None,
        decision_head_hash=scenario_list.decision_head_hash,
        decision_log_head=head_hash(),
        rows=[{**row.__dict__, "scenario": row.scenario_uuid} for row in rows],
    )
    return data


@router.get("/calls", response=list[CallOut])
def call_index(request: Any) -> Any:
    return [_call(c) for c in selectors.call_list(reader(request))]


@router.get("/calls/{uuid}", response=CallOut)
def call_get(request: Any, uuid: uuid_module.UUID) -> Any:
    return _call(selectors.call_get_for_user(reader(request), uuid))


@router.get("/calls/{uuid}/submissions", response=list[SubmissionOut], auth=WRITE_AUTH)
def submission_index(request: Any, uuid: uuid_module.UUID) -> Any:
    """The operator sees every submission with its ranking; an owner sees only their organization's."""
    call = selectors.call_get_for_user(request.user, uuid)
    if services.permissions.can_manage(request.user):
        return [
            _submission(r.submission, r.result) for r in selectors.ranked_submissions(call, selectors.call_panel(call))
        ]
    return [_submission(s) for s in selectors.submissions_for_user(request.user, call)]


@router.post("/calls/{uuid}/submissions", response={201: SubmissionOut}, auth=WRITE_AUTH)
def submission_create(request: Any, uuid: uuid_module.UUID, payload: SubmissionIn) -> Any:
    call = selectors.call_get_for_user(request.user, uuid)
    scenario_id = Scenario.objects.filter(uuid=payload.scenario).values_list("pk", flat=True).first()
    submission = services.submission_create(actor=request.user, call_id=call.pk, scenario_id=scenario_id or 0)
    return Status(201, _submission(submission))


@router.post("/calls/{uuid}/decision", response=list[SubmissionOut], auth=WRITE_AUTH)
def call_decide(request: Any, uuid: uuid_module.UUID, payload: DecisionIn) -> Any:
    call = selectors.call_get_for_user(request.user, uuid)
    services.call_decide(actor=request.user, call_id=call.pk, selected_ids=set(payload.selected))
    return [_submission(r.submission, r.result) for r in selectors.ranked_submissions(call, selectors.call_panel(call))]
