"""Every write to organizations, people and API tokens: register, edit, add members, issue and revoke tokens."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from scenebridge.accounts import permissions
from scenebridge.accounts.credit_code import normalise_credit_code
from scenebridge.accounts.models import ApiToken, Organization, OrganizationType, Role, User
from scenebridge.core import search
from scenebridge.core.audit import audit_record, changed, snapshot
from scenebridge.core.errors import NotFoundError, PermissionDeniedError, ValidationFailedError
from scenebridge.taxonomy.models import Region

# Roles a person may take when registering or being added by an organization administrator; operators and expert
# reviewers are appointed by the platform operator (in the admin).
MEMBER_ROLES = (Role.OWNER, Role.SUPPLIER, Role.ORG_ADMIN)

ORGANIZATION_FIELDS = ("name", "type", "region", "size", "qualifications", "description", "website", "contact_email")
OPERATOR_ONLY_FIELDS = ("credit_code", "verified")
AUDITED_ORGANIZATION_FIELDS = (*ORGANIZATION_FIELDS, *OPERATOR_ONLY_FIELDS)
PROFILE_FIELDS = ("display_name", "email", "phone", "preferred_language")

# Registration form field names for the model fields that carry a different name there.
_REGISTRATION_FIELD_NAMES = {"name": "organization_name", "type": "organization_type"}


@dataclass(frozen=True)
class OrganizationRegistration:
    organization_name: str
    organization_type: str
    credit_code: str
    region: Region
    size: str
    username: str
    display_name: str
    email: str
    role: str
    password: str


@dataclass(frozen=True)
class MemberData:
    username: str
    display_name: str
    email: str
    role: str
    password: str


def _already_registered() -> ValidationFailedError:
    message = _(
        "An organization with this unified social credit code is already registered. "
        "Please ask its administrator to create an account for you."
    )
    return ValidationFailedError(fields={"credit_code": [message]})


def _errors_of(obj: Any, exclude: Iterable[str] = (), rename: dict[str, str] | None = None) -> dict[str, list[str]]:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        rename = rename or {}
        return {rename.get(name, name): list(messages) for name, messages in error.message_dict.items()}
    return {}


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationFailedError(fields=errors)


# Search index -------------------------------------------------------------------------------------------------


def search_text(organization: Organization) -> str:
    """The public text a keyword search over organizations may match (Chinese and English labels both)."""
    type_label = OrganizationType(organization.type).label
    parts = [organization.name, organization.name, organization.description]
    for language in ("zh-hans", "en"):
        with translation.override(language):
            parts.append(str(type_label))
    region = organization.region
    parts += [region.name_zh, region.name_en]
    if region.parent is not None:
        parts += [region.parent.name_zh, region.parent.name_en]
    parts += [q.name_zh for q in organization.qualifications.all()]
    return "\n".join(p for p in parts if p)


def _reindex(organization: Organization) -> None:
    search.index_object("organization", organization.pk, search_text(organization))


def organization_reindex(organization_id: int) -> None:
    """Refresh one organization's search entry (after an edit made outside these services, e.g. in the admin)."""
    organization = Organization.objects.select_related("region__parent").filter(pk=organization_id).first()
    if organization is None:
        search.index_object("organization", organization_id, None)
    else:
        _reindex(organization)


# Organizations ------------------------------------------------------------------------------------------------


def lock_organization(organization_id: int) -> Organization:
    """The one way to take a row lock on an organization before changing it."""
    try:
        return Organization.objects.select_for_update().get(pk=organization_id)
    except Organization.DoesNotExist as error:
        raise NotFoundError() from error


def organization_register(*, data: OrganizationRegistration) -> User:
    """A new organization and its first person, both or neither; returns the person (to be logged in)."""
    if data.role not in MEMBER_ROLES:
        raise ValidationFailedError(fields={"role": [_("This role cannot be chosen when registering.")]})
    data = replace(data, credit_code=normalise_credit_code(data.credit_code))
    if Organization.objects.filter(credit_code=data.credit_code).exists():
        raise _already_registered()
    organization = Organization(
        name=data.organization_name,
        type=data.organization_type,
        credit_code=data.credit_code,
        region=data.region,
        size=data.size,
    )
    user = User(username=data.username, display_name=data.display_name, email=data.email, role=data.role)
    user.set_password(data.password)
    errors = _errors_of(organization, rename=_REGISTRATION_FIELD_NAMES)
    errors |= _errors_of(user, exclude=["organization"])
    if "credit_code" in errors and Organization.objects.filter(credit_code=data.credit_code).exists():
        errors["credit_code"] = _already_registered().fields["credit_code"]
    _raise_if(errors)
    try:
        with transaction.atomic():
            organization.save()
            user.organization = organization
            user.save()
            audit_record(actor=user, action="create", obj=organization, after=_organization_snapshot(organization))
            audit_record(actor=user, action="register", obj=user, after=_user_snapshot(user))
            _reindex(organization)
    except IntegrityError as error:  # a concurrent registration with the same code or username won the race
        if Organization.objects.filter(credit_code=data.credit_code).exists():
            raise _already_registered() from error
        raise ValidationFailedError(fields={"username": [_("This username is already taken.")]}) from error
    return user


