"""Challenge pages: thin — parse, call one selector or service, render. Workflow lives in services and delivery."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.accounts.permissions import is_operator
from scenebridge.challenges import delivery, permissions, rules, selectors, services
from scenebridge.challenges.models import ChallengeStatus, Milestone
from scenebridge.challenges.page_context import detail_context
from scenebridge.core.attachments import attachment_for_download
from scenebridge.core.errors import ApplicationError, NotFoundError, PermissionDeniedError, ValidationFailedError
from scenebridge.core.web import add_service_errors, facet, page_of, query_without

from . import forms


def _failed(request: HttpRequest, error: ApplicationError) -> None:
    details = [str(m) for msgs in error.fields.values() for m in msgs]
    messages.error(request, " ".join([str(error.message), *details]))


def _invalid(form: Any) -> ValidationFailedError:
    return ValidationFailedError(fields={name: list(errors) for name, errors in form.errors.items()})


def challenge_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.ChallengeFilters(
        q=(request.GET.get("q") or "")[:100],
        status=(request.GET.get("status") or "")[:20],
        scenario=(request.GET.get("scenario") or "")[:40],
    )
    page = page_of(request, selectors.challenge_list(request.user, filters))
    statuses = [(s, label) for s, label in ChallengeStatus.choices if s in rules.PUBLIC_STATES]
    context = {
        "page_obj": page,
        "filters": filters,
        "status_facet": facet(request, "status", statuses),
        "base_query": query_without(request),
    }
    return render(request, "challenges/list.html", context)


@login_required
def challenge_mine(request: HttpRequest) -> HttpResponse:
    context = {
        "challenges": selectors.challenge_list_mine(request.user),
        "scenarios": selectors.scenarios_for_new_challenge(request.user),
    }
    return render(request, "challenges/mine.html", context)


@login_required
def challenge_create(request: HttpRequest) -> HttpResponse:
    scenarios = selectors.scenarios_for_new_challenge(request.user)
    if not scenarios.exists():
        raise PermissionDeniedError(_("Challenges are posted by the owner of a published scenario."))
    chooser = forms.ScenarioChoiceForm(request.POST or request.GET or None, scenarios=scenarios)
    form = forms.ChallengeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and chooser.is_valid() and form.is_valid():
        try:
            with transaction.atomic():
                challenge = services.challenge_create(
                    actor=request.user, scenario=chooser.cleaned_data["scenario"], data=form.service_data()
                )
                _attach_if_given(request, challenge.pk, form)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved. Publish it when it is ready."))
            return redirect("challenges:detail", uuid=challenge.uuid)
    return render(request, "challenges/form.html", {"form": form, "chooser": chooser, "creating": True})


def _attach_if_given(request: HttpRequest, challenge_id: int, form: forms.ChallengeForm) -> None:
    if form.cleaned_data.get("attachment"):
        services.challenge_attach(actor=request.user, challenge_id=challenge_id, upload=form.cleaned_data["attachment"])


def challenge_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    return render(request, "challenges/detail.html", detail_context(request.user, challenge))


def challenge_result(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    result = selectors.challenge_result(challenge)
    if result is None:
        raise NotFoundError()
    return render(request, "challenges/result.html", {"challenge": challenge, "result": result})


@login_required
def challenge_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    if not permissions.can_edit(request.user, challenge):
        raise PermissionDeniedError(_("Only a draft challenge can be edited, by its owner."))
    form = forms.ChallengeForm(request.POST or None, request.FILES or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.challenge_update(actor=request.user, challenge_id=challenge.pk, data=form.service_data())
                _attach_if_given(request, challenge.pk, form)
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("challenges:detail", uuid=challenge.uuid)
    return render(request, "challenges/form.html", {"form": form, "challenge": challenge, "creating": False})


@require_POST
@login_required
def challenge_publish(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    try:
        services.challenge_publish(actor=request.user, challenge_id=challenge.pk)
        messages.success(request, _("The challenge is published."))
    except ApplicationError as error:
        _failed(request, error)
    return redirect("challenges:detail", uuid=challenge.uuid)


def challenge_attachment(request: HttpRequest, uuid: str, attachment_uuid: str) -> FileResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    attachment = attachment_for_download(challenge, attachment_uuid, may_see_confidential=False)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


# --- applications -------------------------------------------------------------------------------------------------


@login_required
def application_apply(request: HttpRequest, uuid: str) -> HttpResponse:
    """揭榜: the organization's one application, created on the first save and edited until the deadline."""
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    existing = selectors.application_of_organization(request.user, challenge)
    if not permissions.can_apply(request.user, challenge, timezone.now()):
        raise PermissionDeniedError(_("This challenge is not accepting applications from you."))
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                application, created = services.application_submit(
                    actor=request.user, challenge_id=challenge.pk, data=form.service_data()
                )
                if form.cleaned_data.get("attachment"):
                    services.application_attach(
                        actor=request.user, application_id=application.pk, upload=form.cleaned_data["attachment"]
                    )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Application sent.") if created else _("Application updated."))
            return redirect("challenges:application_detail", uuid=application.uuid)
    context = {"form": form, "challenge": challenge, "application": existing}
    return render(request, "challenges/apply.html", context)


