"""One searchable collection of documents of one kind (needs, offers or resources).

Holds the documents, their lexical index, their whole-text vectors, their phrase vectors
(one per requirement or capability phrase, float16, ragged) and each item's hubness (its
mean cosine to the nearest items of the other side, for the CSLS correction).
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .documents import Document
from .facets import Facets
from .lexical import LexicalIndex, weighted_bag
from .text import Analyzer
from .vectors import RowReader, VectorIndex

Matrix = npt.NDArray[np.float32]

#: How much each field counts in the lexical bag (a BM25F simplification). The title is the
#: item's own summary; cases and terms are background.
FIELD_WEIGHTS = {"title": 1.5, "body": 1.0, "points": 1.0, "extra": 0.5, "labels": 1.0}


def document_bag(document: Document, analyzer: Analyzer) -> Counter[str]:
    return weighted_bag(
        [
            (analyzer.terms(document.title), FIELD_WEIGHTS["title"]),
            (analyzer.terms(document.body), FIELD_WEIGHTS["body"]),
            (analyzer.terms("；".join(document.points)), FIELD_WEIGHTS["points"]),
            (analyzer.terms(document.extra), FIELD_WEIGHTS["extra"]),
            (analyzer.labels((*document.domains, *document.tags)), FIELD_WEIGHTS["labels"]),
        ]
    )


class PhraseVectors:
    """Ragged rows: the phrase vectors of item ``i`` are ``matrix[pointer[i]:pointer[i + 1]]``.

    The saved rows stay memory-mapped (the base); rows appended later live in a small tail,
    so an incremental add never copies the base (2 GB of float16 at a million offers).
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._pointer: list[int] = [0]
        self._base: npt.NDArray[np.float16] = np.zeros((0, dim), dtype=np.float16)
        self._parts: list[npt.NDArray[np.float16]] = []
        self._tail: npt.NDArray[np.float16] | None = None
        self._reader: RowReader | None = None  # positioned reads of the saved rows (loaded stores)

    @classmethod
    def from_matrix(cls, matrix: npt.NDArray[np.float16], pointer: npt.NDArray[np.int64]) -> PhraseVectors:
        """Wrap prepared rows (``pointer`` has one more entry than there are items)."""
        store = cls(int(matrix.shape[1]))
        store._base = matrix
        store._pointer = np.asarray(pointer, dtype=np.int64).tolist()
        return store

    def append(self, vectors: npt.NDArray[np.floating[Any]]) -> None:
        rows = np.asarray(vectors, dtype=np.float16).reshape(-1, self.dim)
        self._parts.append(rows)
        self._tail = None
        self._pointer.append(self._pointer[-1] + len(rows))

    def _tail_rows(self) -> npt.NDArray[np.float16]:
        if self._tail is None:
            self._tail = np.concatenate(self._parts) if self._parts else np.zeros((0, self.dim), dtype=np.float16)
        return self._tail

    def _rows(self, index: npt.NDArray[np.int64]) -> Matrix:
        base_count = len(self._base)
        base = self._reader.read if self._reader is not None else (lambda rows: self._base[rows])
        if not self._parts or not len(index) or index.max() < base_count:
            return np.asarray(base(index), dtype=np.float32)
        out = np.zeros((len(index), self.dim), dtype=np.float32)
        in_base = index < base_count
        out[in_base] = base(index[in_base])
        out[~in_base] = self._tail_rows()[index[~in_base] - base_count]
        return out

    def _whole(self) -> npt.NDArray[np.float16]:
        if not self._parts:
            return np.asarray(self._base)
        return np.concatenate([np.asarray(self._base), self._tail_rows()])

    def of(self, position: int) -> Matrix:
        start, end = self._pointer[position], self._pointer[position + 1]
        return self._rows(np.arange(start, end, dtype=np.int64))

    def gather(self, positions: npt.NDArray[np.int64]) -> tuple[Matrix, list[tuple[int, int]]]:
        """The phrase rows of several items stacked, and each item's (start, end) in the stack."""
        spans = [(self._pointer[p], self._pointer[p + 1]) for p in positions]
        owners, offset = [], 0
        for start, end in spans:
            owners.append((offset, offset + end - start))
            offset += end - start
        index = (
            np.concatenate([np.arange(start, end) for start, end in spans]).astype(np.int64)
            if spans
            else np.zeros(0, np.int64)
        )
        return self._rows(index), owners

    def save(self, directory: Path) -> None:
        np.save(directory / "phrase_vectors.npy", self._whole())
        np.save(directory / "phrase_pointer.npy", np.array(self._pointer, dtype=np.int64))

    @classmethod
    def load(cls, directory: Path, dim: int, *, mmap: bool = True) -> PhraseVectors:
        store = cls(dim)
        path = directory / "phrase_vectors.npy"
        store._base = np.load(path, mmap_mode="r") if mmap else np.load(path)
        if mmap:
            store._reader = RowReader(path)
        store._pointer = np.load(directory / "phrase_pointer.npy").tolist()
        return store


