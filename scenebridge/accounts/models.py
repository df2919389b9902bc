"""Organizations, the people who act for them, their roles and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scenebridge.accounts.credit_code import validate_credit_code
from scenebridge.core.models import PublicRecord, TimeStampedModel
from scenebridge.core.validators import validate_plain_text


class OrganizationType(models.TextChoices):
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    CENTRAL_SOE = "central_soe", _("Central state-owned enterprise")
    LOCAL_SOE = "local_soe", _("Local state-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Private enterprise")
    FOREIGN_INVESTED = "foreign_invested", _("Foreign-invested enterprise")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    NEW_RD_INSTITUTION = "new_rd_institution", _("New R&D institution")
    ASSOCIATION = "association", _("Industry association")
    SERVICE_AGENCY = "service_agency", _("Service agency")
    INVESTOR = "investor", _("Investor")


class SizeClass(models.TextChoices):
    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")
    NOT_APPLICABLE = "na", _("Not applicable")


class Organization(PublicRecord):
    name = models.CharField(_("name"), max_length=200, validators=[validate_plain_text])
    type = models.CharField(_("organization type"), max_length=32, choices=OrganizationType.choices)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("The 18-character code on the business licence or registration certificate."),
    )
    region = models.ForeignKey(
        "taxonomy.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="organizations"
    )
    size = models.CharField(_("size"), max_length=16, choices=SizeClass.choices, default=SizeClass.NOT_APPLICABLE)
    qualifications = models.ManyToManyField(
        "taxonomy.Qualification", verbose_name=_("qualifications"), blank=True, related_name="organizations"
    )
    description = models.TextField(_("introduction"), blank=True, validators=[validate_plain_text])
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    verified = models.BooleanField(_("verified by the operator"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OPERATOR = "operator", _("Platform operator")
    ORG_ADMIN = "org_admin", _("Organization administrator")
    OWNER = "owner", _("Scenario owner")
    SUPPLIER = "supplier", _("Supplier")
    EXPERT = "expert", _("Expert reviewer")


class User(AbstractUser):
    """A person acting for one organization in one role (the anonymous public needs no account)."""

    display_name = models.CharField(
        pgettext_lazy("of a person", "name"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.SUPPLIER)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_operator(self) -> bool:
        return self.is_active and self.role == Role.OPERATOR


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A personal API token; only its hash is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, validators=[validate_plain_text])
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str, str]:
        raw = "sb_" + secrets.token_urlsafe(32)
        return raw, raw[:8], _hash_token(raw)

    @staticmethod
    def digest_of(raw: str) -> str:
        return _hash_token(raw)
