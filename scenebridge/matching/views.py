"""Pages and htmx fragments of matching: the 匹配推荐 panel, the 对接 inbox, subscriptions and the index's health."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from scenebridge.catalog import selectors as catalog_selectors
from scenebridge.catalog.models import Offer, Resource
from scenebridge.core.errors import ApplicationError, ValidationFailedError
from scenebridge.core.web import add_service_errors
from scenebridge.matching import selectors, services
from scenebridge.matching.models import Subscription
from scenebridge.matching.recommendations import PanelFilters
from scenebridge.scenarios import selectors as scenario_selectors
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy.models import Domain, Region


def _panel(request: HttpRequest, panel: selectors.Panel) -> HttpResponse:
    return render(request, "matching/panel.html", {"panel": panel})


def scenario_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return _panel(request, selectors.scenario_panel(request.user, uuid, PanelFilters.from_params(request.GET)))


def offer_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return _panel(request, selectors.offer_panel(request.user, uuid, PanelFilters.from_params(request.GET)))


def resource_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    return _panel(request, selectors.resource_panel(request.user, uuid, PanelFilters.from_params(request.GET)))


def _pair(request: HttpRequest) -> tuple[Scenario, Offer | Resource]:
    """The scenario and the offer or resource named in the POST, each as the viewer may see it."""
    scenario = scenario_selectors.scenario_get_for_user(request.user, request.POST.get("scenario", ""))
    if request.POST.get("offer"):
        return scenario, catalog_selectors.offer_get_for_user(request.user, request.POST["offer"])
    return scenario, catalog_selectors.resource_get_for_user(request.user, request.POST.get("resource", ""))


@require_POST
@login_required
def feedback(request: HttpRequest) -> HttpResponse:
    scenario, supply = _pair(request)
    verdict = request.POST.get("verdict", "")
    services.feedback_record(
        actor=request.user,
        direction=request.POST.get("direction", ""),
        scenario=scenario,
        supply=supply,
        verdict=verdict,
    )
    return render(request, "matching/_feedback_done.html", {"verdict": verdict})


@require_POST
@login_required
def connect(request: HttpRequest) -> HttpResponse:
    scenario, supply = _pair(request)
    connection = services.connection_create(
        actor=request.user, scenario=scenario, supply=supply, message=request.POST.get("message", "")
    )
    if request.headers.get("HX-Request"):
        return render(request, "matching/_connection_done.html", {"connection": connection})
    messages.success(request, _("Connection request sent."))
    return redirect("matching:inbox")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    incoming, outgoing = selectors.connection_inbox(request.user)
    return render(request, "matching/inbox.html", {"incoming": incoming, "outgoing": outgoing})


@require_POST
@login_required
def connection_act(request: HttpRequest, connection_id: int) -> HttpResponse:
    try:
        services.connection_act(actor=request.user, connection_id=connection_id, action=request.POST.get("action", ""))
    except ApplicationError as error:
        if error.status == 404:
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Connection updated."))
    return redirect("matching:inbox")


@login_required
def organization_scenarios(request: HttpRequest) -> HttpResponse:
    result = selectors.organization_scenarios(request.user)
    return render(request, "matching/organization.html", {"result": result})


class SubscriptionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    query = forms.CharField(
        label=gettext_lazy("What you are looking for"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    use_organization_offers = forms.BooleanField(label=gettext_lazy("Use my organization's offers"), required=False)
    domain = forms.ModelChoiceField(
        label=gettext_lazy("Domain"), queryset=Domain.objects.filter(active=True), required=False
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"), queryset=Region.objects.filter(level="province"), required=False
    )
    threshold = forms.FloatField(label=gettext_lazy("Threshold"), initial=0.5, min_value=-5, max_value=10)
    delivery = forms.ChoiceField(label=gettext_lazy("Delivery"), choices=Subscription.Delivery.choices)

    def as_input(self) -> services.SubscriptionInput:
        data: dict[str, Any] = self.cleaned_data
        return services.SubscriptionInput(
            name=data["name"],
            query=data["query"],
            use_organization_offers=data["use_organization_offers"],
            domain_id=data["domain"].pk if data["domain"] else None,
            region_id=data["region"].pk if data["region"] else None,
            threshold=data["threshold"],
            delivery=data["delivery"],
        )


@login_required
def subscriptions(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_create(actor=request.user, data=form.as_input())
        except ValidationFailedError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Subscription saved."))
            return redirect("matching:subscriptions")
    context = {"form": form, "subscriptions": selectors.subscription_list(request.user)}
    return render(request, "matching/subscriptions.html", context)


@require_POST
@login_required
def subscription_delete(request: HttpRequest, subscription_id: int) -> HttpResponse:
    services.subscription_delete(actor=request.user, subscription_id=subscription_id)
    messages.success(request, _("Subscription removed."))
    return redirect("matching:subscriptions")


@login_required
def health(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/health.html", {"health": selectors.health_for(request.user)})


def health_json(request: HttpRequest) -> JsonResponse:
    try:
        report = selectors.health_for(request.user)
    except ApplicationError as error:
        return JsonResponse(error.as_dict(), status=error.status)
    return JsonResponse(report.as_dict())
