"""BM25 over weighted fields (a BM25F simplification), with on-disk postings and incremental add.

Each document is a bag of terms whose frequencies are the sum over its fields of
``field weight × term frequency`` (a need's title counts more than its description). The
per-(term, document) BM25 weights, idf included, are precomputed at build time and stored
as a term-major CSR (``term_ptr``, ``doc_ids``, ``weights``), so a query is a few array
slices and additions; saved as ``.npy`` files and opened memory-mapped, several processes
share one copy. Documents added later go into an in-memory delta scored with the same
statistics; a rebuild folds them in.
"""

from __future__ import annotations

import json
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from . import kernels

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class BM25Parameters:
    k1: float = 1.2
    b: float = 0.75


def weighted_bag(fields: Sequence[tuple[Sequence[str], float]]) -> Counter[str]:
    """Combine the terms of several fields, each counted ``weight`` times."""
    bag: Counter[str] = Counter()
    for terms, weight in fields:
        for term in terms:
            bag[term] += weight  # type: ignore[assignment]
    return bag


class LexicalIndex:
    def __init__(self, parameters: BM25Parameters | None = None) -> None:
        self.parameters = parameters or BM25Parameters()
        self.vocabulary: dict[str, int] = {}
        self.document_count = 0
        self.average_length = 1.0
        self.document_frequency: list[int] = []
        self._term_ptr: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._doc_ids: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self._weights: Vector = np.zeros(0, dtype=np.float32)
        self._base_count = 0
        self._delta: dict[int, list[tuple[int, float]]] = {}
        self._postings: kernels.Postings | None = None

    # building ---------------------------------------------------------------------------------
    @classmethod
    def build(cls, bags: Iterable[Mapping[str, float]], parameters: BM25Parameters | None = None) -> LexicalIndex:
        """Vectorised build: one pass collects (term, document, frequency) triples, numpy does the rest."""
        index = cls(parameters)
        term_column, doc_column, frequency_column, lengths = array("i"), array("i"), array("f"), array("d")
        for doc, bag in enumerate(bags):
            term_column.extend(index._term_id(term) for term in bag)
            doc_column.extend([doc] * len(bag))
            frequency_column.extend(bag.values())
            lengths.append(sum(bag.values()))
        terms = np.frombuffer(term_column, dtype=np.int32) if term_column else np.zeros(0, np.int32)
        docs = np.frombuffer(doc_column, dtype=np.int32) if doc_column else np.zeros(0, np.int32)
        frequencies = np.frombuffer(frequency_column, dtype=np.float32) if frequency_column else np.zeros(0, np.float32)
        length = np.frombuffer(lengths, dtype=np.float64) if lengths else np.zeros(0)
        index.document_count = index._base_count = len(length)
        index.average_length = float(length.mean()) if len(length) and length.mean() > 0 else 1.0
        vocabulary_size = len(index.vocabulary)
        document_frequency = np.bincount(terms, minlength=vocabulary_size)
        index.document_frequency = [int(value) for value in document_frequency]
        n = index.document_count
        idf = np.log(1.0 + (n - document_frequency + 0.5) / (document_frequency + 0.5))
        k1, b = index.parameters.k1, index.parameters.b
        norm = k1 * (1.0 - b + b * length[docs] / index.average_length)
        weights = idf[terms] * frequencies * (k1 + 1.0) / (frequencies + norm)
        order = np.lexsort((docs, terms))
        index._doc_ids = docs[order].astype(np.int32)
        index._weights = weights[order].astype(np.float32)
        index._term_ptr = np.concatenate([[0], np.cumsum(document_frequency)]).astype(np.int64)
        return index

    def _term_id(self, term: str) -> int:
        term_id = self.vocabulary.get(term)
        if term_id is None:
            term_id = self.vocabulary[term] = len(self.vocabulary)
            self.document_frequency.append(0)
        return term_id

    def _saturate(self, frequency: float, length: float) -> float:
        k1, b = self.parameters.k1, self.parameters.b
        norm = k1 * (1.0 - b + b * length / self.average_length)
        return frequency * (k1 + 1.0) / (frequency + norm)

    def idf(self, term_id: int) -> float:
        df = self.document_frequency[term_id] if term_id < len(self.document_frequency) else 0
        return math.log(1.0 + (self.document_count - df + 0.5) / (df + 0.5))

    def add(self, bag: Mapping[str, float]) -> int:
        """Append one document; searchable at once. Returns its position."""
        doc = self.document_count
        self.document_count += 1
        length = sum(bag.values())
        for term, frequency in bag.items():
            term_id = self._term_id(term)
            self.document_frequency[term_id] += 1
            weight = self.idf(term_id) * self._saturate(frequency, length)
            self._delta.setdefault(term_id, []).append((doc, weight))
        return doc

    # querying ---------------------------------------------------------------------------------
    @property
    def postings(self) -> kernels.Postings:
        """The saved (or built) postings, wrapped for the compiled loops; documents added since live in the delta."""
        if self._postings is None:
            self._postings = kernels.Postings(self._term_ptr, self._doc_ids, self._weights)
        return self._postings

    def _query_terms(self, query: Mapping[str, float]) -> tuple[list[tuple[int, float]], npt.NDArray[np.int64], Vector]:
        """The query's known terms as (term id, weight), and those with base postings as arrays."""
        known = [
            (term_id, weight) for term, weight in query.items() if (term_id := self.vocabulary.get(term)) is not None
        ]
        in_base = [(term_id, weight) for term_id, weight in known if term_id + 1 < len(self._term_ptr)]
        return (
            known,
            np.array([term_id for term_id, _ in in_base], dtype=np.int64),
            np.array([weight for _, weight in in_base], dtype=np.float32),
        )

    def _delta_scores(self, known: list[tuple[int, float]]) -> dict[int, float]:
        found: dict[int, float] = {}
        for term_id, query_weight in known:
            for doc, weight in self._delta.get(term_id, ()):
                found[doc] = found.get(doc, 0.0) + query_weight * weight
        return found

    def scores(self, query: Mapping[str, float], *, compiled: bool = True) -> Vector:
        """BM25 score of every document for a weighted query bag (weights scale each term)."""
        out = np.zeros(self.document_count, dtype=np.float32)  # calloc: pages no posting touches cost nothing
        known, term_ids, query_weights = self._query_terms(query)
        self.postings.accumulate(term_ids, query_weights, out, compiled=compiled)
        for doc, score in self._delta_scores(known).items():
            out[doc] += score
        return out

    def search(self, query: Mapping[str, float], count: int) -> tuple[npt.NDArray[np.int64], Vector]:
        """The exact ``count`` best documents with a positive score, unordered, and their scores.

        The saved postings are searched with MaxScore pruning (``kernels``): terms are scored in
        order of their largest possible contribution and documents that can no longer reach the
        top are dropped, so a query whose terms each occur in 100k+ documents reads a fraction of
        their postings. Documents added since the last save are scored directly.
        """
        count = min(count, self.document_count)
        known, term_ids, query_weights = self._query_terms(query)
        positions, scores = self.postings.search(term_ids, query_weights, self._base_count, count)
        delta = self._delta_scores(known)
        if not delta:
            return positions, scores
        in_base = positions < self._base_count
        positions = np.concatenate([positions[in_base], np.fromiter(delta, dtype=np.int64, count=len(delta))])
        base_scores = self.postings.scores_at(term_ids, query_weights, positions)  # base terms of added documents: 0
        scores = base_scores + np.array([delta.get(int(p), 0.0) for p in positions], dtype=np.float32)
        best = kernels.top_positive(scores, count)
        return positions[best], scores[best]

    def top(self, query: Mapping[str, float], count: int) -> npt.NDArray[np.int64]:
        """Positions of the ``count`` best documents with a positive score, in no particular order (exact)."""
        return self.search(query, count)[0]

    def scores_at(self, query: Mapping[str, float], positions: npt.NDArray[np.int64]) -> Vector:
        """Exact scores of the documents at ``positions`` (``scores(query)[positions]`` without scoring the rest)."""
        known, term_ids, query_weights = self._query_terms(query)
        positions = np.asarray(positions, dtype=np.int64)
        out = self.postings.scores_at(term_ids, query_weights, positions)
        delta = self._delta_scores(known)
        if delta:
            out += np.array([delta.get(int(p), 0.0) for p in positions], dtype=np.float32)
        return out

    def term_weight(self, term: str) -> float:
        """The idf of a term (0 when unknown): used to pick explanation terms."""
        term_id = self.vocabulary.get(term)
        return 0.0 if term_id is None else self.idf(term_id)

    # persistence ------------------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        if self._delta:
            self._fold_delta()
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "term_ptr.npy", self._term_ptr)
        np.save(directory / "doc_ids.npy", self._doc_ids)
        np.save(directory / "weights.npy", self._weights)
        meta = {
            "k1": self.parameters.k1,
            "b": self.parameters.b,
            "document_count": self.document_count,
            "average_length": self.average_length,
            "document_frequency": self.document_frequency,
            "vocabulary": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
        }
        (directory / "lexical.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, *, mmap: bool = True) -> LexicalIndex:
        meta = json.loads((directory / "lexical.json").read_text(encoding="utf-8"))
        index = cls(BM25Parameters(k1=meta["k1"], b=meta["b"]))
        index.vocabulary = {term: i for i, term in enumerate(meta["vocabulary"])}
        index.document_count = index._base_count = meta["document_count"]
        index.average_length = meta["average_length"]
        index.document_frequency = list(meta["document_frequency"])
        mode: Literal["r"] | None = "r" if mmap else None
        index._term_ptr = np.load(directory / "term_ptr.npy", mmap_mode=mode)
        index._doc_ids = np.load(directory / "doc_ids.npy", mmap_mode=mode)
        index._weights = np.load(directory / "weights.npy", mmap_mode=mode)
        return index

    def _fold_delta(self) -> None:
        """Merge the delta into the CSR arrays (done on save; weights keep their add-time idf)."""
        vocabulary_size = len(self.vocabulary)
        ptr = np.asarray(self._term_ptr)
        ptr = np.concatenate([ptr, np.full(vocabulary_size + 1 - len(ptr), ptr[-1], dtype=np.int64)])
        doc_parts: list[npt.NDArray[np.int32]] = []
        weight_parts: list[Vector] = []
        new_ptr = [0]
        for term_id in range(vocabulary_size):
            start, end = int(ptr[term_id]), int(ptr[term_id + 1])
            extra = self._delta.get(term_id, [])
            doc_parts.append(np.asarray(self._doc_ids[start:end], dtype=np.int32))
            weight_parts.append(np.asarray(self._weights[start:end], dtype=np.float32))
            if extra:
                doc_parts.append(np.array([doc for doc, _ in extra], dtype=np.int32))
                weight_parts.append(np.array([weight for _, weight in extra], dtype=np.float32))
            new_ptr.append(new_ptr[-1] + (end - start) + len(extra))
        self._term_ptr = np.array(new_ptr, dtype=np.int64)
        self._doc_ids = np.concatenate(doc_parts) if doc_parts else np.zeros(0, dtype=np.int32)
        self._weights = np.concatenate(weight_parts) if weight_parts else np.zeros(0, dtype=np.float32)
        self._base_count = self.document_count
        self._delta = {}
        self._postings = None
