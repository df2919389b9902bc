"""Every write to a pilot: create, offers, milestones, KPIs and their values, feedback, issues, the transitions,
the evaluation, and re-issuing its scenario with the lessons learned. Cases and the catalogue: catalogue_services."""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.accounts.models import Role, User
from scenebridge.catalog.models import Offer
from scenebridge.core.attachments import attachment_add
from scenebridge.core.audit import audit_record, snapshot
from scenebridge.core.decisions import decision_record
from scenebridge.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
    validation_error_from_django,
)
from scenebridge.core.workflow import PUBLIC_STATES
from scenebridge.notifications.services import notify
from scenebridge.pilots import permissions, rules
from scenebridge.pilots.models import (
    Feedback,
    IssueStatus,
    Kpi,
    KpiMeasurement,
    Milestone,
    OfferSource,
    PartySide,
    Pilot,
    PilotEvaluation,
    PilotIssue,
    PilotOffer,
    PilotStatus,
    Verdict,
)
from scenebridge.scenarios import services as scenario_services
from scenebridge.scenarios.models import Scenario

PILOT_FIELDS = ("scenario", "owner", "title", "plan", "public_summary", "starts_on", "ends_on", "status")
REISSUE_COPIED = (
    "title",
    "summary",
    "description",
    "technical_requirements",
    "expected_outcomes",
    "kpis",
    "region",
    "domain",
    "level",
    "kind",
    "provides_site",
    "provides_data",
    "provides_compute",
    "provides_funding",
    "funding_min_wan",
    "funding_max_wan",
    "other_support",
    "contact_name",
    "contact_phone",
    "contact_email",
    "confidential_parts",
)


# --- shared helpers -------------------------------------------------------------------------------------------


def lock_pilot(pilot_id: int) -> Pilot:
    """The one way to take a row lock on a pilot before changing it or anything in it."""
    pilot = Pilot.objects.select_for_update().filter(pk=pilot_id).first()
    if pilot is None:
        raise NotFoundError()
    return pilot


