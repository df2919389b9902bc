import dataclasses
from datetime import date

import numpy as np

from scenebridge.matching.engine.index import LIVE_QUERY_CHARS, MatchIndex
from scenebridge.matching.engine.text import normalise

from .conftest import make_needs, make_offers, make_resources


def _index(embedder, **changes):
    needs, offers = make_needs(), make_offers()
    return MatchIndex.build([*needs, *offers, *make_resources()], embedder=embedder, **changes)


def test_need_finds_the_offer_that_solves_it(embedder):
    # given an index of needs, offers and resources
    index = _index(embedder)

    # when each need asks for offers
    firsts = {need: index.recommend_offers(need, top=3)[0].id for need in ("N1", "N2", "N3")}

    # then the solving offer comes first
    assert firsts == {"N1": "F1", "N2": "F2", "N3": "F3"}


def test_offer_finds_the_need_it_serves(embedder):
    # given the same index
    index = _index(embedder)

    # when offers ask for needs (适合您的场景)
    firsts = {offer: index.recommend_needs(offer, top=3)[0].id for offer in ("F1", "F2", "F3")}

    # then each finds its need
    assert firsts == {"F1": "N1", "F2": "N2", "F3": "N3"}


def test_need_finds_resources_and_similar_needs(embedder):
    # given the index
    index = _index(embedder)

    # when the storage need asks for resources and for similar needs
    resources = index.recommend_resources("N1", top=2)
    similar = index.similar_needs("N1", top=2)

    # then the battery data set comes first, and the need never finds itself
    assert resources[0].id == "R1"
    assert "N1" not in [match.id for match in similar]
    assert similar[0].id == "N2"  # same domain


def test_abbreviation_in_offer_matches_full_term_in_need_without_vectors():
    # given a lexical-only index (no embedding model could load)
    index = _index(None)

    # when the inspection need asks for offers
    matches = index.recommend_offers("N2", top=2)

    # then the offer written with UAV/BDS is found
    assert matches[0].id == "F2"
    assert matches[0].explanation is not None
    assert matches[0].explanation.semantic_closeness == "未知"


def test_moving_an_offer_to_another_province_leaves_its_rank_unchanged(embedder):
    # given the ranking for a need, and the same offer moved from 江苏 to the need's own province
    before = [match.id for match in _index(embedder).recommend_offers("N1", top=5)]
    offers = [dataclasses.replace(o, region="山东省德州市") if o.id == "F5" else o for o in make_offers()]
    moved = MatchIndex.build([*make_needs(), *offers], embedder=embedder)

    # when the need asks again
    after = [match.id for match in moved.recommend_offers("N1", top=5)]
    scores_before = {m.id: m.score for m in _index(embedder).recommend_offers("N1", top=5)}
    scores_after = {m.id: m.score for m in moved.recommend_offers("N1", top=5)}

    # then no rank and no score changed: region is not a signal (no local protectionism)
    assert before == after
    assert scores_before == scores_after


def test_closed_withdrawn_confidential_and_expired_items_are_never_recommended(embedder):
    # given the solving offer closed, another withdrawn, another confidential, and an expired need
    offers = make_offers()
    offers[0] = dataclasses.replace(offers[0], status="closed")
    offers[1] = dataclasses.replace(offers[1], status="withdrawn")
    offers[2] = dataclasses.replace(offers[2], confidential=True)
    needs = make_needs()
    needs[2] = dataclasses.replace(needs[2], deadline="2020-01-01")
    index = MatchIndex.build([*needs, *offers], embedder=embedder)

    # when recommendations are asked in both directions
    offer_ids = {m.id for need in ("N1", "N2", "N3") for m in index.recommend_offers(need, top=10)}
    need_ids = {m.id for offer in ("F4", "F5") for m in index.recommend_needs(offer, top=10, today=date(2026, 6, 1))}

    # then none of the hidden items appears
    assert offer_ids.isdisjoint({"F1", "F2", "F3"})
    assert "N3" not in need_ids


def test_explanations_show_terms_that_occur_in_both_texts(embedder):
    # given the index
    index = _index(embedder)
    need = make_needs()[0]
    offer = make_offers()[0]

    # when the storage need gets its first offer with an explanation
    match = index.recommend_offers("N1", top=1)[0]
    explanation = match.explanation

    # then every shown term is written in both texts, and the labels and coverage are right
    assert match.id == "F1" and explanation is not None
    need_text = normalise(need.title + need.description + need.requirements)
    offer_text = normalise(offer.name + offer.description + "".join(offer.capabilities))
    assert explanation.shared_terms
    for term in explanation.shared_terms:
        assert term.query_surface in need_text
        assert term.result_surface in offer_text
    assert "热失控" in [term.term for term in explanation.shared_terms]
    assert explanation.matching_domains == ["清洁能源与新型储能"]
    assert explanation.matching_tags == ["新型储能", "物联网"]
    assert explanation.semantic_closeness in {"高", "中", "低"}
    assert "与消防系统联动" in explanation.covered_requirements


