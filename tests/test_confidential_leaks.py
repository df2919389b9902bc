"""A planted marker in every confidential field never reaches a page, list, search result or API response
that the viewer may not see."""

from typing import Any

import pytest
from django.test import Client

from scenebridge.catalog import services as catalog_services
from scenebridge.catalog.tests.factories import offer_data, resource_data
from scenebridge.core.attachments import attachment_add
from scenebridge.scenarios import services as scenario_services
from scenebridge.scenarios.tests.factories import scenario_data

pytestmark = pytest.mark.django_db

MARKER = "机密标记XQ7"


def _published(world: dict[str, Any]) -> dict[str, Any]:
    owner, supplier, operator = world["owner"], world["supplier"], world["operator"]
    scenario = scenario_services.scenario_create(
        actor=owner,
        data=scenario_data(
            technical_requirements=f"需要{MARKER}设备",
            kpis=f"{MARKER}指标",
            contact_name=MARKER,
            funding_min_wan=100,
            funding_max_wan=987654,
            confidential_parts=["technical_requirements", "expected_outcomes", "contact", "funding"],
        ),
    )
    offer = catalog_services.offer_create(
        actor=supplier,
        data=offer_data(
            prior_cases=f"{MARKER}案例", commercial_terms=MARKER, confidential_parts=["prior_cases", "commercial_terms"]
        ),
    )
    resource = catalog_services.resource_create(
        actor=supplier, data=resource_data(terms=MARKER, confidential_parts=["terms"])
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    attachment_add(
        actor=owner,
        obj=scenario,
        upload=SimpleUploadedFile(f"{MARKER}.pdf", b"%PDF-1.4 secret", content_type="application/pdf"),
        confidential=True,
    )
    scenario_services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
    scenario_services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")
    catalog_services.offer_transition(actor=supplier, offer_id=offer.pk, action="submit")
    catalog_services.offer_transition(actor=operator, offer_id=offer.pk, action="approve")
    catalog_services.resource_transition(actor=supplier, resource_id=resource.pk, action="submit")
    catalog_services.resource_transition(actor=operator, resource_id=resource.pk, action="approve")
    return {"scenario": scenario, "offer": offer, "resource": resource}


def _urls(items: dict[str, Any]) -> list[str]:
    s, o, r = items["scenario"].uuid, items["offer"].uuid, items["resource"].uuid
    return [
        "/",
        "/scenarios/",
        f"/scenarios/?q={MARKER}",
        "/scenarios/?q=集装箱",
        f"/scenarios/{s}/",
        "/catalog/offers/",
        f"/catalog/offers/?q={MARKER}",
        f"/catalog/offers/{o}/",
        "/catalog/resources/",
        f"/catalog/resources/{r}/",
        "/api/v1/scenarios",
        f"/api/v1/scenarios?q={MARKER}",
        f"/api/v1/scenarios/{s}",
        "/api/v1/offers",
        f"/api/v1/offers/{o}",
        "/api/v1/resources",
        f"/api/v1/resources/{r}",
        "/api/v1/audit-events",
        "/console/audit/",
    ]


@pytest.mark.parametrize("role", ["public", "expert", "outsider", "supplier_of_other_side"])
def test_marker_never_reaches_viewers_who_may_not_see_it(
    role: str, owner: Any, supplier: Any, operator: Any, expert: Any, outsider: Any
) -> None:
    # given
    items = _published({"owner": owner, "supplier": supplier, "operator": operator})
    client = Client()
    viewer = {"public": None, "expert": expert, "outsider": outsider, "supplier_of_other_side": supplier}[role]
    if viewer is not None:
        client.force_login(viewer)
    urls = _urls(items)
    if role == "supplier_of_other_side":  # the supplier may see its own offer's secrets, not the scenario's
        urls = [u for u in urls if "offers" not in u and "resources" not in u and u != "/"]
    # when
    bodies = {url: client.get(url).content.decode() for url in urls}
    # then
    searches = {url for url in bodies if f"q={MARKER}" in url}
    leaked = [url for url, body in bodies.items() if url not in searches and (MARKER in body or "987654" in body)]
    assert leaked == []
    found = [
        url for url in searches if str(items["scenario"].uuid) in bodies[url] or str(items["offer"].uuid) in bodies[url]
    ]
    assert found == [], "searching for a confidential word must not find the item"
    assert client.get(f"/scenarios/{items['scenario'].uuid}/").status_code == 200


def test_owner_and_operator_do_see_the_marker(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    items = _published({"owner": owner, "supplier": supplier, "operator": operator})
    for viewer in (owner, operator):
        client = Client()
        client.force_login(viewer)
        # when
        body = client.get(f"/scenarios/{items['scenario'].uuid}/").content.decode()
        api = client.get(f"/api/v1/scenarios/{items['scenario'].uuid}").json()
        # then
        assert MARKER in body
        assert api["contact_name"] == MARKER
