"""Every write to a 清单 scenario list: compose a draft, set its entries, publish it, correct it by a new version.
A published list never changes; a correction is a new draft that points at the version it corrects."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.accounts.models import Role, User
from scenebridge.calls import permissions
from scenebridge.calls.models import Decision, ListStatus, ScenarioList, ScenarioListEntry
from scenebridge.core.audit import audit_record, snapshot
from scenebridge.core.decisions import decision_record, head_hash
from scenebridge.core.errors import InvalidTransitionError, NotFoundError, PermissionDeniedError, ValidationFailedError
from scenebridge.core.validators import validate_plain_text
from scenebridge.core.workflow import PUBLIC_STATES
from scenebridge.notifications.services import notify
from scenebridge.scenarios.models import Scenario

LIST_FIELDS = ("title", "year", "batch_number", "publisher", "call", "changelog")


def lock_list(list_id: int) -> ScenarioList:
    scenario_list = ScenarioList.objects.select_for_update().filter(pk=list_id).first()
    if scenario_list is None:
        raise NotFoundError()
    return scenario_list


def _require_draft(scenario_list: ScenarioList) -> None:
    if scenario_list.status != ListStatus.DRAFT:
        raise InvalidTransitionError(_("A published list cannot change; make a new version to correct it."))


def list_create(*, actor: Any, data: dict[str, Any], scenario_ids: list[int] | None = None) -> ScenarioList:
    """A draft list; from a decided call its selected scenarios are entered in ranking order unless given."""
    if not permissions.can_manage(actor):
        raise PermissionDeniedError()
    scenario_list = ScenarioList(created_by=actor, **{k: v for k, v in data.items() if k in LIST_FIELDS})
    try:
        scenario_list.full_clean(exclude=["created_by"])
    except ValidationError as error:
        raise ValidationFailedError(fields={k: [str(m) for m in v] for k, v in error.message_dict.items()}) from error
    if scenario_ids is None and scenario_list.call_id:
        scenario_ids = list(
            scenario_list.call.submissions.filter(decision=Decision.SELECTED).values_list("scenario_id", flat=True)  # type: ignore[union-attr]
        )
    with transaction.atomic():
        scenario_list.save()
        _write_entries(scenario_list, [(pk, "") for pk in scenario_ids or []])
        audit_record(actor=actor, action="list_create", obj=scenario_list, after=snapshot(scenario_list, LIST_FIELDS))
    return scenario_list


def _write_entries(scenario_list: ScenarioList, entries: list[tuple[int, str]]) -> None:
    errors: list[str] = []
    seen: set[int] = set()
    for scenario_id, remarks in entries:
        try:
            validate_plain_text(remarks)
        except ValidationError as error:
            errors.extend(error.messages)
        if scenario_id in seen:
            errors.append(_("A scenario can appear only once in a list."))
        seen.add(scenario_id)
    if len(Scenario.objects.filter(pk__in=seen)) != len(seen):
        errors.append(_("Unknown scenario."))
    if errors:
        raise ValidationFailedError(fields={"entries": errors})
    scenario_list.entries.all().delete()
    ScenarioListEntry.objects.bulk_create(
        ScenarioListEntry(scenario_list=scenario_list, scenario_id=pk, order=n, remarks=remarks[:300])
        for n, (pk, remarks) in enumerate(entries, 1)
    )


def list_entries_set(*, actor: Any, list_id: int, entries: list[tuple[int, str]]) -> ScenarioList:
    """Replaces a draft's entries: (scenario id, remarks) in order."""
    if not permissions.can_manage(actor):
        raise PermissionDeniedError()
    with transaction.atomic():
        scenario_list = lock_list(list_id)
        _require_draft(scenario_list)
        before = list(scenario_list.entries.values_list("scenario_id", "remarks"))
        _write_entries(scenario_list, entries)
        audit_record(
            actor=actor,
            action="list_entries_set",
            obj=scenario_list,
            before={"entries": before},
            after={"entries": entries},
        )
    return scenario_list


