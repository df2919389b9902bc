"""征集 calls for scenarios, the scenarios submitted to them, and 清单 published lists of selected scenarios."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenebridge.core.models import PublicRecord, TimeStampedModel
from scenebridge.core.validators import validate_plain_text

PLAIN = [validate_plain_text]


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for submissions")
    CLOSED = "closed", _("Closed, under selection")
    DECIDED = "decided", _("Decided")


class Call(PublicRecord):
    title = models.CharField(_("title"), max_length=200, validators=PLAIN)
    theme = models.CharField(_("theme"), max_length=200, blank=True, validators=PLAIN)
    description = models.TextField(_("description"), validators=PLAIN)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("closes on"))
    eligible_organization_types = models.JSONField(_("eligible organization types"), default=list, blank=True)
    domains = models.ManyToManyField("taxonomy.Domain", verbose_name=_("domains"), blank=True, related_name="+")
    rubric = models.JSONField(_("rubric"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-opens_on", "-created_at"]
        verbose_name = _("call for scenarios")
        verbose_name_plural = _("calls for scenarios")

    def __str__(self) -> str:
        return self.title


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class CallSubmission(TimeStampedModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="submissions")
    scenario = models.ForeignKey("scenarios.Scenario", on_delete=models.PROTECT, related_name="call_submissions")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["call", "scenario"], name="call_submission_unique")]
        verbose_name = _("submission to a call")
        verbose_name_plural = _("submissions to calls")

    def __str__(self) -> str:
        return f"{self.call} ← {self.scenario_id}"


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ScenarioList(PublicRecord):
    """A numbered batch such as “2027年第一批…场景清单”; immutable once published, corrected by a new version."""

    title = models.CharField(_("title"), max_length=200, validators=PLAIN)
    year = models.PositiveIntegerField(_("year"))
    batch_number = models.PositiveIntegerField(_("batch"))
    publisher = models.ForeignKey(
        "accounts.Organization", verbose_name=_("publisher"), on_delete=models.PROTECT, related_name="+"
    )
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.SET_NULL, related_name="lists")
    status = models.CharField(_("status"), max_length=16, choices=ListStatus.choices, default=ListStatus.DRAFT)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version", verbose_name=_("corrects")
    )
    changelog = models.TextField(_("changes"), blank=True, validators=PLAIN)
    decision_head_hash = models.CharField(_("decision log head"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "-batch_number", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "year", "batch_number", "version"], name="scenario_list_unique"
            )
        ]
        verbose_name = _("scenario list")
        verbose_name_plural = _("scenario lists")

    def __str__(self) -> str:
        return self.title


class ScenarioListEntry(models.Model):
    scenario_list = models.ForeignKey(ScenarioList, on_delete=models.CASCADE, related_name="entries")
    scenario = models.ForeignKey("scenarios.Scenario", on_delete=models.PROTECT, related_name="list_entries")
    order = models.PositiveIntegerField(_("number"))
    remarks = models.CharField(_("remarks"), max_length=300, blank=True, validators=PLAIN)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["scenario_list", "scenario"], name="list_entry_unique")]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")

    def __str__(self) -> str:
        return f"{self.order}. {self.scenario_id}"
