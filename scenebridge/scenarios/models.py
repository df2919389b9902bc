"""场景 — a need an organization opens for new technology to be tried and proven in."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenebridge.core.models import ReviewedRecord
from scenebridge.core.validators import validate_plain_text

PLAIN = [validate_plain_text]


class Scenario(ReviewedRecord):
    CONFIDENTIAL_PARTS = {
        "description": ("description",),
        "technical_requirements": ("technical_requirements",),
        "expected_outcomes": ("expected_outcomes", "kpis"),
        "funding": ("funding_min_wan", "funding_max_wan"),
        "contact": ("contact_name", "contact_phone", "contact_email"),
    }
    VERSIONED_FIELDS = (
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
        "tags",
        "opening_modes",
        "provides_site",
        "provides_data",
        "provides_compute",
        "provides_funding",
        "funding_min_wan",
        "funding_max_wan",
        "other_support",
        "opens_on",
        "deadline",
        "contact_name",
        "contact_phone",
        "contact_email",
        "confidential_parts",
        "lessons_learned",
    )

    title = models.CharField(
        _("title"),
        max_length=120,
        validators=PLAIN,
        help_text=_("A short name for the need, e.g. “港区集装箱水平运输无人化”."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        validators=PLAIN,
        help_text=_("One or two sentences shown in lists; always public."),
    )
    description = models.TextField(
        _("description"),
        validators=PLAIN,
        help_text=_("The setting, the problem today and why new technology is needed."),
    )
    technical_requirements = models.TextField(
        _("technical requirements"),
        blank=True,
        validators=PLAIN,
        help_text=_("Indicators a solution must meet: accuracy, response time, environment, interfaces, standards."),
    )
    expected_outcomes = models.TextField(
        _("expected outcomes"),
        blank=True,
        validators=PLAIN,
        help_text=_("What success looks like after the pilot."),
    )
    kpis = models.TextField(
        _("key performance indicators"),
        blank=True,
        validators=PLAIN,
        help_text=_("Measurable targets, one per line, e.g. “识别准确率 ≥ 95%”."),
    )
    owner = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("scenario owner"),
        on_delete=models.PROTECT,
        related_name="scenarios",
    )
    region = models.ForeignKey("taxonomy.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    domain = models.ForeignKey("taxonomy.Domain", verbose_name=_("domain"), on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(
        "taxonomy.Level", verbose_name=_("scenario level"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.ForeignKey(
        "taxonomy.Kind", verbose_name=_("scenario kind"), on_delete=models.PROTECT, related_name="+"
    )
    tags = models.ManyToManyField(
        "taxonomy.TechnologyTag", verbose_name=_("technology tags"), blank=True, related_name="scenarios"
    )
    opening_modes = models.ManyToManyField(
        "taxonomy.OpeningMode", verbose_name=_("opening modes"), blank=True, related_name="scenarios"
    )
    provides_site = models.BooleanField(_("provides a site"), default=False)
    provides_data = models.BooleanField(_("provides data"), default=False)
    provides_compute = models.BooleanField(_("provides compute"), default=False)
    provides_funding = models.BooleanField(_("provides funding"), default=False)
    funding_min_wan = models.DecimalField(
        _("funding from (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_max_wan = models.DecimalField(
        _("funding up to (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    other_support = models.TextField(_("other support"), blank=True, validators=PLAIN)
    opens_on = models.DateField(_("open from"), null=True, blank=True)
    deadline = models.DateField(_("deadline for proposals"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True, validators=PLAIN)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True, validators=PLAIN)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("re-issue of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reissues",
        help_text=_("The earlier scenario this one re-issues with the lessons of its pilot."),
    )
    lessons_learned = models.TextField(_("lessons from the earlier pilot"), blank=True, validators=PLAIN)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        low, high = self.funding_min_wan, self.funding_max_wan
        if low is not None and high is not None and low > high:
            errors["funding_max_wan"] = _("The upper bound must not be below the lower bound.")
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            errors["deadline"] = _("The deadline must not be before the opening date.")
        if errors:
            raise ValidationError(errors)
