"""Pages for each role, and the permission matrix: every role × {call, submission, review score, list} × action
and state; a denied action leaves the data as it was."""

from typing import Any

import pytest
from django.urls import reverse

from scenebridge.calls import list_services, services
from scenebridge.calls.models import Call, CallStatus, CallSubmission, ListStatus, ScenarioList
from scenebridge.calls.tests.factories import (
    RUBRIC,
    call_data,
    call_panel,
    decided_call,
    draft_scenario,
    open_call,
    published_list,
    published_scenario,
)
from scenebridge.reviews.models import PanelResult, Score

pytestmark = pytest.mark.urls("scenebridge.calls.tests.urls")

ROLES = ["anonymous", "owner", "org_admin", "outsider", "supplier", "expert", "operator"]


def login(client: Any, request: Any, role: str) -> Any:
    if role == "anonymous":
        return None
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


def state_of_calls() -> list[Any]:
    return [
        list(Call.objects.values_list("pk", "status", "title").order_by("pk")),
        list(CallSubmission.objects.values_list("pk", "decision").order_by("pk")),
        list(ScenarioList.objects.values_list("pk", "status", "version").order_by("pk")),
        list(Score.objects.values_list("pk", "values").order_by("pk")),
        PanelResult.objects.count(),
    ]


def test_the_operator_opens_a_call_from_the_console(client: Any, operator: Any) -> None:
    # given
    client.force_login(operator)
    data = call_data()
    # when
    form = client.get(reverse("calls:call_create"))
    response = client.post(
        reverse("calls:call_create"),
        {
            "title": data["title"],
            "theme": data["theme"],
            "description": data["description"],
            "opens_on": data["opens_on"].isoformat(),
            "closes_on": data["closes_on"].isoformat(),
            "rubric_text": "创新性 | 40 | 10\n可行性 | 60 | 10",
        },
    )
    call = Call.objects.get()
    opened = client.post(reverse("calls:call_action", args=[call.uuid, "open"]))
    # then
    assert form.status_code == 200 and response.status_code == 302 and opened.status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert call.rubric[1] == {"code": "c2", "name": "可行性", "weight": 60.0, "max_score": 10.0}


def test_a_bad_rubric_is_shown_at_its_field(client: Any, operator: Any) -> None:
    client.force_login(operator)
    response = client.post(reverse("calls:call_create"), {"title": "x", "rubric_text": "创新性 40"})
    assert response.status_code == 200 and not Call.objects.exists()
    assert "rubric_text" in response.context["form"].errors


def test_the_owner_submits_a_scenario_from_the_call_page(client: Any, operator: Any, owner: Any) -> None:
    # given
    call = open_call(operator)
    scenario = draft_scenario(owner)
    client.force_login(owner)
    # when
    page = client.get(reverse("calls:call_detail", args=[call.uuid])).content.decode()
    response = client.post(reverse("calls:submit", args=[call.uuid]), {"scenario": scenario.pk})
    # then
    assert scenario.title in page and reverse("calls:submit", args=[call.uuid]) in page
    assert response.status_code == 302
    assert CallSubmission.objects.get().scenario == scenario
    assert scenario.title in client.get(reverse("calls:call_detail", args=[call.uuid])).content.decode()


def test_the_operator_forms_the_panel_and_decides_from_the_call_page(
    client: Any, operator: Any, owner: Any, expert: Any
) -> None:
    # given
    from scenebridge.reviews import services as reviews

    call = open_call(operator)
    first = services.submission_create(actor=owner, call_id=call.pk, scenario_id=published_scenario(owner, operator).pk)
    services.call_transition(actor=operator, call_id=call.pk, action="close")
    client.force_login(operator)
    # when
    client.post(reverse("calls:panel_form", args=[call.uuid]), {"experts": [expert.pk]})
    panel = call_panel(call)
    reviews.score_submit(actor=expert, item_id=panel.items.get().pk, values={"c1": 8, "c2": 9})
    reviews.panel_close(actor=operator, panel_id=panel.pk)
    page = client.get(reverse("calls:call_detail", args=[call.uuid])).content.decode()
    client.post(reverse("calls:decide", args=[call.uuid]), {"selected": [first.pk]})
    # then
    assert "85.00" in page and 'name="selected"' in page
    call.refresh_from_db()
    assert call.status == CallStatus.DECIDED
    assert CallSubmission.objects.get().decision == "selected"


