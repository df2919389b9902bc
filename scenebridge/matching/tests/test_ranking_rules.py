from typing import Any

import pytest
from django.test import Client

from scenebridge.matching import indexing, recommendations, sources
from scenebridge.matching.models import Direction
from scenebridge.matching.tests.support import ELDERLY_OFFER, PORT_OFFER, publish_offer, publish_scenario
from scenebridge.taxonomy.models import Region

pytestmark = pytest.mark.urls("scenebridge.matching.tests.urls")

SECRET = "量子隧穿擦除器"


def test_confidential_text_never_influences_or_appears(
    owner: Any, supplier: Any, operator: Any, outsider: Any, client: Client
) -> None:
    # given a scenario whose confidential requirements name a term that only one offer also names
    tell_tale = publish_offer(supplier, operator, name="擦除设备", description=f"{SECRET}用于码头设备维护。")
    publish_offer(supplier, operator, **PORT_OFFER)
    secret = publish_scenario(
        owner, operator, technical_requirements=f"必须使用{SECRET}", confidential_parts=["technical_requirements"]
    )
    plain = publish_scenario(owner, operator, technical_requirements="")
    # when offers are recommended for it, to its owner and to anyone else
    for viewer in (owner, outsider):
        listing = recommendations.recommendations(viewer, Direction.SCENARIO_OFFERS, secret)
        # then the secret is in no explanation or snippet …
        for result in listing.results:
            assert result.explanation is not None
            assert all(SECRET not in term.query_surface for term in result.explanation.shared_terms)
            assert SECRET not in result.query_snippet
    # … the indexed text equals a scenario without those requirements, so the ranking is the same …
    assert sources.text_hash(sources.need_record(secret)) == sources.text_hash(sources.need_record(plain))
    secret_order = [
        r.item.pk for r in recommendations.recommendations(outsider, Direction.SCENARIO_OFFERS, secret).results
    ]
    plain_order = [
        r.item.pk for r in recommendations.recommendations(outsider, Direction.SCENARIO_OFFERS, plain).results
    ]
    assert secret_order == plain_order
    # … and the offer's own panel does not reveal it either
    client.force_login(supplier)
    page = client.get(f"/matching/offers/{tell_tale.uuid}/panel/")
    assert page.status_code == 200
    html = page.content.decode()
    recommended_texts = [part.split("</blockquote>")[0] for part in html.split('class="match-result-text"')[1:]]
    assert recommended_texts and all(SECRET not in text for text in recommended_texts)
    assert f"<mark>{SECRET}" not in html


def test_moving_an_offer_to_another_province_leaves_its_rank_unchanged(
    owner: Any, supplier: Any, operator: Any, supplier_org: Any
) -> None:
    # given offers for a scenario in Qingdao, one of them from a provider in Shandong
    supplier_org.region = Region.objects.get(code="370200")
    supplier_org.save()
    offers = [
        publish_offer(supplier, operator, **PORT_OFFER),
        publish_offer(supplier, operator, **ELDERLY_OFFER),
        publish_offer(supplier, operator, name="港口自动化岸桥远控", description="岸桥远程操控与集装箱码头自动化。"),
    ]
    scenario = publish_scenario(owner, operator)
    before = [
        (r.item.pk, r.score)
        for r in recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).results
    ]
    # when the provider moves to Guangdong and the index is rebuilt
    supplier_org.region = Region.objects.get(code="440300")
    supplier_org.save()
    indexing.index_build()
    after = [
        (r.item.pk, r.score)
        for r in recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).results
    ]
    # then nothing about the ranking changed; only an explicit region filter narrows it
    assert before == after and len(after) == len(offers)
    shandong = recommendations.PanelFilters(region="370000")
    assert not recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario, filters=shandong).results
    guangdong = recommendations.PanelFilters(region="440000")
    filtered = recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario, filters=guangdong).results
    assert [r.item.pk for r in filtered] == [pk for pk, _ in after]


def test_drafts_and_closed_scenarios_are_never_recommended(owner: Any, supplier: Any, operator: Any) -> None:
    # given a published offer, a published scenario, a closed one and a draft
    from scenebridge.matching.tests.support import run_on_commit
    from scenebridge.scenarios import services as scenario_services
    from scenebridge.scenarios.tests.factories import scenario_data

    offer = publish_offer(supplier, operator, **PORT_OFFER)
    open_one = publish_scenario(owner, operator)
    closed = publish_scenario(owner, operator, title="港区集装箱无人运输（已结束）")
    with run_on_commit():
        scenario_services.scenario_transition(actor=owner, scenario_id=closed.pk, action="close")
        scenario_services.scenario_create(actor=owner, data=scenario_data(title="港区集装箱无人运输草稿"))
    # when the supplier asks for scenarios that suit its offer
    results = recommendations.recommendations(supplier, Direction.OFFER_SCENARIOS, offer).results
    # then only the open, published scenario is there
    assert [r.item.pk for r in results] == [open_one.pk]