def _organization_snapshot(organization: Organization) -> dict[str, Any]:
    return snapshot(organization, AUDITED_ORGANIZATION_FIELDS)


def _user_snapshot(user: User) -> dict[str, Any]:
    return snapshot(user, ("username", "display_name", "email", "organization", "role", "is_active"))


def organization_update(*, actor: Any, organization_id: int, data: dict[str, Any]) -> Organization:
    """Edit an organization's profile. Only the operator may change the credit code or the verified mark."""
    with transaction.atomic():
        organization = lock_organization(organization_id)
        if not permissions.can_edit_organization(actor, organization):
            raise PermissionDeniedError()
        allowed = ORGANIZATION_FIELDS + (OPERATOR_ONLY_FIELDS if permissions.is_operator(actor) else ())
        if set(data) - set(allowed):
            raise PermissionDeniedError()
        before = _organization_snapshot(organization)
        qualifications = data.get("qualifications")
        for name, value in data.items():
            if name != "qualifications":
                setattr(organization, name, value)
        _raise_if(_errors_of(organization))
        try:
            with transaction.atomic():
                organization.save()
        except IntegrityError as error:
            raise _already_registered() from error
        if qualifications is not None:
            organization.qualifications.set(qualifications)
        old, new = changed(before, _organization_snapshot(organization))
        if new:
            audit_record(actor=actor, action="update", obj=organization, before=old, after=new)
        organization_reindex(organization.pk)
    return organization


def member_add(*, actor: Any, organization_id: int, data: MemberData) -> User:
    """An organization administrator (or the operator) gives a colleague an account."""
    with transaction.atomic():
        organization = lock_organization(organization_id)
        if not permissions.can_edit_organization(actor, organization):
            raise PermissionDeniedError()
        if data.role not in MEMBER_ROLES:
            raise ValidationFailedError(fields={"role": [_("This role cannot be given here.")]})
        user = User(
            username=data.username,
            display_name=data.display_name,
            email=data.email,
            role=data.role,
            organization=organization,
        )
        user.set_password(data.password)
        _raise_if(_errors_of(user))
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as error:
            raise ValidationFailedError(fields={"username": [_("This username is already taken.")]}) from error
        audit_record(actor=actor, action="member_add", obj=user, after=_user_snapshot(user))
    return user


# People -------------------------------------------------------------------------------------------------------


def profile_update(*, actor: Any, data: dict[str, Any]) -> User:
    if set(data) - set(PROFILE_FIELDS):
        raise PermissionDeniedError()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        before = snapshot(user, PROFILE_FIELDS)
        for name, value in data.items():
            setattr(user, name, value)
        _raise_if(_errors_of(user, exclude=["password"]))
        user.save(update_fields=list(data))
        old, new = changed(before, snapshot(user, PROFILE_FIELDS))
        if new:
            audit_record(actor=actor, action="update", obj=user, before=old, after=new)
    return user


def api_token_create(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the raw token is returned once and never stored."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDeniedError()
    raw, prefix, digest = ApiToken.generate()
    token = ApiToken(user=actor, name=name, prefix=prefix, digest=digest)
    _raise_if(_errors_of(token, exclude=["user"]))
    with transaction.atomic():
        token.save()
        audit_record(actor=actor, action="create", obj=token, after={"name": token.name, "prefix": token.prefix})
    return token, raw


def api_token_revoke(*, actor: Any, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (revoking twice is harmless)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user_id=actor.pk).first()
        if token is None:
            raise NotFoundError()
        if not token.revoked:
            token.revoked = True
            token.save(update_fields=["revoked", "updated_at"])
            audit_record(actor=actor, action="revoke", obj=token, before={"revoked": False}, after={"revoked": True})
    return token
