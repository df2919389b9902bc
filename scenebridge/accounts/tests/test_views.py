import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from scenebridge.accounts.models import ApiToken, Organization, OrganizationType, Role, User
from scenebridge.accounts.services import _already_registered
from scenebridge.accounts.tests.factories import ApiTokenFactory, OrganizationFactory, UserFactory, valid_credit_code
from scenebridge.core.models import AuditEvent
from scenebridge.taxonomy.models import Qualification

pytestmark = pytest.mark.django_db

PASSWORD = "Lantern-orchard-2026"
CHECKSUM_MESSAGE = "The check digit of this unified social credit code is wrong; please check the code."


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "organization_name": "云帆无人机科技有限公司",
        "organization_type": OrganizationType.PRIVATE_ENTERPRISE,
        "credit_code": valid_credit_code(7, "310000"),
        "region": "310000",
        "size": "small",
        "username": "yunfan",
        "display_name": "王工",
        "email": "wang@yunfan.example",
        "role": Role.OWNER,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return data | changes


def field_errors(response: Any, name: str) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


# Registration -------------------------------------------------------------------------------------------------


def test_registration_creates_both_logs_in_and_goes_home(client: Any) -> None:
    # when
    response = client.post(reverse("accounts:register"), form_data())
    # then
    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(username="yunfan")
    assert (
        user.organization is not None and user.organization.name == "云帆无人机科技有限公司" and user.role == Role.OWNER
    )
    assert client.session["_auth_user_id"] == str(user.pk)
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"create", "register"}


def test_registration_page_renders(client: Any) -> None:
    # when
    response = client.get(reverse("accounts:register"))
    # then
    assert response.status_code == 200
    assert b'name="credit_code"' in response.content and b'name="password2"' in response.content


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_wrong_check_digit_is_reported_at_the_field_in_the_users_language(client: Any, language: str) -> None:
    # given
    code = valid_credit_code(7, "310000")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    before = Organization.objects.count()
    # when
    response = client.post(reverse("accounts:register"), form_data(credit_code=wrong), HTTP_ACCEPT_LANGUAGE=language)
    # then
    assert response.status_code == 200
    assert field_errors(response, "credit_code")
    with translation.override(language):
        expected = translation.gettext(CHECKSUM_MESSAGE)
    assert escape(expected) in response.content.decode()
    assert Organization.objects.count() == before and not User.objects.filter(username="yunfan").exists()


def test_malformed_credit_code_is_reported_at_the_field(client: Any) -> None:
    # when
    response = client.post(reverse("accounts:register"), form_data(credit_code="12345"))
    # then
    assert field_errors(response, "credit_code")
    assert not Organization.objects.exists()


def test_credit_code_already_registered_says_to_ask_the_administrator(client: Any) -> None:
    # given
    existing: Any = OrganizationFactory()
    # when
    response = client.post(reverse("accounts:register"), form_data(credit_code=existing.credit_code.lower()))
    # then
    assert field_errors(response, "credit_code") == [str(m) for m in _already_registered().fields["credit_code"]]
    assert Organization.objects.count() == 1 and not User.objects.filter(username="yunfan").exists()


def test_script_in_the_organization_name_is_refused_and_nothing_saved(client: Any) -> None:
    # when
    response = client.post(
        reverse("accounts:register"), form_data(organization_name='<script>alert("x")</script>有限公司')
    )
    # then
    assert field_errors(response, "organization_name")
    assert b"<script>alert" not in response.content
    assert not Organization.objects.exists() and not User.objects.exists()


def test_weak_or_mismatched_passwords_are_refused(client: Any) -> None:
    # when
    weak = client.post(reverse("accounts:register"), form_data(password1="12345678", password2="12345678"))
    mismatched = client.post(reverse("accounts:register"), form_data(password2=PASSWORD + "x"))
    # then
    assert field_errors(weak, "password2") and field_errors(mismatched, "password2")
    assert not Organization.objects.exists()


# Log in, log out, passwords -----------------------------------------------------------------------------------


