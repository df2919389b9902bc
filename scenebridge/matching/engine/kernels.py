"""Compiled inner loops of lexical scoring (numba), with numpy equivalents as the fallback.

At a million documents a query's terms have millions of postings between them; numpy's
fancy-index addition spends ~10 ns on each, a compiled loop over postings sorted by document
~1–2 ns. The top-k selection walks the scores once with a k-sized min-heap instead of
partitioning the whole array. Both functions give the same results as their numpy
equivalents (tests compare them); when numba cannot be imported the numpy versions run.

Compilation happens on first use (about a second) and is cached on disk next to this module
(or in ``NUMBA_CACHE_DIR``), so later processes start warm.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

try:
    import numba

    COMPILED = True
    _jit: Any = numba.njit(cache=True, nogil=True)
except ImportError:  # pragma: no cover - numba is a pinned dependency; the numpy equivalents still work
    COMPILED = False

    def _jit(function: Any) -> Any:
        return function


Scores = npt.NDArray[np.float32]
Positions = npt.NDArray[np.int64]

#: MaxScore: the terms with the largest bounds are added for every document until what the others could still add
#: is at most this share of the whole query's bound; the others are looked up for the surviving documents only.
DENSE_SHARE = 0.15


def accumulate_numpy(
    term_ptr: npt.NDArray[np.int64],
    doc_ids: npt.NDArray[np.int32],
    weights: Scores,
    term_ids: Positions,
    query_weights: Scores,
    out: Scores,
) -> None:
    """``out[doc] += query weight × posting weight`` over the postings of the given terms."""
    for term_id, query_weight in zip(term_ids.tolist(), query_weights.tolist(), strict=True):
        start, end = int(term_ptr[term_id]), int(term_ptr[term_id + 1])
        if end > start:
            out[doc_ids[start:end]] += np.float32(query_weight) * weights[start:end]


def top_positive_numpy(scores: Scores, count: int) -> Positions:
    """Positions of the ``count`` highest positive scores (fewer when fewer are positive), unordered."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) <= count:
        return positive.astype(np.int64)
    best = np.argpartition(-scores[positive], count - 1)[:count]
    return positive[best].astype(np.int64)


@_jit
def _accumulate_loop(term_ptr, doc_ids, weights, term_ids, query_weights, out):  # type: ignore[no-untyped-def]
    for j in range(term_ids.shape[0]):
        term_id = term_ids[j]
        query_weight = query_weights[j]
        for i in range(term_ptr[term_id], term_ptr[term_id + 1]):
            out[doc_ids[i]] += query_weight * weights[i]


@_jit
def _top_positive_loop(scores, count):  # type: ignore[no-untyped-def]
    heap_scores = np.empty(count, np.float32)
    heap_positions = np.empty(count, np.int64)
    size = 0
    for position in range(scores.shape[0]):
        score = scores[position]
        if score <= 0:
            continue
        if size < count:  # push: sift the new entry up
            child = size
            size += 1
            while child > 0:
                parent = (child - 1) >> 1
                if heap_scores[parent] <= score:
                    break
                heap_scores[child] = heap_scores[parent]
                heap_positions[child] = heap_positions[parent]
                child = parent
            heap_scores[child] = score
            heap_positions[child] = position
        elif score > heap_scores[0]:  # replace the smallest: sift down from the root
            parent = 0
            while True:
                child = 2 * parent + 1
                if child >= count:
                    break
                if child + 1 < count and heap_scores[child + 1] < heap_scores[child]:
                    child += 1
                if heap_scores[child] >= score:
                    break
                heap_scores[parent] = heap_scores[child]
                heap_positions[parent] = heap_positions[child]
                parent = child
            heap_scores[parent] = score
            heap_positions[parent] = position
    return heap_positions[:size].copy()


@_jit
def _term_maxima_loop(term_ptr, weights):  # type: ignore[no-untyped-def]
    out = np.zeros(term_ptr.shape[0] - 1, np.float32)
    for term_id in range(out.shape[0]):
        best = np.float32(0.0)
        for i in range(term_ptr[term_id], term_ptr[term_id + 1]):
            if weights[i] > best:
                best = weights[i]
        out[term_id] = best
    return out