def test_the_operator_composes_publishes_and_corrects_a_list(
    client: Any, operator: Any, owner: Any, owner_org: Any
) -> None:
    # given
    call, _ = decided_call(operator, owner)
    extra = published_scenario(owner, operator, title="补充场景")
    client.force_login(operator)
    # when
    client.post(
        reverse("calls:list_create"),
        {
            "title": "2027年第一批场景清单",
            "year": 2027,
            "batch_number": 1,
            "publisher": owner_org.pk,
            "call": call.pk,
        },
    )
    first = ScenarioList.objects.get()
    client.post(reverse("calls:list_entries", args=[first.uuid]), {"scenario": extra.pk, "remarks": "新增"})
    client.post(reverse("calls:list_publish", args=[first.uuid]))
    client.post(reverse("calls:list_new_version", args=[first.uuid]), {"changelog": "删除补充场景"})
    second = ScenarioList.objects.get(version=2)
    client.post(reverse("calls:list_entries", args=[second.uuid]), {"remove": extra.pk})
    client.post(reverse("calls:list_publish", args=[second.uuid]))
    # then
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == ListStatus.PUBLISHED
    assert first.entries.count() == 2 and second.entries.count() == 1
    client.logout()
    page = client.get(reverse("calls:list_detail", args=[second.uuid])).content.decode()
    assert "补充场景" in page and "删除补充场景" in page
    assert str(first.uuid) in page
    index = client.get(reverse("calls:list_index")).content.decode()
    assert str(second.uuid) in index and str(first.uuid) not in index


@pytest.mark.parametrize("role", ROLES)
def test_operator_actions_are_denied_to_every_other_role(
    client: Any, request: Any, role: str, operator: Any, owner: Any, owner_org: Any
) -> None:
    # given: a call in each state, a draft and a published list
    draft = services.call_create(actor=operator, data=call_data(title="草稿征集"))
    opened = open_call(operator, title="开放征集")
    decided, submissions = decided_call(operator, owner)
    closed = open_call(operator, title="已截止征集")
    services.call_transition(actor=operator, call_id=closed.pk, action="close")
    published = published_list(operator, owner, owner_org)
    draft_list = list_services.list_create(
        actor=operator, data={"title": "草稿清单", "year": 2027, "batch_number": 9, "publisher": owner_org}
    )
    if role == "operator":
        return
    login(client, request, role)
    before = state_of_calls()
    # when
    posts = [
        (reverse("calls:call_create"), {"title": "x"}),
        (reverse("calls:call_action", args=[draft.uuid, "open"]), {}),
        (reverse("calls:call_action", args=[opened.uuid, "close"]), {}),
        (reverse("calls:panel_form", args=[closed.uuid]), {"experts": []}),
        (reverse("calls:decide", args=[decided.uuid]), {"selected": [s.pk for s in submissions]}),
        (reverse("calls:list_create"), {"title": "x", "year": 2027, "batch_number": 3, "publisher": owner_org.pk}),
        (reverse("calls:list_entries", args=[draft_list.uuid]), {"scenario": submissions[0].scenario_id}),
        (reverse("calls:list_publish", args=[draft_list.uuid]), {}),
        (reverse("calls:list_new_version", args=[published.uuid]), {"changelog": "x"}),
    ]
    responses = [client.post(url, data) for url, data in posts]
    # then
    for response in responses:
        assert response.status_code in (302, 403, 404), response
        if response.status_code == 302:
            assert "/accounts/login" in response["Location"]
    assert state_of_calls() == before
    visible = client.get(reverse("calls:call_detail", args=[draft.uuid])).status_code
    assert visible == 404
    assert client.get(reverse("calls:list_detail", args=[draft_list.uuid])).status_code == 404
    assert client.get(reverse("calls:list_xlsx", args=[draft_list.uuid])).status_code == 404
    assert client.get(reverse("calls:list_detail", args=[published.uuid])).status_code == 200
    assert client.get(reverse("calls:call_detail", args=[opened.uuid])).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "outsider", "supplier", "expert", "operator"])
