from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scenebridge.catalog.models import Offer, Resource
from scenebridge.core.forms import RegionChoiceField, ReviewedRecordForm
from scenebridge.taxonomy import selectors as taxonomy

CONTACT = _("Contact details")


class OfferForm(ReviewedRecordForm):
    PART_LABELS = {
        "prior_cases": _("Prior cases"),
        "commercial_terms": _("Commercial terms"),
        "contact": CONTACT,
    }

    class Meta:
        model = Offer
        fields = [
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
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "capabilities": forms.Textarea(attrs={"rows": 4}),
            "certifications": forms.Textarea(attrs={"rows": 2}),
            "prior_cases": forms.Textarea(attrs={"rows": 3}),
            "commercial_terms": forms.Textarea(attrs={"rows": 2}),
            "domains": forms.CheckboxSelectMultiple,
            "tags": forms.CheckboxSelectMultiple,
            "deployable_regions": forms.SelectMultiple(attrs={"size": 6}),
            "trl": forms.Select(choices=[(n, f"TRL {n}") for n in range(1, 10)]),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = taxonomy.domains()  # type: ignore[attr-defined]
        self.fields["tags"].queryset = taxonomy.tags()  # type: ignore[attr-defined]
        self.fields["deployable_regions"].queryset = taxonomy.provinces()  # type: ignore[attr-defined]


class ResourceForm(ReviewedRecordForm):
    PART_LABELS = {
        "terms": _("Terms of use"),
        "access_conditions": _("Access conditions"),
        "contact": CONTACT,
    }
    region = RegionChoiceField(queryset=taxonomy.regions(), label=_("Region"))

    class Meta:
        model = Resource
        fields = [
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
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "terms": forms.Textarea(attrs={"rows": 3}),
            "access_conditions": forms.Textarea(attrs={"rows": 3}),
            "domains": forms.CheckboxSelectMultiple,
            "tags": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domains"].queryset = taxonomy.domains()  # type: ignore[attr-defined]
        self.fields["tags"].queryset = taxonomy.tags()  # type: ignore[attr-defined]