def validated(obj: models.Model, exclude: Iterable[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise validation_error_from_django(error) from error


def members(organization_ids: Iterable[int], roles: Iterable[str]) -> list[User]:
    return list(
        User.objects.filter(
            organization_id__in=list(organization_ids), role__in=[*roles, Role.ORG_ADMIN], is_active=True
        )
    )


def operators() -> list[User]:
    return list(User.objects.filter(role=Role.OPERATOR, is_active=True))


def pilot_people(pilot: Pilot, *, owner: bool = True, suppliers: bool = True) -> list[User]:
    people: list[User] = []
    if owner:
        people += members([pilot.owner_id], [Role.OWNER])
    if suppliers:
        people += members(PilotOffer.objects.filter(pilot=pilot).values_list("supplier_id", flat=True), [Role.SUPPLIER])
    return people


def pilot_url(pilot: Pilot) -> str:
    return reverse("pilots:detail", kwargs={"uuid": pilot.uuid})


def _tell(pilot: Pilot, recipients: list[User], event: str, title: str, actor: Any) -> None:
    """Tells the people concerned, except whoever did it."""
    notify(
        recipients=[u for u in recipients if u.pk != getattr(actor, "pk", None)],
        kind=f"pilot_{event}",
        title=title,
        body=pilot.title,
        url=pilot_url(pilot),
        dedupe_key=f"pilot:{pilot.pk}:{event}",
    )


def _side_of(actor: Any, pilot: Pilot) -> str:
    if permissions.is_owner_side(actor, pilot):
        return PartySide.OWNER
    return PartySide.SUPPLIER


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError()


def _require_state(pilot: Pilot, states: frozenset[str]) -> None:
    if pilot.status not in states:
        raise InvalidTransitionError()


# --- the pilot and what it is made of -------------------------------------------------------------------------


def pilot_create(
    *,
    actor: Any,
    scenario_id: int,
    title: str,
    plan: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    public_summary: str = "",
) -> Pilot:
    scenario = Scenario.objects.filter(pk=scenario_id).first()
    if scenario is None:
        raise NotFoundError()
    _require(permissions.can_create(actor, scenario))
    pilot = Pilot(
        scenario=scenario,
        owner_id=scenario.owner_id,
        title=title.strip(),
        plan=plan,
        public_summary=public_summary,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    validated(pilot, exclude=["created_by"])
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailedError(fields={"ends_on": [_("The end must not be before the start.")]})
    with transaction.atomic():
        pilot.save()
        audit_record(actor=actor, action="create", obj=pilot, after=snapshot(pilot, PILOT_FIELDS))
    return pilot


def _source_problem(pilot: Pilot, offer: Offer, source: str, award_id: int | None, connection_id: int | None) -> str:
    """Why the named award or connection cannot be the source of this offer in this pilot ("" when it can).
    The models are reached through the lazy foreign keys: pilots does not import challenges or matching."""
    if source == OfferSource.AWARD and award_id is not None:
        award_model: Any = PilotOffer._meta.get_field("award").related_model
        award = award_model._default_manager.filter(pk=award_id).select_related("challenge", "application").first()
        winner = getattr(getattr(award, "application", None), "organization_id", None)
        if award is None or award.status != "approved" or award.challenge.scenario_id != pilot.scenario_id:
            return str(_("Choose an approved award of a challenge on this scenario."))
        if winner != offer.provider_id:
            return str(_("The award went to another organization than this offer's provider."))
    if source == OfferSource.CONNECTION and connection_id is not None:
        connection_model: Any = PilotOffer._meta.get_field("connection").related_model
        connection = connection_model._default_manager.filter(pk=connection_id).first()
        if connection is None or connection.scenario_id != pilot.scenario_id or connection.offer_id != offer.pk:
            return str(_("Choose a connection between this scenario and this offer."))
    return ""


def pilot_offer_add(
    *,
    actor: Any,
    pilot_id: int,
    offer_id: int,
    source: str,
    source_reference: str = "",
    award_id: int | None = None,
    connection_id: int | None = None,
) -> PilotOffer:
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_manage(actor, pilot))
        _require_state(pilot, rules.SETUP_STATES)
        offer = Offer.objects.filter(pk=offer_id, status__in=PUBLIC_STATES).first()
        if offer is None:
            raise ValidationFailedError(fields={"offer": [_("Choose a published offer.")]})
        problem = _source_problem(pilot, offer, source, award_id, connection_id)
        if problem:
            raise ValidationFailedError(fields={"source": [problem]})
        row = PilotOffer(
            pilot=pilot,
            offer=offer,
            supplier_id=offer.provider_id,
            source=source,
            source_reference=source_reference,
            award_id=award_id if source == OfferSource.AWARD else None,
            connection_id=connection_id if source == OfferSource.CONNECTION else None,
        )
        validated(row, exclude=["pilot"])
        if PilotOffer.objects.filter(pilot=pilot, offer=offer).exists():
            raise ValidationFailedError(fields={"offer": [_("This offer is already in the pilot.")]})
        row.save()
        audit_record(actor=actor, action="offer_add", obj=pilot, after={"offer": offer.pk, "source": source})
        notify(
            recipients=members([offer.provider_id], [Role.SUPPLIER]),
            kind="pilot_offer_added",
            title=_("Your offer is in a pilot: %(title)s") % {"title": pilot.title},
            body=offer.name,
            url=pilot_url(pilot),
            dedupe_key=f"pilot:{pilot.pk}:offer:{offer.pk}",
        )
    return row


def milestone_add(*, actor: Any, pilot_id: int, title: str, due_on: datetime.date) -> Milestone:
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_manage(actor, pilot))
        _require_state(pilot, rules.SETUP_STATES)
        milestone = Milestone(pilot=pilot, title=title.strip(), due_on=due_on)
        validated(milestone)
        milestone.save()
        audit_record(
            actor=actor, action="milestone_add", obj=pilot, after={"milestone": title, "due_on": due_on.isoformat()}
        )
    return milestone


def milestone_complete(
    *, actor: Any, milestone_id: int, evidence: str, upload: UploadedFile | None = None
) -> Milestone:
    milestone = Milestone.objects.filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFoundError()
    with transaction.atomic():
        pilot = lock_pilot(milestone.pilot_id)
        milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
        _require(permissions.can_record(actor, pilot) or permissions.can_setup(actor, pilot))
        if milestone.done:
            return milestone  # done once: a repeated request changes nothing
        milestone.done, milestone.done_at, milestone.evidence = True, timezone.now(), evidence
        validated(milestone)
        milestone.save(update_fields=["done", "done_at", "evidence", "updated_at"])
        if upload is not None:
            attachment_add(actor=actor, obj=milestone, upload=upload, confidential=True)
        audit_record(actor=actor, action="milestone_done", obj=pilot, after={"milestone": milestone.title})
        _tell(
            pilot,
            pilot_people(pilot),
            f"milestone:{milestone.pk}",
            _("Milestone reached: %(t)s") % {"t": milestone.title},
            actor,
        )
    return milestone


def kpi_add(*, actor: Any, pilot_id: int, name: str, unit: str, target_value: decimal.Decimal, direction: str) -> Kpi:
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_manage(actor, pilot))
        _require_state(pilot, rules.SETUP_STATES)
        kpi = Kpi(pilot=pilot, name=name.strip(), unit=unit.strip(), target_value=target_value, direction=direction)
        validated(kpi)
        kpi.save()
        audit_record(
            actor=actor, action="kpi_add", obj=pilot, after=snapshot(kpi, ["name", "unit", "target_value", "direction"])
        )
    return kpi