@_jit
def _gallop(doc_ids, cursor, end, doc):  # type: ignore[no-untyped-def]
    """The first index in [cursor, end) whose document is >= doc (exponential then binary search: the next
    alive document is usually a few postings ahead)."""
    if doc_ids[cursor] >= doc:
        return cursor
    low = cursor  # doc_ids[low] < doc
    step = 1
    high = low + 1
    while high < end and doc_ids[high] < doc:
        low = high
        step *= 2
        high = low + step
    if high > end:
        high = end
    return low + 1 + np.searchsorted(doc_ids[low + 1 : high], doc)


@_jit
def _scores_at_loop(term_ptr, doc_ids, weights, term_ids, query_weights, positions):  # type: ignore[no-untyped-def]
    """Scores of the documents at ``positions`` (ascending): each term's postings are walked forward once."""
    out = np.zeros(positions.shape[0], np.float32)
    for j in range(term_ids.shape[0]):
        start, end = term_ptr[term_ids[j]], term_ptr[term_ids[j] + 1]
        cursor = start
        for row in range(positions.shape[0]):
            if cursor >= end:
                break
            cursor = _gallop(doc_ids, cursor, end, positions[row])
            if cursor < end and doc_ids[cursor] == positions[row]:
                out[row] += query_weights[j] * weights[cursor]
    return out


@_jit
def _top_positive_of(scores, candidates, count):  # type: ignore[no-untyped-def]
    """The ``count`` candidate positions with the highest positive scores (a min-heap), unordered."""
    heap_scores = np.empty(count, np.float32)
    heap_positions = np.empty(count, np.int64)
    size = 0
    for index in range(candidates.shape[0]):
        position = candidates[index]
        score = scores[position]
        if score <= 0:
            continue
        if size < count:
            child = size
            size += 1
            while child > 0:
                parent = (child - 1) >> 1
                if heap_scores[parent] <= score:
                    break
                heap_scores[child] = heap_scores[parent]
                heap_positions[child] = heap_positions[parent]
                child = parent
            heap_scores[child] = score
            heap_positions[child] = position
        elif score > heap_scores[0]:
            parent = 0
            while True:
                child = 2 * parent + 1
                if child >= count:
                    break
                if child + 1 < count and heap_scores[child + 1] < heap_scores[child]:
                    child += 1
                if heap_scores[child] >= score:
                    break
                heap_scores[parent] = heap_scores[child]
                heap_positions[parent] = heap_positions[child]
                parent = child
            heap_scores[parent] = score
            heap_positions[parent] = position
    return heap_positions[:size].copy()


@_jit
def _complete(term_ptr, doc_ids, weights, term_ids, query_weights, documents, values, remaining, cut):  # type: ignore[no-untyped-def]
    """Add the given terms' weights to ``values`` of ascending ``documents``, dropping after each term the documents
    whose value plus ``remaining[j + 1]`` (the largest contribution the terms after it could add) is below ``cut``.
    Returns how many documents are kept (at the front of both arrays)."""
    alive = documents.shape[0]
    for j in range(term_ids.shape[0]):
        start, end = term_ptr[term_ids[j]], term_ptr[term_ids[j] + 1]
        cursor = start
        for row in range(alive):
            if cursor >= end:
                break
            cursor = _gallop(doc_ids, cursor, end, documents[row])
            if cursor < end and doc_ids[cursor] == documents[row]:
                values[row] += query_weights[j] * weights[cursor]
        kept = 0
        for row in range(alive):
            if values[row] + remaining[j + 1] >= cut:
                documents[kept] = documents[row]
                values[kept] = values[row]
                kept += 1
        alive = kept
    return alive


def compiled_available() -> bool:
    return COMPILED


def _plain(array: npt.NDArray[Any], dtype: Any) -> npt.NDArray[Any]:
    """A plain contiguous ndarray (a view of a memory-mapped file stays a view; numba types np.memmap poorly)."""
    return np.ascontiguousarray(np.asarray(array), dtype=dtype)


