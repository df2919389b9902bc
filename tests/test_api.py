"""The JSON API: public reads, token or session writes, errors as JSON with a stable code."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scenebridge.accounts.models import ApiToken
from scenebridge.scenarios.models import Scenario
from scenebridge.scenarios.tests.factories import ScenarioFactory

pytestmark = pytest.mark.django_db


def _token_for(user: Any) -> str:
    raw, prefix, digest = ApiToken.generate()
    ApiToken.objects.create(user=user, name="test", prefix=prefix, digest=digest)
    return raw


PAYLOAD = {
    "title": "地铁隧道智能巡检",
    "summary": "开放地铁隧道夜间巡检场景。",
    "description": "隧道病害人工巡检效率低、风险高。",
    "region": "440300",
    "domain": "D08",
    "level": "small",
    "kind": "work",
    "tags": ["robot-plus"],
}


def test_openapi_schema_is_served() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "SceneBridge API"
    assert "/api/v1/scenarios" in schema["paths"]


def test_owner_creates_and_submits_with_a_token_and_operator_approves(owner: Any, operator: Any) -> None:
    # given
    client, auth = Client(), {"HTTP_AUTHORIZATION": f"Bearer {_token_for(owner)}"}
    payload = PAYLOAD
    # when
    created = client.post("/api/v1/scenarios", payload, content_type="application/json", **auth)
    uuid = created.json()["uuid"]
    submitted = client.post(f"/api/v1/scenarios/{uuid}/actions/submit", {}, content_type="application/json", **auth)
    approved = client.post(
        f"/api/v1/scenarios/{uuid}/actions/approve",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token_for(operator)}",
    )
    # then
    assert created.status_code == 201 and submitted.json()["status"] == "submitted"
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    listed = Client().get("/api/v1/scenarios", {"q": "隧道"}).json()
    assert [item["uuid"] for item in listed["results"]] == [uuid]


def test_errors_are_json_with_a_stable_code(owner: Any, supplier: Any) -> None:
    # given
    owner_auth = {"HTTP_AUTHORIZATION": f"Bearer {_token_for(owner)}"}
    # when
    anonymous = Client().post("/api/v1/scenarios", PAYLOAD, content_type="application/json")
    forbidden = Client().post(
        "/api/v1/scenarios",
        PAYLOAD,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {_token_for(supplier)}",
    )
    invalid = Client().post(
        "/api/v1/scenarios",
        {**PAYLOAD, "title": "<b>x</b>", "domain": "nope"},
        content_type="application/json",
        **owner_auth,
    )
    missing = Client().post("/api/v1/scenarios", {"title": "x"}, content_type="application/json", **owner_auth)
    unknown = Client().get("/api/v1/scenarios/00000000-0000-0000-0000-000000000000")
    # then
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"
    assert forbidden.status_code == 403 and forbidden.json()["code"] == "permission_denied"
    assert invalid.status_code == 422 and invalid.json()["code"] == "validation_failed"
    assert "domain" in invalid.json()["fields"]
    assert missing.status_code == 422 and "summary" in missing.json()["fields"]
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert Scenario.objects.count() == 0


def test_a_revoked_token_no_longer_authenticates(owner: Any) -> None:
    # given
    raw = _token_for(owner)
    ApiToken.objects.update(revoked=True)
    # when
    response = Client().post(
        "/api/v1/scenarios", PAYLOAD, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    # then
    assert response.status_code == 401


@pytest.mark.parametrize("url", ["/api/v1/scenarios", "/api/v1/offers", "/api/v1/resources", "/api/v1/organizations"])
def test_list_endpoints_run_a_constant_number_of_queries(url: str) -> None:
    # given
    from scenebridge.catalog.tests.factories import OfferFactory, ResourceFactory

    def grow(n: int) -> None:
        ScenarioFactory.create_batch(n, status="published")
        OfferFactory.create_batch(n, status="published")
        ResourceFactory.create_batch(n, status="published")

    grow(2)
    with CaptureQueriesContext(connection) as few:
        assert Client().get(url, {"size": 100}).status_code == 200
    grow(25)
    # when
    with CaptureQueriesContext(connection) as many:
        body = Client().get(url, {"size": 100}).json()
    # then
    assert body["count"] >= 27
    assert len(many) == len(few)


def test_drafts_are_invisible_to_the_public_api(owner: Any) -> None:
    draft = ScenarioFactory(owner=owner.organization, status="draft")
    assert Client().get(f"/api/v1/scenarios/{draft.uuid}").status_code == 404
    assert Client().get("/api/v1/scenarios").json()["count"] == 0


def test_null_or_malformed_confidential_parts_never_crash(owner: Any) -> None:
    # given
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token_for(owner)}"}
    created = Client().post("/api/v1/scenarios", PAYLOAD, content_type="application/json", **auth).json()
    url = f"/api/v1/scenarios/{created['uuid']}"
    # when
    cleared = Client().patch(url, {"confidential_parts": None}, content_type="application/json", **auth)
    malformed = Client().patch(url, {"confidential_parts": "contact"}, content_type="application/json", **auth)
    # then
    assert cleared.status_code == 200 and cleared.json()["confidential_parts"] == []
    assert malformed.status_code == 422 and malformed.json()["code"] == "validation_failed"