def kpi_measurement_record(
    *, actor: Any, kpi_id: int, value: decimal.Decimal, measured_on: datetime.date, note: str = ""
) -> KpiMeasurement:
    kpi = Kpi.objects.filter(pk=kpi_id).first()
    if kpi is None:
        raise NotFoundError()
    with transaction.atomic():
        pilot = lock_pilot(kpi.pilot_id)
        _require(permissions.can_record(actor, pilot))
        if measured_on > timezone.localdate():
            raise ValidationFailedError(fields={"measured_on": [_("A value cannot be measured in the future.")]})
        measurement = KpiMeasurement(kpi=kpi, value=value, measured_on=measured_on, note=note, recorded_by=actor)
        validated(measurement, exclude=["recorded_by"])
        measurement.save()
        audit_record(
            actor=actor,
            action="kpi_measure",
            obj=pilot,
            after={"kpi": kpi.name, "value": str(value), "measured_on": measured_on.isoformat()},
        )
    return measurement


def feedback_submit(
    *,
    actor: Any,
    pilot_id: int,
    round: int,
    effectiveness: int,
    reliability: int,
    cooperation: int,
    cost: int,
    text: str = "",
) -> Feedback:
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_record(actor, pilot))
        side = _side_of(actor, pilot)
        feedback = Feedback(
            pilot=pilot,
            side=side,
            organization_id=actor.organization_id,
            round=round,
            effectiveness=effectiveness,
            reliability=reliability,
            cooperation=cooperation,
            cost=cost,
            text=text,
            author=actor,
        )
        validated(feedback, exclude=["author"])
        try:
            with transaction.atomic():
                feedback.save()
        except IntegrityError as error:
            message = _("Your organization has already given its feedback for this round.")
            raise ValidationFailedError(fields={"round": [message]}) from error
        audit_record(actor=actor, action="feedback", obj=pilot, after={"side": side, "round": round})
        others = pilot_people(pilot, owner=side == PartySide.SUPPLIER, suppliers=side == PartySide.OWNER)
        _tell(
            pilot, others, f"feedback:{feedback.pk}", _("New feedback on the pilot %(t)s") % {"t": pilot.title}, actor
        )
    return feedback


