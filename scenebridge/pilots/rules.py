"""The rules of pilots, cases and the catalogue, as pure functions: KPI attainment, the allowed transitions,
what may be done in which state, and how far a result has spread. No ORM here."""

import datetime
import decimal
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from scenebridge.core.errors import InvalidTransitionError

PLANNED, RUNNING, COMPLETED, EVALUATED = "planned", "running", "completed", "evaluated"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str


# The one table of pilot transitions; only the owner's side moves a pilot (evaluate goes through pilot_evaluate).
PILOT_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("start", PLANNED, RUNNING),
        Transition("complete", RUNNING, COMPLETED),
        Transition("evaluate", COMPLETED, EVALUATED),
    )
}

PILOT_ACTION_LABELS = {"start": _("Start the pilot"), "complete": _("Mark as completed"), "evaluate": _("Evaluate")}

# What may happen in which state of the pilot.
SETUP_STATES = frozenset({PLANNED, RUNNING})  # offers, KPIs, milestones
RECORDING_STATES = frozenset({RUNNING, COMPLETED})  # measurements, feedback, issues

NOMINATED, RETURNED, APPROVED, PUBLISHED = "nominated", "returned", "approved", "published"
CASE_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("approve", NOMINATED, APPROVED),
        Transition("return", NOMINATED, RETURNED),
        Transition("renominate", RETURNED, NOMINATED),
        Transition("publish", APPROVED, PUBLISHED),
    )
}


def pilot_transition_for(action: str, status: str) -> Transition:
    transition = PILOT_TRANSITIONS.get(action)
    if transition is None or transition.source != status:
        raise InvalidTransitionError()
    return transition


def case_transition_for(action: str, status: str) -> Transition:
    transition = CASE_TRANSITIONS.get(action)
    if transition is None or transition.source != status:
        raise InvalidTransitionError()
    return transition


def pilot_actions(status: str) -> list[str]:
    return [t.action for t in PILOT_TRANSITIONS.values() if t.source == status]


@dataclass(frozen=True)
class Measurement:
    value: decimal.Decimal
    measured_on: datetime.date
    sequence: int  # the order of recording, to settle two values measured the same day


@dataclass(frozen=True)
class KpiAttainment:
    name: str
    unit: str
    target: decimal.Decimal
    direction: str
    latest: decimal.Decimal | None
    measured_on: datetime.date | None
    attained: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "unit": self.unit,
            "target": str(self.target),
            "direction": self.direction,
            "latest": None if self.latest is None else str(self.latest),
            "measured_on": self.measured_on.isoformat() if self.measured_on else None,
            "attained": self.attained,
        }


def latest(measurements: Iterable[Measurement]) -> Measurement | None:
    """The most recent measurement: the latest date, then the one recorded last."""
    return max(measurements, key=lambda m: (m.measured_on, m.sequence), default=None)


def target_met(value: decimal.Decimal | None, target: decimal.Decimal, direction: str) -> bool:
    """A KPI is attained when its latest value reaches the target in the better direction (the target itself counts)."""
    if value is None:
        return False
    return value <= target if direction == LOWER else value >= target


def kpi_attainment(
    *, name: str, unit: str, target: decimal.Decimal, direction: str, measurements: Iterable[Measurement]
) -> KpiAttainment:
    last = latest(measurements)
    value = last.value if last else None
    return KpiAttainment(
        name=name,
        unit=unit,
        target=target,
        direction=direction,
        latest=value,
        measured_on=last.measured_on if last else None,
        attained=target_met(value, target, direction),
    )


def all_attained(results: Iterable[KpiAttainment]) -> bool:
    """Every KPI attained; a pilot without KPIs has shown nothing."""
    items = list(results)
    return bool(items) and all(item.attained for item in items)


def may_be_nominated(*, status: str, targets_met: bool, override_reason: str) -> bool:
    """A typical case comes from an evaluated pilot that met its targets, or whose targets the operator declared
    met with a reason."""
    return status == EVALUATED and (targets_met or bool(override_reason.strip()))


def spread_by_province(region_codes: Iterable[str]) -> list[tuple[str, int]]:
    """Replications per province (GB/T 2260: the first two digits), most first, then by code."""
    counts = Counter(code[:2] + "0000" for code in region_codes)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def next_position(positions: Iterable[int]) -> int:
    return max(positions, default=0) + 1


def average_rating(*ratings: int) -> float:
    return round(sum(ratings) / len(ratings), 2) if ratings else 0.0
