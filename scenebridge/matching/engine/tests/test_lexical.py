from collections import Counter

import numpy as np

from scenebridge.matching.engine.lexical import LexicalIndex, weighted_bag


def _bags() -> list[Counter[str]]:
    return [
        weighted_bag([(["储能", "预警"], 2.0), (["电池", "消防"], 1.0)]),
        weighted_bag([(["光伏", "清洗"], 2.0), (["储能"], 1.0)]),
        weighted_bag([(["跌倒", "检测"], 2.0), (["老人"], 1.0)]),
    ]


def test_bm25_prefers_the_document_whose_title_has_the_term():
    # given two documents with 储能, once in the title (weight 2) and once in the body
    index = LexicalIndex.build(_bags())

    # when searching for 储能
    scores = index.scores({"储能": 1.0})

    # then the title match scores higher and the unrelated document scores zero
    assert scores[0] > scores[1] > 0
    assert scores[2] == 0


def test_added_document_is_searchable_at_once():
    # given a built index
    index = LexicalIndex.build(_bags())

    # when a document is added
    position = index.add(weighted_bag([(["氢能", "加氢站"], 2.0)]))

    # then it is found immediately
    scores = index.scores({"加氢站": 1.0})
    assert position == 3
    assert int(np.argmax(scores)) == 3


def test_save_and_load_memory_mapped_keeps_scores(tmp_path):
    # given an index with a delta document
    index = LexicalIndex.build(_bags())
    index.add(weighted_bag([(["氢能"], 1.0)]))
    before = index.scores({"储能": 1.0, "氢能": 1.0})

    # when it is saved and loaded memory-mapped
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path, mmap=True)

    # then it scores the same
    assert np.allclose(loaded.scores({"储能": 1.0, "氢能": 1.0}), before)
    assert isinstance(loaded._weights, np.memmap)


def _random_index(seed: int, documents: int = 2000) -> tuple[LexicalIndex, list[dict[str, float]]]:
    rng = np.random.default_rng(seed)
    bags = [
        Counter({f"t{int(rng.zipf(1.4)) % 400}": float(rng.integers(1, 4)) for _ in range(int(rng.integers(1, 12)))})
        for _ in range(documents)
    ]
    queries = [{f"t{int(rng.zipf(1.4)) % 400}": float(rng.random() + 0.5) for _ in range(6)} for _ in range(30)]
    return LexicalIndex.build(bags), queries


def test_compiled_scoring_equals_numpy_scoring_with_added_and_loaded_documents(tmp_path):
    # given a random Zipfian index, saved and loaded memory-mapped, with documents added after loading
    built, queries = _random_index(3)
    built.save(tmp_path / "lexical")
    index = LexicalIndex.load(tmp_path / "lexical")
    index.add(weighted_bag([(["t1", "t2", "新词"], 2.0)]))
    queries.append({"新词": 1.0, "t1": 0.5, "没有的词": 3.0})

    for query in queries:
        # when every document is scored by the compiled loop and by numpy
        compiled = index.scores(query)
        plain = index.scores(query, compiled=False)

        # then the scores agree, the added document included
        assert np.allclose(compiled, plain, rtol=1e-5, atol=1e-6)
    assert index.scores({"新词": 1.0})[-1] > 0


def test_top_positive_is_the_exact_top_k_of_the_positive_scores():
    from scenebridge.matching.engine import kernels

    index, queries = _random_index(4)
    for query in queries:
        scores = index.scores(query)
        positive = int((scores > 0).sum())
        for count in (1, 10, 100, positive + 5):
            # when the best documents are selected by the heap and by partitioning
            compiled = kernels.top_positive(scores, count)
            plain = kernels.top_positive(scores, count, compiled=False)

            # then both hold the same scores (ties may pick different documents), all positive,
            # and nothing left out scores higher than what was kept
            assert len(compiled) == len(plain) == min(count, positive)
            assert np.allclose(np.sort(scores[compiled]), np.sort(scores[plain]))
            assert (scores[compiled] > 0).all()
            if len(compiled):
                left_out = np.setdiff1d(np.arange(len(scores)), compiled)
                assert scores[left_out].max(initial=0) <= scores[compiled].min()
    assert len(kernels.top_positive(np.zeros(10, dtype=np.float32), 5)) == 0


def test_top_finds_a_document_added_after_loading(tmp_path):
    # given an index saved and loaded memory-mapped
    bags = [Counter({f"t{i % 9}": 1.0, f"u{i % 5}": 1.0}) for i in range(300)]
    LexicalIndex.build(bags).save(tmp_path / "lexical")
    index = LexicalIndex.load(tmp_path / "lexical")

    # when a document is added with a new term and a common one
    position = index.add(weighted_bag([(["加氢站", "t1"], 2.0)]))

    # then it is the best document at once
    top = index.top({"加氢站": 1.0, "t1": 1.0}, 5)
    assert position in top.tolist()
    assert int(np.argmax(index.scores({"加氢站": 1.0, "t1": 1.0}))) == position


def _flat_index(seed: int, documents: int = 3000) -> tuple[LexicalIndex, list[dict[str, float]]]:
    """A small vocabulary every document uses (each term in a large share of documents): pruning has to work."""
    rng = np.random.default_rng(seed)
    bags = [
        Counter({f"w{int(rng.integers(0, 30))}": float(rng.integers(1, 5)) for _ in range(int(rng.integers(3, 15)))})
        for _ in range(documents)
    ]
    queries = [{f"w{int(rng.integers(0, 30))}": float(rng.integers(1, 3)) for _ in range(12)} for _ in range(30)]
    return LexicalIndex.build(bags), queries


def test_search_with_pruning_is_exact_on_flat_and_zipfian_vocabularies(tmp_path):
    for seed, make in ((1, _flat_index), (2, _flat_index), (5, _random_index), (6, _random_index)):
        # given an index (saved and loaded memory-mapped, plus two documents added after loading)
        built, queries = make(seed)
        built.save(tmp_path / f"lexical{seed}")
        index = LexicalIndex.load(tmp_path / f"lexical{seed}")
        index.add(Counter({"w1": 9.0, "w2": 9.0, "t1": 9.0}))
        index.add(Counter({"新词": 1.0}))
        queries.append({"新词": 1.0, "w1": 1.0})
        for query in queries:
            exact = index.scores(query, compiled=False)
            positive = int((exact > 0).sum())
            for count in (1, 20, 100):
                # when the best documents are searched with MaxScore pruning
                positions, scores = index.search(query, count)

                # then they are exactly the best (the same scores as scoring everything), with exact scores
                assert len(positions) == min(count, positive)
                assert np.allclose(scores, exact[positions], rtol=1e-5, atol=1e-5)
                expected = np.sort(exact[exact > 0])[::-1][:count]
                assert np.allclose(np.sort(scores)[::-1], expected, rtol=1e-5, atol=1e-5)
            # and the scores of any positions are exact
            some = np.arange(0, index.document_count, 37)
            assert np.allclose(index.scores_at(query, some), exact[some], rtol=1e-5, atol=1e-5)
