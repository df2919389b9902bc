from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scenebridge.core.forms import RegionChoiceField, ReviewedRecordForm
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy import selectors as taxonomy


class ScenarioForm(ReviewedRecordForm):
    PART_LABELS = {
        "description": _("Description"),
        "technical_requirements": _("Technical requirements"),
        "expected_outcomes": _("Expected outcomes and KPIs"),
        "funding": _("Funding range"),
        "contact": _("Contact details"),
    }
    region = RegionChoiceField(queryset=taxonomy.regions(), label=_("Region"))

    class Meta:
        model = Scenario
        fields = [
            "title",
            "summary",
            "description",
            "technical_requirements",
            "expected_outcomes",
            "kpis",
            "domain",
            "level",
            "kind",
            "region",
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
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "technical_requirements": forms.Textarea(attrs={"rows": 4}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 3}),
            "kpis": forms.Textarea(attrs={"rows": 3}),
            "other_support": forms.Textarea(attrs={"rows": 2}),
            "tags": forms.CheckboxSelectMultiple,
            "opening_modes": forms.CheckboxSelectMultiple,
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = taxonomy.domains()  # type: ignore[attr-defined]
        self.fields["level"].queryset = taxonomy.levels()  # type: ignore[attr-defined]
        self.fields["kind"].queryset = taxonomy.kinds()  # type: ignore[attr-defined]
        self.fields["tags"].queryset = taxonomy.tags()  # type: ignore[attr-defined]
        self.fields["opening_modes"].queryset = taxonomy.opening_modes()  # type: ignore[attr-defined]