class DocumentStore:
    """The documents of a collection, as a list, without holding a saved index in memory.

    Built or added documents are plain objects. A loaded collection keeps its documents in
    ``documents.jsonl`` memory-mapped, with a byte offset per line, and decodes a document
    only when it is read (the candidates of a query, a few hundred): loading a million offers
    takes a fraction of a second and costs no resident memory for their texts (lines are read
    with ``os.pread``: the page cache is shared, nothing stays mapped in the process). Replaced
    entries (an edited item withdrawn) and appended ones live in memory.
    """

    _CACHE_LIMIT = 16_384

    def __init__(self, documents: Iterable[Document] = ()) -> None:
        self._fd: int | None = None  # documents.jsonl, read line by line with os.pread
        self._offsets: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._base_count = 0
        self._replaced: dict[int, Document] = {}
        self._cache: dict[int, Document] = {}
        self._added: list[Document] = list(documents)

    def __len__(self) -> int:
        return self._base_count + len(self._added)

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)  # type: ignore[arg-type]

    def __getitem__(self, position: int) -> Document:
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        if position >= self._base_count:
            return self._added[position - self._base_count]
        replaced = self._replaced.get(position)
        if replaced is not None:
            return replaced
        cached = self._cache.get(position)
        if cached is None:
            start, end = int(self._offsets[position]), int(self._offsets[position + 1])
            assert self._fd is not None
            cached = _decode_document(os.pread(self._fd, end - start, start))
            if len(self._cache) >= self._CACHE_LIMIT:
                self._cache.clear()
            self._cache[position] = cached
        return cached

    def __setitem__(self, position: int, document: Document) -> None:
        if position < 0:
            position += len(self)
        if position >= self._base_count:
            self._added[position - self._base_count] = document
        else:
            self._replaced[position] = document
            self._cache.pop(position, None)

    def __iter__(self) -> Iterator[Document]:
        for position in range(len(self)):
            yield self[position]

    def append(self, document: Document) -> None:
        self._added.append(document)

    def ids(self) -> list[str]:
        return [document.id for document in self]

    def save(self, directory: Path) -> None:
        offsets = [0]
        with (directory / "documents.jsonl").open("wb") as handle:
            for document in self:
                line = (json.dumps(asdict(document), ensure_ascii=False) + "\n").encode("utf-8")
                handle.write(line)
                offsets.append(offsets[-1] + len(line))
        np.save(directory / "documents_offsets.npy", np.array(offsets, dtype=np.int64))

    @classmethod
    def load(cls, directory: Path) -> DocumentStore:
        store = cls()
        path = directory / "documents.jsonl"
        if not path.stat().st_size:
            return store
        store._fd = os.open(path, os.O_RDONLY)
        offsets_path = directory / "documents_offsets.npy"
        if offsets_path.exists():
            store._offsets = np.load(offsets_path)
        else:  # an index saved before offsets were written: find the line ends once
            with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as whole:
                ends = np.flatnonzero(np.frombuffer(whole, dtype=np.uint8) == 10) + 1
            store._offsets = np.concatenate([[0], ends]).astype(np.int64)
        store._base_count = len(store._offsets) - 1
        return store


