import numpy as np

from scenebridge.matching.engine.embedding import normalise_rows
from scenebridge.matching.engine.vectors import VectorIndex


def _clustered(count: int, dim: int = 32, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, dim))
    rows = centres[rng.integers(0, 20, count)] + 0.3 * rng.normal(size=(count, dim))
    return normalise_rows(rows)


def test_exact_search_returns_the_true_nearest_first():
    # given a small index
    vectors = _clustered(300)
    index = VectorIndex.build(vectors)

    # when searching with one of its rows
    positions, scores = index.search(vectors[42], 5)

    # then that row comes first, with cosine 1, and scores descend
    assert positions[0] == 42
    assert abs(scores[0] - 1.0) < 1e-5
    assert list(scores) == sorted(scores, reverse=True)


def test_hnsw_search_agrees_with_exact_search():
    # given the same vectors behind a graph and an exact index
    vectors = _clustered(2000)
    graph = VectorIndex.build(vectors, hnsw_threshold=1000)
    exact = VectorIndex.build(vectors, hnsw_threshold=10**9)
    queries = _clustered(50, seed=8)

    # when both answer the same queries
    recalls = []
    for query in queries:
        found, _ = graph.search(query, 20)
        truth, _ = exact.search(query, 20)
        recalls.append(len(set(found) & set(truth)) / 20)

    # then the graph finds nearly all of the true top 20
    assert graph.uses_graph
    assert np.mean(recalls) >= 0.95


def test_added_vector_is_searchable_and_survives_save_and_load(tmp_path):
    # given a saved and memory-mapped index
    vectors = _clustered(1200)
    VectorIndex.build(vectors, hnsw_threshold=1000).save(tmp_path)
    index = VectorIndex.load(tmp_path)
    new = _clustered(1, seed=99)[0]

    # when a vector is added
    (position,) = index.add(new)

    # then it is found first for itself
    positions, _ = index.search(new, 3)
    assert position == 1200
    assert positions[0] == 1200
    assert np.allclose(index.rows(np.array([1200]))[0], new)


def test_row_reader_returns_the_saved_rows_in_any_order(tmp_path):
    # given a saved float16 matrix
    from scenebridge.matching.engine.vectors import RowReader

    matrix = _clustered(500).astype(np.float16)
    np.save(tmp_path / "rows.npy", matrix)
    reader = RowReader(tmp_path / "rows.npy")

    # when rows are read out of order, with runs and repeats
    positions = np.array([7, 8, 9, 499, 0, 8, 250])

    # then they are the saved rows, as float32
    rows = reader.read(positions)
    assert rows.dtype == np.float32
    assert np.array_equal(rows, matrix[positions].astype(np.float32))
    assert reader.read(np.zeros(0, dtype=np.int64)).shape == (0, 32)
