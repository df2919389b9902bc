"""The demo challenges load on top of the platform's demo data, one in each part of the lifecycle."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from scenebridge.challenges.models import Application, Challenge
from scenebridge.core.decisions import verify

pytestmark = pytest.mark.django_db


def test_demo_challenges_cover_the_lifecycle(settings: Any) -> None:
    # given / when: load_demo runs this part's demo.load after the platform's base data
    call_command("load_demo", stdout=StringIO())
    # then
    statuses = set(Challenge.objects.values_list("status", flat=True))
    assert {"open", "closed", "under_review", "in_delivery", "accepted"} <= statuses
    assert Challenge.objects.count() >= 4
    assert Application.objects.count() >= 8
    assert Challenge.objects.filter(status="open", applications__isnull=False).exists()
    assert verify().ok
    for challenge in Challenge.objects.all():
        challenge.full_clean()
        assert challenge.scenario.owner_id == challenge.owner_id