def test_saved_index_loads_memory_mapped_and_ranks_the_same(embedder, tmp_path):
    # given a built index saved to disk
    index = _index(embedder)
    before = [(m.id, round(m.score, 5)) for m in index.recommend_offers("N2", top=5)]
    index.save(tmp_path / "index")

    # when it is loaded
    loaded = MatchIndex.load(tmp_path / "index", embedder=embedder)

    # then the vectors are memory-mapped and the ranking is identical
    vectors = loaded.collections["offer"].vectors
    assert vectors is not None
    assert isinstance(vectors._base, np.memmap)
    assert [(m.id, round(m.score, 5)) for m in loaded.recommend_offers("N2", top=5)] == before


def test_added_offer_is_recommended_at_once_and_an_edit_replaces_the_old_version(embedder, tmp_path):
    # given a loaded index
    _index(embedder).save(tmp_path / "index")
    index = MatchIndex.load(tmp_path / "index", embedder=embedder)
    offer = dataclasses.replace(make_offers()[2], id="F9", name="独居老人跌倒检测与自动通知服务")

    # when a new offer is added and an old one is edited to something unrelated
    index.add(offer)
    index.add(dataclasses.replace(make_offers()[2], name="工业园区食堂订餐系统", description="订餐", capabilities=()))

    # then the new offer is recommended and the edited one's old text no longer is
    ids = [match.id for match in index.recommend_offers("N3", top=3)]
    assert ids[0] == "F9"
    assert ids.count("F3") <= 1
    old_positions = [i for i, d in enumerate(index.collections["offer"].documents) if d.id == "F3"]
    assert len(old_positions) == 2
    assert not index.collections["offer"].documents[old_positions[0]].active


def test_an_unindexed_record_can_be_the_query(embedder):
    # given the index and a draft need that is not in it
    index = _index(embedder)
    draft = dataclasses.replace(make_needs()[2], id="DRAFT")

    # when it asks for offers
    matches = index.recommend_offers(draft, top=2)

    # then it is embedded on the fly and matched
    assert matches[0].id == "F3"


def test_a_live_query_embeds_a_bounded_head_and_no_phrases_while_stored_items_embed_nothing(embedder):
    # given an index whose embedder records what it is asked to embed, and a long draft need
    index = _index(embedder)
    asked: list[str] = []
    embed_queries = embedder.embed_queries

    def recording(texts):
        asked.extend(texts)
        return embed_queries(texts)

    embedder.embed_queries = recording
    long_need = dataclasses.replace(
        make_needs()[2],
        id="DRAFT",
        description="园区食堂需要订餐系统，" * 20,
        requirements="；".join(f"第{i}项要求：支持扫码订餐和按部门结算" for i in range(6)),
    )

    # when it asks for offers while the request waits, and a stored need asks too
    live = index.recommend_offers(long_need, top=2)
    stored_asked = len(asked)
    index.recommend_offers("N3", top=2)

    # then the draft was embedded once, as its title and requirement phrases cut to the budget, with no phrase vectors
    assert len(asked) == stored_asked == 1
    assert len(asked[0]) == LIVE_QUERY_CHARS
    assert asked[0].startswith(long_need.title) and "第0项要求" in asked[0]
    assert live[0].id == "F3"
    assert live[0].explanation is not None and "coverage" not in live[0].explanation.signals

    # and with no budget the whole text and each requirement phrase are embedded
    index.live_query_chars = None
    asked.clear()
    index.recommend_offers(long_need, top=2)
    assert len(asked) == 1 + 6 and len(asked[0]) > 300


def test_loaded_documents_are_read_on_demand_and_an_edit_survives_a_second_save(embedder, tmp_path):
    # given a saved index, loaded, with one offer edited
    _index(embedder).save(tmp_path / "one")
    index = MatchIndex.load(tmp_path / "one", embedder=embedder)
    index.add(dataclasses.replace(make_offers()[0], name="新版储能电站安全预警系统"))

    # when it is saved and loaded again
    index.save(tmp_path / "two")
    again = MatchIndex.load(tmp_path / "two", embedder=embedder)
    offers = again.collections["offer"]

    # then the old version stays withdrawn, the id points at the new version, and ranking works
    assert len(offers.documents) == len(make_offers()) + 1
    assert offers.documents[offers.positions["F1"]].title == "新版储能电站安全预警系统"
    assert sum(1 for d in offers.documents if d.id == "F1" and d.active) == 1
    assert again.recommend_offers("N1", top=1)[0].id == "F1"
