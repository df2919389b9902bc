from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from scenebridge.accounts.models import User
from scenebridge.calls.models import Call, CallStatus, CallSubmission, ListStatus, ScenarioList
from scenebridge.core.decisions import verify
from scenebridge.reviews.models import Panel, PanelStatus, Score

pytestmark = pytest.mark.urls("scenebridge.calls.tests.urls")


@pytest.mark.django_db
def test_demo_creates_calls_a_scored_panel_and_a_corrected_list(client: Any) -> None:
    # given / when: load_demo runs this part's demo.load after the base data
    call_command("load_demo")
    # then
    assert CallSubmission.objects.count() >= 6
    call_type = ContentType.objects.get_for_model(Call)
    panel = Panel.objects.get(status=PanelStatus.CLOSED, content_type=call_type)
    assert Score.objects.count() > 0
    assert Call.objects.filter(status=CallStatus.OPEN, submissions__isnull=False).exists()
    latest = ScenarioList.objects.get(version=2)
    assert latest.previous_version is not None
    assert latest.status == ListStatus.PUBLISHED and latest.previous_version.status == ListStatus.PUBLISHED
    assert verify().ok
    # and every page of the loop renders on the demo data
    assert client.get(reverse("calls:list_index")).status_code == 200
    assert client.get(reverse("calls:list_detail", args=[latest.uuid])).status_code == 200
    client.force_login(User.objects.get(username="operator"))
    for call in Call.objects.all():
        assert client.get(reverse("calls:call_detail", args=[call.uuid])).status_code == 200
    assert client.get(reverse("reviews:panel", args=[panel.uuid])).status_code == 200
    client.force_login(User.objects.get(username="expert001"))
    assert client.get(reverse("reviews:queue")).status_code == 200