def _decode_document(line: bytes) -> Document:
    data = json.loads(line)
    for key in ("points", "domains", "tags"):
        data[key] = tuple(data[key])
    return Document(**data)


class Collection:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.documents: DocumentStore = DocumentStore()
        self.positions: dict[str, int] = {}
        self.ids: list[str] = []  # by position (an edited item's old version keeps its id, inactive)
        self.facets = Facets()
        self.lexical = LexicalIndex()
        self.vectors: VectorIndex | None = None
        self.phrases: PhraseVectors | None = None
        self.hubness: Matrix = np.zeros(0, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.documents)

    def build(
        self,
        documents: list[Document],
        analyzer: Analyzer,
        vectors: Matrix | None = None,
        phrase_vectors: list[Matrix] | None = None,
        **vector_options: Any,
    ) -> None:
        self.documents = DocumentStore(documents)
        self.ids = [document.id for document in documents]
        self.positions = {document_id: i for i, document_id in enumerate(self.ids)}
        self.facets = Facets.build(documents)
        self.lexical = LexicalIndex.build(document_bag(document, analyzer) for document in self.documents)
        self.hubness = np.zeros(len(self.documents), dtype=np.float32)
        if vectors is not None:
            self.vectors = VectorIndex.build(vectors, **vector_options)
        if phrase_vectors is not None and vectors is not None:
            self.phrases = PhraseVectors(int(vectors.shape[1]))
            for rows in phrase_vectors:
                self.phrases.append(rows)

    def add(
        self,
        document: Document,
        analyzer: Analyzer,
        vector: Matrix | None = None,
        phrase_vectors: Matrix | None = None,
    ) -> int:
        """Append a new document (an edited one is withdrawn and re-added by the caller)."""
        position = self.lexical.add(document_bag(document, analyzer))
        self.documents.append(document)
        self.ids.append(document.id)
        self.facets.append(document)
        self.positions[document.id] = position
        self.hubness = np.concatenate([np.asarray(self.hubness), np.zeros(1, dtype=np.float32)])
        if self.vectors is not None and vector is not None:
            self.vectors.add(vector.reshape(1, -1))
        if self.phrases is not None:
            self.phrases.append(phrase_vectors if phrase_vectors is not None else np.zeros((0, self.phrases.dim)))
        return position

    def deactivate(self, position: int) -> None:
        """The document at ``position`` is no longer recommended (an edited item's old version, a closed one)."""
        stale = self.documents[position]
        self.documents[position] = Document(
            **{**{name: getattr(stale, name) for name in Document.__slots__}, "active": False}
        )
        self.facets.deactivate(position)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.documents.save(directory)
        (directory / "ids.json").write_text(json.dumps(self.ids, ensure_ascii=False), encoding="utf-8")
        self.facets.save(directory / "facets")
        self.lexical.save(directory / "lexical")
        np.save(directory / "hubness.npy", np.asarray(self.hubness, dtype=np.float32))
        if self.vectors is not None:
            self.vectors.save(directory / "vectors")
        if self.phrases is not None:
            self.phrases.save(directory)

    @classmethod
    def load(cls, directory: Path, kind: str, *, mmap: bool = True) -> Collection:
        collection = cls(kind)
        collection.documents = DocumentStore.load(directory)
        ids_path = directory / "ids.json"
        ids = json.loads(ids_path.read_text(encoding="utf-8")) if ids_path.exists() else collection.documents.ids()
        # an edited item appears twice (the withdrawn old version first): the last one wins
        collection.ids = ids
        collection.positions = {document_id: i for i, document_id in enumerate(ids)}
        # an index saved before facets existed: read them off the documents once
        facets = directory / "facets"
        collection.facets = Facets.load(facets) if facets.exists() else Facets.build(collection.documents)
        collection.lexical = LexicalIndex.load(directory / "lexical", mmap=mmap)
        collection.hubness = np.load(directory / "hubness.npy")
        if (directory / "vectors").exists():
            collection.vectors = VectorIndex.load(directory / "vectors", mmap=mmap)
            if (directory / "phrase_vectors.npy").exists():
                collection.phrases = PhraseVectors.load(directory, collection.vectors.dim, mmap=mmap)
        return collection
