"""Issue 3's journey in a real browser: the 匹配推荐 panel on a published scenario (loaded by htmx) shows a
supplier's offer with the reasons; the owner marks it 相关 and starts a connection (发起对接) with a message; the
supplier finds it in the 对接 inbox and accepts; both sides see the new status."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.calls.tests.factories import published_scenario
from scenebridge.matching import index_store, services
from scenebridge.matching.models import Connection, ConnectionKind, ConnectionStatus, Feedback
from scenebridge.pilots.tests.factories import published_offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
MESSAGE = "欢迎贵司来港区现场踏勘，商谈试点方案。"


@pytest.fixture(autouse=True)
def match_index_dir(settings: Any, tmp_path: Any) -> Iterator[None]:
    """A fresh on-disk index for this test, read by the live server's thread too; the tiny test embedder."""
    settings.MATCHING_INDEX_DIR = str(tmp_path / "match-index")
    settings.MATCHING_EMBEDDER = "scenebridge.matching.tests.support.BigramEmbedder"
    index_store._loaded.key, index_store._loaded.index = None, None
    yield
    index_store._loaded.key, index_store._loaded.index = None, None


def _log_in(page: Any, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("main input[name=username]", username)
    page.fill("main input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("main input[name=password]").count() == 0, f"log-in failed for {username}"


def _user_page(page_for: Any, username: str) -> Any:
    page = page_for()
    page.on("dialog", lambda dialog: dialog.accept())
    _log_in(page, username)
    return page


def _recommendation(page: Any, scenario: Any, offer_name: str) -> Any:
    """Opens the scenario page and waits for htmx to swap the 匹配推荐 panel in; returns the offer's row."""
    page.goto(page.base + f"/scenarios/{scenario.uuid}/")
    page.wait_for_selector("section#matching-panel", timeout=10000)
    row = page.locator("#matching-panel article.match").filter(has_text=offer_name)
    assert row.count() == 1, page.locator("#matching-panel").inner_text()
    return row


@dataclass
class World:
    owner: Any
    supplier: Any
    scenario: Any
    offer: Any


def _world() -> World:
    """A published scenario, a supplier's matching offer and an unrelated offer, indexed."""
    operator = UserFactory(username="operator1", role=Role.OPERATOR, organization=None, password=PASSWORD)
    owner = UserFactory(
        username="port_owner", role=Role.OWNER, organization=OrganizationFactory(name="青岛港口集团"), password=PASSWORD
    )
    supplier = UserFactory(
        username="truck_supplier",
        role=Role.SUPPLIER,
        organization=OrganizationFactory(name="甲智能驾驶科技有限公司"),
        password=PASSWORD,
    )
    elderly_supplier = UserFactory(role=Role.SUPPLIER, organization=OrganizationFactory(name="乙养老科技有限公司"))
    scenario = published_scenario(owner, operator)
    offer = published_offer(
        supplier,
        operator,
        name="港口无人驾驶集卡车队",
        description="无人驾驶集卡在集装箱码头水平运输，厘米级定位，与码头操作系统对接。",
        capabilities="厘米级定位\n码头操作系统对接\n雨雾天气作业",
    )
    published_offer(
        elderly_supplier,
        operator,
        name="社区养老跌倒检测系统",
        description="毫米波雷达检测独居老人跌倒，自动通知家属和社区网格员。",
        capabilities="跌倒检测\n隐私保护\n自动通知家属",
        domains=[],
    )
    call_command("build_match_index")
    return World(owner, supplier, scenario, offer)


def test_owner_connects_with_a_recommended_supplier_who_accepts(page_for: Any) -> None:
    # given
    world = _world()
    owner, supplier, scenario, offer = world.owner, world.supplier, world.scenario, world.offer

    # when: the supplier opens the scenario page
    supplier_page = _user_page(page_for, supplier.username)
    row = _recommendation(supplier_page, scenario, offer.name)
    # then: the panel shows their offer first, with the reasons (shared terms highlighted in both texts)
    first = supplier_page.locator("#matching-panel section.matching-section").first.locator("article.match").first
    assert offer.name in first.inner_text()
    row.locator("details summary").click()
    reasons = row.locator("details")
    assert reasons.locator("mark").count() > 0
    assert (
        reasons.locator(".match-query-text mark").count() > 0 and reasons.locator(".match-result-text mark").count() > 0
    )
    assert row.locator("footer.match-actions").count() == 0  # only the scenario's owner acts on its panel

    # when: the owner marks the recommendation 相关 and starts a connection with a message
    owner_page = _user_page(page_for, owner.username)
    row = _recommendation(owner_page, scenario, offer.name)
    row.locator("button[hx-vals*='\"relevant\"']").click()
    row.locator("span[role=status]").first.wait_for(timeout=5000)
    assert "相关" in row.locator("span[role=status]").first.inner_text()
    feedback = Feedback.objects.get(scenario=scenario, offer=offer)
    assert feedback.verdict == "relevant" and feedback.user_id == owner.pk
    row.locator("details.inline summary").click()
    row.locator("form textarea[name=message]").fill(MESSAGE)
    row.locator("form button[type=submit]").click()
    row.locator("[id^=connect-] span[role=status]").wait_for(timeout=5000)
    connection = Connection.objects.get(scenario=scenario, offer=offer)
    assert connection.status == ConnectionStatus.PENDING and connection.kind == ConnectionKind.INVITATION
    assert connection.message == MESSAGE and connection.counterpart_organization_id == supplier.organization_id

    # then: the supplier finds it in the 对接 inbox, with the message, and accepts
    supplier_page.goto(supplier_page.base + "/matching/connections/")
    incoming = supplier_page.locator("section[aria-labelledby=incoming-title]")
    assert scenario.title in incoming.inner_text() and MESSAGE in incoming.inner_text()
    assert owner.organization.name in incoming.inner_text()
    with supplier_page.expect_navigation():
        incoming.locator("form:has(input[name=action][value=accept]) button").click()
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ACCEPTED

    # and: both sides see the status (in the inboxes, and on the owner's panel)
    accepted = str(ConnectionStatus.ACCEPTED.label)  # the active language is Chinese here: 已确认
    supplier_row = supplier_page.locator("section[aria-labelledby=incoming-title] tbody tr")
    assert accepted in supplier_row.inner_text()
    assert supplier_row.locator("form:has(input[name=action][value=accept])").count() == 0
    owner_page.goto(owner_page.base + "/matching/connections/")
    outgoing = owner_page.locator("section[aria-labelledby=outgoing-title] tbody tr")
    assert accepted in outgoing.inner_text() and supplier.organization.name in outgoing.inner_text()
    row = _recommendation(owner_page, scenario, offer.name)
    assert "对接" in row.locator("[id^=connect-] .badge").inner_text()
    assert row.locator("details.inline").count() == 0  # no second connection offered while this one is open


def test_panel_names_the_connection_status_in_the_viewers_language(page_for: Any) -> None:
    # given: an invitation the supplier has accepted
    world = _world()
    connection = services.connection_create(
        actor=world.owner, scenario=world.scenario, supply=world.offer, message=MESSAGE
    )
    services.connection_act(actor=world.supplier, connection_id=connection.pk, action="accept")
    # when
    page = _user_page(page_for, world.owner.username)
    row = _recommendation(page, world.scenario, world.offer.name)
    # then
    badge = row.locator("[id^=connect-] .badge").inner_text()
    assert "已确认" in badge and "accepted" not in badge


def test_the_supplier_accepts_a_connection_with_a_button_that_says_so(page_for: Any) -> None:
    # given: a pending invitation
    world = _world()
    services.connection_create(actor=world.owner, scenario=world.scenario, supply=world.offer, message=MESSAGE)
    # when
    page = _user_page(page_for, world.supplier.username)
    page.goto(page.base + "/matching/connections/")
    # then
    label = page.locator("form:has(input[name=action][value=accept]) button").inner_text()
    assert "验收" not in label
