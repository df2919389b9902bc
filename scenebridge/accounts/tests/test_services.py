from dataclasses import replace
from typing import Any

import pytest

from scenebridge.accounts import services
from scenebridge.accounts.models import ApiToken, Organization, OrganizationType, Role, User
from scenebridge.accounts.tests.factories import ApiTokenFactory, OrganizationFactory, UserFactory, valid_credit_code
from scenebridge.core import search
from scenebridge.core.errors import NotFoundError, PermissionDeniedError, ValidationFailedError
from scenebridge.core.models import AuditEvent
from scenebridge.taxonomy.models import Qualification, Region

pytestmark = pytest.mark.django_db

PASSWORD = "Lantern-orchard-2026"


def registration(**changes: Any) -> services.OrganizationRegistration:
    data = services.OrganizationRegistration(
        organization_name="云帆无人机科技有限公司",
        organization_type=OrganizationType.PRIVATE_ENTERPRISE,
        credit_code=valid_credit_code(7, "310000"),
        region=Region.objects.get(code="310000"),
        size="small",
        username="yunfan",
        display_name="王工",
        email="wang@yunfan.example",
        role=Role.SUPPLIER,
        password=PASSWORD,
    )
    return replace(data, **changes)


def test_registration_creates_organization_and_first_user_audited_and_searchable() -> None:
    # given
    data = registration()
    # when
    user = services.organization_register(data=data)
    # then
    organization = Organization.objects.get(credit_code=data.credit_code)
    assert user.organization == organization and user.role == Role.SUPPLIER
    assert user.check_password(PASSWORD)
    org_actions = AuditEvent.objects.filter(object_id=str(organization.pk), content_type__model="organization")
    user_actions = AuditEvent.objects.filter(object_id=str(user.pk), content_type__model="user")
    assert list(org_actions.values_list("action", flat=True)) == ["create"]
    assert list(user_actions.values_list("action", flat=True)) == ["register"]
    assert search.ranked_ids("organization", "无人机") == [organization.pk]
    assert search.ranked_ids("organization", "上海") == [organization.pk]


def test_registration_with_a_known_credit_code_saves_nothing() -> None:
    # given
    existing: Any = OrganizationFactory()
    users = User.objects.count()
    # when
    with pytest.raises(ValidationFailedError) as error:
        services.organization_register(data=registration(credit_code=existing.credit_code))
    # then
    assert "credit_code" in error.value.fields
    assert Organization.objects.count() == 1 and User.objects.count() == users


def test_registration_with_markup_in_the_name_saves_nothing() -> None:
    # given
    data = registration(organization_name="<script>alert(1)</script>公司")
    # when
    with pytest.raises(ValidationFailedError) as error:
        services.organization_register(data=data)
    # then
    assert "organization_name" in error.value.fields
    assert not Organization.objects.exists() and not User.objects.exists()


def test_registration_refuses_the_operator_role() -> None:
    # when
    with pytest.raises(ValidationFailedError) as error:
        services.organization_register(data=registration(role=Role.OPERATOR))
    # then
    assert "role" in error.value.fields
    assert not Organization.objects.exists()


def test_registration_with_a_taken_username_saves_no_organization() -> None:
    # given
    UserFactory(username="yunfan")
    organizations = Organization.objects.count()
    # when
    with pytest.raises(ValidationFailedError) as error:
        services.organization_register(data=registration())
    # then
    assert "username" in error.value.fields
    assert Organization.objects.count() == organizations


@pytest.mark.parametrize("who", ["operator", "org_admin"])
def test_operator_and_org_admin_update_the_organization_audited(who: str, request: Any, owner_org: Any) -> None:
    # given
    actor = request.getfixturevalue(who)
    qualification = Qualification.objects.get(code="hnte")
    # when
    services.organization_update(
        actor=actor,
        organization_id=owner_org.pk,
        data={"description": "负责城市道路与市容管理。", "qualifications": [qualification]},
    )
    # then
    owner_org.refresh_from_db()
    assert owner_org.description == "负责城市道路与市容管理。"
    event = AuditEvent.objects.get(action="update", object_id=str(owner_org.pk))
    assert event.before == {"description": "", "qualifications": []}
    assert event.after == {"description": "负责城市道路与市容管理。", "qualifications": [qualification.pk]}
    assert search.ranked_ids("organization", "市容") == [owner_org.pk]


