"""Telling people what concerns them: one in-app notification per person and event (never twice), e-mailed at once
(after the transaction commits, through a background task) or gathered into a daily digest."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.notifications.models import Delivery, Notification, NotificationPreference


def delivery_for(user: Any) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.delivery if preference else Delivery.IMMEDIATE


def notify(*, recipients: Iterable[Any], kind: str, title: str, body: str, url: str, dedupe_key: str) -> int:
    """Creates the notifications that do not exist yet; returns how many were new."""
    created = 0
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, kind=kind, title=title[:200], body=body, url=url[:300], dedupe_key=dedupe_key[:200]
                )
        except IntegrityError:
            continue  # already told: the same event never notifies twice
        created += 1
        if delivery_for(user) == Delivery.IMMEDIATE:
            from scenebridge.notifications.tasks import send_notification_email

            transaction.on_commit(_email_later(send_notification_email, notification.pk))
    return created


def _email_later(task: Any, notification_id: int) -> Any:
    def enqueue() -> None:
        task.enqueue(notification_id)

    return enqueue


def notification_email_send(notification_id: int) -> bool:
    """Sends one notification by e-mail unless it was sent already; safe to run twice."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("user").filter(pk=notification_id).first()
        )
        if notification is None or notification.emailed_at or not notification.user.email:
            return False
        send_mail(
            notification.title,
            f"{notification.body}\n\n{notification.url}",
            settings.DEFAULT_FROM_EMAIL,
            [notification.user.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def daily_digests_send() -> int:
    """One e-mail per digest reader with everything not yet e-mailed; returns how many e-mails went out."""
    sent = 0
    readers = NotificationPreference.objects.filter(delivery=Delivery.DAILY).select_related("user")
    for preference in readers:
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update().filter(user=preference.user, emailed_at__isnull=True)
            )
            if not pending or not preference.user.email:
                continue
            lines = [f"- {n.title}\n  {n.body}\n  {n.url}" for n in pending]
            send_mail(
                _("SceneBridge: %(count)d updates today") % {"count": len(pending)},
                "\n\n".join(lines),
                settings.DEFAULT_FROM_EMAIL,
                [preference.user.email],
            )
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
            sent += 1
    return sent


def notifications_mark_read(*, user: Any, ids: list[int] | None = None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=timezone.now())


def preference_set(*, user: Any, delivery: str) -> None:
    NotificationPreference.objects.update_or_create(user=user, defaults={"delivery": Delivery(delivery)})