def test_login_sets_the_preferred_language_and_logout_ends_the_session(client: Any) -> None:
    # given
    UserFactory(username="li", password=PASSWORD, preferred_language="en")
    # when
    response = client.post(reverse("accounts:login"), {"username": "li", "password": PASSWORD})
    # then
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_repeated_login_failures_lock_the_account_out(client: Any) -> None:
    # given
    UserFactory(username="li", password=PASSWORD)
    # when
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "li", "password": "wrong-guess"})
    response = client.post(reverse("accounts:login"), {"username": "li", "password": PASSWORD})
    # then
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client: Any) -> None:
    # given
    user: Any = UserFactory(username="li", email="li@example.org")
    # when
    client.post(reverse("accounts:password_reset"), {"email": "li@example.org"})
    found = re.search(r"https?://[^/]+(/\S+)", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(1)
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    # then
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change(client: Any, supplier: Any) -> None:
    # given
    client.force_login(supplier)
    data = {"old_password": "correct-horse-battery", "new_password1": PASSWORD, "new_password2": PASSWORD}
    # when
    response = client.post(reverse("accounts:password_change"), data)
    # then
    assert response.status_code == 302 and response.url == reverse("accounts:password_change_done")
    supplier.refresh_from_db()
    assert supplier.check_password(PASSWORD)


# Profile and API tokens ---------------------------------------------------------------------------------------


def test_profile_save_switches_the_page_language(client: Any, supplier: Any) -> None:
    # given
    client.force_login(supplier)
    data = {"display_name": "张三", "email": "z@example.org", "phone": "010-12345678", "preferred_language": "en"}
    # when
    response = client.post(reverse("accounts:profile"), data)
    # then
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    supplier.refresh_from_db()
    assert supplier.display_name == "张三" and supplier.phone == "010-12345678"


def test_token_is_shown_once_after_creation(client: Any, supplier: Any) -> None:
    # given
    client.force_login(supplier)
    # when
    created = client.post(reverse("accounts:api_token_create"), {"name": "导出脚本"})
    later = client.get(reverse("accounts:profile"))
    # then
    token = ApiToken.objects.get(user=supplier)
    raw = created.context["new_token"]
    assert ApiToken.digest_of(raw) == token.digest
    assert raw in created.content.decode() and "no-store" in created["Cache-Control"]
    assert raw not in later.content.decode() and token.prefix in later.content.decode()


def test_token_revoke_from_the_profile_page(client: Any, supplier: Any) -> None:
    # given
    token: Any = ApiTokenFactory(user=supplier)
    client.force_login(supplier)
    # when
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    # then
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked is True


def test_someone_elses_token_cannot_be_revoked(client: Any, supplier: Any, owner: Any) -> None:
    # given
    token: Any = ApiTokenFactory(user=supplier)
    client.force_login(owner)
    # when
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    # then
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked is False


def test_profile_needs_login(client: Any) -> None:
    # when
    response = client.get(reverse("accounts:profile"))
    # then
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# Organizations ------------------------------------------------------------------------------------------------


def _list_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_organization_list_query_count_does_not_grow_with_the_page(client: Any) -> None:
    # given
    qualifications = list(Qualification.objects.all()[:2])
    OrganizationFactory(qualifications=qualifications)
    one = _list_queries(client, reverse("accounts:organization_list"))
    OrganizationFactory.create_batch(19, qualifications=qualifications)
    # when
    twenty = _list_queries(client, reverse("accounts:organization_list"))
    # then
    assert one == twenty


def test_organization_list_filters_by_facets_and_keywords(client: Any) -> None:
    # given
    from scenebridge.accounts import services

    hnte = Qualification.objects.get(code="hnte")
    drone: Any = OrganizationFactory(name="云帆无人机科技有限公司", qualifications=[hnte])
    services.organization_update(
        actor=UserFactory(role=Role.OPERATOR, organization=None), organization_id=drone.pk, data={"size": "small"}
    )
    OrganizationFactory(name="某市城市管理局", type=OrganizationType.GOVERNMENT_AGENCY)
    url = reverse("accounts:organization_list")
    # when
    by_keyword = client.get(url, {"q": "无人机"})
    by_type = client.get(url, {"type": OrganizationType.GOVERNMENT_AGENCY})
    by_province = client.get(url, {"region": "310000"})
    by_qualification = client.get(url, {"qualification": "hnte"})
    # then
    assert [o.name for o in by_keyword.context["page_obj"]] == ["云帆无人机科技有限公司"]
    assert [o.name for o in by_type.context["page_obj"]] == ["某市城市管理局"]
    assert list(by_province.context["page_obj"]) == []
    assert [o.pk for o in by_qualification.context["page_obj"]] == [drone.pk]


def test_organization_detail_shows_credit_code_to_all_and_contact_to_members(client: Any, owner_org: Any) -> None:
    # given
    Organization.objects.filter(pk=owner_org.pk).update(contact_email="contact@city.example")
    member = UserFactory(organization=owner_org)
    url = reverse("accounts:organization_detail", args=[owner_org.uuid])
    # when
    public = client.get(url).content.decode()
    client.force_login(member)
    inside = client.get(url).content.decode()
    # then
    assert owner_org.credit_code in public and "contact@city.example" not in public
    assert f"?owner={owner_org.uuid}" in public and f"?provider={owner_org.uuid}" in public
    assert "contact@city.example" in inside


def test_unknown_organization_is_404(client: Any) -> None:
    # when
    response = client.get(reverse("accounts:organization_detail", args=["00000000-0000-0000-0000-000000000000"]))
    # then
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("operator", True), ("org_admin", True), ("owner", False), ("outsider", False), ("supplier", False)],
)
def test_organization_edit_permission(client: Any, request: Any, owner_org: Any, who: str, allowed: bool) -> None:
    # given
    client.force_login(request.getfixturevalue(who))
    url = reverse("accounts:organization_edit", args=[owner_org.uuid])
    data = {"name": "某市城市管理局（新）", "type": owner_org.type, "region": "110000", "size": "na"}
    if who == "operator":
        data["credit_code"] = owner_org.credit_code
    # when
    page = client.get(url)
    response = client.post(url, data)
    # then
    owner_org.refresh_from_db()
    if allowed:
        assert page.status_code == 200 and response.status_code == 302
        assert owner_org.name == "某市城市管理局（新）"
        assert AuditEvent.objects.get(action="update").before == {"name": "某市城市管理局"}
    else:
        assert page.status_code == 403 and response.status_code == 403
        assert owner_org.name == "某市城市管理局"
        assert not AuditEvent.objects.filter(action="update").exists()


