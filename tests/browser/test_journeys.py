"""The main journeys, in a real browser: owner registers and submits, operator approves, the public finds the
scenario by a Chinese keyword and a facet; a supplier publishes an offer; an English visitor reads in English."""

from typing import Any

import pytest

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import UserFactory, valid_credit_code
from scenebridge.catalog.models import Offer
from scenebridge.scenarios.models import Scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


def _log_in(page: Any, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]:not(.outline)")
    page.wait_for_load_state()


def test_owner_registers_submits_operator_approves_public_finds(page_for: Any) -> None:
    # given: an operator account
    UserFactory(username="operator1", role=Role.OPERATOR, organization=None, password=PASSWORD)
    # when: a scenario owner registers an organization and submits a scenario
    owner = page_for()
    owner.goto(owner.base + "/accounts/register/")
    owner.fill("input[name=organization_name]", "某市水务集团")
    owner.select_option("select[name=organization_type]", "local_soe")
    owner.fill("input[name=credit_code]", valid_credit_code(777, "330100"))
    owner.select_option("select[name=region]", "330100")
    owner.fill("input[name=username]", "water_owner")
    owner.fill("input[name=display_name]", "王工")
    owner.fill("input[name=email]", "wang@example.org")
    owner.select_option("select[name=role]", "owner")
    owner.fill("input[name=password1]", PASSWORD)
    owner.fill("input[name=password2]", PASSWORD)
    owner.click("form button[type=submit]:not(.outline)")
    owner.wait_for_load_state()
    owner.goto(owner.base + "/scenarios/new/")
    owner.fill("input[name=title]", "城市供水管网漏损智能监测")
    owner.fill("input[name=summary]", "开放供水管网场景，验证漏损智能监测与定位技术。")
    owner.fill("textarea[name=description]", "老旧管网漏损率偏高，人工听漏效率低，需要声学传感与数据分析结合的新方法。")
    owner.select_option("select[name=domain]", label="水利")
    owner.select_option("select[name=level]", label="高价值小切口场景")
    owner.select_option("select[name=kind]", label="生产场景")
    owner.select_option("select[name=region]", "330100")
    owner.click("button[name=submit]")
    owner.wait_for_load_state()
    assert owner.locator(".badge.status-submitted").count() == 1
    scenario = Scenario.objects.get(title="城市供水管网漏损智能监测")
    assert scenario.status == "submitted"
    # when: the operator approves it from the console
    operator = page_for()
    _log_in(operator, "operator1")
    operator.goto(operator.base + "/console/")
    operator.click("text=城市供水管网漏损智能监测")
    operator.click("button[value=approve]")
    operator.wait_for_load_state()
    scenario.refresh_from_db()
    assert scenario.status == "published"
    # then: an anonymous visitor finds it by a Chinese keyword, and by a facet
    visitor = page_for()
    visitor.goto(visitor.base + "/scenarios/")
    visitor.fill("input[name=q]", "漏损监测")
    visitor.click("form[role=search] button[type=submit]")
    visitor.wait_for_load_state()
    assert visitor.locator("article.result h3").first.inner_text() == "城市供水管网漏损智能监测"
    visitor.goto(visitor.base + "/scenarios/")
    visitor.click("a[data-facet=domain][data-value=D11]")
    visitor.wait_for_load_state()
    assert "城市供水管网漏损智能监测" in visitor.locator("article.result").all_inner_texts()[0]


def test_supplier_publishes_an_offer(page_for: Any) -> None:
    # given
    supplier = UserFactory(username="supplier1", role=Role.SUPPLIER, password=PASSWORD)
    page = page_for()
    _log_in(page, supplier.username)
    # when
    page.goto(page.base + "/catalog/offers/new/")
    page.fill("input[name=name]", "分布式光纤管道泄漏监测系统")
    page.fill("input[name=summary]", "基于分布式光纤声波传感的管道泄漏实时监测。")
    page.fill("textarea[name=description]", "沿管道敷设光纤，识别泄漏振动信号并定位到米级。")
    water = _domain_pk("D11")
    page.check(f"input[name=domains][value='{water}']")
    page.select_option("select[name=trl]", "8")
    page.click("button[name=submit]")
    page.wait_for_load_state()
    # then
    offer = Offer.objects.get(name="分布式光纤管道泄漏监测系统")
    assert offer.status == "submitted" and offer.provider_id == supplier.organization_id
    assert page.locator(".badge.status-submitted").count() == 1


def test_english_visitor_reads_the_pages_in_english(page_for: Any) -> None:
    # given
    page = page_for("en")
    # when
    page.goto(page.base + "/")
    home = page.content()
    page.goto(page.base + "/scenarios/")
    scenarios = page.content()
    # then
    assert "Scenarios" in home and "Latest scenarios" in home
    assert "Search" in scenarios and "场景" not in page.locator("nav").first.inner_text()


def _domain_pk(code: str) -> int:
    from scenebridge.taxonomy.models import Domain

    return Domain.objects.get(code=code).pk