@pytest.mark.parametrize("who", ["owner", "outsider", "supplier", "expert"])
def test_others_may_not_update_the_organization(who: str, request: Any, owner_org: Any) -> None:
    # given
    actor = request.getfixturevalue(who)
    # when
    with pytest.raises(PermissionDeniedError):
        services.organization_update(actor=actor, organization_id=owner_org.pk, data={"name": "改名"})
    # then
    owner_org.refresh_from_db()
    assert owner_org.name == "某市城市管理局"
    assert not AuditEvent.objects.filter(action="update").exists()


def test_only_the_operator_changes_the_verified_mark(org_admin: Any, operator: Any, owner_org: Any) -> None:
    # when
    with pytest.raises(PermissionDeniedError):
        services.organization_update(actor=org_admin, organization_id=owner_org.pk, data={"verified": True})
    services.organization_update(actor=operator, organization_id=owner_org.pk, data={"verified": True})
    # then
    owner_org.refresh_from_db()
    assert owner_org.verified is True
    assert AuditEvent.objects.filter(action="update", actor=operator).count() == 1


def test_update_with_markup_changes_nothing(org_admin: Any, owner_org: Any) -> None:
    # when
    with pytest.raises(ValidationFailedError) as error:
        services.organization_update(
            actor=org_admin, organization_id=owner_org.pk, data={"description": '<img src=x onerror="x()">'}
        )
    # then
    assert "description" in error.value.fields
    owner_org.refresh_from_db()
    assert owner_org.description == ""


def test_org_admin_adds_a_member(org_admin: Any, owner_org: Any) -> None:
    # given
    data = services.MemberData(
        username="colleague", display_name="李四", email="li@example.org", role=Role.OWNER, password=PASSWORD
    )
    # when
    member = services.member_add(actor=org_admin, organization_id=owner_org.pk, data=data)
    # then
    assert member.organization == owner_org and member.role == Role.OWNER
    assert member.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="member_add", object_id=str(member.pk), actor=org_admin).exists()


def test_a_plain_member_cannot_add_members(owner: Any, owner_org: Any) -> None:
    # given
    data = services.MemberData(
        username="x1", display_name="x", email="x@example.org", role=Role.ORG_ADMIN, password=PASSWORD
    )
    # when
    with pytest.raises(PermissionDeniedError):
        services.member_add(actor=owner, organization_id=owner_org.pk, data=data)
    # then
    assert not User.objects.filter(username="x1").exists()


def test_profile_update_is_audited(supplier: Any) -> None:
    # when
    services.profile_update(actor=supplier, data={"display_name": "张三", "preferred_language": "en"})
    # then
    supplier.refresh_from_db()
    assert supplier.display_name == "张三" and supplier.preferred_language == "en"
    event = AuditEvent.objects.get(action="update", object_id=str(supplier.pk))
    assert event.after == {"display_name": "张三", "preferred_language": "en"}


def test_api_token_create_returns_the_raw_token_once_and_stores_its_digest(supplier: Any) -> None:
    # when
    token, raw = services.api_token_create(actor=supplier, name="导出脚本")
    # then
    token.refresh_from_db()
    assert raw.startswith(token.prefix) and token.digest == ApiToken.digest_of(raw)
    assert raw not in (token.digest, token.name, str(token))
    event = AuditEvent.objects.get(action="create", content_type__model="apitoken")
    assert raw not in str(event.after)


def test_api_token_revoke_is_audited_and_idempotent(supplier: Any) -> None:
    # given
    token: Any = ApiTokenFactory(user=supplier)
    # when
    services.api_token_revoke(actor=supplier, token_id=token.pk)
    services.api_token_revoke(actor=supplier, token_id=token.pk)
    # then
    token.refresh_from_db()
    assert token.revoked is True
    assert AuditEvent.objects.filter(action="revoke", object_id=str(token.pk)).count() == 1


def test_nobody_revokes_another_persons_token(supplier: Any, owner: Any) -> None:
    # given
    token: Any = ApiTokenFactory(user=supplier)
    # when
    with pytest.raises(NotFoundError):
        services.api_token_revoke(actor=owner, token_id=token.pk)
    # then
    token.refresh_from_db()
    assert token.revoked is False
