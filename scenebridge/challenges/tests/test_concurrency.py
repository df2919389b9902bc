"""Races: parallel identical applications, and the deadline closed by several runners at once."""

import datetime
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection
from django.utils import timezone

from scenebridge.challenges import services
from scenebridge.challenges.models import Application, Challenge
from scenebridge.challenges.tests.factories import application_data, apply, open_challenge
from scenebridge.core.models import AuditEvent
from scenebridge.notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def seeded(transactional_db: Any) -> None:
    """Transactional tests empty the tables after each test; put the vocabularies back first."""
    from django.apps import apps

    from scenebridge.taxonomy.seeding import seed_taxonomy

    seed_taxonomy(apps)


def _in_parallel(count: int, work: Callable[[], Any]) -> list[Any]:
    """Runs `work` in `count` threads released at the same moment; each thread has its own connection."""
    barrier, results, lock = threading.Barrier(count), [], threading.Lock()

    def run() -> None:
        barrier.wait()
        try:
            outcome = _retrying(work)
        except Exception as error:
            outcome = error
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _retrying(work: Callable[[], Any]) -> Any:
    """SQLite's shared in-memory test database refuses a second writer at once instead of waiting (a client would
    retry); PostgreSQL waits on the row lock itself."""
    for _ in range(200):
        try:
            return work()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("database stayed locked")


def test_twenty_parallel_identical_applications_create_one(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    # when
    results = _in_parallel(
        20, lambda: services.application_submit(actor=supplier, challenge_id=challenge.pk, data=application_data())
    )
    # then
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Application.objects.count() == 1
    assert sum(1 for _, created in results if created) == 1
    content_type = ContentType.objects.get_for_model(Application)
    assert list(AuditEvent.objects.filter(content_type=content_type).values_list("action", flat=True)) == ["apply"]
    assert Notification.objects.filter(user=supplier, kind="application_received").count() == 1


def test_parallel_deadline_runs_close_once_and_notify_once(
    owner: Any, org_admin: Any, operator: Any, supplier: Any
) -> None:
    # given
    challenge = open_challenge(owner, operator)
    apply(supplier, challenge)
    Challenge.objects.filter(pk=challenge.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    # when
    results = _in_parallel(6, services.challenges_close_due)
    # then
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r) for r in results) == [0, 0, 0, 0, 0, 1]
    content_type = ContentType.objects.get_for_model(Challenge)
    closes = AuditEvent.objects.filter(content_type=content_type, object_id=str(challenge.pk), action="close")
    assert closes.count() == 1
    recipients = Notification.objects.filter(kind="challenge_closed").values_list("user__username", flat=True)
    assert sorted(recipients) == ["orgadmin", "owner", "supplier"]
