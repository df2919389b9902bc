"""Form pieces every reviewed record shares: attachments, review actions, regions."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from scenebridge.core.attachments import check_upload
from scenebridge.core.errors import ApplicationError


class AttachmentField(forms.FileField):
    """An optional attachment, checked for type and size while the form is validated."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            try:
                check_upload(upload)
            except ApplicationError as error:
                raise ValidationError(error.fields.get("file", [str(error.message)])) from error
        return upload


class RegionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class ActionForm(forms.Form):
    action = forms.CharField(max_length=20)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AttachForm(forms.Form):
    file = AttachmentField(label=_("File"), help_text=_("PDF, Word, Excel, PowerPoint or an image, at most 20 MB."))
    confidential = forms.BooleanField(label=_("Confidential"), required=False)


class ReviewedRecordForm(forms.ModelForm):  # type: ignore[type-arg]
    """Adds the confidential-parts choice and an optional first attachment to a record's form."""

    PART_LABELS: dict[str, Any] = {}

    confidential_parts = forms.MultipleChoiceField(
        label=_("Confidential parts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ticked parts are seen only by your organization and the platform operator; "
            "the title and summary are always public."
        ),
    )
    attachment = AttachmentField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or an image, at most 20 MB."),
    )
    attachment_confidential = forms.BooleanField(label=_("The attachment is confidential"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confidential_parts"].choices = list(self.PART_LABELS.items())  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in (self._meta.fields or ()) if name in self.cleaned_data}
        data["confidential_parts"] = list(self.cleaned_data.get("confidential_parts") or [])
        return data
