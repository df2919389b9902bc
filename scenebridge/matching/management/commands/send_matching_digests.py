from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.matching import alerts


class Command(BaseCommand):
    help = "Send the daily digest of new matching scenarios to subscriptions that chose it (run once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"digests sent for {alerts.daily_digests_send()} subscriptions")
