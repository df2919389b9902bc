"""场景验证 pilots, their KPIs, feedback and issues; 典型案例 cases, the 成果推荐目录 catalogue and replications."""

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenebridge.core.models import PublicRecord, TimeStampedModel
from scenebridge.core.validators import validate_plain_text

PLAIN = [validate_plain_text]
RATING = [MinValueValidator(1), MaxValueValidator(5)]


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    EVALUATED = "evaluated", _("Evaluated")


class OfferSource(models.TextChoices):
    AWARD = "award", _("Challenge award")
    CONNECTION = "connection", _("Connection")
    AGREEMENT = "agreement", _("Direct agreement")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class PartySide(models.TextChoices):
    OWNER = "owner", _("Scenario owner")
    SUPPLIER = "supplier", _("Supplier")


class Verdict(models.TextChoices):
    SUCCEEDED = "succeeded", _("Targets met")
    PARTIAL = "partial", _("Partly met")
    FAILED = "failed", _("Not met")


class IssueStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class CaseStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated, under review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("In the catalogue")


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Pilot(PublicRecord):
    scenario = models.ForeignKey(
        "scenarios.Scenario", verbose_name=_("scenario"), on_delete=models.PROTECT, related_name="pilots"
    )
    owner = models.ForeignKey(
        "accounts.Organization", verbose_name=_("scenario owner"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120, validators=PLAIN)
    plan = models.TextField(_("plan"), validators=PLAIN, help_text=_("What is tried, where, by whom and how."))
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        validators=PLAIN,
        help_text=_("What the public sees once the pilot is evaluated."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PilotStatus.choices, default=PilotStatus.PLANNED, db_index=True
    )
    offers: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "catalog.Offer", through="PilotOffer", verbose_name=_("offers in use"), related_name="pilots"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="pilot_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PilotOffer(TimeStampedModel):
    """An offer in use in a pilot, with the supplier that provides it and how it came to the pilot."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="pilot_offers")
    offer = models.ForeignKey("catalog.Offer", verbose_name=_("offer"), on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(
        "accounts.Organization", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=16, choices=OfferSource.choices, default=OfferSource.AGREEMENT)
    # Lazy references: pilots must not import challenges or matching (same layer).
    award = models.ForeignKey(
        "challenges.Award", verbose_name=_("award"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    connection = models.ForeignKey(
        "matching.Connection",
        verbose_name=_("connection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        validators=PLAIN,
        help_text=_("The award, connection or agreement this offer came from."),
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "offer"], name="pilot_offer_once"),
            models.CheckConstraint(
                condition=~models.Q(source="award") | models.Q(connection__isnull=True),
                name="pilot_offer_award_has_no_connection",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="connection") | models.Q(award__isnull=True),
                name="pilot_offer_connection_has_no_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot_id}:{self.offer_id}"


class Milestone(TimeStampedModel):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=120, validators=PLAIN)
    due_on = models.DateField(_("due on"))
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True, validators=PLAIN)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Kpi(TimeStampedModel):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("indicator"), max_length=100, validators=PLAIN)
    unit = models.CharField(_("unit"), max_length=20, blank=True, validators=PLAIN)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)

    class Meta:
        ordering = ["id"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [models.UniqueConstraint(fields=["pilot", "name"], name="kpi_name_once_per_pilot")]

    def __str__(self) -> str:
        return self.name


class KpiMeasurement(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    measured_on = models.DateField(_("measured on"))
    note = models.CharField(_("note"), max_length=300, blank=True, validators=PLAIN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "id"]
        indexes = [models.Index(fields=["kpi", "-measured_on", "-id"])]

    def __str__(self) -> str:
        return f"{self.kpi_id}={self.value}@{self.measured_on}"


class Feedback(TimeStampedModel):
    """One party's feedback in one round: four ratings 1–5 and text. One per organization, side and round."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="feedback")
    side = models.CharField(_("side"), max_length=16, choices=PartySide.choices)
    organization = models.ForeignKey("accounts.Organization", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"), default=1, validators=[MinValueValidator(1)])
    effectiveness = models.PositiveSmallIntegerField(_("effectiveness"), validators=RATING)
    reliability = models.PositiveSmallIntegerField(_("reliability"), validators=RATING)
    cooperation = models.PositiveSmallIntegerField(_("cooperation"), validators=RATING)
    cost = models.PositiveSmallIntegerField(_("cost"), validators=RATING)
    text = models.TextField(_("comments"), blank=True, validators=PLAIN)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "side", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "side", "organization", "round"], name="feedback_once_per_round"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}), name=f"feedback_{name}_1_5"
                )
                for name in ("effectiveness", "reliability", "cooperation", "cost")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.pilot_id} {self.side} r{self.round}"


