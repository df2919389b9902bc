"""Forms of the pilot pages; they parse input only — the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scenebridge.accounts.models import Organization, Role, User
from scenebridge.catalog.models import Offer
from scenebridge.core.forms import AttachmentField, RegionChoiceField
from scenebridge.core.validators import validate_plain_text
from scenebridge.core.workflow import PUBLIC_STATES
from scenebridge.pilots.models import Direction, OfferSource, PilotOffer, Verdict
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy.models import Region

PLAIN = [validate_plain_text]
DATE = forms.DateInput(attrs={"type": "date"})
RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


def plain_field(label: Any, *, required: bool = True, rows: int = 3, max_length: int | None = None) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows > 1 else forms.TextInput()
    return forms.CharField(label=label, required=required, max_length=max_length, validators=PLAIN, widget=widget)


class PilotForm(forms.Form):
    scenario = forms.ModelChoiceField(label=_("Scenario"), queryset=Scenario.objects.none())
    title = plain_field(_("Title"), rows=1, max_length=120)
    plan = plain_field(_("Plan"), rows=5)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)

    def __init__(self, *args: Any, organization_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = Scenario.objects.filter(owner_id=organization_id, status__in=PUBLIC_STATES).order_by("title")
        self.fields["scenario"].queryset = mine  # type: ignore[attr-defined]
        self.fields["scenario"].to_field_name = "uuid"  # type: ignore[attr-defined]


class OfferAddForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Offer"), queryset=Offer.objects.filter(status__in=PUBLIC_STATES).order_by("name"), to_field_name="uuid"
    )
    source = forms.ChoiceField(label=_("Source"), choices=OfferSource.choices)
    award = forms.ModelChoiceField(label=_("Award"), queryset=Scenario.objects.none(), required=False)
    connection = forms.ModelChoiceField(label=_("Connection"), queryset=Scenario.objects.none(), required=False)
    source_reference = plain_field(_("Reference"), required=False, rows=1, max_length=100)

    def __init__(self, *args: Any, scenario_id: int | None = None, **kwargs: Any) -> None:
        """Awards and connections of the pilot's scenario, reached through the lazy foreign keys (no import)."""
        super().__init__(*args, **kwargs)
        award_model: Any = PilotOffer._meta.get_field("award").related_model
        connection_model: Any = PilotOffer._meta.get_field("connection").related_model
        awards = award_model._default_manager.filter(challenge__scenario_id=scenario_id, status="approved")
        connections = connection_model._default_manager.filter(scenario_id=scenario_id, offer__isnull=False)
        self.fields["award"].queryset = awards.select_related("challenge")  # type: ignore[attr-defined]
        self.fields["connection"].queryset = connections  # type: ignore[attr-defined]


class KpiForm(forms.Form):
    name = plain_field(_("Indicator"), rows=1, max_length=100)
    unit = plain_field(_("Unit"), required=False, rows=1, max_length=20)
    target_value = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=4)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)


class MeasurementForm(forms.Form):
    kpi = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=4)
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE)
    note = plain_field(_("Note"), required=False, rows=1, max_length=300)


class MilestoneForm(forms.Form):
    title = plain_field(_("Milestone"), rows=1, max_length=120)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class MilestoneDoneForm(forms.Form):
    evidence = plain_field(_("Evidence"), rows=2)
    file = AttachmentField(label=_("Evidence file"), required=False)


class FeedbackForm(forms.Form):
    round = forms.IntegerField(label=_("Round"), min_value=1, max_value=99, initial=1)
    effectiveness = forms.TypedChoiceField(label=_("Effectiveness"), choices=RATING_CHOICES, coerce=int)
    reliability = forms.TypedChoiceField(label=_("Reliability"), choices=RATING_CHOICES, coerce=int)
    cooperation = forms.TypedChoiceField(label=_("Cooperation"), choices=RATING_CHOICES, coerce=int)
    cost = forms.TypedChoiceField(label=_("Cost"), choices=RATING_CHOICES, coerce=int)
    text = plain_field(_("Comments"), required=False)


class IssueForm(forms.Form):
    title = plain_field(_("Issue"), rows=1, max_length=160)
    description = plain_field(_("Description"), required=False, rows=2)


class ResolveForm(forms.Form):
    resolution = plain_field(_("Resolution"), rows=2)


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("start", "start"), ("complete", "complete")])


class EvaluationForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    text = plain_field(_("Evaluation"), rows=5)
    public_summary = plain_field(_("Public summary"), rows=4)


class ReasonForm(forms.Form):
    reason = plain_field(_("Reason"), rows=2)


class CaseForm(forms.Form):
    title = plain_field(_("Title"), rows=1, max_length=120)
    summary = plain_field(_("Summary"), rows=1, max_length=300)
    problem_solved = plain_field(_("What was solved"), rows=4)
    results = plain_field(_("Results"), rows=4)


class ReissueForm(forms.Form):
    lessons = plain_field(_("Lessons from the pilot"), rows=5)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return"))])
    note = plain_field(_("Note"), required=False, rows=2)


class BatchForm(forms.Form):
    title = plain_field(_("Title"), rows=1, max_length=120)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("Batch number"), min_value=1, max_value=99)
    preface = plain_field(_("Preface"), required=False, rows=3)


class PanelForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"),
        queryset=User.objects.filter(role=Role.EXPERT, is_active=True).select_related("organization"),
        widget=forms.CheckboxSelectMultiple,
    )


class BatchEntryForm(forms.Form):
    operation = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove"), ("publish", "publish")])
    case = forms.UUIDField(required=False)


class ReplicationForm(forms.Form):
    region = RegionChoiceField(label=_("Region"), queryset=Region.objects.select_related("parent").order_by("code"))
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    scale_note = plain_field(_("Scale"), required=False, rows=1, max_length=300)
    organization = forms.ModelChoiceField(
        label=_("Adopting organization"),
        queryset=Organization.objects.order_by("name"),
        to_field_name="uuid",
        required=False,
        help_text=_("For the operator; owners record their own organization's adoption."),
    )