def test_org_admin_adds_a_member_on_the_members_page(client: Any, org_admin: Any, owner_org: Any) -> None:
    # given
    client.force_login(org_admin)
    url = reverse("accounts:organization_members", args=[owner_org.uuid])
    data = {
        "username": "colleague",
        "display_name": "李四",
        "email": "li@example.org",
        "role": Role.SUPPLIER,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    # when
    response = client.post(url, data)
    listing = client.get(url)
    # then
    assert response.status_code == 302
    assert User.objects.get(username="colleague").organization == owner_org
    assert "colleague" in listing.content.decode()


def test_members_page_is_closed_to_plain_members(client: Any, owner: Any, owner_org: Any) -> None:
    # given
    client.force_login(owner)
    # when
    response = client.get(reverse("accounts:organization_members", args=[owner_org.uuid]))
    # then
    assert response.status_code == 403


# Admin --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["organization", "user", "apitoken"])
def test_admin_pages_load(admin_client: Any, supplier: Any, model: str) -> None:
    # given
    token: Any = ApiTokenFactory(user=supplier)
    objects = {"organization": supplier.organization, "user": supplier, "apitoken": token}
    # when
    changelist = admin_client.get(reverse(f"admin:accounts_{model}_changelist"), {"q": "星桥"})
    change = admin_client.get(reverse(f"admin:accounts_{model}_change", args=[objects[model].pk]))
    # then
    assert changelist.status_code == 200 and change.status_code == 200
    if model == "apitoken":
        assert token.digest in change.content.decode() and b'name="digest"' not in change.content
