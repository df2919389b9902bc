from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scenebridge.accounts.models import Organization, OrganizationType
from scenebridge.calls.models import Call, ScenarioList
from scenebridge.core.validators import validate_plain_text

DEFAULT_RUBRIC = "创新性 | 30 | 10\n示范带动性 | 30 | 10\n可行性 | 25 | 10\n开放程度 | 15 | 10"


def parse_rubric(text: str) -> list[dict[str, Any]]:
    """“name | weight | max score” per line → the rubric list the reviews app expects."""
    rubric = []
    for number, line in enumerate((t for t in text.splitlines() if t.strip()), 1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            raise forms.ValidationError(_("Line %(n)d: write “name | weight | maximum score”.") % {"n": number})
        try:
            weight, top = float(parts[1]), float(parts[2])
        except ValueError as error:
            raise forms.ValidationError(_("Line %(n)d: weight and maximum must be numbers.") % {"n": number}) from error
        validate_plain_text(parts[0])
        rubric.append({"code": f"c{number}", "name": parts[0], "weight": weight, "max_score": top})
    return rubric


class CallForm(forms.ModelForm):
    eligible_organization_types = forms.MultipleChoiceField(
        label=_("Eligible organization types"),
        choices=OrganizationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to accept every type of organization."),
    )
    rubric_text = forms.CharField(
        label=_("Scoring rubric"),
        initial=DEFAULT_RUBRIC,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One criterion per line: name | weight | maximum score."),
    )

    class Meta:
        model = Call
        fields = ["title", "theme", "description", "opens_on", "closes_on", "domains"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "domains": forms.CheckboxSelectMultiple,
        }

    def clean_rubric_text(self) -> list[dict[str, Any]]:
        return parse_rubric(self.cleaned_data["rubric_text"])

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["eligible_organization_types"] = self.cleaned_data["eligible_organization_types"]
        data["rubric"] = self.cleaned_data["rubric_text"]
        data["domains"] = list(self.cleaned_data["domains"])
        return data


class SubmitForm(forms.Form):
    scenario = forms.IntegerField(label=_("Scenario"))


class PanelForm(forms.Form):
    experts = forms.MultipleChoiceField(label=_("Experts"), widget=forms.CheckboxSelectMultiple)
    closes_at = forms.DateTimeField(
        label=_("Scoring closes at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args: Any, experts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experts"].choices = [  # type: ignore[attr-defined]
            (e.pk, f"{e} · {e.organization.name}" if e.organization else str(e)) for e in experts
        ]


class ListForm(forms.ModelForm):
    publisher = forms.ModelChoiceField(label=_("Publisher"), queryset=Organization.objects.order_by("name"))

    class Meta:
        model = ScenarioList
        fields = ["title", "year", "batch_number", "publisher", "call", "changelog"]


class ListEntryForm(forms.Form):
    scenario = forms.IntegerField(label=_("Scenario"))
    remarks = forms.CharField(label=_("Remarks"), required=False, max_length=300, validators=[validate_plain_text])


class VersionForm(forms.Form):
    changelog = forms.CharField(
        label=_("What this version corrects"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_plain_text],
    )
