"""The pages every reviewed record has (read, create, edit, act on, attach files), wired to an app's own
selectors, services and permissions. Each app keeps its list page (its facets differ) and its templates."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scenebridge.core.attachments import attachment_for_download
from scenebridge.core.errors import ApplicationError, PermissionDeniedError
from scenebridge.core.forms import ActionForm, AttachForm, ReviewedRecordForm
from scenebridge.core.web import add_service_errors, record_context
from scenebridge.core.workflow import ReviewStatus


@dataclass(frozen=True)
class RecordPages:
    name: str  # context variable and template names: "scenario" → scenarios/…/scenario
    namespace: str
    template_dir: str
    form_class: type[ReviewedRecordForm]
    get_for_user: Callable[[Any, Any], Any]
    present: Callable[[Any, Any], Any]
    related: Callable[[Any], Any]
    can_create: Callable[[Any], bool]
    can_edit: Callable[[Any, Any], bool]
    can_view_confidential: Callable[[Any, Any], bool]
    sides: Callable[[Any, Any], set[str]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    transition: Callable[..., Any]
    attach: Callable[..., Any]
    detach: Callable[..., Any]
    denied_message: Any = None
    prefixed: bool = False  # URL names "offer_detail" (several kinds in one app) or plain "detail"

    def _name(self, view: str) -> str:
        return f"{self.name}_{view}" if self.prefixed else view

    def _url(self, view: str) -> str:
        return f"{self.namespace}:{self._name(view)}"

    def detail(self, request: HttpRequest, uuid: str) -> HttpResponse:
        record = self.get_for_user(request.user, uuid)
        context = record_context(
            record,
            sides=self.sides(request.user, record),
            can_edit=self.can_edit(request.user, record),
            can_see_confidential=self.can_view_confidential(request.user, record),
        )
        context |= {
            self.name: self.present(request.user, record),
            "related": self.related(record),
            "attach_form": AttachForm(),
        }
        return render(request, f"{self.template_dir}/{self.name}_detail.html", context)

    def create_view(self, request: HttpRequest) -> HttpResponse:
        if not self.can_create(request.user):
            raise PermissionDeniedError(self.denied_message)
        form = self.form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    record = self.create(actor=request.user, data=form.service_data())
                    self._after_save(request, record, form)
            except ApplicationError as error:
                add_service_errors(form, error)
            else:
                submitted = "submit" in request.POST
                messages.success(request, _("Submitted for review.") if submitted else _("Draft saved."))
                return redirect(self._url("detail"), uuid=record.uuid)
        return render(request, f"{self.template_dir}/{self.name}_form.html", {"form": form, "creating": True})

    def edit_view(self, request: HttpRequest, uuid: str) -> HttpResponse:
        record = self.get_for_user(request.user, uuid)
        if not self.can_edit(request.user, record):
            raise PermissionDeniedError()
        form = self.form_class(
            request.POST or None, request.FILES or None, instance=type(record).objects.get(pk=record.pk)
        )
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    self.update(
                        actor=request.user,
                        pk=record.pk,
                        data=form.service_data(),
                        note=request.POST.get("note", ""),
                    )
                    self._after_save(request, record, form)
            except ApplicationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(self._url("detail"), uuid=record.uuid)
        context = {"form": form, self.name: record, "record": record, "creating": False}
        return render(request, f"{self.template_dir}/{self.name}_form.html", context)

    def _after_save(self, request: HttpRequest, record: Any, form: ReviewedRecordForm) -> None:
        upload = form.cleaned_data.get("attachment")
        if upload:
            self.attach(
                actor=request.user,
                record=record,
                upload=upload,
                confidential=form.cleaned_data["attachment_confidential"],
            )
        if "submit" in request.POST:
            self.transition(actor=request.user, pk=record.pk, action="submit")

    def action(self, request: HttpRequest, uuid: str) -> HttpResponse:
        record = self.get_for_user(request.user, uuid)
        form = ActionForm(request.POST)
        if form.is_valid():
            try:
                updated = self.transition(
                    actor=request.user,
                    pk=record.pk,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                )
                label = ReviewStatus(updated.status).label
                messages.success(request, _("Done: the status is now “%(status)s”.") % {"status": label})
            except ApplicationError as error:
                details = [str(m) for msgs in error.fields.values() for m in msgs]
                messages.error(request, " ".join([str(error.message), *details]))
        return redirect(self._url("detail"), uuid=record.uuid)

    def attach_view(self, request: HttpRequest, uuid: str) -> HttpResponse:
        record = self.get_for_user(request.user, uuid)
        form = AttachForm(request.POST, request.FILES)
        if form.is_valid():
            self.attach(
                actor=request.user,
                record=record,
                upload=form.cleaned_data["file"],
                confidential=form.cleaned_data["confidential"],
            )
            messages.success(request, _("File attached."))
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(self._url("detail"), uuid=record.uuid)

    def attachment(self, request: HttpRequest, uuid: str, attachment_uuid: str) -> FileResponse:
        record = self.get_for_user(request.user, uuid)
        may_see = self.can_view_confidential(request.user, record)
        attachment = attachment_for_download(record, attachment_uuid, may_see)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)

    def detach_view(self, request: HttpRequest, uuid: str, attachment_uuid: str) -> HttpResponse:
        record = self.get_for_user(request.user, uuid)
        self.detach(actor=request.user, record=record, attachment_uuid=str(attachment_uuid))
        messages.success(request, _("File removed."))
        return redirect(self._url("detail"), uuid=record.uuid)

    def urlpatterns(self, list_view: Callable[[HttpRequest], HttpResponse]) -> list[Any]:
        from django.urls import path

        p = f"{self.name}s/" if self.prefixed else ""
        n = self._name
        return [
            path(p, list_view, name=n("list")),
            path(f"{p}new/", login_required(self.create_view), name=n("create")),
            path(f"{p}<uuid:uuid>/", self.detail, name=n("detail")),
            path(f"{p}<uuid:uuid>/edit/", login_required(self.edit_view), name=n("edit")),
            path(f"{p}<uuid:uuid>/action/", require_POST(login_required(self.action)), name=n("action")),
            path(
                f"{p}<uuid:uuid>/attachments/",
                require_POST(login_required(self.attach_view)),
                name=n("attach"),
            ),
            path(f"{p}<uuid:uuid>/attachments/<uuid:attachment_uuid>/", self.attachment, name=n("attachment")),
            path(
                f"{p}<uuid:uuid>/attachments/<uuid:attachment_uuid>/delete/",
                require_POST(login_required(self.detach_view)),
                name=n("detach"),
            ),
        ]
