"""The on-disk match index: generations written whole, changed through a journal, read memory-mapped by every process.

A full build saves a new generation directory and points ``state.json`` at it with an atomic rename; the files a
reader has mapped are never rewritten, only replaced by a new directory. One item's change (new, edited, closed, its
vector arrived) is appended to the current generation's journal instead (``engine.journal``): a write of a few
kilobytes whatever the index's size. Each process checks the small state file and the journal's length on each use,
maps a new generation when there is one, and applies the journal lines it has not seen yet, so a change is visible
to every process on its next request. After ``COMPACT_AFTER`` journal lines the writer folds them into a new
generation.
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
from scenebridge.matching.engine import journal as engine_journal
from scenebridge.matching.engine.journal import Change

STATE_FILE = "state.json"
KEEP_GENERATIONS = 2
#: Journal lines after which the next change saves a new generation with them folded in.
COMPACT_AFTER = 2000


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
        journal=0,
    )
    if rebuilt or "built_at" not in state:
        state["built_at"] = now
    _write_state(state)
    _remove_old_generations(root, keep=generation)
    return state


def commit_changes(index: MatchIndex, changes: list[Change]) -> dict[str, Any] | None:
    """Apply ``changes`` to ``index`` (this process's ``current_index()``) and journal them for every other process.

    Call inside ``writer_lock``. Every ``COMPACT_AFTER`` lines the journal is folded into a new generation.
    """
    state = read_state()
    if state is None or not changes:
        return state
    for change in changes:
        change.apply(index)
    entries = int(state.get("journal") or 0) + len(changes)
    if entries >= COMPACT_AFTER:
        return save_generation(index, rebuilt=False)
    directory = index_root() / state["generation"]
    size = engine_journal.append(directory, changes)
    with _loading:
        if _loaded.index is index:
            _loaded.journal_offset = size  # this copy has them already
    state.update(
        journal=entries,
        updated_at=timezone.now().isoformat(),
        sizes={kind: len(collection) for kind, collection in index.collections.items()},
    )
    _write_state(state)
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
    journal_offset: int = 0


_loaded = _Loaded()
#: Held while this process's copy changes (a new generation, journal lines) and while it is searched, so a
#: thread never searches a copy another thread is changing.
_loading = threading.RLock()


def serving() -> threading.RLock:
    """The lock to hold around a search of ``current_index()`` (threaded servers)."""
    return _loading


def current_index() -> MatchIndex | None:
    """This process's memory-mapped copy of the current generation with its journal applied (None before the first
    build).

    Loaded without an embedder: a request never embeds anything.
    """
    state = read_state()
    if state is None:
        return None
    directory = index_root() / state["generation"]
    key = (str(directory), json.dumps(state.get("weights"), sort_keys=True))
    with _loading:
        if _loaded.key != key:
            index = MatchIndex.load(directory, mmap=True)
            index.weights = stored_weights(state)
            _loaded.key, _loaded.index, _loaded.journal_offset = key, index, 0
        assert _loaded.index is not None
        _loaded.journal_offset = engine_journal.catch_up(_loaded.index, directory, _loaded.journal_offset)
        return _loaded.index
