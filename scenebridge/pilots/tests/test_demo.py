from io import StringIO

import pytest
from django.core.management import call_command

from scenebridge.core.decisions import verify
from scenebridge.pilots import selectors
from scenebridge.pilots.models import Case, CatalogueBatch, Pilot, Replication
from scenebridge.scenarios.models import Scenario

pytestmark = pytest.mark.django_db


def test_demo_fills_every_state_of_the_loop() -> None:
    # given / when: load_demo runs this part's demo.load after the platform's base data
    call_command("load_demo", stdout=StringIO())
    # then
    assert Pilot.objects.count() >= 10 and Case.objects.count() >= 5
    assert set(Pilot.objects.values_list("status", flat=True)) == {"planned", "running", "completed", "evaluated"}
    batch = CatalogueBatch.objects.get(status="published")
    assert batch.entries.count() >= 5
    provinces = {r.region_id[:2] for r in Replication.objects.all()}
    assert len(provinces) >= 3
    assert Scenario.objects.filter(previous_version__isnull=False, lessons_learned__gt="").exists()
    assert selectors.replications_by_province()[0].count >= 1
    assert verify().ok
