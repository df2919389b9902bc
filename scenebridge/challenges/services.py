"""Every write to a challenge and its applications: create, edit, publish, apply, close at the deadline, start the
expert review. Award and delivery writes are in delivery.py. Each write locks, checks, writes, audits, notifies."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.accounts.permissions import is_operator
from scenebridge.challenges import permissions, rules
from scenebridge.challenges.models import Application, Challenge
from scenebridge.challenges.notices import (
    applicant_members,
    application_url,
    challenge_url,
    owner_members,
    tell,
)
from scenebridge.core.attachments import attachment_add, attachment_remove
from scenebridge.core.audit import audit_record, changed, snapshot
from scenebridge.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from scenebridge.core.models import Attachment
from scenebridge.core.validators import validate_plain_text
from scenebridge.reviews import services as reviews
from scenebridge.reviews.models import PanelItem

CHALLENGE_FIELDS = (
    "title",
    "goals",
    "indicators",
    "reward_wan",
    "reward_text",
    "eligibility",
    "eligible_types",
    "opens_at",
    "deadline",
)
APPLICATION_FIELDS = ("title", "proposal", "team", "budget_wan", "plan")


def lock_challenge(challenge_id: int) -> Challenge:
    """The one way to take the row lock on a challenge before changing it or anything under it."""
    challenge = Challenge.objects.select_for_update().filter(pk=challenge_id).first()
    if challenge is None:
        raise NotFoundError()
    return challenge


def lock_application(application_id: int) -> Application:
    application = Application.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        raise NotFoundError()
    return application


def validate(obj: Any, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude or [], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ValidationFailedError(fields={k: list(v) for k, v in error.message_dict.items()}) from error


def _clean_challenge_data(data: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if k in CHALLENGE_FIELDS}
    if "reward_wan" in fields:
        fields["reward_wan"] = rules.money("reward_wan", fields["reward_wan"])
    if "indicators" in fields:
        fields["indicators"] = rules.clean_indicators(fields["indicators"])
        for indicator in fields["indicators"]:
            for text in indicator.values():
                try:
                    validate_plain_text(text)
                except ValidationError as error:
                    raise ValidationFailedError(fields={"indicators": list(error.messages)}) from error
    if "eligible_types" in fields:
        fields["eligible_types"] = sorted(set(fields["eligible_types"] or []))
    for text in ("reward_text", "eligibility"):
        if text in fields and fields[text] is None:
            fields[text] = ""
    return fields


def _check_eligible_types(types: list[str]) -> None:
    from scenebridge.accounts.models import OrganizationType

    unknown = set(types) - set(OrganizationType.values)
    if unknown:
        raise ValidationFailedError(fields={"eligible_types": [_("Unknown organization type.")]})


def challenge_create(*, actor: Any, scenario: Any, data: dict[str, Any]) -> Challenge:
    """A draft challenge from one of the owner's published scenarios."""
    if not permissions.can_create_from(actor, scenario):
        raise PermissionDeniedError(_("Challenges are posted by the owner of a published scenario."))
    fields = _clean_challenge_data(data)
    challenge = Challenge(scenario=scenario, owner_id=scenario.owner_id, created_by=actor, **fields)
    validate(challenge, exclude=["created_by", "panel"])
    _check_eligible_types(challenge.eligible_types)
    rules.check_period(challenge.opens_at, challenge.deadline, timezone.now())
    with transaction.atomic():
        challenge.save()
        audit_record(actor=actor, action="create", obj=challenge, after=snapshot(challenge, CHALLENGE_FIELDS))
    return challenge


