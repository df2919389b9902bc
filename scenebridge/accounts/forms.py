"""Forms of the account pages: registration, profile, API tokens, organization profile, members."""

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordMixin, UsernameField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scenebridge.accounts.credit_code import normalise_credit_code, validate_credit_code
from scenebridge.accounts.models import Organization, OrganizationType, Role, SizeClass, User
from scenebridge.accounts.services import MEMBER_ROLES, MemberData, OrganizationRegistration
from scenebridge.core.forms import RegionChoiceField
from scenebridge.core.validators import validate_plain_text
from scenebridge.taxonomy import selectors as taxonomy

ROLE_CHOICES = [(role.value, role.label) for role in MEMBER_ROLES]


class CreditCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Unified social credit code"))
        kwargs.setdefault("help_text", Organization._meta.get_field("credit_code").help_text)
        super().__init__(max_length=30, validators=[validate_credit_code], **kwargs)

    def to_python(self, value: Any) -> str:
        return normalise_credit_code(super().to_python(value) or "")


class RegistrationForm(SetPasswordMixin, forms.Form):
    """A new organization and its first person, in one form."""

    organization_name = forms.CharField(label=_("Organization name"), max_length=200, validators=[validate_plain_text])
    organization_type = forms.ChoiceField(label=_("Organization type"), choices=OrganizationType.choices)
    credit_code = CreditCodeField()
    region = RegionChoiceField(queryset=taxonomy.regions(), label=_("Region"))
    size = forms.ChoiceField(label=_("Size"), choices=SizeClass.choices, initial=SizeClass.NOT_APPLICABLE)
    username = UsernameField(
        label=_("Username"), max_length=150, help_text=_("Letters, digits and @/./+/-/_ only; used to log in.")
    )
    display_name = forms.CharField(label=_("Your name"), max_length=100, validators=[validate_plain_text])
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Your role"),
        choices=ROLE_CHOICES,
        help_text=_("An organization administrator can later add colleagues in the other roles."),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validate_passwords()
        candidate = User(
            username=cleaned.get("username", ""),
            email=cleaned.get("email", ""),
            display_name=cleaned.get("display_name", ""),
        )
        self.validate_password_for_user(candidate)
        return cleaned

    def registration(self) -> OrganizationRegistration:
        data = self.cleaned_data
        return OrganizationRegistration(
            organization_name=data["organization_name"],
            organization_type=data["organization_type"],
            credit_code=data["credit_code"],
            region=data["region"],
            size=data["size"],
            username=data["username"],
            display_name=data["display_name"],
            email=data["email"],
            role=data["role"],
            password=data["password1"],
        )


class ProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ["display_name", "email", "phone", "preferred_language"]

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        validators=[validate_plain_text],
        help_text=_("What the token is for, e.g. “data export script”."),
    )


class OrganizationForm(forms.ModelForm):  # type: ignore[type-arg]
    """What an organization administrator may change about the organization's public profile."""

    region = RegionChoiceField(queryset=taxonomy.regions(), label=_("Region"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "type", "region", "size", "qualifications", "description", "website", "contact_email"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "qualifications": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualifications"].queryset = taxonomy.qualifications()  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or () if name in self.cleaned_data}


class OperatorOrganizationForm(OrganizationForm):
    """The operator may also correct the credit code and mark the organization verified."""

    credit_code = CreditCodeField()

    class Meta(OrganizationForm.Meta):
        fields = [*OrganizationForm.Meta.fields, "credit_code", "verified"]


class MemberForm(SetPasswordMixin, forms.Form):
    username = UsernameField(label=_("Username"), max_length=150)
    display_name = forms.CharField(
        label=pgettext_lazy("of a person", "Name"), max_length=100, validators=[validate_plain_text]
    )
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Role.SUPPLIER)
    password1, password2 = SetPasswordMixin.create_password_fields(label1=_("Initial password"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.validate_passwords()
        candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
        self.validate_password_for_user(candidate)
        return cleaned

    def member_data(self) -> MemberData:
        data = self.cleaned_data
        return MemberData(
            username=data["username"],
            display_name=data["display_name"],
            email=data["email"],
            role=data["role"],
            password=data["password1"],
        )
