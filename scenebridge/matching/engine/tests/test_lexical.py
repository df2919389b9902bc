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


def test_champion_lists_keep_exact_scores_and_find_the_best_documents(monkeypatch):
    # given a large-collection index (thresholds lowered) where one document holds every query term
    from scenebridge.matching.engine import lexical

    monkeypatch.setattr(lexical, "CHAMPION_THRESHOLD", 100)
    monkeypatch.setattr(lexical, "CHAMPIONS", 20)
    rng = np.random.default_rng(5)
    bags = [Counter({f"t{int(rng.integers(0, 12))}": 1.0 for _ in range(4)}) for _ in range(500)]
    bags[321] = Counter({"t1": 3.0, "t2": 3.0, "t3": 3.0})
    index = LexicalIndex.build(bags)
    query = {"t1": 1.0, "t2": 1.0, "t3": 1.0}

    # when candidates come from champion lists and the candidates are scored
    top = index.top(query, 10)
    exact = index.scores(query)

    # then the best document is found, and the candidates' scores equal full scoring
    assert index.uses_champions
    assert 321 in top.tolist()
    assert np.allclose(index.scores_at(query, top), exact[top])
    positions = np.arange(0, 500, 7)
    assert np.allclose(index.scores_at(query, positions), exact[positions])


def test_champion_lists_survive_save_load_and_see_added_documents(monkeypatch, tmp_path):
    # given a large-collection index saved and loaded memory-mapped
    from scenebridge.matching.engine import lexical

    monkeypatch.setattr(lexical, "CHAMPION_THRESHOLD", 100)
    monkeypatch.setattr(lexical, "CHAMPIONS", 20)
    bags = [Counter({f"t{i % 9}": 1.0, f"u{i % 5}": 1.0}) for i in range(300)]
    LexicalIndex.build(bags).save(tmp_path / "lexical")
    index = LexicalIndex.load(tmp_path / "lexical")

    # when a document is added with a new term and a common one
    position = index.add(weighted_bag([(["加氢站", "t1"], 2.0)]))

    # then it is a candidate at once, with its exact score
    top = index.top({"加氢站": 1.0, "t1": 1.0}, 5)
    assert position in top.tolist()
    exact = index.scores({"加氢站": 1.0, "t1": 1.0})
    assert np.allclose(index.scores_at({"加氢站": 1.0, "t1": 1.0}, top), exact[top])
