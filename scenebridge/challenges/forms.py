"""Forms for the challenge pages; they parse input, the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scenebridge.accounts.models import OrganizationType, Role, User
from scenebridge.challenges import rules
from scenebridge.challenges.models import Application, Challenge
from scenebridge.core.forms import AttachmentField
from scenebridge.core.validators import validate_plain_text
from scenebridge.scenarios.models import Scenario

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ATTACHMENT_HELP = _("PDF, Word, Excel, PowerPoint or an image, at most 20 MB.")


class ChallengeForm(forms.ModelForm):  # type: ignore[type-arg]
    indicators_text = forms.CharField(
        label=_("Measurable indicators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_plain_text],
        help_text=_("One per line: name | target | unit, e.g. “定位精度 | ≤5 | 厘米”."),
    )
    eligible_types = forms.MultipleChoiceField(
        label=_("Eligible organization types"),
        required=False,
        choices=OrganizationType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to let every type apply."),
    )
    attachment = AttachmentField(label=_("Attachment"), required=False, help_text=ATTACHMENT_HELP)

    class Meta:
        model = Challenge
        fields = ["title", "goals", "reward_wan", "reward_text", "eligibility", "opens_at", "deadline"]
        widgets = {"opens_at": DATETIME, "deadline": DATETIME, "goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["indicators_text"] = rules.indicators_text(self.instance.indicators)
            self.initial["eligible_types"] = self.instance.eligible_types
        for name in ("opens_at", "deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["indicators"] = rules.parse_indicators(self.cleaned_data["indicators_text"])
        data["eligible_types"] = list(self.cleaned_data["eligible_types"])
        return data


class ScenarioChoiceForm(forms.Form):
    scenario = forms.ModelChoiceField(label=_("Scenario"), queryset=Scenario.objects.none())

    def __init__(self, *args: Any, scenarios: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = scenarios  # type: ignore[attr-defined]
        self.fields["scenario"].to_field_name = "uuid"  # type: ignore[attr-defined]


class ApplicationForm(forms.ModelForm):  # type: ignore[type-arg]
    attachment = AttachmentField(label=_("Attachment"), required=False, help_text=ATTACHMENT_HELP)

    class Meta:
        model = Application
        fields = ["title", "proposal", "team", "budget_wan", "plan"]
        widgets = {
            "proposal": forms.Textarea(attrs={"rows": 6}),
            "team": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 4}),
        }

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ExpertChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        organization = obj.organization.name if obj.organization_id else ""
        return f"{obj} ({organization})" if organization else str(obj)


class ReviewStartForm(forms.Form):
    experts = ExpertChoiceField(
        label=_("Experts"),
        queryset=User.objects.filter(role=Role.EXPERT, is_active=True)
        .select_related("organization")
        .order_by("username"),
        widget=forms.CheckboxSelectMultiple,
    )
    closes_at = forms.DateTimeField(
        label=_("Scoring closes at"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )


class ApplicationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        rank = f" · #{obj.review_rank}" if obj.review_rank else ""
        return f"{obj.organization.name} — {obj.title}{rank}"


class AwardProposeForm(forms.Form):
    application = ApplicationChoiceField(
        label=_("Winning application"),
        queryset=Application.objects.none(),
        required=False,
        empty_label=_("No award"),
        to_field_name="uuid",
    )
    amount_wan = forms.DecimalField(label=_("Amount (10k yuan)"), required=False, min_value=0, max_digits=12)
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_plain_text]
    )

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Send back"))])
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), validators=[validate_plain_text]
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120, validators=[validate_plain_text])
    deliverables = forms.CharField(
        label=_("Deliverables"), widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_plain_text]
    )
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class DeliverableForm(forms.Form):
    submission = forms.CharField(
        label=_("Deliverable"), widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_plain_text]
    )
    attachment = AttachmentField(label=_("Attachment"), required=False, help_text=ATTACHMENT_HELP)


class DeliverableReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return for changes"))])
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), validators=[validate_plain_text]
    )


class AcceptanceForm(forms.Form):
    note = forms.CharField(
        label=_("Acceptance note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_plain_text],
    )
