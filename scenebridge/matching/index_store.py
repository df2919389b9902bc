"""The on-disk match index: generations written whole, switched atomically, read memory-mapped by every process.

A writer (a task or a command) takes the file lock, loads the current generation into memory, changes it and saves it
as a new generation directory, then points ``state.json`` at it with an atomic rename. Readers never see a half-written
file: the files they have mapped are never rewritten, only replaced by a new directory. Each web process checks the
small state file on each use and maps the new generation when it changed.
"""

import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from scenebridge.matching.engine import FusionWeights, MatchIndex

STATE_FILE = "state.json"
KEEP_GENERATIONS = 2


def index_root() -> Path:
    configured = getattr(settings, "MATCHING_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "match-index"


def read_state() -> dict[str, Any] | None:
    try:
        return dict(json.loads((index_root() / STATE_FILE).read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):
        return None


def _write_state(state: dict[str, Any]) -> None:
    root = index_root()
    temporary = root / f".{STATE_FILE}.{os.getpid()}"
    temporary.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, root / STATE_FILE)


@contextmanager
def writer_lock() -> Iterator[None]:
    """One writer at a time across processes (workers, commands)."""
    root = index_root()
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def stored_weights(state: dict[str, Any] | None) -> FusionWeights:
    return FusionWeights.from_dict((state or {}).get("weights") or {})


def load_for_update() -> MatchIndex | None:
    """The current generation, fully in memory (call inside writer_lock)."""
    state = read_state()
    if state is None:
        return None
    index = MatchIndex.load(index_root() / state["generation"], mmap=False)
    index.weights = stored_weights(state)
    return index


def save_generation(index: MatchIndex, *, rebuilt: bool, **extra: Any) -> dict[str, Any]:
    """Save ``index`` as the new current generation (call inside writer_lock)."""
    root = index_root()
    generation = f"gen-{time.time_ns()}"
    index.save(root / generation)
    now = timezone.now().isoformat()
    state = read_state() or {}
    state.update(extra)
    state.update(
        generation=generation,
        updated_at=now,
        weights=index.weights.as_dict(),
        sizes={kind: len(collection) for kind, collection in index.collections.items()},
        vectors={kind: collection.vectors is not None for kind, collection in index.collections.items()},
    )
    if rebuilt or "built_at" not in state:
        state["built_at"] = now
    _write_state(state)
    _remove_old_generations(root, keep=generation)
    return state


def update_state(**values: Any) -> None:
    """Change the state file's metadata (e.g. new weights) without a new generation (call inside writer_lock)."""
    state = read_state()
    if state is not None:
        state.update(values)
        state["updated_at"] = timezone.now().isoformat()
        _write_state(state)


def _remove_old_generations(root: Path, keep: str) -> None:
    # Processes that mapped an older generation keep reading it: on POSIX a removed file lives on while mapped.
    generations = sorted(path for path in root.glob("gen-*") if path.is_dir() and path.name != keep)
    for path in generations[: max(0, len(generations) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(path, ignore_errors=True)


@dataclass
class _Loaded:
    key: tuple[str, str] | None = None
    index: MatchIndex | None = None


_loaded = _Loaded()
_loading = threading.Lock()


def current_index() -> MatchIndex | None:
    """This process's memory-mapped copy of the current generation (None before the first build).

    Loaded without an embedder: a request never embeds anything.
    """
    state = read_state()
    if state is None:
        return None
    key = (str(index_root() / state["generation"]), json.dumps(state.get("weights"), sort_keys=True))
    with _loading:
        if _loaded.key != key:
            index = MatchIndex.load(key[0], mmap=True)
            index.weights = stored_weights(state)
            _loaded.key, _loaded.index = key, index
        return _loaded.index
