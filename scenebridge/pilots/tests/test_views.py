import datetime
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scenebridge.pilots import services
from scenebridge.pilots.models import CatalogueBatch, KpiMeasurement, Pilot
from scenebridge.pilots.tests import factories

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_owner_creates_a_pilot_and_the_supplier_records_a_value(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    scenario = factories.published_scenario(owner, operator)
    # when the owner creates a pilot through the page
    response = client_for(owner).post(
        reverse("pilots:create"), {"scenario": str(scenario.uuid), "title": "港区试点", "plan": "三个月试运行"}
    )
    # then
    pilot = Pilot.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pilots:detail", kwargs={"uuid": pilot.uuid})
    running = factories.running_pilot(owner, supplier, operator)
    kpi = running.kpis.get()
    url = reverse("pilots:measurement_add", kwargs={"uuid": running.uuid})
    client_for(supplier).post(url, {"kpi": kpi.pk, "value": "91.5", "measured_on": "2026-10-01"})
    assert KpiMeasurement.objects.get().recorded_by == supplier
    page = client_for(supplier).get(reverse("pilots:detail", kwargs={"uuid": running.uuid}))
    assert page.status_code == 200 and "91.5" in page.content.decode()


def test_a_measurement_for_another_pilots_kpi_is_refused(owner: Any, supplier: Any, operator: Any) -> None:
    # given two pilots; the supplier is in the first only
    mine = factories.running_pilot(owner, supplier, operator)
    other = factories.running_pilot(owner, supplier, operator)
    other.pilot_offers.all().delete()
    # when the supplier posts a value for the other pilot's KPI through its own pilot's URL
    url = reverse("pilots:measurement_add", kwargs={"uuid": mine.uuid})
    client_for(supplier).post(url, {"kpi": other.kpis.get().pk, "value": "1", "measured_on": "2026-10-01"})
    # then
    assert not KpiMeasurement.objects.exists()


@pytest.mark.parametrize("state", ["planned", "running", "completed"])
def test_the_public_and_outsiders_never_see_an_unevaluated_pilot(
    state: str, owner: Any, supplier: Any, operator: Any, outsider: Any
) -> None:
    # given
    builders: dict[str, Any] = {
        "planned": factories.planned_pilot,
        "running": factories.running_pilot,
        "completed": factories.completed_pilot,
    }
    pilot = builders[state](owner, supplier, operator)
    url = reverse("pilots:detail", kwargs={"uuid": pilot.uuid})
    # then
    assert client_for(None).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(operator).get(url).status_code == 200
    assert client_for(supplier).get(url).status_code == 200
    api = client_for(None).get(f"/api/test/pilots/{pilot.uuid}")
    assert api.status_code == 404
    assert pilot.title not in client_for(None).get("/api/test/pilots").content.decode()


def test_the_public_sees_only_the_summary_of_an_evaluated_pilot(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    pilot = factories.evaluated_pilot(owner, supplier, operator)
    # when
    page = client_for(None).get(reverse("pilots:detail", kwargs={"uuid": pilot.uuid})).content.decode()
    data = client_for(None).get(f"/api/test/pilots/{pilot.uuid}").json()
    # then
    assert "公开摘要" in page and "两个泊位试运行三个月" not in page
    assert data["public_summary"] == "公开摘要" and data["plan"] is None and data["kpis"] is None


def test_unpublished_cases_are_hidden_and_published_ones_shown(owner: Any, supplier: Any, operator: Any) -> None:
    # given a nominated case
    case = factories.nominated_case(owner, supplier, operator)
    url = reverse("catalogue:case_detail", kwargs={"uuid": case.uuid})
    # then
    assert client_for(None).get(url).status_code == 404
    assert client_for(None).get(f"/api/test/cases/{case.uuid}").status_code == 404
    assert case.title not in client_for(None).get(reverse("catalogue:index")).content.decode()
    assert client_for(owner).get(url).status_code == 200


def test_operator_reviews_and_publishes_a_batch_through_the_pages(
    owner: Any, supplier: Any, operator: Any, outsider: Any
) -> None:
    # given a nominated case
    case = factories.nominated_case(owner, supplier, operator)
    staff = client_for(operator)
    assert case.title in staff.get(reverse("pilots:case_review_list")).content.decode()
    # when the operator approves it, makes a batch, adds and publishes
    staff.post(reverse("pilots:case_review", kwargs={"uuid": case.uuid}), {"action": "approve"})
    staff.post(reverse("pilots:batch_create"), {"title": "2027年第一批成果推荐目录", "year": 2027, "number": 1})
    batch = CatalogueBatch.objects.get()
    change = reverse("catalogue:batch_change", kwargs={"uuid": batch.uuid})
    staff.post(change, {"operation": "add", "case": str(case.uuid)})
    draft_page = staff.get(reverse("catalogue:batch_detail", kwargs={"uuid": batch.uuid})).content.decode()
    assert reverse("catalogue:batch_panel", kwargs={"uuid": batch.uuid}) in draft_page
    assert client_for(None).get(reverse("catalogue:batch_detail", kwargs={"uuid": batch.uuid})).status_code == 404
    staff.post(change, {"operation": "publish"})
    # then the public sees it in the catalogue, and another owner records an adoption
    public = client_for(None).get(reverse("catalogue:index")).content.decode()
    assert "2027年第一批成果推荐目录" in public and case.title in public
    client_for(outsider).post(
        reverse("catalogue:replication_add", kwargs={"uuid": case.uuid}),
        {"region": "440300", "adopted_on": datetime.date(2027, 5, 1).isoformat(), "scale_note": "一个港区"},
    )
    detail = client_for(None).get(reverse("catalogue:case_detail", kwargs={"uuid": case.uuid})).content.decode()
    assert "广东" in detail and "█" in detail
    catalogue = client_for(None).get("/api/test/catalogue").json()
    assert catalogue[0]["entries"][0]["replications"] == 1
    assert client_for(None).get(f"/api/test/cases/{case.uuid}").json()["replications_by_province"] == {"440000": 1}


def test_non_operators_cannot_open_the_case_review_and_suppliers_cannot_start_pilots(
    owner: Any, supplier: Any, expert: Any
) -> None:
    for user in (owner, supplier):
        assert client_for(user).get(reverse("pilots:case_review_list")).status_code == 403
    for user in (supplier, expert):
        assert client_for(user).get(reverse("pilots:create")).status_code == 403
    assert client_for(None).get(reverse("pilots:create")).status_code == 302


def test_api_measurement_and_feedback_for_parties_only(owner: Any, supplier: Any, operator: Any, outsider: Any) -> None:
    # given
    pilot = factories.running_pilot(owner, supplier, operator)
    kpi = pilot.kpis.get()
    url = f"/api/test/pilots/{pilot.uuid}/kpis/{kpi.pk}/measurements"
    body = {"value": "93", "measured_on": "2026-10-01"}
    # when
    denied = client_for(outsider).post(url, body, content_type="application/json")
    created = client_for(supplier).post(url, body, content_type="application/json")
    feedback = client_for(supplier).post(
        f"/api/test/pilots/{pilot.uuid}/feedback",
        {"effectiveness": 5, "reliability": 4, "cooperation": 5, "cost": 3, "text": "配合顺畅"},
        content_type="application/json",
    )
    # then
    assert denied.status_code == 404 and created.status_code == 201
    assert created.json()["kpis"][0]["latest"] == "93.0000" and created.json()["kpis"][0]["attained"]
    assert feedback.status_code == 201 and feedback.json()["feedback"][0]["side"] == "supplier"
    assert KpiMeasurement.objects.count() == 1


def test_pages_render_for_each_role(owner: Any, supplier: Any, operator: Any) -> None:
    # given a published case whose pilot was re-issued
    case = factories.published_case(owner, supplier, operator)
    pilot = case.pilot
    client_for(owner).post(reverse("pilots:reissue", kwargs={"uuid": pilot.uuid}), {"lessons": "夜间需加装路侧单元"})
    # then
    for user in (owner, supplier, operator):
        client = client_for(user)
        assert client.get(reverse("pilots:list")).status_code == 200
        assert client.get(reverse("pilots:detail", kwargs={"uuid": pilot.uuid})).status_code == 200
    history = client_for(owner).get(reverse("pilots:scenario_history", kwargs={"scenario_uuid": pilot.scenario.uuid}))
    assert "夜间需加装路侧单元" in history.content.decode()
    assert client_for(owner).get(reverse("pilots:create")).status_code == 200
    assert (
        client_for(operator)
        .get(reverse("catalogue:batch_detail", kwargs={"uuid": case.catalogue_entry.batch.uuid}))
        .status_code
        == 200
    )


def test_the_owner_sets_up_a_planned_pilot_on_its_page(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    pilot = factories.planned_pilot(owner, supplier, operator)
    offer = factories.published_offer(supplier, operator, name="第二套方案")
    page = client_for(owner).get(reverse("pilots:detail", kwargs={"uuid": pilot.uuid}))
    assert page.status_code == 200 and "第二套方案" in page.content.decode()
    # when
    client_for(owner).post(
        reverse("pilots:offer_add", kwargs={"uuid": pilot.uuid}), {"offer": str(offer.uuid), "source": "agreement"}
    )
    client_for(owner).post(
        reverse("pilots:kpi_add", kwargs={"uuid": pilot.uuid}),
        {"name": "事故数", "unit": "起", "target_value": "0", "direction": "lower"},
    )
    client_for(owner).post(reverse("pilots:action", kwargs={"uuid": pilot.uuid}), {"action": "start"})
    # then
    pilot.refresh_from_db()
    assert pilot.status == "running" and pilot.pilot_offers.count() == 2 and pilot.kpis.count() == 2


def test_list_pages_do_not_grow_in_queries_with_more_pilots(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    factories.running_pilot(owner, supplier, operator)
    client = client_for(supplier)

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("pilots:list")).status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert client.get("/api/test/pilots").status_code == 200
        return len(page), len(api)

    one = counts()
    # when
    factories.running_pilot(owner, supplier, operator)
    factories.planned_pilot(owner, supplier, operator)
    # then
    assert counts() == one


def test_the_scenario_panel_shows_the_earlier_version_and_its_evaluation(
    owner: Any, supplier: Any, operator: Any
) -> None:
    # given a re-issued scenario
    pilot = factories.evaluated_pilot(owner, supplier, operator)
    new = services.scenario_reissue_from_pilot(actor=owner, pilot_id=pilot.pk, lessons="延长试点周期")
    request = RequestFactory().get("/")
    request.user = owner
    # when
    html = Template("{% load pilots %}{% scenario_pilots scenario %}").render(
        Context({"scenario": new, "request": request})
    )
    # then
    assert pilot.scenario.title in html and "延长试点周期" in html and pilot.title in html
    assert reverse("pilots:scenario_history", kwargs={"scenario_uuid": new.uuid}) in html
