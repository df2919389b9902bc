"""Writes after the deadline: the award (owner proposes, operator approves — two accounts), the milestones and
their deliverables, and the final acceptance (验收). Decisions go into the hash-chained decision log."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.challenges import permissions, rules
from scenebridge.challenges.models import (
    Application,
    Award,
    AwardStatus,
    Challenge,
    Milestone,
    MilestoneStatus,
)
from scenebridge.challenges.notices import (
    applicant_members,
    challenge_url,
    operators,
    owner_members,
    tell,
)
from scenebridge.challenges.services import lock_challenge, validate
from scenebridge.core.attachments import attachment_add
from scenebridge.core.audit import audit_record, snapshot
from scenebridge.core.decisions import decision_record
from scenebridge.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)

AWARD_FIELDS = ("application", "amount_wan", "reasons", "status", "decision_note")


def lock_award(challenge_id: int) -> Award | None:
    return Award.objects.select_for_update().filter(challenge_id=challenge_id).first()


def lock_milestone(milestone_id: int) -> Milestone:
    milestone = Milestone.objects.select_for_update().filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFoundError()
    return milestone


def _need(field: str, text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailedError(fields={field: [message]})
    return text


# --- award --------------------------------------------------------------------------------------------------------


def award_propose(
    *,
    actor: Any,
    challenge_id: int,
    application_id: int | None,
    reasons: str,
    amount_wan: Decimal | None = None,
) -> Award:
    """The owner proposes the winning application (or no award) with reasons; the operator decides."""
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        award = lock_award(challenge_id)
        if not permissions.can_propose_award(actor, challenge, award, timezone.now()):
            raise PermissionDeniedError(_("The owner proposes an award once the deadline has passed."))
        reasons = _need("reasons", reasons, _("Please give the reasons for the proposal."))
        application = None
        if application_id is not None:
            application = Application.objects.filter(pk=application_id, challenge=challenge).first()
            if application is None:
                raise ValidationFailedError(fields={"application": [_("Choose one of this challenge's applications.")]})
        amount_wan = rules.money("amount_wan", amount_wan)
        if application is not None and amount_wan is None:
            amount_wan = challenge.reward_wan
        before = snapshot(award, AWARD_FIELDS) if award else {}
        award = award or Award(challenge=challenge, proposed_at=timezone.now())
        award.application, award.amount_wan, award.reasons = application, amount_wan, reasons
        award.status, award.proposed_by, award.proposed_at = AwardStatus.PROPOSED, actor, timezone.now()
        award.decided_by, award.decided_at, award.decision_note = None, None, ""
        validate(award, exclude=["proposed_by", "decided_by", "challenge", "application"])
        award.save()
        audit_record(actor=actor, action="award_propose", obj=award, before=before, after=snapshot(award, AWARD_FIELDS))
        audit_record(actor=actor, action="award_propose", obj=challenge, after={"award": award.pk})
        tell(
            operators(),
            kind="award_proposed",
            title=_("Award proposed for approval: %(title)s") % {"title": challenge.title},
            body=_("The owner has proposed an award; it takes effect once an operator approves it."),
            url=challenge_url(challenge),
            key=f"award:{award.pk}:proposed:{award.proposed_at.isoformat()}",
        )
    return award


def award_approve(*, actor: Any, challenge_id: int, note: str = "") -> Award:
    """The operator approves the owner's proposal — never the account that proposed it. Recorded in the
    decision log; every applicant is told the outcome."""
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        award = lock_award(challenge_id)
        if award is None or not permissions.can_decide_award(actor, award):
            raise PermissionDeniedError(_("An operator other than the proposer approves the award."))
        rules.transition_for("award" if award.application_id else "no_award", challenge.status)
        award.status, award.decided_by, award.decided_at = AwardStatus.APPROVED, actor, timezone.now()
        award.decision_note = (note or "").strip()
        validate(award, exclude=["proposed_by", "decided_by", "challenge", "application"])
        award.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
        audit_record(
            actor=actor, action="award_approve", obj=award, before={"status": "proposed"}, after={"status": "approved"}
        )
        challenge_before = challenge.status
        challenge.status = rules.TRANSITIONS["award" if award.application_id else "no_award"].target
        challenge.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="award",
            obj=challenge,
            before={"status": challenge_before},
            after={"status": challenge.status},
        )
        _record_award(actor, challenge, award)
        _notify_outcome(challenge, award)
    return award


def _record_award(actor: Any, challenge: Challenge, award: Award) -> None:
    application = award.application
    payload: dict[str, Any] = {
        "challenge": str(challenge.uuid),
        "proposed_by": award.proposed_by.get_username() if award.proposed_by else "",
        "approved_by": actor.get_username(),
        "reasons": award.reasons,
        "applications": challenge.applications.count(),
    }
    if application is not None:
        payload |= {
            "application": str(application.uuid),
            "winner": application.organization.name,
            "winner_uuid": str(application.organization.uuid),
            "amount_wan": str(award.amount_wan) if award.amount_wan is not None else None,
        }
        summary = _("Challenge “%(title)s” awarded to %(winner)s") % {
            "title": challenge.title,
            "winner": application.organization.name,
        }
    else:
        summary = _("Challenge “%(title)s” closed without award") % {"title": challenge.title}
    decision_record(actor=actor, kind="award", obj=challenge, summary=summary, payload=payload)


def _notify_outcome(challenge: Challenge, award: Award) -> None:
    url = challenge_url(challenge)
    for application in challenge.applications.all():
        won = application.pk == award.application_id
        tell(
            applicant_members(application.organization_id),
            kind="challenge_outcome",
            title=(_("Your application won: %(title)s") if won else _("Challenge result: %(title)s"))
            % {"title": challenge.title},
            body=_("Congratulations: the award is approved. The owner will set the milestones.")
            if won
            else _("Your application was not selected this time. Thank you for taking part."),
            url=url,
            key=f"challenge:{challenge.pk}:outcome",
        )
    tell(
        owner_members(challenge),
        kind="challenge_outcome",
        title=_("Award approved: %(title)s") % {"title": challenge.title},
        body=_("The operator approved your proposal; the result is published."),
        url=url,
        key=f"challenge:{challenge.pk}:outcome",
    )


def award_reject(*, actor: Any, challenge_id: int, note: str) -> Award:
    """The operator sends the proposal back with a reason; the owner may propose again."""
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        award = lock_award(challenge_id)
        if award is None or not permissions.can_decide_award(actor, award):
            raise PermissionDeniedError(_("An operator other than the proposer decides on the award."))
        note = _need("note", note, _("Please give the reason, so the owner knows what to change."))
        award.status, award.decided_by, award.decided_at, award.decision_note = (
            AwardStatus.REJECTED,
            actor,
            timezone.now(),
            note,
        )
        validate(award, exclude=["proposed_by", "decided_by", "challenge", "application"])
        award.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"])
        audit_record(
            actor=actor,
            action="award_reject",
            obj=award,
            before={"status": "proposed"},
            after={"status": "rejected", "note": note},
        )
        tell(
            owner_members(challenge),
            kind="award_rejected",
            title=_("Award proposal sent back: %(title)s") % {"title": challenge.title},
            body=note,
            url=challenge_url(challenge),
            key=f"award:{award.pk}:rejected:{award.decided_at.isoformat() if award.decided_at else ''}",
        )
    return award


# --- milestones and acceptance ------------------------------------------------------------------------------------


def _winner_members(challenge: Challenge) -> list[Any]:
    award = Award.objects.select_related("application").filter(challenge=challenge).first()
    if award is None or award.application is None:
        return []
    return applicant_members(award.application.organization_id)


def milestone_add(*, actor: Any, challenge_id: int, title: str, deliverables: str, due_on: datetime.date) -> Milestone:
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        if not permissions.can_manage_milestones(actor, challenge):
            raise PermissionDeniedError(_("The owner sets milestones once the award is approved."))
        milestone = Milestone(challenge=challenge, title=title, deliverables=deliverables, due_on=due_on)
        validate(milestone, exclude=["challenge"])
        milestone.save()
        audit_record(
            actor=actor,
            action="milestone_add",
            obj=milestone,
            after=snapshot(milestone, ("title", "deliverables", "due_on")),
        )
        if challenge.status == rules.Status.AWARDED:
            before = challenge.status
            challenge.status = rules.transition_for("start_delivery", challenge.status).target
            challenge.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                action="start_delivery",
                obj=challenge,
                before={"status": before},
                after={"status": challenge.status},
            )
        tell(
            _winner_members(challenge),
            kind="milestone_added",
            title=_("New milestone: %(title)s") % {"title": milestone.title},
            body=_("Due on %(date)s for the challenge “%(challenge)s”.")
            % {"date": due_on, "challenge": challenge.title},
            url=challenge_url(challenge),
            key=f"milestone:{milestone.pk}:added",
        )
    return milestone


def milestone_submit(
    *, actor: Any, milestone_id: int, submission: str, upload: UploadedFile | None = None
) -> Milestone:
    """The winner hands in a milestone's deliverable (text and an optional file)."""
    with transaction.atomic():
        challenge_id = Milestone.objects.filter(pk=milestone_id).values_list("challenge_id", flat=True).first()
        challenge = lock_challenge(challenge_id or 0)
        milestone = lock_milestone(milestone_id)
        award = Award.objects.select_related("application").filter(challenge=challenge).first()
        if not permissions.can_submit_deliverable(actor, milestone, award):
            raise PermissionDeniedError(_("The winner submits a deliverable while the milestone is open."))
        before = {"status": milestone.status}
        milestone.submission = _need("submission", submission, _("Describe the deliverable."))
        milestone.status, milestone.submitted_at = MilestoneStatus.SUBMITTED, timezone.now()
        validate(milestone, exclude=["challenge"])
        milestone.save(update_fields=["submission", "status", "submitted_at", "updated_at"])
        if upload is not None:
            attachment_add(actor=actor, obj=milestone, upload=upload, confidential=True)
        audit_record(
            actor=actor, action="deliverable_submit", obj=milestone, before=before, after={"status": milestone.status}
        )
        tell(
            owner_members(challenge),
            kind="deliverable_submitted",
            title=_("Deliverable submitted: %(title)s") % {"title": milestone.title},
            body=_("Please accept it or return it with a note."),
            url=challenge_url(challenge),
            key=f"milestone:{milestone.pk}:submitted:{milestone.submitted_at.isoformat()}",
        )
    return milestone