def challenge_update(*, actor: Any, challenge_id: int, data: dict[str, Any]) -> Challenge:
    fields = _clean_challenge_data(data)
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        if not permissions.can_edit(actor, challenge):
            raise PermissionDeniedError(_("Only a draft challenge can be edited, by its owner."))
        before = snapshot(challenge, CHALLENGE_FIELDS)
        for name, value in fields.items():
            setattr(challenge, name, value)
        validate(challenge, exclude=["created_by", "panel"])
        _check_eligible_types(challenge.eligible_types)
        rules.check_period(challenge.opens_at, challenge.deadline, timezone.now())
        challenge.save()
        old, new = changed(before, snapshot(challenge, CHALLENGE_FIELDS))
        if new:
            audit_record(actor=actor, action="edit", obj=challenge, before=old, after=new)
    return challenge


def _move(actor: Any, challenge: Challenge, action: str, extra: list[str] | None = None) -> None:
    """Applies one transition of rules.TRANSITIONS to a locked challenge and audits it."""
    transition = rules.transition_for(action, challenge.status)
    before = challenge.status
    challenge.status = transition.target
    challenge.save(update_fields=["status", "updated_at", *(extra or [])])
    audit_record(
        actor=actor, action=action, obj=challenge, before={"status": before}, after={"status": challenge.status}
    )


def challenge_publish(*, actor: Any, challenge_id: int) -> Challenge:
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        if not permissions.can_publish(actor, challenge):
            raise PermissionDeniedError()
        if challenge.scenario.status != "published":
            raise InvalidTransitionError(_("The challenge's scenario is no longer published."))
        rules.check_period(challenge.opens_at, challenge.deadline, timezone.now())
        challenge.published_at = timezone.now()
        _move(actor, challenge, "publish", ["published_at"])
        tell(
            owner_members(challenge),
            kind="challenge_published",
            title=_("Challenge published: %(title)s") % {"title": challenge.title},
            body=_("Suppliers can apply until %(deadline)s.") % {"deadline": _when(challenge.deadline)},
            url=challenge_url(challenge),
            key=f"challenge:{challenge.pk}:published",
        )
    return challenge


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def challenge_attach(*, actor: Any, challenge_id: int, upload: UploadedFile) -> Attachment:
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        if not permissions.can_edit(actor, challenge):
            raise PermissionDeniedError()
        return attachment_add(actor=actor, obj=challenge, upload=upload, confidential=False)


def challenge_detach(*, actor: Any, challenge_id: int, attachment_uuid: str) -> None:
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        if not permissions.can_edit(actor, challenge):
            raise PermissionDeniedError()
        attachment_remove(actor=actor, obj=challenge, attachment_uuid=attachment_uuid)


# --- applications -------------------------------------------------------------------------------------------------


def _clean_application_data(data: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in data.items() if k in APPLICATION_FIELDS}
    if "budget_wan" in fields:
        fields["budget_wan"] = rules.money("budget_wan", fields["budget_wan"])
    for text in ("team", "plan"):
        if text in fields and fields[text] is None:
            fields[text] = ""
    return fields


def application_submit(*, actor: Any, challenge_id: int, data: dict[str, Any]) -> tuple[Application, bool]:
    """揭榜: creates the organization's application, or edits it until the deadline. Idempotent: the challenge row
    is locked, so parallel identical requests find the first one's application and change nothing; the unique
    constraint is the last guard. Returns the application and whether it was created."""
    fields = _clean_application_data(data)
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        now = timezone.now()
        if not permissions.can_apply(actor, challenge, now):
            raise _apply_refusal(actor, challenge, now)
        existing = Application.objects.filter(challenge=challenge, organization_id=actor.organization_id).first()
        if existing is not None:
            return _application_edit(actor, existing, fields), False
        application = Application(
            challenge=challenge, organization_id=actor.organization_id, submitted_by=actor, **fields
        )
        validate(application, exclude=["submitted_by"])
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            application = Application.objects.get(challenge=challenge, organization_id=actor.organization_id)
            return _application_edit(actor, application, fields), False
        audit_record(actor=actor, action="apply", obj=application, after={"challenge": challenge.pk})
        tell(
            applicant_members(application.organization_id),
            kind="application_received",
            title=_("Application received: %(title)s") % {"title": challenge.title},
            body=_("Your application is sealed until the deadline (%(deadline)s); you may edit it until then.")
            % {"deadline": _when(challenge.deadline)},
            url=application_url(application),
            key=f"application:{application.pk}:received",
        )
    return application, True


