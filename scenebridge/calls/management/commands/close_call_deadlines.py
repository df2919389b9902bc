"""Closes the calls whose closing date has passed. Scheduled daily; safe to run twice."""

from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.calls.services import call_deadlines_close


class Command(BaseCommand):
    help = "Close calls for scenarios whose closing date has passed (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = call_deadlines_close()
        self.stdout.write(f"closed {closed} call(s)")
