"""List pages: the public index and detail (with Excel and PDF), and the operator's composing and publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.calls import exports, list_services, permissions, selectors
from scenebridge.calls.forms import ListEntryForm, ListForm, VersionForm
from scenebridge.calls.models import ListStatus
from scenebridge.core.decisions import decisions_for, head_hash
from scenebridge.core.errors import ApplicationError, PermissionDeniedError
from scenebridge.core.web import add_service_errors, render_error


def list_index(request: HttpRequest) -> HttpResponse:
    context = {"lists": selectors.published_lists(), "can_manage": permissions.can_manage(request.user)}
    if context["can_manage"]:
        context["drafts"] = selectors.list_index(request.user).filter(status=ListStatus.DRAFT)
    return render(request, "calls/list_index.html", context)


def list_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    try:
        scenario_list = selectors.list_get_for_user(request.user, uuid)
    except ApplicationError as error:
        return render_error(request, error)
    manager = permissions.can_manage(request.user)
    draft = scenario_list.status == ListStatus.DRAFT
    context = {
        "list": scenario_list,
        "rows": selectors.list_rows(scenario_list),
        "changes": selectors.list_changes(scenario_list),
        "decisions": decisions_for(scenario_list),
        "log_head": head_hash(),
        "manager": manager,
        "entry_form": ListEntryForm() if manager and draft else None,
        "candidates": selectors.list_candidates(scenario_list) if manager and draft else [],
        "version_form": VersionForm() if manager and not draft and not hasattr(scenario_list, "next_version") else None,
        "next_version": getattr(scenario_list, "next_version", None),
    }
    return render(request, "calls/list_detail.html", context)


def list_xlsx(request: HttpRequest, uuid: str) -> HttpResponse:
    try:
        scenario_list = selectors.list_get_for_user(request.user, uuid)
    except ApplicationError as error:
        return render_error(request, error)
    body = exports.list_workbook(scenario_list, selectors.list_rows(scenario_list))
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="list-{scenario_list.uuid}-v{scenario_list.version}.xlsx"'
    return response


def list_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    try:
        scenario_list = selectors.list_get_for_user(request.user, uuid)
    except ApplicationError as error:
        return render_error(request, error)
    footer = f"{_('Decision log head')}: {scenario_list.decision_head_hash or '—'}"
    body = exports.list_pdf(scenario_list, selectors.list_rows(scenario_list), footer)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="list-{scenario_list.uuid}-v{scenario_list.version}.pdf"'
    return response


@login_required
def list_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage(request.user):
        return render_error(request, PermissionDeniedError())
    initial = {"call": request.GET.get("call")} if request.GET.get("call", "").isdigit() else None
    form = ListForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scenario_list = list_services.list_create(actor=request.user, data=form.cleaned_data)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            return redirect("calls:list_detail", scenario_list.uuid)
    return render(request, "calls/list_form.html", {"form": form})


def _list_act(request: HttpRequest, uuid: str, run: object, success: str) -> HttpResponse:
    try:
        scenario_list = selectors.list_get_for_user(request.user, uuid)
        result = run(scenario_list)  # type: ignore[operator]
    except ApplicationError as error:
        return render_error(request, error)
    messages.success(request, success)
    return redirect("calls:list_detail", getattr(result, "uuid", scenario_list.uuid))


@login_required
@require_POST
def list_entries(request: HttpRequest, uuid: str) -> HttpResponse:
    """Adds (scenario + remarks) or removes (remove=scenario id) one entry of a draft."""
    form = ListEntryForm(request.POST)

    def change(scenario_list: object) -> object:
        current = [(e.scenario_id, e.remarks) for e in scenario_list.entries.all()]  # type: ignore[attr-defined]
        removed = request.POST.get("remove", "")
        if removed.isdigit():
            current = [(pk, r) for pk, r in current if pk != int(removed)]
        elif form.is_valid():
            current.append((form.cleaned_data["scenario"], form.cleaned_data["remarks"]))
        return list_services.list_entries_set(actor=request.user, list_id=scenario_list.pk, entries=current)  # type: ignore[attr-defined]

    return _list_act(request, uuid, change, _("The list has been updated."))


@login_required
@require_POST
def list_publish(request: HttpRequest, uuid: str) -> HttpResponse:
    return _list_act(
        request,
        uuid,
        lambda s: list_services.list_publish(actor=request.user, list_id=s.pk),
        _("The list has been published."),
    )


@login_required
@require_POST
def list_new_version(request: HttpRequest, uuid: str) -> HttpResponse:
    form = VersionForm(request.POST)
    changelog = form.cleaned_data["changelog"] if form.is_valid() else ""
    return _list_act(
        request,
        uuid,
        lambda s: list_services.list_new_version(actor=request.user, list_id=s.pk, changelog=changelog),
        _("A new draft version has been created; change it, then publish it."),
    )