def milestone_review(*, actor: Any, milestone_id: int, accept: bool, note: str = "") -> Milestone:
    """The owner accepts a deliverable, or returns it with a note saying what is missing."""
    with transaction.atomic():
        challenge_id = Milestone.objects.filter(pk=milestone_id).values_list("challenge_id", flat=True).first()
        challenge = lock_challenge(challenge_id or 0)
        milestone = lock_milestone(milestone_id)
        if not permissions.can_review_deliverable(actor, milestone):
            raise PermissionDeniedError()
        if not accept:
            note = _need("note", note, _("Please say what is missing."))
        before = {"status": milestone.status}
        milestone.status = MilestoneStatus.ACCEPTED if accept else MilestoneStatus.RETURNED
        milestone.review_note, milestone.reviewed_at = (note or "").strip(), timezone.now()
        validate(milestone, exclude=["challenge"])
        milestone.save(update_fields=["status", "review_note", "reviewed_at", "updated_at"])
        action = "deliverable_accept" if accept else "deliverable_return"
        audit_record(
            actor=actor, action=action, obj=milestone, before=before, after={"status": milestone.status, "note": note}
        )
        tell(
            _winner_members(challenge),
            kind=action,
            title=(_("Deliverable accepted: %(title)s") if accept else _("Deliverable returned: %(title)s"))
            % {"title": milestone.title},
            body=milestone.review_note,
            url=challenge_url(challenge),
            key=f"milestone:{milestone.pk}:{action}:{milestone.reviewed_at.isoformat()}",
        )
    return milestone


