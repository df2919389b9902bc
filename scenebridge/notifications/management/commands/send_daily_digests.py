from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.notifications.services import daily_digests_send


class Command(BaseCommand):
    help = "E-mails each daily-digest reader what they have not yet been sent (run once a day; safe to run twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Digests sent: {daily_digests_send()}")
