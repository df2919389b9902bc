"""供给 (offers: technologies, products, solutions) and 要素 (resources: data, compute, models, test fields…)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenebridge.core.models import ReviewedRecord
from scenebridge.core.validators import validate_plain_text

PLAIN = [validate_plain_text]


class OfferKind(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    PRODUCT = "product", _("Product")
    SOLUTION = "solution", _("Solution")


class Offer(ReviewedRecord):
    CONFIDENTIAL_PARTS = {
        "prior_cases": ("prior_cases",),
        "commercial_terms": ("commercial_terms",),
        "contact": ("contact_name", "contact_phone", "contact_email"),
    }
    VERSIONED_FIELDS = (
        "name",
        "kind",
        "summary",
        "description",
        "capabilities",
        "domains",
        "tags",
        "trl",
        "certifications",
        "prior_cases",
        "deployable_regions",
        "commercial_terms",
        "contact_name",
        "contact_phone",
        "contact_email",
        "confidential_parts",
    )

    name = models.CharField(_("name"), max_length=120, validators=PLAIN)
    kind = models.CharField(_("offer type"), max_length=16, choices=OfferKind.choices, default=OfferKind.SOLUTION)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        validators=PLAIN,
        help_text=_("One or two sentences shown in lists; always public."),
    )
    description = models.TextField(_("description"), validators=PLAIN, help_text=_("What it is and how it works."))
    capabilities = models.TextField(
        _("capabilities"),
        blank=True,
        validators=PLAIN,
        help_text=_("What it can do, one capability per line."),
    )
    provider = models.ForeignKey(
        "accounts.Organization", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="offers"
    )
    domains = models.ManyToManyField("taxonomy.Domain", verbose_name=_("domains"), related_name="offers")
    tags = models.ManyToManyField(
        "taxonomy.TechnologyTag", verbose_name=_("technology tags"), blank=True, related_name="offers"
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level (TRL)"),
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("1 = basic principles observed … 9 = proven in real operation."),
    )
    certifications = models.TextField(_("certifications"), blank=True, validators=PLAIN)
    prior_cases = models.TextField(
        _("prior cases"),
        blank=True,
        validators=PLAIN,
        help_text=_("Where it has been used before, one per line."),
    )
    deployable_regions = models.ManyToManyField(
        "taxonomy.Region",
        verbose_name=_("deployable regions"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty if it can be deployed anywhere in the country."),
    )
    commercial_terms = models.TextField(_("commercial terms"), blank=True, validators=PLAIN)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True, validators=PLAIN)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True, validators=PLAIN)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return self.name


class ResourceType(models.TextChoices):
    DATASET = "dataset", _("Data set")
    COMPUTE = "compute", _("Compute")
    MODEL = "model", _("Model")
    TEST_FIELD = "test_field", _("Test field")
    PILOT_LINE = "pilot_line", _("Pilot line")
    FUND = "fund", _("Fund")


class Resource(ReviewedRecord):
    CONFIDENTIAL_PARTS = {
        "terms": ("terms",),
        "access_conditions": ("access_conditions",),
        "contact": ("contact_name", "contact_phone", "contact_email"),
    }
    VERSIONED_FIELDS = (
        "name",
        "type",
        "summary",
        "description",
        "capacity",
        "region",
        "domains",
        "tags",
        "terms",
        "access_conditions",
        "privacy_preserving",
        "contact_name",
        "contact_phone",
        "contact_email",
        "confidential_parts",
    )

    name = models.CharField(_("name"), max_length=120, validators=PLAIN)
    type = models.CharField(_("resource type"), max_length=16, choices=ResourceType.choices)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        validators=PLAIN,
        help_text=_("One or two sentences shown in lists; always public."),
    )
    description = models.TextField(_("description"), validators=PLAIN)
    capacity = models.CharField(
        _("capacity"),
        max_length=200,
        blank=True,
        validators=PLAIN,
        help_text=_("e.g. “200 PFLOPS”, “10 万条标注样本”."),
    )
    provider = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="resources",
    )
    region = models.ForeignKey("taxonomy.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    domains = models.ManyToManyField("taxonomy.Domain", verbose_name=_("domains"), blank=True, related_name="resources")
    tags = models.ManyToManyField(
        "taxonomy.TechnologyTag", verbose_name=_("technology tags"), blank=True, related_name="resources"
    )
    terms = models.TextField(_("terms of use"), blank=True, validators=PLAIN)
    access_conditions = models.TextField(_("access conditions"), blank=True, validators=PLAIN)
    privacy_preserving = models.BooleanField(_("usable but not visible (privacy-preserving access)"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True, validators=PLAIN)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True, validators=PLAIN)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return self.name