def challenge_accept(*, actor: Any, challenge_id: int, note: str = "") -> Challenge:
    """验收: the owner's final acceptance, once every milestone is accepted. Recorded in the decision log."""
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        if not permissions.can_accept(actor, challenge):
            raise PermissionDeniedError(_("The owner gives the final acceptance while the challenge is in delivery."))
        milestones = list(challenge.milestones.all())
        if not milestones or any(m.status != MilestoneStatus.ACCEPTED for m in milestones):
            raise InvalidTransitionError(_("Every milestone must be accepted before the final acceptance."))
        challenge.acceptance_note, challenge.accepted_at = (note or "").strip(), timezone.now()
        validate(challenge, exclude=["created_by", "panel"])
        before = challenge.status
        challenge.status = rules.transition_for("accept", challenge.status).target
        challenge.save(update_fields=["status", "acceptance_note", "accepted_at", "updated_at"])
        audit_record(
            actor=actor, action="accept", obj=challenge, before={"status": before}, after={"status": challenge.status}
        )
        award = Award.objects.select_related("application__organization").get(challenge=challenge)
        decision_record(
            actor=actor,
            kind="acceptance",
            obj=challenge,
            summary=_("Challenge “%(title)s” accepted") % {"title": challenge.title},
            payload={
                "challenge": str(challenge.uuid),
                "winner": award.application.organization.name if award.application else "",
                "milestones": [{"title": m.title, "due_on": m.due_on.isoformat()} for m in milestones],
                "note": challenge.acceptance_note,
            },
        )
        tell(
            _winner_members(challenge) + operators(),
            kind="challenge_accepted",
            title=_("Final acceptance: %(title)s") % {"title": challenge.title},
            body=challenge.acceptance_note or _("The owner has given the final acceptance."),
            url=challenge_url(challenge),
            key=f"challenge:{challenge.pk}:accepted",
        )
    return challenge
