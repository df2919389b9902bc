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
from .structured import MINIMUM_TRL_BY_LEVEL, NEUTRAL, _clean

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


class _Ragged:
    """Label ids per document: ``ids[ptr[i]:ptr[i + 1]]``, with appended rows kept in lists."""

    def __init__(self) -> None:
        self.ptr: list[int] | Positions = [0]
        self.ids: list[int] | npt.NDArray[np.int32] = []
        self._frozen: tuple[Positions, npt.NDArray[np.int32]] | None = None

    def append(self, ids: Sequence[int]) -> None:
        if not isinstance(self.ptr, list):
            self.ptr, self.ids = list(np.asarray(self.ptr).tolist()), list(np.asarray(self.ids).tolist())
        assert isinstance(self.ptr, list) and isinstance(self.ids, list)
        self.ids.extend(ids)
        self.ptr.append(self.ptr[-1] + len(ids))
        self._frozen = None

    def arrays(self) -> tuple[Positions, npt.NDArray[np.int32]]:
        if self._frozen is None:
            self._frozen = (np.asarray(self.ptr, dtype=np.int64), np.asarray(self.ids, dtype=np.int32))
        return self._frozen

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
        self.active: list[bool] | npt.NDArray[np.bool_] = []
        self.deadline: list[int] | npt.NDArray[np.int32] = []
        self.trl: list[int] | npt.NDArray[np.int8] = []  # UNKNOWN_TRL: not given
        self.level: list[int] | npt.NDArray[np.int8] = []  # index in LEVELS, -1: none of them
        self.domains = _Ragged()
        self.tags = _Ragged()
        self.vocabulary: dict[str, int] = {}

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

    def _lists(self) -> None:
        if not isinstance(self.active, list):
            self.active = np.asarray(self.active).tolist()
            self.deadline = np.asarray(self.deadline).tolist()
            self.trl = np.asarray(self.trl).tolist()
            self.level = np.asarray(self.level).tolist()

    def append(self, document: Document) -> None:
        self._lists()
        assert isinstance(self.active, list) and isinstance(self.deadline, list)
        assert isinstance(self.trl, list) and isinstance(self.level, list)
        self.active.append(document.active)
        self.deadline.append(_deadline_ordinal(document.deadline))
        self.trl.append(UNKNOWN_TRL if document.trl is None else max(-1, min(127, document.trl)))
        level = document.level.strip()
        self.level.append(LEVELS.index(level) if level in LEVELS else -1)
        self.domains.append(self._ids(document.domains))
        self.tags.append(self._ids(document.tags))

    def deactivate(self, position: int) -> None:
        self._lists()
        assert isinstance(self.active, list)
        self.active[position] = False

    # querying ---------------------------------------------------------------------------------
    def open_mask(self, positions: Positions, today: date | None) -> npt.NDArray[np.bool_]:
        """Which of the documents at ``positions`` may be recommended (active, deadline not passed)."""
        active = np.asarray(np.asarray(self.active)[positions], dtype=bool)
        if today is None:
            return active
        deadline = np.asarray(self.deadline)[positions].astype(np.int64)
        return active & ((deadline == NO_DATE) | (deadline >= today.toordinal()))

    def structured(self, query: Document, positions: Positions, *, query_is_need: bool) -> dict[str, Vector]:
        """Domain agreement, tag agreement and maturity fit of ``query`` with each document at ``positions``
        (``query_is_need``: the query plays the need; otherwise the documents do)."""
        domain_ids, domain_owner, domain_counts = self.domains.gather(positions)
        query_domains = _labels(query.domains)
        wanted = np.array([self.vocabulary.get(label, -1) for label in query_domains], dtype=np.int32)
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
            required = MINIMUM_TRL_BY_LEVEL.get(query.level.strip())
            trl = np.asarray(self.trl)[positions].astype(np.int64)
            if required is None:
                maturity = np.full(len(positions), NEUTRAL)
            else:
                fit = np.maximum(0.0, 1.0 - 0.25 * np.maximum(0, required - trl))
                maturity = np.where(trl == UNKNOWN_TRL, NEUTRAL, fit)
        else:
            minimum = np.array([*MINIMUM_TRL_BY_LEVEL.values(), 0], dtype=np.int64)  # index -1: no level
            level = np.asarray(self.level)[positions].astype(np.int64)
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
        np.save(directory / "active.npy", np.asarray(self.active, dtype=bool))
        np.save(directory / "deadline.npy", np.asarray(self.deadline, dtype=np.int32))
        np.save(directory / "trl.npy", np.asarray(self.trl, dtype=np.int8))
        np.save(directory / "level.npy", np.asarray(self.level, dtype=np.int8))
        for name, ragged in (("domains", self.domains), ("tags", self.tags)):
            ptr, ids = ragged.arrays()
            np.save(directory / f"{name}_ptr.npy", ptr)
            np.save(directory / f"{name}_ids.npy", ids)
        labels = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (directory / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Facets:
        facets = cls()
        facets.active = np.load(directory / "active.npy")
        facets.deadline = np.load(directory / "deadline.npy")
        facets.trl = np.load(directory / "trl.npy")
        facets.level = np.load(directory / "level.npy")
        for name in ("domains", "tags"):
            ragged: Any = getattr(facets, name)
            ragged.ptr = np.load(directory / f"{name}_ptr.npy")
            ragged.ids = np.load(directory / f"{name}_ids.npy")
        labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
        facets.vocabulary = {label: i for i, label in enumerate(labels)}
        return facets