def issue_raise(*, actor: Any, pilot_id: int, title: str, description: str = "") -> PilotIssue:
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_record(actor, pilot))
        issue = PilotIssue(
            pilot=pilot,
            title=title.strip(),
            description=description,
            raised_by_side=_side_of(actor, pilot),
            raised_by=actor,
        )
        validated(issue, exclude=["raised_by"])
        issue.save()
        audit_record(actor=actor, action="issue_raise", obj=pilot, after={"issue": issue.title})
        _tell(pilot, pilot_people(pilot), f"issue:{issue.pk}", _("Issue raised: %(t)s") % {"t": issue.title}, actor)
    return issue


def issue_resolve(*, actor: Any, issue_id: int, resolution: str) -> PilotIssue:
    issue = PilotIssue.objects.filter(pk=issue_id).first()
    if issue is None:
        raise NotFoundError()
    with transaction.atomic():
        pilot = lock_pilot(issue.pilot_id)
        issue = PilotIssue.objects.select_for_update().get(pk=issue_id)
        _require(permissions.can_resolve_issue(actor, pilot))
        if issue.status == IssueStatus.RESOLVED:
            raise InvalidTransitionError(_("This issue is already resolved."))
        if not resolution.strip():
            raise ValidationFailedError(fields={"resolution": [_("Say how the issue was resolved.")]})
        issue.status, issue.resolution, issue.resolved_at = IssueStatus.RESOLVED, resolution, timezone.now()
        validated(issue, exclude=["raised_by"])
        issue.save(update_fields=["status", "resolution", "resolved_at", "updated_at"])
        audit_record(actor=actor, action="issue_resolve", obj=pilot, after={"issue": issue.title})
        _tell(
            pilot,
            pilot_people(pilot),
            f"issue:{issue.pk}:resolved",
            _("Issue resolved: %(t)s") % {"t": issue.title},
            actor,
        )
    return issue


# --- the lifecycle ---------------------------------------------------------------------------------------------


def pilot_transition(*, actor: Any, pilot_id: int, action: str) -> Pilot:
    """start (needs an offer and a KPI) and complete; evaluation goes through pilot_evaluate."""
    if action == "evaluate":
        raise InvalidTransitionError(_("Evaluate the pilot through its evaluation form."))
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_manage(actor, pilot))
        transition = rules.pilot_transition_for(action, pilot.status)
        if action == "start" and not (pilot.pilot_offers.exists() and pilot.kpis.exists()):
            raise ValidationFailedError(
                fields={"__all__": [_("Add at least one offer in use and one KPI before starting the pilot.")]}
            )
        before = pilot.status
        pilot.status = transition.target
        if action == "start" and pilot.starts_on is None:
            pilot.starts_on = timezone.localdate()
        if action == "complete" and pilot.ends_on is None:
            pilot.ends_on = max(timezone.localdate(), pilot.starts_on or timezone.localdate())
        pilot.save(update_fields=["status", "starts_on", "ends_on", "updated_at"])
        audit_record(actor=actor, action=action, obj=pilot, before={"status": before}, after={"status": pilot.status})
        title = _("Pilot %(t)s: %(s)s") % {"t": pilot.title, "s": PilotStatus(pilot.status).label}
        _tell(pilot, pilot_people(pilot), action, title, actor)
    return pilot


def pilot_attainment(pilot: Pilot) -> list[rules.KpiAttainment]:
    """KPI attainment from the latest measurement of each KPI (rules.kpi_attainment)."""
    kpis = Kpi.objects.filter(pilot=pilot).prefetch_related("measurements")
    return [
        rules.kpi_attainment(
            name=kpi.name,
            unit=kpi.unit,
            target=kpi.target_value,
            direction=kpi.direction,
            measurements=[rules.Measurement(m.value, m.measured_on, m.pk) for m in kpi.measurements.all()],
        )
        for kpi in kpis
    ]


