"""What ranking needs of every document besides its text and vectors, as columns.

Filtering candidates (open? past its deadline?) and the structured signals (domain and tag
agreement, maturity fit) read a few fields of a few hundred candidates per query. Decoding
whole documents for that costs more than the search itself at a million offers; these
columns (a flag, a date, a level, a TRL, and domain and tag label ids) answer it with a few
array operations, and load in a fraction of a second. They give exactly what the functions
in ``structured`` give for the same documents (a test compares them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .documents import Document
from .structured import MINIMUM_TRL_BY_LEVEL, NEUTRAL, _clean, labels_related, level_key

Vector = npt.NDArray[np.float32]
Positions = npt.NDArray[np.int64]

NO_DATE = 0
UNKNOWN_TRL = -128
LEVELS = tuple(MINIMUM_TRL_BY_LEVEL)


def _deadline_ordinal(deadline: str) -> int:
    if not deadline:
        return NO_DATE
    try:
        return date.fromisoformat(deadline[:10]).toordinal()
    except ValueError:
        return NO_DATE


def _labels(labels: Iterable[str]) -> list[str]:
    """The distinct cleaned labels, in first-seen order (what ``structured._label_set`` compares)."""
    return list(dict.fromkeys(_clean(label) for label in labels if label))


class _Column:
    """A growable 1-D array: appends fill spare capacity (doubled when full), reads see the filled part.

    A loaded index's columns are plain arrays; the items a running process adds (journal lines) append to them
    in amortised constant time, and every query reads a numpy view, never a Python list turned into an array.
    """

    def __init__(self, dtype: Any, values: Any = None) -> None:
        self._data = np.asarray([] if values is None else values, dtype=dtype)
        self._size = len(self._data)

    def __len__(self) -> int:
        return self._size

    @property
    def values(self) -> npt.NDArray[Any]:
        return self._data[: self._size]

    def _reserve(self, extra: int) -> None:
        if self._size + extra > len(self._data):
            grown = np.empty(max(16, 2 * len(self._data), self._size + extra), dtype=self._data.dtype)
            grown[: self._size] = self._data[: self._size]
            self._data = grown

    def append(self, value: Any) -> None:
        self._reserve(1)
        self._data[self._size] = value
        self._size += 1

    def extend(self, values: Sequence[Any]) -> None:
        self._reserve(len(values))
        self._data[self._size : self._size + len(values)] = values
        self._size += len(values)

    def set(self, position: int, value: Any) -> None:
        if not self._data.flags.writeable:
            self._data = self._data.copy()
        self._data[position] = value


class _Ragged:
    """Label ids per document: ``ids[ptr[i]:ptr[i + 1]]``."""

    def __init__(self) -> None:
        self.ptr = _Column(np.int64, [0])
        self.ids = _Column(np.int32)

    def append(self, ids: Sequence[int]) -> None:
        self.ids.extend(ids)
        self.ptr.append(len(self.ids))

    def arrays(self) -> tuple[Positions, npt.NDArray[np.int32]]:
        return self.ptr.values, self.ids.values

    def gather(self, positions: Positions) -> tuple[npt.NDArray[np.int32], Positions, Positions]:
        """The ids of the rows at ``positions`` stacked, each id's row number, and each row's id count."""
        ptr, ids = self.arrays()
        starts, counts = ptr[positions], ptr[positions + 1] - ptr[positions]
        total = int(counts.sum())
        owner = np.repeat(np.arange(len(positions)), counts)
        offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        return ids[np.repeat(starts, counts) + offsets], owner, counts


class Facets:
    def __init__(self) -> None:
        self.active = _Column(bool)
        self.deadline = _Column(np.int32)  # NO_DATE: none
        self.trl = _Column(np.int8)  # UNKNOWN_TRL: not given
        self.level = _Column(np.int8)  # index in LEVELS, -1: none of them
        self.domains = _Ragged()
        self.tags = _Ragged()
        self.vocabulary: dict[str, int] = {}
        #: per query domain label: (vocabulary size when computed, ids of the labels related to it)
        self._related: dict[str, tuple[int, list[int]]] = {}

    def __len__(self) -> int:
        return len(self.active)

    # building ---------------------------------------------------------------------------------
    @classmethod
    def build(cls, documents: Iterable[Document]) -> Facets:
        facets = cls()
        for document in documents:
            facets.append(document)
        return facets

    def _ids(self, labels: Iterable[str]) -> list[int]:
        return [self.vocabulary.setdefault(label, len(self.vocabulary)) for label in _labels(labels)]

    def append(self, document: Document) -> None:
        self.active.append(document.active)
        self.deadline.append(_deadline_ordinal(document.deadline))
        self.trl.append(UNKNOWN_TRL if document.trl is None else max(-1, min(127, document.trl)))
        level = level_key(document.level)
        self.level.append(-1 if level is None else LEVELS.index(level))
        self.domains.append(self._ids(document.domains))
        self.tags.append(self._ids(document.tags))

    def deactivate(self, position: int) -> None:
        self.active.set(position, False)

    # querying ---------------------------------------------------------------------------------
    def open_mask(self, positions: Positions, today: date | None) -> npt.NDArray[np.bool_]:
        """Which of the documents at ``positions`` may be recommended (active, deadline not passed)."""
        active = self.active.values[positions]
        if today is None:
            return active
        deadline = self.deadline.values[positions].astype(np.int64)
        return active & ((deadline == NO_DATE) | (deadline >= today.toordinal()))

    def _related_ids(self, label: str) -> list[int]:
        """Ids of the known labels naming the same domain as ``label`` (``labels_related``). Computed once per label
        and vocabulary size: labels only ever get appended, so a cached answer stays right until new ones arrive."""
        size = len(self.vocabulary)
        cached = self._related.get(label)
        if cached is None or cached[0] != size:
            cached = (size, [i for known, i in self.vocabulary.items() if labels_related(label, known)])
            self._related[label] = cached
        return cached[1]

    def structured(self, query: Document, positions: Positions, *, query_is_need: bool) -> dict[str, Vector]:
        """Domain agreement, tag agreement and maturity fit of ``query`` with each document at ``positions``
        (``query_is_need``: the query plays the need; otherwise the documents do)."""
        domain_ids, domain_owner, domain_counts = self.domains.gather(positions)
        query_domains = _labels(query.domains)
        wanted = np.array([i for label in query_domains for i in self._related_ids(label)], dtype=np.int32)
        shared = np.bincount(domain_owner[np.isin(domain_ids, wanted)], minlength=len(positions))
        if query_domains:
            domain = np.where(domain_counts == 0, NEUTRAL, np.where(shared > 0, 1.0, 0.0))
        else:
            domain = np.full(len(positions), NEUTRAL)

        tag_ids, tag_owner, tag_counts = self.tags.gather(positions)
        query_tags = _labels(query.tags)
        wanted = np.array([self.vocabulary.get(label, -1) for label in query_tags], dtype=np.int32)
        common = np.bincount(tag_owner[np.isin(tag_ids, wanted)], minlength=len(positions))
        union = len(query_tags) + tag_counts - common
        if query_tags:
            tags = np.where(tag_counts == 0, 0.25, common / np.maximum(union, 1))
        else:
            tags = np.full(len(positions), 0.25)

        if query_is_need:
            required = MINIMUM_TRL_BY_LEVEL.get(level_key(query.level) or "")
            trl = self.trl.values[positions].astype(np.int64)
            if required is None:
                maturity = np.full(len(positions), NEUTRAL)
            else:
                fit = np.maximum(0.0, 1.0 - 0.25 * np.maximum(0, required - trl))
                maturity = np.where(trl == UNKNOWN_TRL, NEUTRAL, fit)
        else:
            minimum = np.array([*MINIMUM_TRL_BY_LEVEL.values(), 0], dtype=np.int64)  # index -1: no level
            level = self.level.values[positions].astype(np.int64)
            if query.trl is None:
                maturity = np.full(len(positions), NEUTRAL)
            else:
                fit = np.maximum(0.0, 1.0 - 0.25 * np.maximum(0, minimum[level] - query.trl))
                maturity = np.where(level < 0, NEUTRAL, fit)
        return {
            "domain": domain.astype(np.float32),
            "tags": tags.astype(np.float32),
            "maturity": maturity.astype(np.float32),
        }

    # persistence ------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        for name in ("active", "deadline", "trl", "level"):
            np.save(directory / f"{name}.npy", getattr(self, name).values)
        for name, ragged in (("domains", self.domains), ("tags", self.tags)):
            ptr, ids = ragged.arrays()
            np.save(directory / f"{name}_ptr.npy", ptr)
            np.save(directory / f"{name}_ids.npy", ids)
        labels = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (directory / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Facets:
        facets = cls()
        for name, dtype in (("active", bool), ("deadline", np.int32), ("trl", np.int8), ("level", np.int8)):
            setattr(facets, name, _Column(dtype, np.load(directory / f"{name}.npy")))
        for name in ("domains", "tags"):
            ragged: _Ragged = getattr(facets, name)
            ragged.ptr = _Column(np.int64, np.load(directory / f"{name}_ptr.npy"))
            ragged.ids = _Column(np.int32, np.load(directory / f"{name}_ids.npy"))
        labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
        facets.vocabulary = {label: i for i, label in enumerate(labels)}
        return facets
