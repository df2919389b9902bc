import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from ninja import NinjaAPI
from ninja.testing import TestClient

from scenebridge.accounts.services import api_token_create
from scenebridge.core.errors import ApplicationError
from scenebridge.matching.api import router
from scenebridge.matching.models import Connection, Feedback
from scenebridge.matching.tests.support import (
    ELDERLY_OFFER,
    PORT_OFFER,
    publish_offer,
    publish_resource,
    publish_scenario,
)
from scenebridge.taxonomy.models import Domain

pytestmark = pytest.mark.urls("scenebridge.matching.tests.urls")


def _api_client() -> TestClient:
    api = NinjaAPI(urls_namespace="matching-test")
    api.add_router("/matching", router)

    @api.exception_handler(ApplicationError)
    def _error(request: Any, error: ApplicationError) -> Any:
        return api.create_response(request, error.as_dict(), status=error.status)

    return TestClient(api)


@pytest.fixture
def world(owner: Any, supplier: Any, operator: Any) -> dict[str, Any]:
    offers = [publish_offer(supplier, operator, **PORT_OFFER), publish_offer(supplier, operator, **ELDERLY_OFFER)]
    offers += [publish_offer(supplier, operator, name=f"港口无人集卡方案{n}") for n in range(2)]
    resource = publish_resource(supplier, operator, name="港口自动驾驶测试场", domains=[Domain.objects.get(code="D08")])
    return {"scenario": publish_scenario(owner, operator), "offers": offers, "resource": resource}


def test_scenario_panel_shows_reasons_and_actions_to_the_owner_in_bounded_queries(
    world: dict[str, Any], owner: Any, client: Client, django_assert_max_num_queries: Any
) -> None:
    # given the scenario's owner
    client.force_login(owner)
    url = f"/matching/scenarios/{world['scenario'].uuid}/panel/"
    client.get(url)  # the first request maps the index
    # when the panel is loaded with a filter
    with django_assert_max_num_queries(16):
        response = client.get(url, {"min_trl": "5", "domain": "D08"})
    # then it shows the offers, the highlighted reasons and the buttons, with the CSRF header on its root
    html = response.content.decode()
    assert response.status_code == 200
    assert "港口无人驾驶集卡车队" in html and "<mark>" in html
    assert 'hx-headers=\'{"X-CSRFToken"' in html and "hx-post" in html
    assert "港口自动驾驶测试场" in html
    assert "<script" not in html


def test_panel_for_the_public_has_no_actions(world: dict[str, Any], client: Client) -> None:
    # when an anonymous visitor loads the offer panel
    response = client.get(f"/matching/offers/{world['offers'][0].uuid}/panel/")
    # then recommendations show, without feedback or connection buttons
    html = response.content.decode()
    assert response.status_code == 200 and "港区集装箱水平运输无人化" in html
    assert "hx-post" not in html


def test_resource_panel_and_organization_page(world: dict[str, Any], supplier: Any, client: Client) -> None:
    client.force_login(supplier)
    # when the resource panel and the 适合您的场景 page are loaded
    panel = client.get(f"/matching/resources/{world['resource'].uuid}/panel/")
    page = client.get("/matching/for-my-organization/")
    # then both list the scenario
    assert "港区集装箱水平运输无人化" in panel.content.decode()
    assert "港区集装箱水平运输无人化" in page.content.decode()


def test_api_recommendations_feedback_and_connections(
    world: dict[str, Any], owner: Any, supplier: Any, django_assert_max_num_queries: Any
) -> None:
    api = _api_client()
    scenario, offer = world["scenario"], world["offers"][0]
    api.get(f"/matching/scenarios/{scenario.uuid}/offers")
    # when anyone reads the recommendations
    with django_assert_max_num_queries(8):
        listing = api.get(f"/matching/scenarios/{scenario.uuid}/offers?top=3")
    # then they come with explanations
    body = listing.json()
    assert listing.status_code == 200 and len(body["results"]) == 3
    assert body["results"][0]["uuid"] == str(offer.uuid) and body["results"][0]["explanation"]["shared_terms"]
    assert api.get(f"/matching/offers/{offer.uuid}/scenarios").json()["results"][0]["uuid"] == str(scenario.uuid)
    # when the owner (by token) gives feedback and invites the supplier, and the supplier accepts
    owner_token = {"Authorization": f"Bearer {api_token_create(actor=owner, name='t')[1]}"}
    supplier_token = {"Authorization": f"Bearer {api_token_create(actor=supplier, name='t')[1]}"}
    pair = {"scenario": str(scenario.uuid), "offer": str(offer.uuid)}
    feedback = api.post(
        "/matching/feedback", json={**pair, "direction": "scenario_offers", "verdict": "relevant"}, headers=owner_token
    )
    created = api.post("/matching/connections", json={**pair, "message": "欢迎来试点"}, headers=owner_token)
    refused = api.post(
        f"/matching/connections/{created.json()['id']}/act", json={"action": "accept"}, headers=owner_token
    )
    accepted = api.post(
        f"/matching/connections/{created.json()['id']}/act", json={"action": "accept"}, headers=supplier_token
    )
    # then each step answered as it should
    assert feedback.status_code == 201 and Feedback.objects.count() == 1
    assert created.status_code == 201 and created.json()["kind"] == "invitation"
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Connection.objects.get().status == "accepted"
    assert len(api.get("/matching/connections", headers=supplier_token).json()) == 1
    # and subscriptions can be saved and listed
    saved = api.post("/matching/subscriptions", json={"name": "港口", "query": "无人集卡"}, headers=supplier_token)
    assert saved.status_code == 201
    assert [s["name"] for s in api.get("/matching/subscriptions", headers=supplier_token).json()] == ["港口"]


def test_health_is_for_the_operator(world: dict[str, Any], operator: Any, supplier: Any, client: Client) -> None:
    # when the supplier asks, it is refused
    client.force_login(supplier)
    assert client.get("/matching/health.json").status_code == 403
    # when the operator asks, it shows size, freshness and the backlog
    client.force_login(operator)
    report = client.get("/matching/health.json").json()
    assert report["sizes"]["offer"] == 4 and report["embedding_backlog"] == 0 and report["updated_at"]
    assert client.get("/matching/health/").status_code == 200


def test_match_batch_writes_the_run_file(tmp_path: Path, db: Any) -> None:
    # given two tiny JSON-lines files
    needs, offers, out = tmp_path / "needs.jsonl", tmp_path / "offers.jsonl", tmp_path / "run.tsv"
    needs.write_text(json.dumps({"id": "n1", "title": "港口集装箱无人驾驶", "extra": 1}, ensure_ascii=False) + "\n")
    offers.write_text(
        "\n".join(
            json.dumps(o, ensure_ascii=False)
            for o in (
                {"id": "o1", "name": "无人驾驶集卡", "description": "港口集装箱运输"},
                {"id": "o2", "name": "养老跌倒检测"},
            )
        )
    )
    # when the command runs both ways
    call_command("match_batch", needs=str(needs), offers=str(offers), top=20, out=str(out))
    forward = [line.split("\t") for line in out.read_text().splitlines()]
    call_command(
        "match_batch", needs=str(needs), offers=str(offers), top=20, out=str(out), reverse=True, lexical_only=True
    )
    backward = [line.split("\t") for line in out.read_text().splitlines()]
    # then the lines are query, result, score, best first
    assert [row[:2] for row in forward] == [["n1", "o1"], ["n1", "o2"]]
    assert {row[0] for row in backward} == {"o1", "o2"} and all(row[1] == "n1" for row in backward)