def test_only_the_scenarios_owner_can_submit_it(
    client: Any, request: Any, role: str, operator: Any, owner: Any
) -> None:
    # given
    call = open_call(operator)
    scenario = draft_scenario(owner)
    login(client, request, role)
    # when
    response = client.post(reverse("calls:submit", args=[call.uuid]), {"scenario": scenario.pk})
    # then
    assert response.status_code in (302, 403)
    assert not CallSubmission.objects.exists()


@pytest.mark.parametrize("state", ["draft", "closed", "decided"])
def test_no_submission_outside_an_open_call(client: Any, state: str, operator: Any, owner: Any) -> None:
    # given
    if state == "decided":
        call, _ = decided_call(operator, owner)
    else:
        call = services.call_create(actor=operator, data=call_data())
        if state == "closed":
            services.call_transition(actor=operator, call_id=call.pk, action="open")
            services.call_transition(actor=operator, call_id=call.pk, action="close")
    before = CallSubmission.objects.count()
    client.force_login(owner)
    # when
    response = client.post(reverse("calls:submit", args=[call.uuid]), {"scenario": draft_scenario(owner).pk})
    # then
    assert response.status_code in (404, 409)
    assert CallSubmission.objects.count() == before


@pytest.mark.parametrize("role", ["owner", "org_admin", "outsider", "supplier", "operator"])
def test_only_panel_experts_can_score_a_submission(
    client: Any, request: Any, role: str, operator: Any, owner: Any, expert: Any
) -> None:
    # given
    call = open_call(operator)
    services.submission_create(actor=owner, call_id=call.pk, scenario_id=published_scenario(owner, operator).pk)
    services.call_transition(actor=operator, call_id=call.pk, action="close")
    panel = services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[expert.pk])
    item = panel.items.get()
    login(client, request, role)
    # when
    response = client.post(reverse("reviews:score", args=[item.uuid]), {"c_c1": "5", "c_c2": "5"})
    # then
    assert response.status_code == 404
    assert not Score.objects.exists()


def test_the_submitting_owner_sees_only_their_own_submissions(
    client: Any, operator: Any, owner: Any, outsider: Any
) -> None:
    call = open_call(operator)
    mine = draft_scenario(owner, title="我的场景")
    theirs = draft_scenario(outsider, title="别人的场景")
    services.submission_create(actor=owner, call_id=call.pk, scenario_id=mine.pk)
    services.submission_create(actor=outsider, call_id=call.pk, scenario_id=theirs.pk)
    client.force_login(owner)
    page = client.get(reverse("calls:call_detail", args=[call.uuid])).content.decode()
    assert "我的场景" in page and "别人的场景" not in page
    assert RUBRIC[0]["name"] in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("owner", 200),
        ("org_admin", 200),
        ("outsider", 404),
        ("supplier", 404),
        ("expert", 200),
        ("operator", 200),
    ],
)
def test_the_submitted_material_is_for_the_owner_the_operator_and_the_panel(
    client: Any, request: Any, role: str, status: int, operator: Any, owner: Any, expert: Any
) -> None:
    # given: a scenario with a confidential description under review
    call = open_call(operator)
    scenario = draft_scenario(owner, description="内部预算测算细节", confidential_parts=["description"])
    submission = services.submission_create(actor=owner, call_id=call.pk, scenario_id=scenario.pk)
    services.call_transition(actor=operator, call_id=call.pk, action="close")
    services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[expert.pk])
    login(client, request, role)
    # when
    response = client.get(reverse("calls:submission", args=[submission.uuid]))
    # then
    assert response.status_code == status
    assert ("内部预算测算细节" in response.content.decode()) == (status == 200)


def test_an_expert_who_declared_a_conflict_loses_the_material(
    client: Any, operator: Any, owner: Any, expert: Any
) -> None:
    from scenebridge.reviews import services as reviews

    call = open_call(operator)
    submission = services.submission_create(actor=owner, call_id=call.pk, scenario_id=draft_scenario(owner).pk)
    services.call_transition(actor=operator, call_id=call.pk, action="close")
    panel = services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[expert.pk])
    reviews.conflict_declare(actor=expert, item_id=panel.items.get().pk, note="")
    client.force_login(expert)
    assert client.get(reverse("calls:submission", args=[submission.uuid])).status_code == 404
