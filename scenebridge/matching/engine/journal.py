"""Changes to a saved index, as an append-only journal beside it.

Saving a whole index for every new or edited item costs seconds at 100k items and minutes at
a million. Instead a writer appends each change (the record and the vectors it is indexed
with) as one line to the saved index's journal; every process holding the index applies the
lines it has not seen yet before its next search, so a change is visible everywhere within a
request. A later save folds the journal into a new full copy (``MatchIndex.save``).

One JSON object per line: ``{"kind", "record", "vector", "phrases"}``; vectors are base64
(whole-text float32, phrases float16 rows), absent for a lexical-only collection. A reader
consumes complete lines only, so a line being written is never half-applied.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .index import MatchIndex
from .records import NeedRecord, OfferRecord, Record, ResourceRecord

JOURNAL_FILE = "journal.jsonl"
RECORD_TYPES: dict[str, Any] = {"need": NeedRecord, "offer": OfferRecord, "resource": ResourceRecord}

Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Change:
    """One item's new version, with the vectors it is indexed with (None: indexed lexically)."""

    kind: str
    record: Record
    vector: Matrix | None = None
    phrases: Matrix | None = None

    def apply(self, index: MatchIndex) -> None:
        index.add(self.record, vector=self.vector, phrase_vectors=self.phrases)

    def encode(self) -> bytes:
        data: dict[str, Any] = {"kind": self.kind, "record": asdict(self.record)}
        if self.vector is not None:
            data["vector"] = _pack(np.asarray(self.vector, dtype=np.float32))
            phrases = self.phrases if self.phrases is not None else np.zeros((0, len(self.vector)))
            data["phrases"] = _pack(np.asarray(phrases, dtype=np.float16))
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

    @classmethod
    def decode(cls, line: bytes) -> Change:
        data = json.loads(line)
        kind = data["kind"]
        record = RECORD_TYPES[kind].from_mapping(data["record"])
        if "vector" not in data:
            return cls(kind, record)
        vector = _unpack(data["vector"], np.float32)
        phrases = _unpack(data["phrases"], np.float16).reshape(-1, len(vector)).astype(np.float32)
        return cls(kind, record, vector, phrases)


def _pack(array: npt.NDArray[Any]) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _unpack(text: str, dtype: Any) -> Matrix:
    return np.frombuffer(base64.b64decode(text), dtype=dtype).copy()


def append(directory: Path, changes: Iterable[Change]) -> int:
    """Append changes to the journal of the index saved in ``directory`` (one writer at a time); returns its size."""
    payload = b"".join(change.encode() for change in changes)
    descriptor = os.open(directory / JOURNAL_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        if payload:
            os.write(descriptor, payload)
            os.fsync(descriptor)
        return os.fstat(descriptor).st_size
    finally:
        os.close(descriptor)


def read_from(directory: Path, offset: int) -> tuple[list[Change], int]:
    """The complete lines after byte ``offset``, decoded, and the offset after the last of them."""
    try:
        with (directory / JOURNAL_FILE).open("rb") as handle:
            handle.seek(offset)
            data = handle.read()
    except FileNotFoundError:
        return [], offset
    complete = data.rfind(b"\n") + 1
    return [Change.decode(line) for line in _lines(data[:complete])], offset + complete


def _lines(data: bytes) -> Iterator[bytes]:
    for line in data.splitlines():
        if line.strip():
            yield line


def catch_up(index: MatchIndex, directory: Path, offset: int) -> int:
    """Apply to ``index`` (loaded from ``directory``) the journal's lines after ``offset``; returns the new offset."""
    changes, offset = read_from(directory, offset)
    for change in changes:
        change.apply(index)
    return offset
