from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scenebridge.matching.engine.documents import Document
from scenebridge.matching.engine.facets import Facets
from scenebridge.matching.engine.structured import MINIMUM_TRL_BY_LEVEL, domain_agreement, maturity_fit, tag_agreement

LABELS = st.lists(
    st.sampled_from(["养老", "医疗健康", "物联网", "人工智能+", "人工智能", "低空经济", "+", " 5G+ "]), max_size=3
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
    st.sampled_from(["", *MINIMUM_TRL_BY_LEVEL, "未知级别"]),
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
