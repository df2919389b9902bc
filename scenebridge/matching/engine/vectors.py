"""Vector search: exact numpy for small indexes, HNSW (hnswlib) for large ones.

Vectors are L2-normalised float32 rows, so inner product is cosine. The matrix is saved as
``vectors.npy`` and opened memory-mapped; the HNSW graph is saved beside it. Rows added after
a build live in an in-memory tail (and in the graph, which hnswlib grows in place), so an
added item is searchable as soon as its vector exists.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]
Ids = npt.NDArray[np.int64]

#: Below this many rows a brute-force matrix product is as fast as a graph and exact.
HNSW_THRESHOLD = 50_000
#: HNSW graph: links per node and build breadth. At 1M synthetic offers (bench/matching.py, 2026-12-04) M=16 with
#: ef_construction=100 reached recall@20 0.934 at ef=400 (3 of 200 queries found none of their true neighbours:
#: poorly linked regions); two builds with M=24 and ef_construction=200 reached 0.967 and 0.998 at ef=200, and
#: 0.987 and 0.998 at ef=400. They build ~15 % slower and add 64 MB of links per million items.
HNSW_M = 24
HNSW_EF_CONSTRUCTION = 200
#: HNSW search breadth (a query-time setting: an index saved with a lower value is searched with at least this one):
#: 400 costs ~0.5 ms a query more than 200 at 1M and keeps the unlucky build above 0.95.
EF_SEARCH = 400


class RowReader:
    """Reads chosen rows of a saved 2-D ``.npy`` file with positioned reads (``os.pread``).

    The serving path needs a few hundred rows per query (the candidates). Touching them
    through a memory map would map whole large folios of the page cache into every web
    process (its resident size grows towards the file size); positioned reads go through the
    same shared page cache and leave nothing resident in the process.
    """

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as handle:
            version = np.lib.format.read_magic(handle)
            read_header = (
                np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            )
            shape, fortran, dtype = read_header(handle)
            self.offset = handle.tell()
        if fortran or len(shape) != 2:
            raise ValueError(f"{path}: not a C-ordered matrix")
        self.rows_count, self.dim = int(shape[0]), int(shape[1])
        self.dtype = np.dtype(dtype)
        self.row_bytes = self.dim * self.dtype.itemsize
        self._fd = os.open(path, os.O_RDONLY)

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def read(self, positions: npt.NDArray[np.integer[Any]]) -> Matrix:
        """The rows at ``positions`` (any order, repeats allowed) as float32."""
        positions = np.asarray(positions, dtype=np.int64)
        out = np.empty((len(positions), self.dim), dtype=np.float32)
        if not len(positions):
            return out
        order = np.argsort(positions, kind="stable")
        ordered = positions[order]
        # one positioned read per run of consecutive rows (a candidate's phrases are contiguous), straight into
        # the buffer; a repeated row is read once and copied
        unique = np.unique(ordered)
        buffer = np.empty((len(unique), self.dim), dtype=self.dtype)
        view = memoryview(buffer.data).cast("B")
        breaks = np.flatnonzero(np.diff(unique) != 1) + 1
        starts = [0, *breaks.tolist()]
        ends = [*breaks.tolist(), len(unique)]
        row_bytes, offset, descriptor = self.row_bytes, self.offset, self._fd
        for start, end in zip(starts, ends, strict=True):
            os.preadv(descriptor, [view[start * row_bytes : end * row_bytes]], offset + int(unique[start]) * row_bytes)
        rows = buffer if len(unique) == len(ordered) else buffer[np.searchsorted(unique, ordered)]
        out[order] = rows
        return out

    def _read_run(self, first: int, count: int) -> npt.NDArray[Any]:
        data = os.pread(self._fd, count * self.row_bytes, self.offset + first * self.row_bytes)
        return np.frombuffer(data, dtype=self.dtype).reshape(count, self.dim)


class VectorIndex:
    def __init__(self, dim: int, *, hnsw_threshold: int = HNSW_THRESHOLD, ef_search: int = EF_SEARCH) -> None:
        self.dim = dim
        self.hnsw_threshold = hnsw_threshold
        self.ef_search = ef_search
        self._base: Matrix = np.zeros((0, dim), dtype=np.float32)
        self._tail: list[Matrix] = []
        self._tail_matrix: Matrix | None = None
        self._graph: Any = None
        self._reader: RowReader | None = None  # positioned reads of the saved rows (loaded indexes)

    def __len__(self) -> int:
        return len(self._base) + sum(len(part) for part in self._tail)

    @classmethod
    def build(cls, vectors: Matrix, **options: Any) -> VectorIndex:
        index = cls(int(vectors.shape[1]), **options)
        index._base = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) >= index.hnsw_threshold:
            index._graph = index._build_graph(index._base)
        return index

    def _build_graph(self, vectors: Matrix) -> Any:
        import hnswlib

        graph = hnswlib.Index(space="ip", dim=self.dim)
        graph.init_index(
            max_elements=max(len(vectors), 1) * 5 // 4 + 1024, ef_construction=HNSW_EF_CONSTRUCTION, M=HNSW_M
        )
        graph.add_items(vectors, np.arange(len(vectors)))
        graph.set_ef(self.ef_search)
        return graph

    @property
    def uses_graph(self) -> bool:
        return self._graph is not None

    def add(self, vectors: Matrix) -> list[int]:
        """Append rows; returns their positions. Searchable immediately."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        start = len(self)
        positions = list(range(start, start + len(vectors)))
        self._tail.append(vectors)
        self._tail_matrix = None
        if self._graph is not None:
            needed = start + len(vectors)
            if needed > self._graph.get_max_elements():
                self._graph.resize_index(needed * 5 // 4 + 1024)
            self._graph.add_items(vectors, np.array(positions))
        return positions

    def rows(self, positions: npt.NDArray[np.integer[Any]]) -> Matrix:
        """The stored vectors at ``positions`` (base or tail)."""
        positions = np.asarray(positions, dtype=np.int64)
        base_count = len(self._base)
        base = self._reader.read if self._reader is not None else (lambda rows: self._base[rows])
        if not self._tail or (len(positions) and positions.max() < base_count):
            return np.asarray(base(positions), dtype=np.float32)
        tail = self._tail_rows()
        whole = np.zeros((len(positions), self.dim), dtype=np.float32)
        in_base = positions < base_count
        whole[in_base] = base(positions[in_base])
        whole[~in_base] = tail[positions[~in_base] - base_count]
        return whole

    def _tail_rows(self) -> Matrix:
        if self._tail_matrix is None:
            parts = self._tail or [np.zeros((0, self.dim), dtype=np.float32)]
            self._tail_matrix = np.concatenate(parts)
        return self._tail_matrix

    def similarities(self, query: Matrix) -> Matrix:
        """Exact cosine to every row (the small-index path and the benchmark baseline)."""
        query = np.asarray(query, dtype=np.float32).reshape(self.dim)
        scores = self._base @ query
        if self._tail:
            scores = np.concatenate([scores, self._tail_rows() @ query])
        return np.asarray(scores, dtype=np.float32)

    def search(self, query: Matrix, k: int) -> tuple[Ids, Matrix]:
        """Top-``k`` positions and cosines, best first."""
        total = len(self)
        k = min(k, total)
        if k == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if self._graph is None:
            scores = self.similarities(query)
            top = np.argpartition(-scores, k - 1)[:k]
            top = top[np.argsort(-scores[top], kind="stable")]
            return top.astype(np.int64), scores[top]
        self._graph.set_ef(max(self.ef_search, k))
        labels, distances = self._graph.knn_query(np.asarray(query, dtype=np.float32).reshape(1, -1), k=k)
        return labels[0].astype(np.int64), (1.0 - distances[0]).astype(np.float32)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        whole = np.concatenate([np.asarray(self._base), self._tail_rows()]) if self._tail else self._base
        np.save(directory / "vectors.npy", np.asarray(whole, dtype=np.float32))
        if self._graph is not None:
            self._graph.save_index(str(directory / "hnsw.bin"))
        meta = {"dim": self.dim, "hnsw_threshold": self.hnsw_threshold, "ef_search": self.ef_search}
        (directory / "vectors.json").write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, *, mmap: bool = True) -> VectorIndex:
        meta = json.loads((directory / "vectors.json").read_text(encoding="utf-8"))
        index = cls(meta["dim"], hnsw_threshold=meta["hnsw_threshold"], ef_search=max(meta["ef_search"], EF_SEARCH))
        index._base = np.load(directory / "vectors.npy", mmap_mode="r") if mmap else np.load(directory / "vectors.npy")
        if mmap:
            index._reader = RowReader(directory / "vectors.npy")
        graph_path = directory / "hnsw.bin"
        if graph_path.exists():
            import hnswlib

            graph = hnswlib.Index(space="ip", dim=index.dim)
            graph.load_index(str(graph_path), max_elements=len(index._base) * 5 // 4 + 1024)
            graph.set_ef(index.ef_search)
            index._graph = graph
        return index
