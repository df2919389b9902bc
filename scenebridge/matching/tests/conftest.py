from collections.abc import Iterator
from typing import Any

import pytest

from scenebridge.core import changes
from scenebridge.matching import index_store


def _reset() -> None:
    changes._listeners.cache_clear()
    index_store._loaded.key, index_store._loaded.index = None, None


@pytest.fixture(autouse=True)
def matching_settings(settings: Any, tmp_path: Any) -> Iterator[None]:
    """Every matching test: the tiny test embedder, its own index directory, and the change listener wired."""
    settings.MATCHING_EMBEDDER = "scenebridge.matching.tests.support.BigramEmbedder"
    settings.MATCHING_INDEX_DIR = str(tmp_path / "match-index")
    settings.SCENEBRIDGE_CHANGE_LISTENERS = ["scenebridge.matching.tasks.record_changed"]
    _reset()
    yield
    _reset()
