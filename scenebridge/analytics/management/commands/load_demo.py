"""`manage.py load_demo`: fill an empty platform with demo content; a second run only prints the logins."""

import time
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.analytics.demo import loader


class Command(BaseCommand):
    help = "Load demo organizations, users, scenarios, offers and resources (does nothing if they are present)."

    def handle(self, *args: Any, **options: Any) -> None:
        if loader.demo_present():
            self.stdout.write("Demo data is already present; nothing was added.")
        else:
            started = time.monotonic()
            counts = loader.load_demo()
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Loaded {summary} in {time.monotonic() - started:.1f} s."))
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write(f"\nDemo logins (password for every demo user: {loader.PASSWORD})")
        self.stdout.write(f"{'username':<14} {_pad('role', 22)} organization")
        for login in loader.logins():
            self.stdout.write(f"{login.username:<14} {_pad(login.role, 22)} {login.organization}")
        self.stdout.write("More users follow the same pattern: orgadminNNN, ownerNNN, supplierNNN, expertNNN.")


def _pad(text: str, width: int) -> str:
    """Pad to a width in terminal columns: Chinese characters take two."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)
