from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scenebridge.matching import indexing
from scenebridge.matching.engine import CachedEmbedder, Embedder
from scenebridge.matching.engine.batch import run_batch


class Command(BaseCommand):
    help = (
        "Rank needs against offers from JSON-lines files in a throw-away index (not the site's database) and write "
        "need_id<TAB>offer_id<TAB>score lines, best first (--reverse: offers are the queries)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--needs", required=True)
        parser.add_argument("--offers", required=True)
        parser.add_argument("--top", type=int, default=20)
        parser.add_argument("--out", required=True)
        parser.add_argument("--reverse", action="store_true")
        parser.add_argument("--lexical-only", action="store_true", help="rank without an embedding model")
        parser.add_argument("--vector-cache", help="directory caching vectors by text hash")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("needs", "offers"):
            if not Path(options[name]).is_file():
                raise CommandError(f"--{name}: no such file: {options[name]}")
        embedder: Embedder | None = None if options["lexical_only"] else indexing.task_embedder()
        if embedder is not None and options["vector_cache"]:
            embedder = CachedEmbedder(embedder, Path(options["vector_cache"]))
        try:
            written = run_batch(
                options["needs"], options["offers"], options["top"], options["out"], options["reverse"], embedder
            )
        except (ValueError, KeyError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"wrote {written} lines to {options['out']}")