def list_publish(*, actor: Any, list_id: int) -> ScenarioList:
    """Publishes a draft: from now on it is immutable. Recorded in the decision log, whose head is kept."""
    if not permissions.can_manage(actor):
        raise PermissionDeniedError()
    with transaction.atomic():
        scenario_list = lock_list(list_id)
        _require_draft(scenario_list)
        entries = list(scenario_list.entries.select_related("scenario", "scenario__owner"))
        if not entries:
            raise ValidationFailedError(_("A list needs at least one scenario."))
        if any(e.scenario.status not in PUBLIC_STATES for e in entries):
            raise ValidationFailedError(_("Only published scenarios can appear in a published list."))
        if scenario_list.previous_version_id and not scenario_list.changelog.strip():
            raise ValidationFailedError(fields={"changelog": [_("Say what this version corrects.")]})
        scenario_list.status, scenario_list.published_at = ListStatus.PUBLISHED, timezone.now()
        scenario_list.publication_date = scenario_list.publication_date or timezone.localdate()
        decision_record(
            actor=actor,
            kind="list_published",
            obj=scenario_list,
            summary=_("Published “%(title)s” (version %(version)d, %(n)d scenarios)")
            % {"title": scenario_list.title, "version": scenario_list.version, "n": len(entries)},
            payload={
                "version": scenario_list.version,
                "previous_version": str(scenario_list.previous_version.uuid)
                if scenario_list.previous_version
                else None,
                "entries": [
                    {
                        "order": e.order,
                        "scenario": str(e.scenario.uuid),
                        "title": e.scenario.title,
                        "remarks": e.remarks,
                    }
                    for e in entries
                ],
            },
        )
        scenario_list.decision_head_hash = head_hash()
        scenario_list.save(
            update_fields=["status", "published_at", "publication_date", "decision_head_hash", "updated_at"]
        )
        audit_record(
            actor=actor,
            action="list_publish",
            obj=scenario_list,
            before={"status": "draft"},
            after={"status": "published"},
        )
        _notify_published(scenario_list, entries)
    return scenario_list


def _notify_published(scenario_list: ScenarioList, entries: list[ScenarioListEntry]) -> None:
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("calls:list_detail", args=[scenario_list.uuid])
    except NoReverseMatch:
        url = ""
    organizations = {e.scenario.owner_id for e in entries}
    people = User.objects.filter(
        organization_id__in=organizations, is_active=True, role__in=[Role.OWNER, Role.ORG_ADMIN]
    )
    notify(
        recipients=people,
        kind="list_published",
        title=_("Your scenario is in “%(title)s”") % {"title": scenario_list.title},
        body=_("The list has been published (version %(version)d).") % {"version": scenario_list.version},
        url=url,
        dedupe_key=f"list:{scenario_list.pk}:published",
    )


def list_new_version(*, actor: Any, list_id: int, changelog: str = "") -> ScenarioList:
    """A correction: a draft copy of a published list (same entries), numbered one higher."""
    if not permissions.can_manage(actor):
        raise PermissionDeniedError()
    with transaction.atomic():
        previous = lock_list(list_id)
        if previous.status != ListStatus.PUBLISHED:
            raise InvalidTransitionError(_("Only a published list can be corrected by a new version."))
        if ScenarioList.objects.filter(previous_version=previous).exists():
            raise InvalidTransitionError(_("This version has already been corrected; correct the latest version."))
        try:
            validate_plain_text(changelog)
        except ValidationError as error:
            raise ValidationFailedError(fields={"changelog": list(error.messages)}) from error
        draft = ScenarioList.objects.create(
            title=previous.title,
            year=previous.year,
            batch_number=previous.batch_number,
            publisher_id=previous.publisher_id,
            call_id=previous.call_id,
            version=previous.version + 1,
            previous_version=previous,
            changelog=changelog,
            created_by=actor,
        )
        _write_entries(draft, [(e.scenario_id, e.remarks) for e in previous.entries.all()])
        audit_record(actor=actor, action="list_new_version", obj=draft, after={"previous_version": previous.pk})
    return draft


def list_update(*, actor: Any, list_id: int, changelog: str, title: str) -> ScenarioList:
    if not permissions.can_manage(actor):
        raise PermissionDeniedError()
    for name, value in (("title", title), ("changelog", changelog)):
        try:
            validate_plain_text(value)
        except ValidationError as error:
            raise ValidationFailedError(fields={name: list(error.messages)}) from error
    with transaction.atomic():
        scenario_list = lock_list(list_id)
        _require_draft(scenario_list)
        before = snapshot(scenario_list, ("title", "changelog"))
        scenario_list.title, scenario_list.changelog = title.strip()[:200] or scenario_list.title, changelog
        scenario_list.save(update_fields=["title", "changelog", "updated_at"])
        audit_record(
            actor=actor,
            action="list_update",
            obj=scenario_list,
            before=before,
            after=snapshot(scenario_list, ("title", "changelog")),
        )
    return scenario_list
