"""Reads of calls, submissions and lists, filtered by what the viewer may see. List rows carry only the public
parts of each scenario: a confidential part never reaches a list page, an export or the API."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from scenebridge.accounts.permissions import is_operator
from scenebridge.calls import permissions, rules
from scenebridge.calls.models import Call, CallStatus, CallSubmission, ListStatus, ScenarioList, ScenarioListEntry
from scenebridge.core.errors import NotFoundError
from scenebridge.reviews.models import Panel, PanelResult
from scenebridge.reviews.selectors import panels_for_target
from scenebridge.scenarios.models import Scenario


def call_list(user: Any) -> QuerySet[Call]:
    calls = Call.objects.annotate(submissions_count=Count("submissions")).prefetch_related("domains")
    return calls if is_operator(user) else calls.exclude(status=CallStatus.DRAFT)


def open_calls() -> QuerySet[Call]:
    return Call.objects.filter(status=CallStatus.OPEN).prefetch_related("domains").order_by("closes_on")


def call_get_for_user(user: Any, uuid: Any) -> Call:
    call = Call.objects.prefetch_related("domains").filter(uuid=uuid).first()
    if call is None or not permissions.can_view_call(user, call):
        raise NotFoundError()
    return call


def submissions_for_user(user: Any, call: Call) -> QuerySet[CallSubmission]:
    """The operator sees every submission; an owner only their organization's."""
    submissions = call.submissions.select_related("scenario", "organization", "submitted_by")
    if is_operator(user):
        return submissions
    if permissions.may_submit_for(user):
        return submissions.filter(organization_id=user.organization_id)
    return submissions.none()


def submission_get_for_user(user: Any, uuid: Any) -> CallSubmission:
    submission = (
        CallSubmission.objects.select_related(
            "call",
            "organization",
            "scenario",
            "scenario__owner",
            "scenario__region",
            "scenario__domain",
            "scenario__level",
            "scenario__kind",
        )
        .filter(uuid=uuid)
        .first()
    )
    if submission is None or not permissions.can_view_submission(user, submission):
        raise NotFoundError()
    return submission


def submittable_scenarios(user: Any, call: Call) -> QuerySet[Scenario]:
    if not permissions.may_submit_for(user):
        return Scenario.objects.none()
    return (
        Scenario.objects.filter(owner_id=user.organization_id, status__in=rules.SUBMITTABLE_SCENARIO_STATES)
        .exclude(call_submissions__call=call)
        .order_by("title")
    )


def call_panel(call: Call) -> Panel | None:
    return panels_for_target(call).first()


@dataclass(frozen=True)
class RankedSubmission:
    submission: CallSubmission
    result: PanelResult | None


def ranked_submissions(call: Call, panel: Panel | None) -> list[RankedSubmission]:
    """For the operator's decision: submissions in ranking order (unranked last)."""
    results: dict[int, PanelResult] = {}
    if panel is not None:
        results = {r.item.object_id: r for r in PanelResult.objects.filter(item__panel=panel).select_related("item")}
    rows = [RankedSubmission(s, results.get(s.pk)) for s in call.submissions.select_related("scenario", "organization")]
    return sorted(rows, key=lambda r: (r.result.rank if r.result else 10**9, r.submission.pk))


def list_index(user: Any) -> QuerySet[ScenarioList]:
    lists = ScenarioList.objects.select_related("publisher").annotate(entries_count=Count("entries"))
    if is_operator(user):
        return lists
    return lists.filter(status=ListStatus.PUBLISHED)


def published_lists() -> QuerySet[ScenarioList]:
    """The latest published version of each batch (older versions stay reachable from their successor)."""
    superseded = Q(next_version__status=ListStatus.PUBLISHED)
    return list_index(None).filter(status=ListStatus.PUBLISHED).exclude(superseded)


def list_get_for_user(user: Any, uuid: Any) -> ScenarioList:
    scenario_list = (
        ScenarioList.objects.select_related("publisher", "previous_version", "call").filter(uuid=uuid).first()
    )
    if scenario_list is None or not permissions.can_view_list(user, scenario_list):
        raise NotFoundError()
    return scenario_list


@dataclass(frozen=True)
class ListRow:
    """One line of a published list, with the scenario's public parts only."""

    order: int
    scenario_id: int
    scenario_uuid: str
    title: str
    owner: str
    region: str
    domain: str
    level: str
    opening_modes: str
    summary: str
    contact: str
    remarks: str


def _contact(scenario: Scenario) -> str:
    if "contact" in scenario.confidential_parts:
        return ""
    return " ".join(p for p in (scenario.contact_name, scenario.contact_phone, scenario.contact_email) if p)


def _region_zh(scenario: Scenario) -> str:
    region = scenario.region
    return f"{region.parent.name_zh}{region.name_zh}" if region.parent is not None else region.name_zh


def list_rows(scenario_list: ScenarioList) -> list[ListRow]:
    entries = scenario_list.entries.select_related(
        "scenario", "scenario__owner", "scenario__region__parent", "scenario__domain", "scenario__level"
    ).prefetch_related(Prefetch("scenario__opening_modes"))
    rows = []
    for entry in entries:
        scenario = entry.scenario
        rows.append(
            ListRow(
                order=entry.order,
                scenario_id=scenario.pk,
                scenario_uuid=str(scenario.uuid),
                title=scenario.title,
                owner=scenario.owner.name,
                region=_region_zh(scenario),
                domain=scenario.domain.name_zh,
                level=scenario.level.name_zh,
                opening_modes="、".join(m.name_zh for m in scenario.opening_modes.all()),
                summary=scenario.summary,
                contact=_contact(scenario),
                remarks=entry.remarks,
            )
        )
    return rows


def _entry_views(scenario_list: ScenarioList) -> list[rules.EntryView]:
    entries = ScenarioListEntry.objects.filter(scenario_list=scenario_list).select_related("scenario")
    return [rules.EntryView(e.scenario_id, e.scenario.title, e.remarks, e.order) for e in entries]


def list_changes(scenario_list: ScenarioList) -> rules.ListChanges | None:
    if scenario_list.previous_version is None:
        return None
    return rules.list_changes(_entry_views(scenario_list.previous_version), _entry_views(scenario_list))


def list_candidates(scenario_list: ScenarioList) -> QuerySet[Scenario]:
    """Published scenarios the operator may add to a draft list."""
    from scenebridge.core.workflow import PUBLIC_STATES

    return (
        Scenario.objects.filter(status__in=PUBLIC_STATES)
        .exclude(list_entries__scenario_list=scenario_list)
        .select_related("owner")
        .order_by("-published_at")[:200]
    )
