"""Case and catalogue pages: the public catalogue with spread by region, case pages, replications; the operator's
case review and catalogue batch publication; the owner's edit of a returned case."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.core.decisions import decisions_for
from scenebridge.core.errors import ApplicationError, PermissionDeniedError
from scenebridge.core.web import add_service_errors
from scenebridge.pilots import catalogue_services, forms, permissions, selectors
from scenebridge.pilots.models import Case
from scenebridge.pilots.views import error_text, form_text


def catalogue_index(request: HttpRequest) -> HttpResponse:
    context = {"batches": selectors.catalogue_overview(), "spread": selectors.replications_by_province()}
    return render(request, "pilots/catalogue_index.html", context)


def batch_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    batch = selectors.batch_get_for_user(request.user, uuid)
    context = {
        "batch": batch,
        "entries": selectors.batch_entries(batch),
        "decisions": decisions_for(batch),
        "ready": selectors.cases_ready_for_catalogue(request.user) if batch.status == "draft" else [],
        "can_manage": permissions.can_manage_catalogue(request.user) and batch.status == "draft",
        "panel_form": forms.PanelForm(),
    }
    return render(request, "pilots/batch_detail.html", context)


def case_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, uuid)
    context = {
        "case": case,
        "evidence": selectors.case_evidence(case),
        "spread": selectors.case_spread(case),
        "replications": list(case.replications.all()),
        "can_replicate": permissions.may_record_replications(request.user, case),
        "can_edit": permissions.can_edit_case(request.user, case),
        "can_review": permissions.can_review_case(request.user, case),
        "replication_form": forms.ReplicationForm(),
        "review_form": forms.ReviewForm(),
    }
    return render(request, "pilots/case_detail.html", context)


@require_POST
@login_required
def replication_add(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, uuid)
    form = forms.ReplicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_text(form))
        return redirect("catalogue:case_detail", uuid=case.uuid)
    data = form.cleaned_data
    try:
        catalogue_services.replication_record(
            actor=request.user,
            case_id=case.pk,
            adopting_organization_id=data["organization"].pk if data["organization"] else None,
            region_code=data["region"].code,
            adopted_on=data["adopted_on"],
            scale_note=data["scale_note"],
        )
    except ApplicationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The adoption is recorded."))
    return redirect("catalogue:case_detail", uuid=case.uuid)


@login_required
def case_review_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_catalogue(request.user):
        raise PermissionDeniedError()
    queue = list(selectors.case_review_queue(request.user))
    verdicts = selectors.expert_verdicts(request.user, queue)
    context = {
        "queue": [(case, verdicts.get(case.pk, [])) for case in queue],
        "ready": selectors.cases_ready_for_catalogue(request.user),
        "batches": selectors.batch_list_for_user(request.user),
        "batch_form": forms.BatchForm(),
    }
    return render(request, "pilots/case_review_list.html", context)


@require_POST
@login_required
def case_review(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, uuid)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            catalogue_services.case_review(actor=request.user, case_id=case.pk, **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Review recorded."))
    return redirect("pilots:case_review_list")


@login_required
def case_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, uuid)
    if not permissions.can_edit_case(request.user, case):
        raise PermissionDeniedError()
    initial = {name: getattr(case, name) for name in ("title", "summary", "problem_solved", "results")}
    form = forms.CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue_services.case_renominate(actor=request.user, case_id=case.pk, data=form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Nominated again."))
            return redirect("catalogue:case_detail", uuid=case.uuid)
    context = {"form": form, "pilot": case.pilot, "heading": _("Revise the case"), "note": case.review_note}
    return render(request, "pilots/form.html", context)


@require_POST
@login_required
def batch_create(request: HttpRequest) -> HttpResponse:
    form = forms.BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_text(form))
        return redirect("pilots:case_review_list")
    try:
        batch = catalogue_services.batch_create(actor=request.user, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error_text(error))
        return redirect("pilots:case_review_list")
    return redirect("catalogue:batch_detail", uuid=batch.uuid)


@require_POST
@login_required
def batch_change(request: HttpRequest, uuid: Any) -> HttpResponse:
    batch = selectors.batch_get_for_user(request.user, uuid)
    form = forms.BatchEntryForm(request.POST)
    if form.is_valid():
        operation, case_uuid = form.cleaned_data["operation"], form.cleaned_data["case"]
        case = Case.objects.filter(uuid=case_uuid).first() if case_uuid else None
        try:
            if operation == "publish":
                catalogue_services.batch_publish(actor=request.user, batch_id=batch.pk)
            elif case is None:
                raise PermissionDeniedError()
            elif operation == "add":
                catalogue_services.batch_entry_add(actor=request.user, batch_id=batch.pk, case_id=case.pk)
            else:
                catalogue_services.batch_entry_remove(actor=request.user, batch_id=batch.pk, case_id=case.pk)
        except ApplicationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Saved."))
    return redirect("catalogue:batch_detail", uuid=batch.uuid)


@require_POST
@login_required
def batch_panel(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Opens an expert panel on the nominated cases; the experts score them on their review queue."""
    batch = selectors.batch_get_for_user(request.user, uuid)
    form = forms.PanelForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_text(form))
        return redirect("catalogue:batch_detail", uuid=batch.uuid)
    try:
        experts = [expert.pk for expert in form.cleaned_data["experts"]]
        panel = catalogue_services.case_panel_open(actor=request.user, batch_id=batch.pk, expert_ids=experts)
    except ApplicationError as error:
        messages.error(request, error_text(error))
        return redirect("catalogue:batch_detail", uuid=batch.uuid)
    messages.success(request, _("The expert panel is open; the experts have been told."))
    try:
        return redirect("reviews:panel", panel_uuid=panel.uuid)
    except NoReverseMatch:
        return redirect("catalogue:batch_detail", uuid=batch.uuid)
