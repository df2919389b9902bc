"""Every write to a call and its submissions: create, open, close (also by deadline), submit, form the panel,
decide. Lists are written in list_services.py."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.accounts.models import Role, User
from scenebridge.calls import permissions, rules
from scenebridge.calls.models import Call, CallStatus, CallSubmission, Decision
from scenebridge.core.audit import audit_record, snapshot
from scenebridge.core.decisions import decision_record
from scenebridge.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from scenebridge.notifications.services import notify
from scenebridge.reviews import rules as review_rules
from scenebridge.reviews import services as reviews
from scenebridge.reviews.models import Panel, PanelStatus
from scenebridge.reviews.selectors import panels_for_target
from scenebridge.scenarios.models import Scenario

CALL_FIELDS = ("title", "theme", "description", "opens_on", "closes_on", "eligible_organization_types", "rubric")


def lock_call(call_id: int) -> Call:
    call = Call.objects.select_for_update().filter(pk=call_id).first()
    if call is None:
        raise NotFoundError()
    return call


def _url(name: str, *args: Any) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _people_of(organization_id: int) -> list[User]:
    return list(
        User.objects.filter(organization_id=organization_id, is_active=True, role__in=[Role.OWNER, Role.ORG_ADMIN])
    )


def call_create(*, actor: Any, data: dict[str, Any]) -> Call:
    if not permissions.can_manage(actor):
        raise PermissionDeniedError()
    domains = data.pop("domains", [])
    call = Call(created_by=actor, **{k: v for k, v in data.items() if k in CALL_FIELDS})
    errors: dict[str, list[str]] = {}
    try:
        call.full_clean(exclude=["created_by"])
    except ValidationError as error:
        errors.update({k: [str(m) for m in v] for k, v in error.message_dict.items()})
    if call.opens_on and call.closes_on and call.closes_on < call.opens_on:
        errors.setdefault("closes_on", []).append(_("The closing date must not be before the opening date."))
    rubric_problems = review_rules.rubric_errors(call.rubric)
    if rubric_problems:
        errors.setdefault("rubric", []).extend(rubric_problems)
    if errors:
        raise ValidationFailedError(fields=errors)
    with transaction.atomic():
        call.save()
        call.domains.set(domains)
        audit_record(actor=actor, action="call_create", obj=call, after=snapshot(call, CALL_FIELDS))
    return call


def call_transition(*, actor: Any, call_id: int, action: str) -> Call:
    """Opens or closes a call. The deadline command closes with actor None (the system)."""
    if action not in ("open", "close"):
        raise InvalidTransitionError()
    if not (permissions.can_manage(actor) or (actor is None and action == "close")):
        raise PermissionDeniedError()
    with transaction.atomic():
        call = lock_call(call_id)
        before = call.status
        call.status = rules.call_target(action, call.status)
        fields = ["status", "updated_at"]
        if action == "close":
            call.closed_at = timezone.now()
            fields.append("closed_at")
        call.save(update_fields=fields)
        audit_record(
            actor=actor, action=f"call_{action}", obj=call, before={"status": before}, after={"status": call.status}
        )
        if action == "close":
            _notify_closed(call)
    return call


def _notify_closed(call: Call) -> None:
    submitters = [s.submitted_by for s in call.submissions.select_related("submitted_by")]
    operators = list(User.objects.filter(role=Role.OPERATOR, is_active=True))
    notify(
        recipients=[*submitters, *operators],
        kind="call_closed",
        title=_("The call “%(title)s” has closed") % {"title": call.title},
        body=_("Submissions are closed; expert selection follows."),
        url=_url("calls:call_detail", call.uuid),
        dedupe_key=f"call:{call.pk}:closed",
    )


def call_deadlines_close(*, today: datetime.date | None = None) -> int:
    """Closes every open call whose closing date has passed; running it twice closes nothing more."""
    today = today or timezone.localdate()
    closed = 0
    for call_id in Call.objects.filter(status=CallStatus.OPEN, closes_on__lt=today).values_list("pk", flat=True):
        try:
            call_transition(actor=None, call_id=call_id, action="close")
        except InvalidTransitionError:
            continue  # closed by someone else meanwhile
        closed += 1
    return closed


def submission_create(*, actor: Any, call_id: int, scenario_id: int) -> CallSubmission:
    """An owner submits one of their own scenarios to an open call; submitting it again changes nothing."""
    with transaction.atomic():
        call = lock_call(call_id)
        scenario = Scenario.objects.select_related("owner").filter(pk=scenario_id).first()
        if scenario is None or not permissions.acts_for_owner(actor, scenario.owner_id):
            raise PermissionDeniedError()
        if not rules.accepts_submissions(call.status, call.opens_on, call.closes_on, timezone.localdate()):
            raise InvalidTransitionError(_("This call is not accepting submissions."))
        if not rules.eligible(scenario.owner.type, call.eligible_organization_types):
            raise ValidationFailedError(_("Your organization type is not eligible for this call."))
        if scenario.status not in rules.SUBMITTABLE_SCENARIO_STATES:
            raise ValidationFailedError(_("Only draft or published scenarios can be submitted."))
        existing = CallSubmission.objects.filter(call=call, scenario=scenario).first()
        if existing is not None:
            return existing
        submission = CallSubmission.objects.create(
            call=call, scenario=scenario, submitted_by=actor, organization_id=scenario.owner_id
        )
        audit_record(
            actor=actor, action="submission_create", obj=submission, after={"call": call.pk, "scenario": scenario.pk}
        )
        notify(
            recipients=_people_of(scenario.owner_id),
            kind="call_submission",
            title=_("“%(scenario)s” was submitted to “%(call)s”") % {"scenario": scenario.title, "call": call.title},
            body=_("The operator will form an expert panel after the call closes."),
            url=_url("calls:call_detail", call.uuid),
            dedupe_key=f"call:{call.pk}:submission:{scenario.pk}",
        )
    return submission


def call_panel_form(
    *, actor: Any, call_id: int, expert_ids: list[int], closes_at: datetime.datetime | None = None
) -> Panel:
    """The operator forms the call's expert panel: the call's rubric, the chosen experts, every submission."""
    if not permissions.can_manage(actor):
        raise PermissionDeniedError()
    with transaction.atomic():
        call = lock_call(call_id)
        if call.status != CallStatus.CLOSED:
            raise InvalidTransitionError(_("A panel is formed once the call has closed."))
        if panels_for_target(call).exists():
            raise InvalidTransitionError(_("This call already has an expert panel."))
        panel = reviews.panel_create(
            actor=actor,
            target=call,
            title=_("Selection panel: %(title)s") % {"title": call.title},
            rubric=call.rubric,
            closes_at=closes_at,
        )
        for expert_id in expert_ids:
            reviews.panel_member_add(actor=actor, panel_id=panel.pk, expert_id=expert_id)
        for submission in call.submissions.select_related("scenario"):
            reviews.panel_item_add(
                actor=actor,
                panel_id=panel.pk,
                item=submission,
                owner_organization_id=submission.organization_id,
                label=submission.scenario.title,
                material_url=_url("calls:submission", submission.uuid),
            )
    return panel


def call_decide(*, actor: Any, call_id: int, selected_ids: set[int]) -> list[CallSubmission]:
    """Selected / not selected for every submission, after the panel has closed; recorded in the decision log."""
    if not permissions.can_manage(actor):
        raise PermissionDeniedError()
    with transaction.atomic():
        call = lock_call(call_id)
        call.status, before = rules.call_target("decide", call.status), call.status
        panel = panels_for_target(call).first()
        if panel is None or panel.status != PanelStatus.CLOSED:
            raise InvalidTransitionError(_("The expert panel must close before the decision."))
        submissions = list(call.submissions.select_related("scenario").select_for_update())
        unknown = selected_ids - {s.pk for s in submissions}
        if unknown:
            raise ValidationFailedError(_("Only submissions to this call can be selected."))
        ranks = _ranks(panel)
        now = timezone.now()
        for submission in submissions:
            submission.decision = Decision.SELECTED if submission.pk in selected_ids else Decision.NOT_SELECTED
            submission.decided_at = now
            submission.save(update_fields=["decision", "decided_at", "updated_at"])
        call.decided_at = now
        call.save(update_fields=["status", "decided_at", "updated_at"])
        audit_record(
            actor=actor, action="call_decide", obj=call, before={"status": before}, after={"status": call.status}
        )
        decision_record(
            actor=actor,
            kind="selection",
            obj=call,
            summary=_("Selection for “%(title)s”: %(n)d of %(total)d selected")
            % {"title": call.title, "n": len(selected_ids), "total": len(submissions)},
            payload={
                "submissions": [
                    {
                        "submission": s.pk,
                        "scenario": str(s.scenario.uuid),
                        "title": s.scenario.title,
                        "decision": s.decision,
                        "rank": ranks.get(s.pk),
                    }
                    for s in sorted(submissions, key=lambda s: ranks.get(s.pk) or 10**9)
                ]
            },
        )
        _notify_decided(call, submissions)
    return submissions


def _ranks(panel: Panel) -> dict[int, int]:
    from scenebridge.reviews.models import PanelResult

    return dict(PanelResult.objects.filter(item__panel=panel).values_list("item__object_id", "rank"))


def _notify_decided(call: Call, submissions: list[CallSubmission]) -> None:
    for submission in submissions:
        notify(
            recipients=_people_of(submission.organization_id),
            kind="call_decided",
            title=_("Selection result for “%(scenario)s”") % {"scenario": submission.scenario.title},
            body=str(Decision(submission.decision).label),
            url=_url("calls:call_detail", call.uuid),
            dedupe_key=f"call:{call.pk}:decided:{submission.pk}",
        )
