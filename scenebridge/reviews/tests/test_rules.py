from hypothesis import given
from hypothesis import strategies as st

from scenebridge.reviews import rules
from scenebridge.reviews.tests.factories import RUBRIC


def test_weighted_total_is_on_a_hundred_point_scale() -> None:
    # given / when
    total = rules.weighted_total(RUBRIC, {"innovation": 10, "feasibility": 5})
    # then: 100 × (40×1 + 60×0.5) / 100
    assert total == 70.0


def test_trimmed_mean_drops_highest_and_lowest_from_five_scores() -> None:
    assert rules.trimmed_mean([10, 50, 60, 70, 100]) == 60.0
    assert rules.trimmed_mean([10, 50, 60, 100]) == 55.0
    assert rules.trimmed_mean([]) == 0.0


def test_rank_breaks_ties_by_median_then_count_then_item_id() -> None:
    # given
    outcomes = [
        rules.ItemOutcome(item_id=4, total=80, median=70, scores_count=3),
        rules.ItemOutcome(item_id=3, total=80, median=75, scores_count=3),
        rules.ItemOutcome(item_id=2, total=80, median=70, scores_count=4),
        rules.ItemOutcome(item_id=1, total=80, median=70, scores_count=3),
        rules.ItemOutcome(item_id=9, total=90, median=10, scores_count=1),
    ]
    # when
    ranked = rules.rank(outcomes)
    # then
    assert [r.item_id for r in ranked] == [9, 3, 2, 1, 4]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5]


def test_values_must_cover_every_criterion_within_range() -> None:
    assert rules.values_errors(RUBRIC, {"innovation": 3, "feasibility": 10}) == {}
    errors = rules.values_errors(RUBRIC, {"innovation": 11, "other": 1})
    assert set(errors) == {"innovation", "feasibility", "__all__"}
    assert "innovation" in rules.values_errors(RUBRIC, {"innovation": -1, "feasibility": 1})
    assert "innovation" in rules.values_errors(RUBRIC, {"innovation": True, "feasibility": 1})


def test_rubric_errors() -> None:
    assert rules.rubric_errors(RUBRIC) == []
    assert rules.rubric_errors([]) != []
    assert rules.rubric_errors([{"code": "a", "weight": 0, "max_score": 10}]) != []
    assert rules.rubric_errors([{"code": "a", "weight": 1, "max_score": 1}, {"code": "a", "weight": 1, "max_score": 1}])


@given(
    st.lists(
        st.builds(
            rules.ItemOutcome,
            st.integers(1, 50),
            st.sampled_from([0.0, 50.0, 70.0]),
            st.sampled_from([0.0, 60.0]),
            st.integers(0, 3),
        ),
        unique_by=lambda o: o.item_id,
    )
)
def test_ranking_is_deterministic_whatever_the_input_order(outcomes: list[rules.ItemOutcome]) -> None:
    # given / when
    forward, backward = rules.rank(outcomes), rules.rank(list(reversed(outcomes)))
    # then
    assert forward == backward
    assert [r.rank for r in forward] == list(range(1, len(outcomes) + 1))
