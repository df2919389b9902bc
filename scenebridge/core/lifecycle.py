"""Writes shared by every reviewed record (scenario, offer, resource): create, edit, move through the review
lifecycle — each under a row lock, validated before saving, audited, versioned after publication.

The apps keep the domain: who may act (they pass `sides`), what is searchable (`after_change`).
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scenebridge.core.audit import audit_record, changed, snapshot
from scenebridge.core.changes import announce_change
from scenebridge.core.errors import (
    InvalidTransitionError,
    PermissionDeniedError,
    ValidationFailedError,
    validation_error_from_django,
)
from scenebridge.core.models import RecordVersion, ReviewedRecord
from scenebridge.core.validators import validate_plain_text
from scenebridge.core.workflow import EDITABLE_STATES, ReviewStatus, transition_for

R = TypeVar("R", bound=ReviewedRecord)
AfterChange = Callable[[Any], None]


def lock(model: type[R], pk: int) -> R:
    """The one way to take a row lock on a reviewed record before changing it."""
    return model._default_manager.select_for_update().get(pk=pk)


def _validate(obj: ReviewedRecord, m2m: dict[str, Iterable[Any]]) -> None:
    errors: dict[str, list[Any]] = {}
    parts = obj.confidential_parts
    if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
        raise ValidationFailedError(
            fields={"confidential_parts": [str(_("Give the confidential parts as a list of names."))]}
        )
    unknown = set(parts) - set(obj.CONFIDENTIAL_PARTS)
    if unknown:
        errors["confidential_parts"] = [_("Unknown part: %(parts)s") % {"parts": ", ".join(sorted(unknown))}]
    try:
        obj.full_clean(exclude=["created_by", *m2m.keys()])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationFailedError(fields=errors)


def _write_version(obj: ReviewedRecord, actor: Any, changed_fields: list[str], note: str = "") -> None:
    obj.version += 1
    RecordVersion.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        number=obj.version,
        snapshot=snapshot(obj, obj.VERSIONED_FIELDS),
        changed_fields=changed_fields,
        note=note[:300],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def record_create(*, actor: Any, obj: R, m2m: dict[str, Iterable[Any]], after_change: AfterChange | None = None) -> R:
    obj.created_by = actor
    obj.status = ReviewStatus.DRAFT
    _validate(obj, m2m)
    with transaction.atomic():
        obj.save()
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        audit_record(actor=actor, action="create", obj=obj, after=snapshot(obj, obj.VERSIONED_FIELDS))
        if after_change:
            after_change(obj)
        announce_change(obj)
    return obj


def record_update(
    *,
    actor: Any,
    model: type[R],
    pk: int,
    data: dict[str, Any],
    m2m: dict[str, Iterable[Any]],
    may_edit: Callable[[R], bool],
    note: str = "",
    after_change: AfterChange | None = None,
) -> R:
    with transaction.atomic():
        obj = lock(model, pk)
        if not may_edit(obj):
            raise PermissionDeniedError()
        if obj.status not in EDITABLE_STATES:
            raise InvalidTransitionError(_("This item cannot be edited while it is under review or closed."))
        before = snapshot(obj, obj.VERSIONED_FIELDS)
        for name, value in data.items():
            setattr(obj, name, value)
        _validate(obj, m2m)
        obj.save()
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        old, new = changed(before, snapshot(obj, obj.VERSIONED_FIELDS))
        if new and obj.status == ReviewStatus.PUBLISHED:
            _write_version(obj, actor, sorted(new), note)
            obj.save(update_fields=["version", "updated_at"])
        if new:
            audit_record(actor=actor, action="edit", obj=obj, before=old, after=new)
        if after_change:
            after_change(obj)
        announce_change(obj)
    return obj


def record_transition(
    *,
    actor: Any,
    model: type[R],
    pk: int,
    action: str,
    sides_for: Callable[[R], set[str]],
    reason: str = "",
    after_change: AfterChange | None = None,
) -> R:
    reason = (reason or "").strip()
    with transaction.atomic():
        obj = lock(model, pk)
        sides = sides_for(obj)
        if not sides:
            raise PermissionDeniedError()
        transition = transition_for(action, obj.status)
        if not transition.sides & sides:
            raise PermissionDeniedError()
        _check_reason(reason, transition.needs_reason)
        before = {"status": obj.status, "review_note": obj.review_note}
        _apply(obj, transition.target, reason)
        fields = ["status", "review_note", "submitted_at", "published_at", "updated_at"]
        if transition.target == ReviewStatus.PUBLISHED:
            _write_version(obj, actor, [], str(_("Published after review")))
            fields.append("version")
        obj.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=action,
            obj=obj,
            before=before,
            after={"status": obj.status, "review_note": reason},
        )
        if after_change:
            after_change(obj)
        announce_change(obj)
    return obj


def _check_reason(reason: str, required: bool) -> None:
    if required and not reason:
        raise ValidationFailedError(
            fields={"reason": [str(_("Please give the reason, so the owner knows what to do."))]}
        )
    try:
        validate_plain_text(reason)
    except ValidationError as error:
        raise validation_error_from_django(ValidationError({"reason": error.messages})) from error


def _apply(obj: ReviewedRecord, target: str, reason: str) -> None:
    now = timezone.now()
    obj.status = target
    if target == ReviewStatus.SUBMITTED:
        obj.submitted_at = now
    if target == ReviewStatus.PUBLISHED:
        obj.published_at = now
    if reason or target in (ReviewStatus.SUBMITTED, ReviewStatus.PUBLISHED):
        obj.review_note = reason


def versions_of(obj: models.Model) -> list[RecordVersion]:
    return list(
        RecordVersion.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).select_related("created_by")
    )
