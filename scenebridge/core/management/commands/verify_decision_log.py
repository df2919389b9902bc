from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scenebridge.core.decisions import head_hash, verify


class Command(BaseCommand):
    help = "Recomputes the hash chain of the decision log and reports the first bad entry."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify()
        if not result.ok:
            raise CommandError(
                f"Decision log broken at entry #{result.first_bad_sequence}: {result.problem} "
                f"({result.checked} entries before it are intact)."
            )
        self.stdout.write(f"Decision log intact: {result.checked} entries, head {head_hash()}.")
