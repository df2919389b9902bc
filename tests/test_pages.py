"""Pages: forms refuse bad input at the field in the visitor's language and save nothing; lists run a constant
number of queries; health reports the database."""

from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scenebridge.catalog.tests.factories import OfferFactory, ResourceFactory
from scenebridge.core.models import Attachment, AuditEvent
from scenebridge.scenarios.models import Scenario
from scenebridge.scenarios.tests.factories import ScenarioFactory
from scenebridge.taxonomy.models import Domain, Kind, Level, TechnologyTag

pytestmark = pytest.mark.django_db


def _form(**overrides: Any) -> dict[str, Any]:
    data = {
        "title": "园区无人机巡检",
        "summary": "开放园区巡检场景。",
        "description": "园区面积大，人工巡检慢。",
        "domain": Domain.objects.get(code="D03").pk,
        "level": Level.objects.get(code="small").pk,
        "kind": Kind.objects.get(code="work").pk,
        "region": "320500",
        "save": "1",
    }
    data.update(overrides)
    return data


def _client(user: Any, language: str = "zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_owner_saves_a_draft_through_the_form(owner: Any) -> None:
    # when
    response = _client(owner).post("/scenarios/new/", _form(tags=[TechnologyTag.objects.first().pk]))
    # then
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/scenarios/{scenario.uuid}/"
    assert scenario.owner_id == owner.organization_id and scenario.status == "draft"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "不允许"), ("en", "HTML tags and scripts are not allowed")],
)
def test_script_in_a_text_field_is_refused_at_the_field(owner: Any, language: str, expected: str) -> None:
    # when
    response = _client(owner, language).post("/scenarios/new/", _form(title="<script>alert(1)</script>"))
    # then
    assert response.status_code == 200
    assert expected in response.context["form"].errors["title"][0]
    assert Scenario.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_missing_required_fields_are_named(owner: Any) -> None:
    response = _client(owner, "en").post("/scenarios/new/", _form(title="", domain=""))
    errors = response.context["form"].errors
    assert set(errors) >= {"title", "domain"} and "This field is required." in errors["title"]
    assert Scenario.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evil.exe", b"MZ\x90\x00", "Only PDF, Word, Excel"),
        ("fake.pdf", b"not really a pdf", "does not match its extension"),
        ("huge.pdf", b"%PDF-1.4" + b"0" * 2048, "files may be at most"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(
    owner: Any, settings: Any, name: str, content: bytes, message: str
) -> None:
    # given
    settings.ATTACHMENT_MAX_BYTES = 1024
    upload = SimpleUploadedFile(name, content)
    # when
    response = _client(owner, "en").post("/scenarios/new/", _form(attachment=upload))
    # then
    assert message in " ".join(response.context["form"].errors["attachment"])
    assert Scenario.objects.count() == 0 and Attachment.objects.count() == 0


def test_a_good_attachment_is_stored_and_downloadable_by_the_owner_only_when_confidential(owner: Any) -> None:
    # given
    upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 content")
    _client(owner).post("/scenarios/new/", _form(attachment=upload, attachment_confidential="on"))
    scenario, attachment = Scenario.objects.get(), Attachment.objects.get()
    url = f"/scenarios/{scenario.uuid}/attachments/{attachment.uuid}/"
    # when
    own = _client(owner).get(url)
    # then
    assert own.status_code == 200 and b"".join(own.streaming_content) == b"%PDF-1.4 content"
    assert Client().get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "factory", "owner_field"),
    [
        ("/scenarios/", ScenarioFactory, "owner"),
        ("/catalog/offers/", OfferFactory, "provider"),
        ("/catalog/resources/", ResourceFactory, "provider"),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(url: str, factory: Any, owner_field: str) -> None:
    # given
    factory.create_batch(2, status="published")
    with CaptureQueriesContext(connection) as few:
        assert Client().get(url, {"size": 50}).status_code == 200
    factory.create_batch(30, status="published")
    # when
    with CaptureQueriesContext(connection) as many:
        Client().get(url, {"size": 50})
    # then
    assert len(many) == len(few)


def test_unknown_page_numbers_fall_back_to_the_last_page() -> None:
    ScenarioFactory.create_batch(3, status="published")
    assert Client().get("/scenarios/", {"page": "999"}).status_code == 200
    assert Client().get("/scenarios/", {"page": "abc"}).status_code == 200


def test_healthz_reports_ok_and_503_when_the_database_is_down() -> None:
    # when
    ok = Client().get("/healthz")
    with mock.patch("scenebridge.core.health.connection.cursor", side_effect=Exception("down")):
        down = Client().get("/healthz")
    # then
    assert ok.status_code == 200 and ok.json()["database"]["ok"] is True
    assert down.status_code == 503 and down.json()["database"]["ok"] is False


def test_security_headers_are_on() -> None:
    response = Client().get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-ID"]
