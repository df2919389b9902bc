import json
from typing import Any

import pytest

from scenebridge.calls import services
from scenebridge.calls.models import CallStatus, CallSubmission, Decision
from scenebridge.calls.tests.factories import call_data, decided_call, draft_scenario, open_call, published_list

pytestmark = pytest.mark.urls("scenebridge.calls.tests.urls")


def post(client: Any, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


def test_public_lists_and_calls(client: Any, operator: Any, owner: Any, owner_org: Any) -> None:
    # given
    scenario_list = published_list(operator, owner, owner_org)
    draft = services.call_create(actor=operator, data=call_data(title="草稿"))
    # when
    lists = client.get("/test-api/lists").json()
    detail = client.get(f"/test-api/lists/{scenario_list.uuid}").json()
    calls = client.get("/test-api/calls").json()
    # then
    assert [row["uuid"] for row in lists] == [str(scenario_list.uuid)]
    assert detail["rows"][0]["order"] == 1 and detail["decision_head_hash"] == scenario_list.decision_head_hash
    assert str(draft.uuid) not in {c["uuid"] for c in calls}
    assert client.get(f"/test-api/calls/{draft.uuid}").status_code == 404


def test_an_owner_submits_through_the_api_and_sees_only_their_own(
    client: Any, operator: Any, owner: Any, outsider: Any
) -> None:
    # given
    call = open_call(operator)
    services.submission_create(actor=outsider, call_id=call.pk, scenario_id=draft_scenario(outsider).pk)
    scenario = draft_scenario(owner)
    client.force_login(owner)
    # when
    created = post(client, f"/test-api/calls/{call.uuid}/submissions", {"scenario": str(scenario.uuid)})
    listed = client.get(f"/test-api/calls/{call.uuid}/submissions").json()
    # then
    assert created.status_code == 201
    assert [s["scenario"] for s in listed] == [str(scenario.uuid)]


@pytest.mark.parametrize("role", ["owner", "supplier", "expert", "outsider"])
def test_decisions_are_for_the_operator_only(client: Any, request: Any, role: str, operator: Any, owner: Any) -> None:
    # given
    call, submissions = decided_call(operator, owner)
    client.force_login(request.getfixturevalue(role))
    # when
    response = post(client, f"/test-api/calls/{call.uuid}/decision", {"selected": [s.pk for s in submissions]})
    # then
    assert response.status_code in (403, 409)
    assert CallSubmission.objects.filter(decision=Decision.SELECTED).count() == 1


def test_anonymous_writes_are_refused(client: Any, operator: Any, owner: Any) -> None:
    call = open_call(operator)
    response = post(client, f"/test-api/calls/{call.uuid}/submissions", {"scenario": str(draft_scenario(owner).uuid)})
    assert response.status_code == 401
    assert not CallSubmission.objects.exists()
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
