"""The platform's vocabularies: editable by the operator, seeded from the policy texts (see seed/README.md)."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A named entry of a vocabulary, in Chinese and English."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150)
    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "").startswith("en") else self.description_zh


class Aspect(Term):
    """One of the five aspects the 2025 opinions group the application domains into."""

    class Meta(Term.Meta):
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")


class Domain(Term):
    aspect = models.ForeignKey(Aspect, verbose_name=_("aspect"), on_delete=models.PROTECT, related_name="domains")
    official_wording = models.BooleanField(_("official wording"), default=True)

    class Meta(Term.Meta):
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class Level(Term):
    min_trl = models.PositiveSmallIntegerField(_("minimum technology readiness level"), default=5)

    class Meta(Term.Meta):
        verbose_name = _("scenario level")
        verbose_name_plural = _("scenario levels")


class Kind(Term):
    class Meta(Term.Meta):
        verbose_name = _("scenario kind")
        verbose_name_plural = _("scenario kinds")


class TechnologyTag(Term):
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)

    class Meta(Term.Meta):
        verbose_name = _("technology tag")
        verbose_name_plural = _("technology tags")


class OpeningMode(Term):
    class Meta(Term.Meta):
        verbose_name = _("opening mode")
        verbose_name_plural = _("opening modes")


class Qualification(Term):
    class Meta(Term.Meta):
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")


class Region(models.Model):
    """An administrative division by its GB/T 2260 code (provinces and prefecture-level divisions)."""

    class RegionLevel(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")

    code = models.CharField(_("GB/T 2260 code"), max_length=6, primary_key=True)
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def full_name(self) -> str:
        if self.parent_id and self.parent is not None:
            return f"{self.parent.name} · {self.name}"
        return self.name
