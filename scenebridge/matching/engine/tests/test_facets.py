from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scenebridge.matching.engine.documents import Document
from scenebridge.matching.engine.facets import Facets
from scenebridge.matching.engine.structured import MINIMUM_TRL_BY_LEVEL, domain_agreement, maturity_fit, tag_agreement

LABELS = st.lists(
    st.sampled_from(
        [
            "养老",
            "医疗健康",
            "物联网",
            "人工智能+",
            "人工智能",
            "低空经济",
            "低空经济与全空间无人体系",
            "+",
            " 5G+ ",
            "a",
        ]
    ),
    max_size=3,
)


def _document(kind, domains, tags, level, trl, active=True, deadline=""):
    return Document(
        id="x",
        kind=kind,
        title="",
        body="",
        points=(),
        extra="",
        domains=tuple(domains),
        tags=tuple(tags),
        level=level,
        trl=trl,
        active=active,
        deadline=deadline,
    )


DOCUMENTS = st.builds(
    _document,
    st.sampled_from(["need", "offer"]),
    LABELS,
    LABELS,
    st.sampled_from(["", *MINIMUM_TRL_BY_LEVEL, "未知级别", "小切口场景", "行业集成", "Major scenario"]),
    st.one_of(st.none(), st.integers(0, 9)),
)


@settings(max_examples=60, deadline=None)
@given(query=DOCUMENTS, documents=st.lists(DOCUMENTS, min_size=1, max_size=12), query_is_need=st.booleans())
def test_facets_give_the_structured_signals_exactly(query, documents, query_is_need):
    # given the columns of some documents
    facets = Facets.build(documents)
    positions = np.arange(len(documents))

    # when the structured signals are read off the columns
    found = facets.structured(query, positions, query_is_need=query_is_need)

    # then they equal the per-pair functions, whichever side plays the need
    pairs = [(query, d) if query_is_need else (d, query) for d in documents]
    assert np.allclose(found["domain"], [domain_agreement(n, s) for n, s in pairs])
    assert np.allclose(found["tags"], [tag_agreement(n, s) for n, s in pairs])
    assert np.allclose(found["maturity"], [maturity_fit(n, s) for n, s in pairs])


def test_open_mask_follows_activity_and_deadlines_through_save_and_load(tmp_path):
    # given documents: open, closed, past deadline, future deadline, unreadable deadline
    documents = [
        _document("need", [], [], "", None),
        _document("need", [], [], "", None, active=False),
        _document("need", [], [], "", None, deadline="2026-01-31"),
        _document("need", [], [], "", None, deadline="2026-12-31T00:00:00"),
        _document("need", [], [], "", None, deadline="不详"),
    ]
    facets = Facets.build(documents)
    facets.save(tmp_path / "facets")
    loaded = Facets.load(tmp_path / "facets")
    loaded.append(_document("need", ["养老"], [], "", 5, deadline="2026-02-01"))
    loaded.deactivate(0)
    today = date(2026, 11, 22)

    # when asked which are open today
    mask = loaded.open_mask(np.arange(6), today)

    # then it agrees with each document's own rule (the first was withdrawn after loading)
    expected = [False] + [d.is_open_on(today) for d in documents[1:]] + [False]
    assert mask.tolist() == expected
    assert loaded.open_mask(np.arange(6), None).tolist() == [False, False, True, True, True, True]


@settings(max_examples=30, deadline=None)
@given(
    query=DOCUMENTS,
    documents=st.lists(DOCUMENTS, min_size=2, max_size=40),
    split=st.integers(1, 39),
    query_is_need=st.booleans(),
)
def test_columns_grown_after_loading_read_as_if_built_at_once(tmp_path_factory, query, documents, split, query_is_need):
    # given the columns of some documents saved and loaded, and the rest appended one by one (journal lines)
    split = min(split, len(documents) - 1)
    directory = tmp_path_factory.mktemp("facets")
    Facets.build(documents[:split]).save(directory)
    grown = Facets.load(directory)
    for document in documents[split:]:
        grown.append(document)
    whole = Facets.build(documents)
    positions = np.arange(len(documents))[::-1].copy()

    # when both are read
    found = grown.structured(query, positions, query_is_need=query_is_need)
    expected = whole.structured(query, positions, query_is_need=query_is_need)

    # then they agree
    assert len(grown) == len(documents)
    for name in ("domain", "tags", "maturity"):
        assert np.array_equal(found[name], expected[name])
    assert np.array_equal(grown.open_mask(positions, None), whole.open_mask(positions, None))


def test_a_domain_label_added_after_a_query_is_matched_by_the_next_query():
    # given columns that have answered a query for 低空经济 once
    facets = Facets.build([_document("offer", ["金融"], [], "", None)])
    query = _document("need", ["低空经济"], [], "", None)
    assert facets.structured(query, np.arange(1), query_is_need=True)["domain"].tolist() == [0.0]

    # when an offer under the domain's full name is appended (a journal line)
    facets.append(_document("offer", ["低空经济与全空间无人体系"], [], "", None))

    # then the same query finds the new label related
    assert facets.structured(query, np.arange(2), query_is_need=True)["domain"].tolist() == [0.0, 1.0]