class PilotIssue(TimeStampedModel):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="issues")
    title = models.CharField(_("title"), max_length=160, validators=PLAIN)
    description = models.TextField(_("description"), blank=True, validators=PLAIN)
    raised_by_side = models.CharField(_("raised by"), max_length=16, choices=PartySide.choices)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True, validators=PLAIN)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["status", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PilotEvaluation(TimeStampedModel):
    """The evaluation at the end: KPI attainment as computed by rules.kpi_attainment, a verdict and a text.
    The operator may declare the targets met with a reason (override) when the figures alone do not show it."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="evaluation")
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    text = models.TextField(_("evaluation"), validators=PLAIN)
    attainment = models.JSONField(_("KPI attainment"), default=list)
    all_attained = models.BooleanField(_("all KPIs attained"), default=False)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    override_reason = models.TextField(_("override reason"), blank=True, validators=PLAIN)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.pilot_id}: {self.verdict}"


class Case(PublicRecord):
    """典型案例: a pilot that met its targets, written up by its owner for the catalogue."""

    pilot = models.OneToOneField(Pilot, on_delete=models.PROTECT, related_name="case")
    title = models.CharField(_("title"), max_length=120, validators=PLAIN)
    summary = models.CharField(_("summary"), max_length=300, validators=PLAIN)
    problem_solved = models.TextField(_("what was solved"), validators=PLAIN)
    results = models.TextField(_("results"), validators=PLAIN)
    providers = models.ManyToManyField(
        "accounts.Organization", verbose_name=_("provider organizations"), related_name="+"
    )
    evidence_kpis = models.ManyToManyField(Kpi, verbose_name=_("evidence (KPIs)"), blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.NOMINATED, db_index=True
    )
    review_note = models.TextField(_("review note"), blank=True, validators=PLAIN)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")

    def __str__(self) -> str:
        return self.title


class CatalogueBatch(PublicRecord):
    """成果推荐目录, one numbered batch ("2027年第一批成果推荐目录"); immutable once published."""

    title = models.CharField(_("title"), max_length=120, validators=PLAIN)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("batch number"), validators=[MinValueValidator(1)])
    preface = models.TextField(_("preface"), blank=True, validators=PLAIN)
    status = models.CharField(_("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    publisher = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_hash = models.CharField(_("decision log hash"), max_length=64, blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("catalogue batch")
        verbose_name_plural = _("catalogue batches")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="catalogue_batch_number_once")]

    def __str__(self) -> str:
        return self.title


class CatalogueEntry(models.Model):
    batch = models.ForeignKey(CatalogueBatch, on_delete=models.PROTECT, related_name="entries")
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="catalogue_entry")
    position = models.PositiveIntegerField(_("number in the batch"))

    class Meta:
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="catalogue_entry_position_once")]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.position}"


class Replication(TimeStampedModel):
    """Another owner's adoption of a catalogued result elsewhere (大规模应用)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="replications")
    adopting_organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("adopting organization"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey("taxonomy.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    scenario = models.ForeignKey(
        "scenarios.Scenario",
        verbose_name=_("their scenario"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"))
    scale_note = models.CharField(_("scale"), max_length=300, blank=True, validators=PLAIN)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-adopted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "adopting_organization", "region"], name="replication_once_per_adopter_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.adopting_organization_id}"
