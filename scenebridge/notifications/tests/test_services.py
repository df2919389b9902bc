from typing import Any

import pytest
from django.core import mail
from django.test import Client

from scenebridge.notifications import services
from scenebridge.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def _notify(users: list[Any], key: str = "award:1") -> int:
    return services.notify(
        recipients=users, kind="award", title="揭榜结果已公布", body="您的申请已获批准。", url="/x/", dedupe_key=key
    )


def test_the_same_event_notifies_each_person_once(
    owner: Any, supplier: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify([owner, supplier, owner])
        second = _notify([owner, supplier])
    # then
    assert (first, second) == (2, 0)
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    assert services.notification_email_send(Notification.objects.earliest("id").pk) is False  # already sent


def test_daily_digest_readers_get_one_email_once(owner: Any, django_capture_on_commit_callbacks: Any) -> None:
    # given
    services.preference_set(user=owner, delivery=Delivery.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([owner], "a")
        _notify([owner], "b")
    assert mail.outbox == []
    # when
    sent_first, sent_again = services.daily_digests_send(), services.daily_digests_send()
    # then
    assert (sent_first, sent_again) == (1, 0)
    assert len(mail.outbox) == 1 and "揭榜结果已公布" in mail.outbox[0].body


def test_inbox_shows_only_ones_own_notifications(owner: Any, supplier: Any) -> None:
    # given
    services.notify(recipients=[owner], kind="k", title="只给场景方", body="", url="", dedupe_key="x")
    client = Client()
    client.force_login(supplier)
    # when
    body = client.get("/notifications/").content.decode()
    # then
    assert "只给场景方" not in body
    client.force_login(owner)
    assert "只给场景方" in client.get("/notifications/").content.decode()
