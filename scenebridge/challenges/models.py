"""揭榜挂帅 — a challenge an owner posts from a published scenario, the sealed applications suppliers send, the award
(owner proposes, operator approves), and the milestones and acceptance (验收) that follow."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenebridge.core.models import PublicRecord, TimeStampedModel
from scenebridge.core.validators import validate_plain_text

PLAIN = [validate_plain_text]


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed, awaiting review")
    UNDER_REVIEW = "under_review", _("Under expert review")
    AWARDED = "awarded", _("Awarded")
    NO_AWARD = "no_award", _("Closed without award")
    IN_DELIVERY = "in_delivery", _("In delivery")
    ACCEPTED = "accepted", _("Accepted")


class Challenge(PublicRecord):
    scenario = models.ForeignKey(
        "scenarios.Scenario", verbose_name=_("scenario"), on_delete=models.PROTECT, related_name="challenges"
    )
    owner = models.ForeignKey(
        "accounts.Organization", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="challenges"
    )
    title = models.CharField(_("title"), max_length=120, validators=PLAIN)
    goals = models.TextField(_("goals"), validators=PLAIN, help_text=_("What the winner must achieve."))
    indicators = models.JSONField(
        _("measurable indicators"),
        default=list,
        blank=True,
        help_text=_("A list of {name, target, unit}."),
    )
    reward_wan = models.DecimalField(
        _("reward or funding (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    reward_text = models.TextField(_("reward and support"), blank=True, validators=PLAIN)
    eligibility = models.TextField(_("eligibility"), blank=True, validators=PLAIN)
    eligible_types = models.JSONField(
        _("eligible organization types"), default=list, blank=True, help_text=_("Empty: every type may apply.")
    )
    opens_at = models.DateTimeField(_("open from"))
    deadline = models.DateTimeField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    acceptance_note = models.TextField(_("acceptance note"), blank=True, validators=PLAIN)
    panel = models.ForeignKey(
        "reviews.Panel",
        verbose_name=_("expert panel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title


class Application(PublicRecord):
    """揭榜申请: sealed until the challenge's deadline; one per organization and challenge."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("title"), max_length=120, validators=PLAIN)
    proposal = models.TextField(_("proposal"), validators=PLAIN)
    team = models.TextField(_("team"), blank=True, validators=PLAIN)
    budget_wan = models.DecimalField(
        _("budget (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    plan = models.TextField(_("plan"), blank=True, validators=PLAIN)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("submitted by")
    )
    review_total = models.DecimalField(_("review score"), max_digits=8, decimal_places=3, null=True, blank=True)
    review_rank = models.PositiveIntegerField(_("review rank"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "organization"], name="challenge_application_once_per_org")
        ]

    def __str__(self) -> str:
        # never the title: this text lands in the audit trail, which the operator reads while the application is
        # still sealed
        return f"application {self.uuid}"


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the owner")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Sent back by the operator")


class Award(PublicRecord):
    """揭榜成功: the owner's proposal (an application, or none) and the operator's approval, by two accounts."""

    challenge = models.OneToOneField(
        Challenge, verbose_name=_("challenge"), on_delete=models.PROTECT, related_name="award"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("winning application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the owner proposes to make no award."),
    )
    amount_wan = models.DecimalField(
        _("amount (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    reasons = models.TextField(_("reasons"), validators=PLAIN)
    status = models.CharField(_("status"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("operator's note"), blank=True, validators=PLAIN)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.challenge}: {self.application_id or '—'}"


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUBMITTED = "submitted", _("Deliverable submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


class Milestone(TimeStampedModel):
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=120, validators=PLAIN)
    deliverables = models.TextField(_("deliverables"), validators=PLAIN)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    submission = models.TextField(_("deliverable"), blank=True, validators=PLAIN)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_note = models.TextField(_("owner's note"), blank=True, validators=PLAIN)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title