def _apply_refusal(actor: Any, challenge: Challenge, now: datetime.datetime) -> Exception:
    if not permissions.may_apply_as(actor) or actor.organization_id == challenge.owner_id:
        return PermissionDeniedError(_("Applications are sent by a supplier organization's members."))
    if not rules.is_eligible(actor.organization.type, challenge.eligible_types):
        return PermissionDeniedError(_("Your organization's type is not eligible for this challenge."))
    return InvalidTransitionError(_("This challenge is not accepting applications."))


def _application_edit(actor: Any, application: Application, fields: dict[str, Any]) -> Application:
    application = lock_application(application.pk)
    before = snapshot(application, APPLICATION_FIELDS)
    for name, value in fields.items():
        setattr(application, name, value)
    validate(application, exclude=["submitted_by"])
    _, new = changed(before, snapshot(application, APPLICATION_FIELDS))
    if new:  # an identical repeat changes nothing and records nothing
        application.save()
        # the trail names the changed fields only: it is readable by the operator while the application is sealed
        audit_record(actor=actor, action="edit", obj=application, after={"changed": sorted(new)})
    return application


def application_update(*, actor: Any, application_id: int, data: dict[str, Any]) -> Application:
    fields = _clean_application_data(data)
    with transaction.atomic():
        application = Application.objects.select_related("challenge").filter(pk=application_id).first()
        if application is None:
            raise NotFoundError()
        lock_challenge(application.challenge_id)
        if not permissions.can_edit_application(actor, application, timezone.now()):
            raise PermissionDeniedError(_("An application can be edited by its organization until the deadline."))
        return _application_edit(actor, application, fields)


def application_attach(*, actor: Any, application_id: int, upload: UploadedFile) -> Attachment:
    with transaction.atomic():
        application = Application.objects.select_related("challenge").filter(pk=application_id).first()
        if application is None:
            raise NotFoundError()
        lock_challenge(application.challenge_id)
        if not permissions.can_edit_application(actor, application, timezone.now()):
            raise PermissionDeniedError()
        return attachment_add(actor=actor, obj=application, upload=upload, confidential=True)


def application_detach(*, actor: Any, application_id: int, attachment_uuid: str) -> None:
    with transaction.atomic():
        application = Application.objects.select_related("challenge").filter(pk=application_id).first()
        if application is None:
            raise NotFoundError()
        lock_challenge(application.challenge_id)
        if not permissions.can_edit_application(actor, application, timezone.now()):
            raise PermissionDeniedError()
        attachment_remove(actor=actor, obj=application, attachment_uuid=attachment_uuid)


# --- deadlines ----------------------------------------------------------------------------------------------------


