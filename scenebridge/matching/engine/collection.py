"""One searchable collection of documents of one kind (needs, offers or resources).

Holds the documents, their lexical index, their whole-text vectors, their phrase vectors
(one per requirement or capability phrase, float16, ragged) and each item's hubness (its
mean cosine to the nearest items of the other side, for the CSLS correction).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .documents import Document
from .lexical import LexicalIndex, weighted_bag
from .text import Analyzer
from .vectors import VectorIndex

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
    """Ragged rows: the phrase vectors of item ``i`` are ``matrix[pointer[i]:pointer[i + 1]]``."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._pointer: list[int] = [0]
        self._parts: list[npt.NDArray[np.float16]] = []
        self._matrix: npt.NDArray[np.float16] = np.zeros((0, dim), dtype=np.float16)

    @classmethod
    def from_matrix(cls, matrix: npt.NDArray[np.float16], pointer: npt.NDArray[np.int64]) -> PhraseVectors:
        """Wrap prepared rows (``pointer`` has one more entry than there are items)."""
        store = cls(int(matrix.shape[1]))
        store._matrix = matrix
        store._pointer = [int(value) for value in pointer]
        return store

    def append(self, vectors: npt.NDArray[np.floating[Any]]) -> None:
        rows = np.asarray(vectors, dtype=np.float16).reshape(-1, self.dim)
        self._parts.append(rows)
        self._pointer.append(self._pointer[-1] + len(rows))

    def _whole(self) -> npt.NDArray[np.float16]:
        if self._parts:
            self._matrix = np.concatenate([np.asarray(self._matrix), *self._parts])
            self._parts = []
        return self._matrix

    def of(self, position: int) -> Matrix:
        start, end = self._pointer[position], self._pointer[position + 1]
        return np.asarray(self._whole()[start:end], dtype=np.float32)

    def gather(self, positions: npt.NDArray[np.int64]) -> tuple[Matrix, list[tuple[int, int]]]:
        """The phrase rows of several items stacked, and each item's (start, end) in the stack."""
        matrix = self._whole()
        spans = [(self._pointer[p], self._pointer[p + 1]) for p in positions]
        owners, offset = [], 0
        for start, end in spans:
            owners.append((offset, offset + end - start))
            offset += end - start
        index = np.concatenate([np.arange(start, end) for start, end in spans]) if spans else np.zeros(0, int)
        return np.asarray(matrix[index], dtype=np.float32), owners

    def save(self, directory: Path) -> None:
        np.save(directory / "phrase_vectors.npy", self._whole())
        np.save(directory / "phrase_pointer.npy", np.array(self._pointer, dtype=np.int64))

    @classmethod
    def load(cls, directory: Path, dim: int, *, mmap: bool = True) -> PhraseVectors:
        store = cls(dim)
        path = directory / "phrase_vectors.npy"
        store._matrix = np.load(path, mmap_mode="r") if mmap else np.load(path)
        store._pointer = [int(value) for value in np.load(directory / "phrase_pointer.npy")]
        return store


class Collection:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.documents: list[Document] = []
        self.positions: dict[str, int] = {}
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
        self.documents = list(documents)
        self.positions = {document.id: i for i, document in enumerate(self.documents)}
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
        self.positions[document.id] = position
        self.hubness = np.concatenate([np.asarray(self.hubness), np.zeros(1, dtype=np.float32)])
        if self.vectors is not None and vector is not None:
            self.vectors.add(vector.reshape(1, -1))
        if self.phrases is not None:
            self.phrases.append(phrase_vectors if phrase_vectors is not None else np.zeros((0, self.phrases.dim)))
        return position

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        with (directory / "documents.jsonl").open("w", encoding="utf-8") as handle:
            for document in self.documents:
                handle.write(json.dumps(asdict(document), ensure_ascii=False) + "\n")
        self.lexical.save(directory / "lexical")
        np.save(directory / "hubness.npy", np.asarray(self.hubness, dtype=np.float32))
        if self.vectors is not None:
            self.vectors.save(directory / "vectors")
        if self.phrases is not None:
            self.phrases.save(directory)

    @classmethod
    def load(cls, directory: Path, kind: str, *, mmap: bool = True) -> Collection:
        collection = cls(kind)
        with (directory / "documents.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                data = json.loads(line)
                for key in ("points", "domains", "tags"):
                    data[key] = tuple(data[key])
                collection.documents.append(Document(**data))
        collection.positions = {document.id: i for i, document in enumerate(collection.documents)}
        collection.lexical = LexicalIndex.load(directory / "lexical", mmap=mmap)
        collection.hubness = np.load(directory / "hubness.npy")
        if (directory / "vectors").exists():
            collection.vectors = VectorIndex.load(directory / "vectors", mmap=mmap)
            if (directory / "phrase_vectors.npy").exists():
                collection.phrases = PhraseVectors.load(directory, collection.vectors.dim, mmap=mmap)
        return collection
