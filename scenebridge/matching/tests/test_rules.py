"""Pure rules, no database."""

from scenebridge.matching import states
from scenebridge.matching.recommendations import PanelFilters, highlight


def test_highlight_escapes_everything_but_its_own_marks() -> None:
    # when a text with markup is highlighted
    html = highlight('<script>alert("码头")</script>码头自动化', ["码头"])
    # then the markup is inert and the shared term is marked
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<mark>码头</mark>") == 2


def test_highlight_moves_the_window_to_the_first_shared_term() -> None:
    text = "甲" * 500 + "储能电站热失控" + "乙" * 500
    assert "<mark>热失控</mark>" in highlight(text, ["热失控"])


def test_panel_filters_ignore_bad_input() -> None:
    filters = PanelFilters.from_params({"region": "37'; drop", "min_trl": "12", "domain": "D08"})
    assert filters == PanelFilters(region="", domain="D08", min_trl=None)
    assert PanelFilters.from_params({"region": "370000", "min_trl": "7"}).min_trl == 7


def test_connection_steps_belong_to_one_side() -> None:
    assert states.allowed("pending", initiator=False, counterpart=True) == ["accept", "decline"]
    assert states.allowed("pending", initiator=True, counterpart=False) == ["withdraw"]
    assert states.allowed("pending", initiator=False, counterpart=False) == []
    assert states.allowed("declined", initiator=True, counterpart=False) == []
    assert set(states.allowed("accepted", initiator=True, counterpart=False)) == {"contacted", "cooperating", "close"}
