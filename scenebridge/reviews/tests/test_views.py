from typing import Any

import pytest
from django.urls import reverse

from scenebridge.reviews.models import Conflict, PanelStatus, Score
from scenebridge.reviews.tests.factories import full_marks, join, make_panel

pytestmark = pytest.mark.urls("scenebridge.reviews.tests.urls")


def test_the_expert_scores_from_the_queue(client: Any, operator: Any, expert: Any) -> None:
    # given
    panel, items = make_panel(operator)
    join(operator, panel, expert)
    client.force_login(expert)
    # when
    queue = client.get(reverse("reviews:queue"))
    form = client.get(reverse("reviews:score", args=[items[0].uuid]))
    posted = client.post(
        reverse("reviews:score", args=[items[0].uuid]),
        {"c_innovation": "7", "c_feasibility": "8.5", "comment": "方案成熟"},
    )
    # then
    assert queue.status_code == 200 and "项目0" in queue.content.decode() and "/material/0/" in queue.content.decode()
    assert form.status_code == 200 and "创新性" in form.content.decode()
    assert posted.status_code == 302
    assert Score.objects.get().values == {"innovation": 7.0, "feasibility": 8.5}


def test_an_out_of_range_score_is_shown_at_its_field_and_nothing_is_saved(
    client: Any, operator: Any, expert: Any
) -> None:
    panel, items = make_panel(operator)
    join(operator, panel, expert)
    client.force_login(expert)
    response = client.post(reverse("reviews:score", args=[items[0].uuid]), {"c_innovation": "70", "c_feasibility": "1"})
    assert response.status_code == 200
    assert not Score.objects.exists()


def test_conflict_declaration(client: Any, operator: Any, expert: Any) -> None:
    panel, items = make_panel(operator)
    join(operator, panel, expert)
    client.force_login(expert)
    page = client.get(reverse("reviews:score", args=[items[0].uuid])).content.decode()
    assert "data-confirm" in page
    response = client.post(reverse("reviews:conflict", args=[items[0].uuid]), {"note": "亲属任职"})
    assert response.status_code == 302
    assert Conflict.objects.get().note == "亲属任职"
    assert client.get(reverse("reviews:score", args=[items[0].uuid])).status_code == 404


@pytest.mark.parametrize("who", ["owner", "supplier", "outsider", "org_admin"])
def test_other_roles_cannot_reach_expert_or_operator_pages(client: Any, request: Any, operator: Any, who: str) -> None:
    # given
    panel, items = make_panel(operator)
    client.force_login(request.getfixturevalue(who))
    # when / then
    assert client.get(reverse("reviews:queue")).status_code == 403
    assert client.get(reverse("reviews:score", args=[items[0].uuid])).status_code == 404
    assert client.get(reverse("reviews:panel", args=[panel.uuid])).status_code == 404
    assert client.post(reverse("reviews:close", args=[panel.uuid])).status_code == 404
    panel.refresh_from_db()
    assert panel.status == PanelStatus.OPEN


def test_the_operator_adds_members_and_closes_the_panel(client: Any, operator: Any, expert: Any) -> None:
    # given
    panel, _items = make_panel(operator)
    client.force_login(operator)
    # when
    client.post(reverse("reviews:member_add", args=[panel.uuid]), {"expert": expert.pk})
    page = client.get(reverse("reviews:panel", args=[panel.uuid])).content.decode()
    closed = client.post(reverse("reviews:close", args=[panel.uuid]))
    # then
    assert panel.members.filter(expert=expert).exists()
    assert "data-confirm" in page and "项目1" in page
    assert closed.status_code == 302
    panel.refresh_from_db()
    assert panel.status == PanelStatus.CLOSED
    assert "项目0" in client.get(reverse("reviews:panel", args=[panel.uuid])).content.decode()


def test_members_read_the_panel_results_only_after_closing(client: Any, operator: Any, expert: Any) -> None:
    from scenebridge.reviews import services

    panel, items = make_panel(operator)
    join(operator, panel, expert)
    services.score_submit(actor=expert, item_id=items[1].pk, values=full_marks())
    client.force_login(expert)
    assert "80.00" not in client.get(reverse("reviews:panel", args=[panel.uuid])).content.decode()
    services.panel_close(actor=operator, panel_id=panel.pk)
    assert "80.00" in client.get(reverse("reviews:panel", args=[panel.uuid])).content.decode()
