from typing import Any

from django.core.management.base import BaseCommand

from scenebridge.matching import services


class Command(BaseCommand):
    help = "Re-fit the fusion weights from accumulated feedback and connection outcomes; stores a new weights version."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--note", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        version = services.weights_tune(note=options["note"])
        self.stdout.write(
            f"weights v{version.number} from {version.judgments} judgments; pairwise accuracy "
            f"{version.pairwise_accuracy_before:.3f} → {version.pairwise_accuracy_after:.3f}"
        )
        self.stdout.write(str(version.weights))