class Postings:
    """A term-major CSR of BM25 weights, ready for the compiled loops (``term_ptr``, ``doc_ids``, ``weights``)."""

    def __init__(self, term_ptr: npt.NDArray[Any], doc_ids: npt.NDArray[Any], weights: npt.NDArray[Any]) -> None:
        self.term_ptr = _plain(term_ptr, np.int64)
        self.doc_ids = _plain(doc_ids, np.int32)
        self.weights = _plain(weights, np.float32)
        self._maxima: Scores | None = None

    @property
    def documents(self) -> int:
        return int(self.doc_ids.max()) + 1 if len(self.doc_ids) else 0

    def term_count(self) -> int:
        return len(self.term_ptr) - 1

    def maxima(self) -> Scores:
        """Each term's largest posting weight (the MaxScore bounds), computed once."""
        if self._maxima is None:
            if COMPILED:
                self._maxima = _term_maxima_loop(self.term_ptr, self.weights)
            else:
                lengths = np.diff(self.term_ptr)
                maxima = np.zeros(len(lengths), dtype=np.float32)
                filled = lengths > 0
                if filled.any():
                    maxima[filled] = np.maximum.reduceat(self.weights, self.term_ptr[:-1][filled])
                self._maxima = maxima
        return self._maxima

    def accumulate(self, term_ids: Positions, query_weights: Scores, out: Scores, *, compiled: bool = True) -> None:
        """``out[doc] += query weight × posting weight`` over the postings of the given terms."""
        term_ids = _plain(term_ids, np.int64)
        query_weights = _plain(query_weights, np.float32)
        if COMPILED and compiled and len(term_ids):
            _accumulate_loop(self.term_ptr, self.doc_ids, self.weights, term_ids, query_weights, out)
        else:
            accumulate_numpy(self.term_ptr, self.doc_ids, self.weights, term_ids, query_weights, out)

    def scores_at(self, term_ids: Positions, query_weights: Scores, positions: Positions) -> Scores:
        """Exact scores of the documents at ``positions`` (binary search in each term's postings)."""
        term_ids = _plain(term_ids, np.int64)
        query_weights = _plain(query_weights, np.float32)
        positions = _plain(positions, np.int64)
        if COMPILED:
            order = np.argsort(positions, kind="stable")
            found = _scores_at_loop(
                self.term_ptr, self.doc_ids, self.weights, term_ids, query_weights, positions[order]
            )
            out = np.empty(len(positions), dtype=np.float32)
            out[order] = found
            return out
        out = np.zeros(len(positions), dtype=np.float32)
        for term_id, query_weight in zip(term_ids.tolist(), query_weights.tolist(), strict=True):
            docs = self.doc_ids[self.term_ptr[term_id] : self.term_ptr[term_id + 1]]
            if not len(docs):
                continue
            at = np.minimum(np.searchsorted(docs, positions), len(docs) - 1)
            hit = docs[at] == positions
            weights = self.weights[self.term_ptr[term_id] : self.term_ptr[term_id + 1]]
            out[hit] += np.float32(query_weight) * weights[at[hit]]
        return out

    def search(
        self, term_ids: Positions, query_weights: Scores, documents: int, count: int, *, sample: int = 500
    ) -> tuple[Positions, Scores]:
        """The exact ``count`` best documents with a positive score (unordered) and their scores.

        MaxScore, term at a time. Each term's bound is the most it can add to a score (query weight × its largest
        posting weight). The terms carrying the largest bounds are added for every document (their postings are
        usually the short ones); ``R`` is what the others could still add. The best few hundred documents so far are
        completed exactly, and the ``count``-th best of them, θ, is a lower bound of the answer's last score, so a
        document whose partial score plus ``R`` is below θ cannot be in the answer. Only the others get the
        remaining terms, looked up in their postings and pruned again after each term. At a million documents whose
        query terms each occur in 100k+ of them, this reads a fraction of the postings that scoring everything does.
        """
        term_ids = _plain(term_ids, np.int64)
        query_weights = _plain(query_weights, np.float32)
        if count <= 0 or not len(term_ids) or documents <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = np.zeros(documents, dtype=np.float32)
        if not COMPILED:
            accumulate_numpy(self.term_ptr, self.doc_ids, self.weights, term_ids, query_weights, scores)
            best = top_positive_numpy(scores, count)
            return best, scores[best]
        bounds = query_weights * self.maxima()[term_ids]
        order = np.argsort(-bounds, kind="stable")
        term_ids, query_weights, bounds = term_ids[order], query_weights[order], bounds[order]
        # remaining[j]: the most the terms from the j-th on can add (summed from the end: exactly 0 after the last)
        remaining = np.concatenate([np.cumsum(bounds[::-1], dtype=np.float32)[::-1], np.zeros(1, np.float32)])
        dense = 1
        while dense < len(term_ids) and remaining[dense] > DENSE_SHARE * remaining[0]:
            dense += 1
        _accumulate_loop(self.term_ptr, self.doc_ids, self.weights, term_ids[:dense], query_weights[:dense], scores)
        if dense == len(term_ids):
            best = top_positive(scores, count)
            return best, scores[best]
        rest_terms, rest_weights, rest_remaining = term_ids[dense:], query_weights[dense:], remaining[dense:]
        # θ: the count-th best exact score among the documents with the best partial scores
        picked = self._best_partial(scores, max(sample, 4 * count))
        exact = scores[picked]
        _complete(
            self.term_ptr, self.doc_ids, self.weights, rest_terms, rest_weights, picked, exact, rest_remaining, -np.inf
        )
        threshold = np.partition(exact, len(exact) - count)[len(exact) - count] if len(exact) >= count else 0
        # a slack far above float32 rounding: a document is dropped only when it certainly cannot make the answer
        cut = np.float32(threshold - 1e-4 * abs(threshold))
        if threshold <= 0 or rest_remaining[0] >= cut:  # no bound to prune with: add the other terms too
            _accumulate_loop(self.term_ptr, self.doc_ids, self.weights, rest_terms, rest_weights, scores)
            best = top_positive(scores, count)
            return best, scores[best]
        alive = np.flatnonzero(scores >= cut - rest_remaining[0]).astype(np.int64)  # all positive: the bound < cut
        values = scores[alive]
        kept = _complete(
            self.term_ptr, self.doc_ids, self.weights, rest_terms, rest_weights, alive, values, rest_remaining, cut
        )
        alive, values = alive[:kept], values[:kept]
        best = top_positive(values, count)
        return alive[best], values[best]

    @staticmethod
    def _best_partial(scores: Scores, wanted: int) -> Positions:
        """About ``wanted`` documents with the highest positive scores, ascending (a cut-off read off a 1-in-16
        subsample, then one vectorised pass; the heap when the subsample is too small to tell)."""
        stride = 16
        subsample = scores[::stride]
        rank = wanted // stride
        if rank >= 4 and len(subsample) > rank:
            cutoff = np.partition(subsample, len(subsample) - rank)[len(subsample) - rank]
            if cutoff > 0:
                picked = np.flatnonzero(scores >= cutoff)
                if len(picked) >= wanted // 2:
                    return picked.astype(np.int64)
        return np.sort(top_positive(scores, wanted))


def warm_up() -> None:
    """Compile the loops (or load them from the disk cache) so that no request waits for it."""
    if not COMPILED:
        return
    for writable in (True, False):  # built in memory, or memory-mapped read-only
        arrays = [np.array([0, 2, 3]), np.array([0, 1, 1]), np.array([1.0, 0.5, 0.25])]
        postings = Postings(*arrays)
        for array in (postings.term_ptr, postings.doc_ids, postings.weights):
            array.flags.writeable = writable
        terms, weights = np.array([0, 1]), np.array([1.0, 1.0], dtype=np.float32)
        postings.accumulate(terms, weights, np.zeros(2, dtype=np.float32))
        postings.scores_at(terms, weights, np.array([0, 1]))
        postings.search(terms, weights, 2, 1)
    top_positive(np.ones(2, dtype=np.float32), 1)


def top_positive(scores: Scores, count: int, *, compiled: bool = True) -> Positions:
    """Positions of the ``count`` highest positive scores (fewer when fewer are positive), unordered."""
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    if not (COMPILED and compiled):
        return top_positive_numpy(scores, count)
    return np.asarray(_top_positive_loop(_plain(scores, np.float32), count), dtype=np.int64)
