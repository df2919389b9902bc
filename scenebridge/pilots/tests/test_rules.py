"""The pure rules: KPI attainment, transitions, nomination and spread. No database."""

import datetime
import decimal

import pytest

from scenebridge.core.errors import InvalidTransitionError
from scenebridge.pilots import rules

D = decimal.Decimal


def m(value: str, day: int, sequence: int = 0) -> rules.Measurement:
    return rules.Measurement(D(value), datetime.date(2026, 1, day), sequence)


def attainment(direction: str, target: str, *measurements: rules.Measurement) -> rules.KpiAttainment:
    return rules.kpi_attainment(name="k", unit="%", target=D(target), direction=direction, measurements=measurements)


def test_higher_is_better_uses_the_latest_measurement_not_the_best() -> None:
    # given a series that reached the target and then fell back
    series = (m("95", 1), m("88", 3), m("91", 2))
    # when
    result = attainment("higher", "90", *series)
    # then
    assert result.latest == D("88") and result.measured_on == datetime.date(2026, 1, 3)
    assert result.attained is False


def test_lower_is_better_is_attained_at_or_below_the_target() -> None:
    # given / when / then
    assert attainment("lower", "10", m("12", 1), m("10", 2)).attained is True
    assert attainment("lower", "10", m("9.5", 1)).attained is True
    assert attainment("lower", "10", m("10.01", 1)).attained is False


def test_the_target_itself_counts_for_higher_is_better() -> None:
    assert attainment("higher", "90", m("90", 1)).attained is True
    assert attainment("higher", "90", m("89.99", 1)).attained is False


def test_same_day_measurements_are_settled_by_recording_order() -> None:
    # given two values on one day
    result = attainment("higher", "90", m("95", 5, sequence=2), m("80", 5, sequence=1))
    # then the one recorded last counts
    assert result.latest == D("95") and result.attained


def test_no_measurement_is_not_attained_and_no_kpi_means_not_all_attained() -> None:
    assert attainment("higher", "1").attained is False
    assert rules.all_attained([]) is False
    assert rules.all_attained([attainment("higher", "1", m("2", 1)), attainment("lower", "5", m("4", 1))])
    assert not rules.all_attained([attainment("higher", "1", m("2", 1)), attainment("lower", "5", m("6", 1))])


def test_nomination_needs_an_evaluated_pilot_and_met_targets_or_an_override() -> None:
    assert rules.may_be_nominated(status="evaluated", targets_met=True, override_reason="")
    assert rules.may_be_nominated(status="evaluated", targets_met=False, override_reason="指标口径调整，经专家认定达标")
    assert not rules.may_be_nominated(status="evaluated", targets_met=False, override_reason="  ")
    assert not rules.may_be_nominated(status="completed", targets_met=True, override_reason="")


@pytest.mark.parametrize(
    ("action", "status", "target"),
    [("start", "planned", "running"), ("complete", "running", "completed"), ("evaluate", "completed", "evaluated")],
)
def test_the_pilot_transitions(action: str, status: str, target: str) -> None:
    assert rules.pilot_transition_for(action, status).target == target


@pytest.mark.parametrize(
    ("action", "status"), [("start", "running"), ("complete", "planned"), ("evaluate", "running"), ("x", "planned")]
)
def test_impossible_pilot_transitions_are_refused(action: str, status: str) -> None:
    with pytest.raises(InvalidTransitionError):
        rules.pilot_transition_for(action, status)


def test_case_transitions() -> None:
    assert rules.case_transition_for("approve", "nominated").target == "approved"
    assert rules.case_transition_for("renominate", "returned").target == "nominated"
    with pytest.raises(InvalidTransitionError):
        rules.case_transition_for("approve", "published")


def test_spread_counts_replications_per_province() -> None:
    # given prefecture and province codes in three provinces
    codes = ["320500", "320100", "320000", "440300", "510100", "440100", "320200"]
    # when
    result = rules.spread_by_province(codes)
    # then
    assert result == [("320000", 4), ("440000", 2), ("510000", 1)]


def test_next_position_and_average() -> None:
    assert rules.next_position([]) == 1 and rules.next_position([1, 3]) == 4
    assert rules.average_rating(4, 5, 3, 4) == 4.0
