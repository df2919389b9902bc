from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.matching import indexing


class Command(BaseCommand):
    help = "Embed the items waiting for their vectors (all, or --limit N), then update or rebuild the match index."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        before = indexing.embedding_backlog_count()
        if indexing.task_embedder() is None:
            self.stderr.write("no embedding model could be loaded; matching stays lexical")
            return
        done = indexing.embedding_backlog_drain(limit=options["limit"])
        self.stdout.write(f"embedded {done} of {before}; backlog now {indexing.embedding_backlog_count()}")
