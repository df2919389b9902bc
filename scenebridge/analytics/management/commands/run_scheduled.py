"""The platform's scheduled jobs in one place: deadlines close themselves, digests go out once a day.

Every job is safe to run twice (each closes a deadline exactly once and sends nothing twice), so this can run from
cron (`run_scheduled` every few minutes, `run_scheduled --digests` daily) or stay in a loop beside the web server.
"""

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

#: Run on every round: deadlines, and the embedding backlog's chain restarted if a worker stop broke it.
ROUND_JOBS = ("close_call_deadlines", "close_challenge_deadlines", "resume_embedding")
DIGEST_JOBS = ("send_daily_digests", "send_matching_digests")
DIGEST_HOUR = 8  # local time


class Command(BaseCommand):
    help = "Closes due deadlines; with --digests also sends the daily digests; with --loop SECONDS keeps going."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--digests", action="store_true", help="also send the daily digests now")
        parser.add_argument("--loop", type=int, default=0, help="repeat every SECONDS (digests daily at 08:00)")

    def handle(self, *args: Any, **options: Any) -> None:
        self._run(ROUND_JOBS + (DIGEST_JOBS if options["digests"] else ()))
        digested_on = timezone.localdate() if options["digests"] else None
        while options["loop"] > 0:
            time.sleep(options["loop"])
            now = timezone.localtime()
            due = now.hour >= DIGEST_HOUR and digested_on != now.date()
            self._run(ROUND_JOBS + (DIGEST_JOBS if due else ()))
            digested_on = now.date() if due else digested_on

    def _run(self, jobs: tuple[str, ...]) -> None:
        for job in jobs:
            call_command(job, stdout=self.stdout)
