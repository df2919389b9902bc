from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.matching import tasks


class Command(BaseCommand):
    help = (
        "Start the embedding backlog task again when items wait and no run of it is queued or alive "
        "(a worker stopped in the middle of a run breaks its chain); run_scheduled calls it on every round."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if tasks.backlog_resume():
            self.stdout.write("embedding backlog task enqueued")