def challenges_close_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Closes every open challenge whose deadline has passed; each exactly once, whoever runs it and however often:
    the conditional UPDATE moves a row from open to closed for one caller only, and only that caller notifies."""
    now = now or timezone.now()
    due = list(Challenge.objects.filter(status=rules.Status.OPEN, deadline__lte=now).values_list("pk", flat=True))
    return [pk for pk in due if challenge_close(challenge_id=pk, now=now)]


def challenge_close(*, challenge_id: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        moved = Challenge.objects.filter(pk=challenge_id, status=rules.Status.OPEN, deadline__lte=now).update(
            status=rules.Status.CLOSED, closed_at=now, updated_at=now
        )
        if not moved:
            return False
        challenge = Challenge.objects.get(pk=challenge_id)
        audit_record(actor=None, action="close", obj=challenge, before={"status": "open"}, after={"status": "closed"})
        _notify_closed(challenge)
    return True


def _notify_closed(challenge: Challenge) -> None:
    count = challenge.applications.count()
    tell(
        owner_members(challenge),
        kind="challenge_closed",
        title=_("Deadline passed: %(title)s") % {"title": challenge.title},
        body=_("%(count)d applications were received; they are now open to you and the expert panel.")
        % {"count": count},
        url=challenge_url(challenge),
        key=f"challenge:{challenge.pk}:closed",
    )
    applicants = list(challenge.applications.values_list("organization_id", flat=True))
    tell(
        [user for org_id in applicants for user in applicant_members(org_id)],
        kind="challenge_closed",
        title=_("Deadline passed: %(title)s") % {"title": challenge.title},
        body=_("Your application can no longer be changed; the owner and the expert panel will now review it."),
        url=challenge_url(challenge),
        key=f"challenge:{challenge.pk}:closed",
    )


# --- expert review ------------------------------------------------------------------------------------------------

DEFAULT_RUBRIC: list[dict[str, Any]] = [
    {"code": "technology", "name": "技术方案先进性与可行性", "weight": 40, "max_score": 10},
    {"code": "team", "name": "团队能力与既往业绩", "weight": 20, "max_score": 10},
    {"code": "plan", "name": "实施计划与进度安排", "weight": 20, "max_score": 10},
    {"code": "budget", "name": "预算合理性", "weight": 20, "max_score": 10},
]


def challenge_review_start(
    *,
    actor: Any,
    challenge_id: int,
    expert_ids: list[int],
    closes_at: datetime.datetime | None = None,
    rubric: list[dict[str, Any]] | None = None,
) -> Challenge:
    """The operator forms the expert panel after the deadline; every application becomes an item under review."""
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        if not is_operator(actor):
            raise PermissionDeniedError()
        rules.transition_for("start_review", challenge.status)
        if not expert_ids:
            raise ValidationFailedError(fields={"experts": [_("Choose at least one expert.")]})
        title = _("Expert review: %(title)s") % {"title": challenge.title}
        panel = reviews.panel_create(
            actor=actor, target=challenge, title=title, rubric=rubric or DEFAULT_RUBRIC, closes_at=closes_at
        )
        for expert_id in expert_ids:
            reviews.panel_member_add(actor=actor, panel_id=panel.pk, expert_id=expert_id)
        for application in challenge.applications.all():
            reviews.panel_item_add(
                actor=actor,
                panel_id=panel.pk,
                item=application,
                owner_organization_id=application.organization_id,
                label=application.title,
                material_url=application_url(application),
            )
        challenge.panel = panel
        _move(actor, challenge, "start_review", ["panel"])
        tell(
            owner_members(challenge),
            kind="challenge_review_started",
            title=_("Expert review started: %(title)s") % {"title": challenge.title},
            body=_("An expert panel is reviewing the applications."),
            url=challenge_url(challenge),
            key=f"challenge:{challenge.pk}:review_started",
        )
    return challenge


def challenge_review_close(*, actor: Any, challenge_id: int) -> Challenge:
    """Closes the panel and keeps each application's total and rank beside it, for the owner's proposal."""
    with transaction.atomic():
        challenge = lock_challenge(challenge_id)
        if not is_operator(actor) or challenge.panel_id is None:
            raise PermissionDeniedError()
        if challenge.status != rules.Status.UNDER_REVIEW:
            raise InvalidTransitionError()
        results = reviews.panel_close(actor=actor, panel_id=challenge.panel_id)
        objects = dict(PanelItem.objects.filter(panel_id=challenge.panel_id).values_list("pk", "object_id"))
        for result in results:
            Application.objects.filter(pk=objects[result.item_id], challenge=challenge).update(
                review_total=round(result.total, 3), review_rank=result.rank
            )
        audit_record(actor=actor, action="review_close", obj=challenge, after={"ranked": len(results)})
        tell(
            owner_members(challenge),
            kind="challenge_review_closed",
            title=_("Expert review finished: %(title)s") % {"title": challenge.title},
            body=_("The ranking is ready; you may now propose the award."),
            url=challenge_url(challenge),
            key=f"challenge:{challenge.pk}:review_closed",
        )
    return challenge
