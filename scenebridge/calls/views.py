"""Call pages: the index, the operator's call console (create, open/close, form the panel, decide) and the
owner's “submit my scenario”."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.calls import permissions, selectors, services
from scenebridge.calls.forms import CallForm, PanelForm, SubmitForm
from scenebridge.core.errors import ApplicationError, PermissionDeniedError, ValidationFailedError
from scenebridge.core.web import add_service_errors, page_of, render_error
from scenebridge.reviews.selectors import experts_all


def call_index(request: HttpRequest) -> HttpResponse:
    context = {
        "page_obj": page_of(request, selectors.call_list(request.user)),
        "can_manage": permissions.can_manage(request.user),
    }
    return render(request, "calls/call_index.html", context)


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage(request.user):
        return render_error(request, PermissionDeniedError())
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, data=form.service_data())
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The call has been saved as a draft."))
            return redirect("calls:call_detail", call.uuid)
    return render(request, "calls/call_form.html", {"form": form})


def call_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    try:
        call = selectors.call_get_for_user(request.user, uuid)
    except ApplicationError as error:
        return render_error(request, error)
    manager = permissions.can_manage(request.user)
    panel = selectors.call_panel(call)
    context = {
        "call": call,
        "manager": manager,
        "panel": panel,
        "my_submissions": selectors.submissions_for_user(request.user, call) if not manager else [],
        "submittable": selectors.submittable_scenarios(request.user, call) if call.status == "open" else [],
        "ranked": selectors.ranked_submissions(call, panel) if manager else [],
        "panel_form": PanelForm(experts=experts_all()) if manager and panel is None else None,
        "lists": call.lists.all(),
    }
    return render(request, "calls/call_detail.html", context)


@login_required
def submission(request: HttpRequest, uuid: str) -> HttpResponse:
    """The material experts score: the whole submitted scenario, for those who may review it."""
    try:
        found = selectors.submission_get_for_user(request.user, uuid)
    except ApplicationError as error:
        return render_error(request, error)
    return render(request, "calls/submission.html", {"submission": found, "scenario": found.scenario})


def _act(request: HttpRequest, uuid: str, run: object, success: str) -> HttpResponse:
    try:
        call = selectors.call_get_for_user(request.user, uuid)
        run(call)  # type: ignore[operator]
    except ApplicationError as error:
        return render_error(request, error)
    messages.success(request, success)
    return redirect("calls:call_detail", call.uuid)


@login_required
@require_POST
def call_action(request: HttpRequest, uuid: str, action: str) -> HttpResponse:
    return _act(
        request,
        uuid,
        lambda call: services.call_transition(actor=request.user, call_id=call.pk, action=action),
        _("The call has been updated."),
    )


@login_required
@require_POST
def submit(request: HttpRequest, uuid: str) -> HttpResponse:
    form = SubmitForm(request.POST)
    scenario_id = form.cleaned_data["scenario"] if form.is_valid() else 0
    return _act(
        request,
        uuid,
        lambda call: services.submission_create(actor=request.user, call_id=call.pk, scenario_id=scenario_id),
        _("Your scenario has been submitted to the call."),
    )


@login_required
@require_POST
def panel_form(request: HttpRequest, uuid: str) -> HttpResponse:
    if not permissions.can_manage(request.user):
        return render_error(request, PermissionDeniedError())
    form = PanelForm(request.POST, experts=experts_all())
    if not form.is_valid():
        return render_error(request, ValidationFailedError(_("Choose at least one expert.")))
    expert_ids = [int(pk) for pk in form.cleaned_data["experts"]]
    return _act(
        request,
        uuid,
        lambda call: services.call_panel_form(
            actor=request.user, call_id=call.pk, expert_ids=expert_ids, closes_at=form.cleaned_data["closes_at"]
        ),
        _("The expert panel has been formed."),
    )


@login_required
@require_POST
def decide(request: HttpRequest, uuid: str) -> HttpResponse:
    selected = {int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()}
    return _act(
        request,
        uuid,
        lambda call: services.call_decide(actor=request.user, call_id=call.pk, selected_ids=selected),
        _("The selection has been recorded."),
    )
