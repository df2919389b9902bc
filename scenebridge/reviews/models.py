"""Expert panels (评审): who reviews which items, by which rubric, with declared conflicts, scores and results.

A panel decides one target (a call for scenarios or a 揭榜挂帅 challenge); its items are the submissions or
applications under review. The rules that turn scores into a ranking live in rules.py.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenebridge.core.models import PublicRecord
from scenebridge.core.validators import validate_plain_text


class PanelStatus(models.TextChoices):
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Closed")


class Panel(PublicRecord):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=200, validators=[validate_plain_text])
    rubric = models.JSONField(_("rubric"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=PanelStatus.choices, default=PanelStatus.OPEN)
    closes_at = models.DateTimeField(_("scoring closes at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("expert panel")
        verbose_name_plural = _("expert panels")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.title


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships", verbose_name=_("expert")
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "expert"], name="panel_member_unique")]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self) -> str:
        return f"{self.expert} @ {self.panel}"


class PanelItem(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="items")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    owner_organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    label = models.CharField(_("item"), max_length=200, validators=[validate_plain_text])
    material_url = models.CharField(_("material"), max_length=300, blank=True)
    scoring_closes_at = models.DateTimeField(_("scoring closes at"), null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["panel", "content_type", "object_id"], name="panel_item_unique")]
        verbose_name = _("item under review")
        verbose_name_plural = _("items under review")

    def __str__(self) -> str:
        return self.label


class Conflict(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="conflicts")
    item = models.ForeignKey(PanelItem, on_delete=models.CASCADE, related_name="conflicts")
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    note = models.CharField(_("reason"), max_length=300, blank=True, validators=[validate_plain_text])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "item"], name="conflict_unique")]
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")

    def __str__(self) -> str:
        return f"{self.member} ✕ {self.item}"


class Score(models.Model):
    item = models.ForeignKey(PanelItem, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    values = models.JSONField(_("scores"), default=dict)
    comment = models.TextField(_("comment"), blank=True, validators=[validate_plain_text])
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["item_id", "member_id"]
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="score_unique")]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.member} → {self.item}"


class PanelResult(models.Model):
    """Written once, when the panel closes: the aggregate of the item's scores and its place in the ranking."""

    item = models.OneToOneField(PanelItem, on_delete=models.CASCADE, related_name="result")
    total = models.FloatField(_("total"))
    median = models.FloatField(_("median"))
    scores_count = models.PositiveIntegerField(_("number of scores"))
    rank = models.PositiveIntegerField(_("rank"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("panel result")
        verbose_name_plural = _("panel results")

    def __str__(self) -> str:
        return f"#{self.rank} {self.item}"