def pilot_evaluate(
    *, actor: Any, pilot_id: int, verdict: str, text: str, public_summary: str | None = None
) -> PilotEvaluation:
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_manage(actor, pilot))
        rules.pilot_transition_for("evaluate", pilot.status)
        results = pilot_attainment(pilot)
        evaluation = PilotEvaluation(
            pilot=pilot,
            verdict=verdict,
            text=text,
            attainment=[r.as_dict() for r in results],
            all_attained=rules.all_attained(results),
            evaluated_by=actor,
        )
        validated(evaluation, exclude=["pilot", "evaluated_by"])
        if public_summary is not None:
            pilot.public_summary = public_summary
            validated(pilot, exclude=["created_by"])
        evaluation.save()
        pilot.status = PilotStatus.EVALUATED
        pilot.save(update_fields=["status", "public_summary", "updated_at"])
        audit_record(
            actor=actor,
            action="evaluate",
            obj=pilot,
            before={"status": PilotStatus.COMPLETED},
            after={"status": pilot.status, "verdict": verdict, "all_attained": evaluation.all_attained},
        )
        decision_record(
            actor=actor,
            kind="pilot_evaluation",
            obj=pilot,
            summary=f"{pilot.title}: {Verdict(verdict).label}",
            payload={"verdict": verdict, "attainment": evaluation.attainment, "all_attained": evaluation.all_attained},
        )
        title = _("Pilot evaluated: %(t)s") % {"t": pilot.title}
        _tell(pilot, pilot_people(pilot) + operators(), "evaluate", title, actor)
    return evaluation


def pilot_targets_override(*, actor: Any, pilot_id: int, reason: str) -> PilotEvaluation:
    """The operator declares the targets met although the figures alone do not show it, with a reason."""
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_override_targets(actor, pilot))
        if not reason.strip():
            raise ValidationFailedError(fields={"reason": [_("Please give the reason for the override.")]})
        evaluation = PilotEvaluation.objects.select_for_update().get(pilot=pilot)
        evaluation.override_reason, evaluation.overridden_by = reason.strip(), actor
        evaluation.overridden_at = timezone.now()
        validated(evaluation, exclude=["pilot", "evaluated_by", "overridden_by"])
        evaluation.save(update_fields=["override_reason", "overridden_by", "overridden_at", "updated_at"])
        audit_record(actor=actor, action="targets_override", obj=pilot, after={"reason": evaluation.override_reason})
        decision_record(
            actor=actor,
            kind="pilot_evaluation",
            obj=pilot,
            summary=f"{pilot.title}: targets declared met by the operator",
            payload={"override_reason": evaluation.override_reason},
        )
        _tell(
            pilot,
            pilot_people(pilot, suppliers=False),
            "override",
            _("Pilot targets declared met: %(t)s") % {"t": pilot.title},
            actor,
        )
    return evaluation


def scenario_reissue_from_pilot(*, actor: Any, pilot_id: int, lessons: str) -> Scenario:
    """A new draft of the pilot's scenario, linked to the old one and carrying the pilot's lessons (v2)."""
    with transaction.atomic():
        pilot = lock_pilot(pilot_id)
        _require(permissions.can_reissue(actor, pilot))
        if not lessons.strip():
            raise ValidationFailedError(fields={"lessons": [_("Write down what the pilot taught.")]})
        old = pilot.scenario
        data: dict[str, Any] = {name: getattr(old, name) for name in REISSUE_COPIED}
        data |= {"tags": list(old.tags.all()), "opening_modes": list(old.opening_modes.all())}
        data |= {"previous_version": old, "lessons_learned": lessons.strip()}
        scenario = scenario_services.scenario_create(actor=actor, data=data)
        audit_record(actor=actor, action="reissue", obj=pilot, after={"scenario": scenario.pk, "previous": old.pk})
    return scenario
