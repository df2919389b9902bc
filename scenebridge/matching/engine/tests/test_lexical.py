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
