from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.matching import indexing
from scenebridge.matching.index_store import index_root


class Command(BaseCommand):
    help = "Rebuild the match index from the database's published items and their stored vectors (never embeds)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-enqueue", action="store_true", help="do not enqueue the embedding backlog task")

    def handle(self, *args: Any, **options: Any) -> None:
        state = indexing.index_build()
        backlog = indexing.embedding_backlog_count()
        self.stdout.write(
            f"match index at {index_root() / state['generation']}: {state['sizes']}, vectors {state['vectors']}"
        )
        self.stdout.write(f"embedding backlog: {backlog}")
        if backlog and not options["no_enqueue"]:
            from scenebridge.matching.tasks import embed_backlog

            embed_backlog.enqueue()
            self.stdout.write("embedding backlog task enqueued")
