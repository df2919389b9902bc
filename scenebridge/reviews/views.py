"""Expert pages (queue, scoring, conflict declaration) and the operator's panel page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.core.errors import ApplicationError, PermissionDeniedError
from scenebridge.core.web import add_service_errors, render_error
from scenebridge.reviews import permissions, selectors, services
from scenebridge.reviews.forms import ConflictForm, MemberForm, ScoreForm


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not permissions.is_expert(request.user):
        return render_error(request, PermissionDeniedError(_("The review queue is for expert reviewers.")))
    return render(request, "reviews/queue.html", {"items": selectors.expert_queue(request.user)})


@login_required
def score(request: HttpRequest, item_uuid: str) -> HttpResponse:
    try:
        item = selectors.item_get_for_expert(request.user, item_uuid)
    except ApplicationError as error:
        return render_error(request, error)
    mine = selectors.item_scores_for_user(request.user, item).filter(member__expert_id=request.user.pk).first()
    initial = ScoreForm.initial_from(mine.values, mine.comment) if mine else None
    form = ScoreForm(item.panel.rubric, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_submit(
                actor=request.user, item_id=item.pk, values=form.values(), comment=form.cleaned_data["comment"]
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your score has been saved."))
            return redirect("reviews:queue")
    context = {
        "item": item,
        "form": form,
        "mine": mine,
        "can_score": permissions.can_score(request.user, item),
        "conflict_form": ConflictForm(),
    }
    return render(request, "reviews/score.html", context)


@login_required
@require_POST
def conflict(request: HttpRequest, item_uuid: str) -> HttpResponse:
    form = ConflictForm(request.POST)
    try:
        item = selectors.item_get_for_expert(request.user, item_uuid)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        services.conflict_declare(actor=request.user, item_id=item.pk, note=note)
    except ApplicationError as error:
        return render_error(request, error)
    messages.success(request, _("Your conflict of interest has been recorded; the item has left your queue."))
    return redirect("reviews:queue")


@login_required
def panel(request: HttpRequest, panel_uuid: str) -> HttpResponse:
    try:
        panel = selectors.panel_get_for_user(request.user, panel_uuid)
    except ApplicationError as error:
        return render_error(request, error)
    manager = permissions.can_manage_panel(request.user)
    context = {
        "panel": panel,
        "manager": manager,
        "members": panel.members.select_related("expert", "expert__organization"),
        "progress": selectors.panel_progress(panel) if manager else [],
        "experts": selectors.experts_available(panel) if manager else [],
        "results": selectors.panel_results(request.user, panel),
    }
    return render(request, "reviews/panel.html", context)


@login_required
@require_POST
def member_add(request: HttpRequest, panel_uuid: str) -> HttpResponse:
    form = MemberForm(request.POST)
    try:
        panel = selectors.panel_get_for_user(request.user, panel_uuid)
        if not form.is_valid():
            raise PermissionDeniedError(_("Choose an expert."))
        services.panel_member_add(actor=request.user, panel_id=panel.pk, expert_id=form.cleaned_data["expert"])
    except ApplicationError as error:
        return render_error(request, error)
    messages.success(request, _("The expert has joined the panel."))
    return redirect("reviews:panel", panel.uuid)


@login_required
@require_POST
def close(request: HttpRequest, panel_uuid: str) -> HttpResponse:
    try:
        panel = selectors.panel_get_for_user(request.user, panel_uuid)
        services.panel_close(actor=request.user, panel_id=panel.pk)
    except ApplicationError as error:
        return render_error(request, error)
    messages.success(request, _("The panel is closed and the ranking has been recorded."))
    return redirect("reviews:panel", panel.uuid)