@login_required
def application_list(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    now = timezone.now()
    if not permissions.can_unsealed_read(request.user, challenge, now):
        raise PermissionDeniedError(_("Applications are sealed until the deadline."))
    applications = selectors.applications_for_user(request.user, challenge, now)
    return render(request, "challenges/applications.html", {"challenge": challenge, "applications": applications})


@login_required
def application_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    now = timezone.now()
    application = selectors.application_get_for_user(request.user, uuid, now)
    context = {
        "application": application,
        "challenge": application.challenge,
        "attachments": selectors.application_attachments(application),
        "can_edit": permissions.can_edit_application(request.user, application, now),
    }
    return render(request, "challenges/application_detail.html", context)


@login_required
def application_attachment(request: HttpRequest, uuid: str, attachment_uuid: str) -> FileResponse:
    application = selectors.application_get_for_user(request.user, uuid, timezone.now())
    attachment = attachment_for_download(application, attachment_uuid, may_see_confidential=True)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(request, "challenges/my_applications.html", {"applications": selectors.my_applications(request.user)})


# --- review and award ---------------------------------------------------------------------------------------------


@login_required
def operator_queue(request: HttpRequest) -> HttpResponse:
    if not is_operator(request.user):
        raise PermissionDeniedError()
    context = {
        "awards": selectors.awards_pending(request.user),
        "challenges": selectors.challenges_to_review(request.user),
        "review_form": forms.ReviewStartForm(),
    }
    return render(request, "challenges/operator.html", context)


@require_POST
@login_required
def review_start(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    form = forms.ReviewStartForm(request.POST)
    try:
        if not form.is_valid():
            raise _invalid(form)
        services.challenge_review_start(
            actor=request.user,
            challenge_id=challenge.pk,
            expert_ids=[e.pk for e in form.cleaned_data["experts"]],
            closes_at=form.cleaned_data["closes_at"],
        )
        messages.success(request, _("The expert panel is formed."))
    except ApplicationError as error:
        _failed(request, error)
    return redirect("challenges:detail", uuid=challenge.uuid)


@require_POST
@login_required
def review_close(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    try:
        services.challenge_review_close(actor=request.user, challenge_id=challenge.pk)
        messages.success(request, _("The expert review is closed and the ranking stored."))
    except ApplicationError as error:
        _failed(request, error)
    return redirect("challenges:detail", uuid=challenge.uuid)


@login_required
def award_propose(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    now = timezone.now()
    award = selectors.award_for_user(request.user, challenge)
    if not permissions.can_propose_award(request.user, challenge, award, now):
        raise PermissionDeniedError(_("The owner proposes an award once the deadline has passed."))
    applications = selectors.applications_for_user(request.user, challenge, now)
    form = forms.AwardProposeForm(request.POST or None, applications=applications)
    if request.method == "POST" and form.is_valid():
        application = form.cleaned_data["application"]
        try:
            delivery.award_propose(
                actor=request.user,
                challenge_id=challenge.pk,
                application_id=application.pk if application else None,
                amount_wan=form.cleaned_data["amount_wan"],
                reasons=form.cleaned_data["reasons"],
            )
        except ApplicationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal sent to the operator for approval."))
            return redirect("challenges:detail", uuid=challenge.uuid)
    return render(request, "challenges/award_form.html", {"form": form, "challenge": challenge})


@require_POST
@login_required
def award_decide(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    form = forms.DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise _invalid(form)
        if form.cleaned_data["decision"] == "approve":
            delivery.award_approve(actor=request.user, challenge_id=challenge.pk, note=form.cleaned_data["note"])
            messages.success(request, _("Award approved and published."))
        else:
            delivery.award_reject(actor=request.user, challenge_id=challenge.pk, note=form.cleaned_data["note"])
            messages.success(request, _("Proposal sent back to the owner."))
    except ApplicationError as error:
        _failed(request, error)
    return redirect("challenges:detail", uuid=challenge.uuid)


# --- milestones and acceptance ------------------------------------------------------------------------------------


@require_POST
@login_required
def milestone_add(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    form = forms.MilestoneForm(request.POST)
    try:
        if not form.is_valid():
            raise _invalid(form)
        delivery.milestone_add(actor=request.user, challenge_id=challenge.pk, **form.cleaned_data)
        messages.success(request, _("Milestone added."))
    except ApplicationError as error:
        _failed(request, error)
    return redirect("challenges:detail", uuid=challenge.uuid)


def _milestone(request: HttpRequest, uuid: str, milestone_id: int) -> Milestone:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    award = selectors.award_for_user(request.user, challenge)
    for milestone in selectors.milestones_for_user(request.user, challenge, award):
        if milestone.pk == milestone_id:
            return milestone
    raise NotFoundError()


@require_POST
@login_required
def milestone_submit(request: HttpRequest, uuid: str, milestone_id: int) -> HttpResponse:
    milestone = _milestone(request, uuid, milestone_id)
    form = forms.DeliverableForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise _invalid(form)
        delivery.milestone_submit(
            actor=request.user,
            milestone_id=milestone.pk,
            submission=form.cleaned_data["submission"],
            upload=form.cleaned_data.get("attachment"),
        )
        messages.success(request, _("Deliverable submitted."))
    except ApplicationError as error:
        _failed(request, error)
    return redirect("challenges:detail", uuid=uuid)


@require_POST
@login_required
def milestone_review(request: HttpRequest, uuid: str, milestone_id: int) -> HttpResponse:
    milestone = _milestone(request, uuid, milestone_id)
    form = forms.DeliverableReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise _invalid(form)
        accept = form.cleaned_data["decision"] == "accept"
        delivery.milestone_review(
            actor=request.user, milestone_id=milestone.pk, accept=accept, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Deliverable accepted.") if accept else _("Deliverable returned."))
    except ApplicationError as error:
        _failed(request, error)
    return redirect("challenges:detail", uuid=uuid)


@login_required
def milestone_attachment(request: HttpRequest, uuid: str, milestone_id: int, attachment_uuid: str) -> FileResponse:
    milestone = _milestone(request, uuid, milestone_id)
    attachment = attachment_for_download(milestone, attachment_uuid, may_see_confidential=True)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@require_POST
@login_required
def challenge_accept(request: HttpRequest, uuid: str) -> HttpResponse:
    challenge = selectors.challenge_get_for_user(request.user, uuid)
    form = forms.AcceptanceForm(request.POST)
    try:
        if not form.is_valid():
            raise _invalid(form)
        delivery.challenge_accept(actor=request.user, challenge_id=challenge.pk, note=form.cleaned_data["note"])
        messages.success(request, _("Final acceptance recorded."))
    except ApplicationError as error:
        _failed(request, error)
    return redirect("challenges:detail", uuid=challenge.uuid)
