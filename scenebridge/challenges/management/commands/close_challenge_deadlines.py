"""`manage.py close_challenge_deadlines`: close every challenge whose deadline has passed (run it on a schedule;
running it twice, or on two machines at once, closes each challenge once and notifies each person once)."""

from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.challenges.services import challenges_close_due


class Command(BaseCommand):
    help = "Close the 揭榜挂帅 challenges whose deadline has passed and notify their owners and applicants."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = challenges_close_due()
        self.stdout.write(f"Closed {len(closed)} challenge(s).")
