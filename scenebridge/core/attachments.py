"""Attachments: PDF, Office files and images only, checked by extension, by content and by size."""

import os
import zipfile
from typing import Any

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from scenebridge.core.audit import audit_record
from scenebridge.core.errors import NotFoundError, ValidationFailedError
from scenebridge.core.models import Attachment

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension → (media type, how its content must begin)
ALLOWED: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "pdf"),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpg"),
    ".jpeg": ("image/jpeg", "jpg"),
    ".gif": ("image/gif", "gif"),
    ".webp": ("image/webp", "webp"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "ooxml"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ooxml"),
    ".doc": ("application/msword", "ole"),
    ".xls": ("application/vnd.ms-excel", "ole"),
    ".ppt": ("application/vnd.ms-powerpoint", "ole"),
}


def _content_kind(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    if head.startswith(_OLE):
        return "ole"
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.extension == "zip" or kind.mime.startswith("application/vnd.openxmlformats"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        return "ooxml" if "[Content_Types].xml" in names else None
    return kind.extension


def _rejected(message: str) -> ValidationFailedError:
    return ValidationFailedError(fields={"file": [message]})


def check_upload(upload: UploadedFile) -> str:
    """The media type of a valid upload; otherwise a field error in the visitor's language."""
    extension = os.path.splitext(upload.name or "")[1].lower()
    allowed = ALLOWED.get(extension)
    if allowed is None:
        raise _rejected(_("Only PDF, Word, Excel, PowerPoint and image files (PNG, JPEG, GIF, WebP) are accepted."))
    size = upload.size or 0
    if size > settings.ATTACHMENT_MAX_BYTES:
        limits = {"size": filesizeformat(size), "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        raise _rejected(_("The file is %(size)s; files may be at most %(limit)s.") % limits)
    if _content_kind(upload) != allowed[1]:
        raise _rejected(_("The content of this file does not match its extension %(ext)s.") % {"ext": extension})
    return allowed[0]


def attachment_add(*, actor: Any, obj: models.Model, upload: UploadedFile, confidential: bool) -> Attachment:
    media_type = check_upload(upload)
    name = os.path.basename(upload.name or "file")[-200:]
    with transaction.atomic():
        attachment = Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            file=upload,
            original_name=name,
            media_type=media_type,
            size=upload.size or 0,
            confidential=confidential,
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action="attach",
            obj=obj,
            after={"attachment": name, "confidential": confidential, "size": attachment.size},
        )
    return attachment


def attachment_remove(*, actor: Any, obj: models.Model, attachment_uuid: str) -> None:
    with transaction.atomic():
        attachment = attachments_of(obj).filter(uuid=attachment_uuid).first()
        if attachment is None:
            raise NotFoundError()
        audit_record(actor=actor, action="detach", obj=obj, before={"attachment": attachment.original_name})
        attachment.file.delete(save=False)
        attachment.delete()


def attachments_of(obj: models.Model, *, include_confidential: bool = True) -> models.QuerySet[Attachment]:
    queryset = Attachment.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    return queryset if include_confidential else queryset.filter(confidential=False)


def attachment_for_download(obj: models.Model, attachment_uuid: Any, may_see_confidential: bool) -> Attachment:
    """The attachment, if the viewer (who may already see `obj`) may download it; confidential files otherwise
    do not exist for them."""
    attachment = attachments_of(obj, include_confidential=may_see_confidential).filter(uuid=attachment_uuid).first()
    if attachment is None:
        raise NotFoundError()
    return attachment
