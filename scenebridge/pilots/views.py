"""Pilot pages: the parties' list, a pilot's page with its panels (offers, KPIs, milestones, feedback, issues),
evaluation, nomination as a case, re-issue of the scenario, and a scenario's version history."""

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.core.errors import ApplicationError, PermissionDeniedError
from scenebridge.core.web import add_service_errors, page_of
from scenebridge.pilots import catalogue_services, forms, permissions, rules, selectors, services
from scenebridge.pilots.models import Milestone, Pilot, PilotIssue, PilotStatus
from scenebridge.scenarios import permissions as scenario_permissions


def error_text(error: ApplicationError) -> str:
    return " ".join([str(error.message), *[str(m) for msgs in error.fields.values() for m in msgs]])


def form_text(form: django_forms.Form) -> str:
    return " ".join(
        f"{form.fields[k].label if k in form.fields else ''}: {e}" for k, es in form.errors.items() for e in es
    )


def _panel_post(
    request: HttpRequest, uuid: Any, form_class: type[django_forms.Form], call: Callable[[Pilot, dict[str, Any]], Any]
) -> HttpResponse:
    """A small form posted from a panel of the pilot page: run one service, report in a message, go back."""
    pilot = selectors.pilot_get_for_user(request.user, uuid)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_text(form))
    else:
        try:
            call(pilot, form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Saved."))
    return redirect("pilots:detail", uuid=pilot.uuid)


@login_required
def pilot_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    pilots = selectors.pilot_list_for_party(request.user)
    if status:
        pilots = pilots.filter(status=status)
    context = {
        "page_obj": page_of(request, pilots),
        "status": status,
        "statuses": PilotStatus.choices,
        "base_query": f"status={status}" if status else "",
    }
    return render(request, "pilots/pilot_list.html", context)


@login_required
def pilot_create(request: HttpRequest) -> HttpResponse:
    if not scenario_permissions.acts_for_owners(request.user):
        raise PermissionDeniedError(_("Only scenario owners and organization administrators start pilots."))
    initial = {"scenario": request.GET.get("scenario")}
    form = forms.PilotForm(
        request.POST or None, initial=initial, organization_id=getattr(request.user, "organization_id", None)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pilot = services.pilot_create(
                actor=request.user,
                scenario_id=data["scenario"].pk,
                title=data["title"],
                plan=data["plan"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pilot created. Add the offers in use and the KPIs, then start it."))
            return redirect("pilots:detail", uuid=pilot.uuid)
    return render(request, "pilots/form.html", {"form": form, "heading": _("New pilot")})


def pilot_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    pilot = selectors.pilot_get_for_user(request.user, uuid)
    if not permissions.can_view_all(request.user, pilot):
        return render(request, "pilots/pilot_public.html", {"pilot": pilot, "evaluation": pilot.evaluation})
    user = request.user
    context = {
        "detail": selectors.pilot_detail(user, pilot),
        "pilot": pilot,
        "can_setup": permissions.can_setup(user, pilot),
        "can_record": permissions.can_record(user, pilot),
        "can_resolve": permissions.can_resolve_issue(user, pilot),
        "actions": [(a, rules.PILOT_ACTION_LABELS[a]) for a in rules.pilot_actions(pilot.status) if a != "evaluate"],
        "can_manage": permissions.can_manage(user, pilot),
        "can_evaluate": permissions.can_evaluate(user, pilot),
        "can_override": permissions.can_override_targets(user, pilot),
        "can_nominate": permissions.can_nominate(user, pilot),
        "can_reissue": permissions.can_reissue(user, pilot),
        "offer_form": forms.OfferAddForm(scenario_id=pilot.scenario_id),
        "kpi_form": forms.KpiForm(),
        "milestone_form": forms.MilestoneForm(),
        "feedback_form": forms.FeedbackForm(),
        "issue_form": forms.IssueForm(),
    }
    return render(request, "pilots/pilot_detail.html", context)


@require_POST
@login_required
def offer_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    pilot = selectors.pilot_get_for_user(request.user, uuid)
    form = forms.OfferAddForm(request.POST, scenario_id=pilot.scenario_id)
    if not form.is_valid():
        messages.error(request, form_text(form))
        return redirect("pilots:detail", uuid=pilot.uuid)
    d = form.cleaned_data
    try:
        services.pilot_offer_add(
            actor=request.user,
            pilot_id=pilot.pk,
            offer_id=d["offer"].pk,
            source=d["source"],
            source_reference=d["source_reference"],
            award_id=d["award"].pk if d["award"] else None,
            connection_id=d["connection"].pk if d["connection"] else None,
        )
    except ApplicationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("pilots:detail", uuid=pilot.uuid)


@require_POST
@login_required
def kpi_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _panel_post(
        request, uuid, forms.KpiForm, lambda p, d: services.kpi_add(actor=request.user, pilot_id=p.pk, **d)
    )


@require_POST
@login_required
def measurement_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    def call(pilot: Pilot, d: dict[str, Any]) -> Any:
        if not pilot.kpis.filter(pk=d["kpi"]).exists():
            raise PermissionDeniedError()
        return services.kpi_measurement_record(
            actor=request.user, kpi_id=d["kpi"], value=d["value"], measured_on=d["measured_on"], note=d["note"]
        )

    return _panel_post(request, uuid, forms.MeasurementForm, call)


@require_POST
@login_required
def milestone_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _panel_post(
        request, uuid, forms.MilestoneForm, lambda p, d: services.milestone_add(actor=request.user, pilot_id=p.pk, **d)
    )


@require_POST
@login_required
def milestone_done(request: HttpRequest, uuid: Any, milestone_id: int) -> HttpResponse:
    def call(pilot: Pilot, d: dict[str, Any]) -> Any:
        if not Milestone.objects.filter(pk=milestone_id, pilot=pilot).exists():
            raise PermissionDeniedError()
        return services.milestone_complete(
            actor=request.user, milestone_id=milestone_id, evidence=d["evidence"], upload=d["file"]
        )

    return _panel_post(request, uuid, forms.MilestoneDoneForm, call)


@require_POST
@login_required
def feedback_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _panel_post(
        request, uuid, forms.FeedbackForm, lambda p, d: services.feedback_submit(actor=request.user, pilot_id=p.pk, **d)
    )


@require_POST
@login_required
def issue_raise(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _panel_post(
        request, uuid, forms.IssueForm, lambda p, d: services.issue_raise(actor=request.user, pilot_id=p.pk, **d)
    )


@require_POST
@login_required
def issue_resolve(request: HttpRequest, uuid: Any, issue_id: int) -> HttpResponse:
    def call(pilot: Pilot, d: dict[str, Any]) -> Any:
        if not PilotIssue.objects.filter(pk=issue_id, pilot=pilot).exists():
            raise PermissionDeniedError()
        return services.issue_resolve(actor=request.user, issue_id=issue_id, resolution=d["resolution"])

    return _panel_post(request, uuid, forms.ResolveForm, call)


@require_POST
@login_required
def pilot_action(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _panel_post(
        request,
        uuid,
        forms.ActionForm,
        lambda p, d: services.pilot_transition(actor=request.user, pilot_id=p.pk, action=d["action"]),
    )


@require_POST
@login_required
def targets_override(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _panel_post(
        request,
        uuid,
        forms.ReasonForm,
        lambda p, d: services.pilot_targets_override(actor=request.user, pilot_id=p.pk, reason=d["reason"]),
    )


def _form_page(
    request: HttpRequest,
    uuid: Any,
    *,
    form_class: type[django_forms.Form],
    allowed: Callable[[Any, Pilot], bool],
    call: Callable[[Pilot, dict[str, Any]], Any],
    heading: str,
    done: Callable[[Pilot, Any], HttpResponse],
    initial: Callable[[Pilot], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A full-page form about one pilot (evaluate, nominate, re-issue) with errors at the fields."""
    pilot = selectors.pilot_get_for_user(request.user, uuid)
    if not allowed(request.user, pilot):
        raise PermissionDeniedError()
    form = form_class(request.POST or None, initial=initial(pilot) if initial else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = call(pilot, form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return done(pilot, result)
    context = {"form": form, "pilot": pilot, "heading": heading}
    if form_class is forms.EvaluationForm:
        context["attainment"] = services.pilot_attainment(pilot)
    return render(request, "pilots/form.html", context)


@login_required
def pilot_evaluate(request: HttpRequest, uuid: Any) -> HttpResponse:
    def done(pilot: Pilot, _result: Any) -> HttpResponse:
        messages.success(request, _("The pilot is evaluated."))
        return redirect("pilots:detail", uuid=pilot.uuid)

    return _form_page(
        request,
        uuid,
        form_class=forms.EvaluationForm,
        allowed=permissions.can_evaluate,
        call=lambda p, d: services.pilot_evaluate(actor=request.user, pilot_id=p.pk, **d),
        heading=_("Evaluate the pilot"),
        done=done,
        initial=lambda p: {"public_summary": p.public_summary},
    )


@login_required
def case_nominate(request: HttpRequest, uuid: Any) -> HttpResponse:
    def done(pilot: Pilot, case: Any) -> HttpResponse:
        messages.success(request, _("Nominated: the operator will review the case."))
        return redirect("catalogue:case_detail", uuid=case.uuid)

    return _form_page(
        request,
        uuid,
        form_class=forms.CaseForm,
        allowed=permissions.can_nominate,
        call=lambda p, d: catalogue_services.case_nominate(actor=request.user, pilot_id=p.pk, **d),
        heading=_("Nominate as a typical case"),
        done=done,
        initial=lambda p: {"title": p.title, "summary": p.scenario.summary, "results": p.evaluation.text},
    )


@login_required
def scenario_reissue(request: HttpRequest, uuid: Any) -> HttpResponse:
    def done(pilot: Pilot, scenario: Any) -> HttpResponse:
        messages.success(request, _("A new draft of the scenario carries the pilot's lessons; review and submit it."))
        return redirect("scenarios:detail", uuid=scenario.uuid)

    return _form_page(
        request,
        uuid,
        form_class=forms.ReissueForm,
        allowed=permissions.can_reissue,
        call=lambda p, d: services.scenario_reissue_from_pilot(actor=request.user, pilot_id=p.pk, lessons=d["lessons"]),
        heading=_("Re-issue the scenario with the pilot's lessons"),
        done=done,
        initial=lambda p: {"lessons": p.evaluation.text},
    )


def scenario_history(request: HttpRequest, scenario_uuid: Any) -> HttpResponse:
    steps = selectors.scenario_history(request.user, scenario_uuid)
    return render(request, "pilots/scenario_history.html", {"steps": steps})
