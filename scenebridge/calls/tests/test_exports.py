import io
import json
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scenebridge.calls import list_services
from scenebridge.calls.exports import COLUMNS
from scenebridge.calls.tests.factories import published_scenario

pytestmark = pytest.mark.urls("scenebridge.calls.tests.urls")

SECRET_DESCRIPTION = "内部测算数据：每年节约人工成本约三千二百万元"
SECRET_PHONE = "13900001111"


@pytest.fixture
def listed(operator: Any, owner: Any, owner_org: Any) -> Any:
    """A published list with one scenario whose description and contact are confidential, one whose contact is not."""
    secret = published_scenario(
        owner,
        operator,
        title="保密场景",
        description=SECRET_DESCRIPTION,
        contact_name="李工",
        contact_phone=SECRET_PHONE,
        confidential_parts=["description", "contact"],
    )
    public = published_scenario(owner, operator, title="公开场景", contact_name="王工", contact_phone="0532-8888")
    scenario_list = list_services.list_create(
        actor=operator,
        data={"title": "2027年第一批应用场景清单", "year": 2027, "batch_number": 1, "publisher": owner_org},
        scenario_ids=[secret.pk, public.pk],
    )
    return list_services.list_publish(actor=operator, list_id=scenario_list.pk)


def test_confidential_parts_never_appear_on_the_page_or_in_exports(client: Any, listed: Any) -> None:
    # when
    page = client.get(reverse("calls:list_detail", args=[listed.uuid]))
    workbook = client.get(reverse("calls:list_xlsx", args=[listed.uuid]))
    api = client.get(f"/test-api/lists/{listed.uuid}")
    # then
    cells = [str(c.value) for row in load_workbook(io.BytesIO(workbook.content)).active.iter_rows() for c in row]
    for body in (page.content.decode(), " ".join(cells), json.dumps(api.json(), ensure_ascii=False)):
        assert "保密场景" in body and "王工" in body
        assert SECRET_DESCRIPTION not in body
        assert SECRET_PHONE not in body and "李工" not in body


def test_the_excel_export_has_the_government_layout(client: Any, listed: Any) -> None:
    # when
    response = client.get(reverse("calls:list_xlsx", args=[listed.uuid]))
    # then
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "2027年第一批应用场景清单"
    assert "A1:I1" in [str(r) for r in sheet.merged_cells.ranges]
    assert [c.value for c in sheet[2]] == [name for name, _ in COLUMNS]
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["H"].width == 50
    assert [sheet.cell(row=r, column=1).value for r in (3, 4)] == [1, 2]


def test_the_printable_pdf(client: Any, listed: Any) -> None:
    response = client.get(reverse("calls:list_pdf", args=[listed.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_public_page_shows_the_decision_log_head(client: Any, listed: Any) -> None:
    body = client.get(reverse("calls:list_detail", args=[listed.uuid])).content.decode()
    assert listed.decision_head_hash in body
    assert 'name="viewport"' in body


def test_list_rows_read_in_constant_queries(listed: Any, django_assert_num_queries: Any) -> None:
    from scenebridge.calls import selectors

    with django_assert_num_queries(2):
        assert len(selectors.list_rows(listed)) == 2
