"""Base models and the platform-wide records that carry no domain: audit events, attachments, search entries."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_origin() -> str:
    return settings.INSTANCE_ID


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class PublicRecord(TimeStampedModel):
    """A record that may be published: a stable UUID for other instances and the instance it came from."""

    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    origin = models.CharField(_("origin instance"), max_length=64, default=default_origin, editable=False)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which object, with the state before and after. Append-only."""

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["content_type", "object_id", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.content_type.model}/{uuid.uuid4().hex}/{filename}"


class Attachment(TimeStampedModel):
    """A file attached to a scenario, offer, resource or later records; checked by type and size on upload."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    owner_object = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    media_type = models.CharField(_("media type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    confidential = models.BooleanField(_("confidential"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class SearchEntry(models.Model):
    """The segmented public text of one searchable object (kind + id), indexed by the database's full-text engine.

    Only public parts are ever written here, so a search can never reveal a confidential field.
    """

    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    tokens = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class ReviewedRecord(PublicRecord):
    """Something an organization publishes after the operator's review (scenario, offer, resource).

    Subclasses name the parts an owner may mark confidential in CONFIDENTIAL_PARTS: part → model fields.
    """

    CONFIDENTIAL_PARTS: dict[str, tuple[str, ...]] = {}
    VERSIONED_FIELDS: tuple[str, ...] = ()

    status = models.CharField(_("status"), max_length=16, default="draft", db_index=True)
    review_note = models.TextField(_("review note"), blank=True)
    confidential_parts = models.JSONField(_("confidential parts"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        abstract = True

    def hidden_fields(self) -> set[str]:
        return {f for part in self.confidential_parts for f in self.CONFIDENTIAL_PARTS.get(part, ())}


class RecordVersion(models.Model):
    """A snapshot of a published record: every change after publication makes a new one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(default=dict)
    changed_fields = models.JSONField(default=list)
    note = models.CharField(_("change note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="record_version_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class DecisionEntry(models.Model):
    """One decision (selection, award, acceptance, catalogue) in the append-only, hash-chained log.

    Each entry's hash covers its own content and the previous entry's hash, so a later edit, deletion or insertion
    breaks the chain from that point on (see core.decisions.verify).
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    kind = models.CharField(_("decision"), max_length=40, db_index=True)
    object_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_uuid = models.CharField(max_length=36, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    payload = models.JSONField(default=dict)
    actor_name = models.CharField(_("actor"), max_length=150)
    recorded_at = models.DateTimeField(_("time"))
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("decision log entry")
        verbose_name_plural = _("decision log")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind} {self.summary}"


class DecisionLogHead(models.Model):
    """The latest sequence and hash of the decision log, written with each entry, so that cutting entries off the
    end is detected too."""

    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"#{self.sequence} {self.entry_hash[:12]}"
