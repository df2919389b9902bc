"""Pure rules of calls and lists: the one table of call transitions, eligibility, and what changed between two
versions of a list."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from scenebridge.core.errors import InvalidTransitionError

# action → (allowed sources, target)
CALL_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "open": (frozenset({"draft"}), "open"),
    "close": (frozenset({"open"}), "closed"),
    "decide": (frozenset({"closed"}), "decided"),
}

SUBMITTABLE_SCENARIO_STATES = frozenset({"draft", "published"})


def call_target(action: str, status: str) -> str:
    sources, target = CALL_TRANSITIONS.get(action, (frozenset(), ""))
    if status not in sources:
        raise InvalidTransitionError(_("This is not possible while the call is “%(status)s”.") % {"status": status})
    return target


def accepts_submissions(status: str, opens_on: datetime.date, closes_on: datetime.date, today: datetime.date) -> bool:
    return status == "open" and opens_on <= today <= closes_on


def eligible(organization_type: str, eligible_types: Sequence[str]) -> bool:
    """An empty list means every type of organization may take part."""
    return not eligible_types or organization_type in eligible_types


@dataclass(frozen=True)
class EntryView:
    """What an entry shows, compared between versions: the scenario and its remarks."""

    scenario_id: int
    title: str
    remarks: str
    order: int


@dataclass(frozen=True)
class ListChanges:
    added: list[EntryView]
    removed: list[EntryView]
    changed: list[tuple[EntryView, EntryView]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def list_changes(previous: Sequence[EntryView], current: Sequence[EntryView]) -> ListChanges:
    before = {e.scenario_id: e for e in previous}
    after = {e.scenario_id: e for e in current}
    return ListChanges(
        added=[e for e in current if e.scenario_id not in before],
        removed=[e for e in previous if e.scenario_id not in after],
        changed=[
            (before[e.scenario_id], e)
            for e in current
            if e.scenario_id in before
            and (before[e.scenario_id].remarks, before[e.scenario_id].order) != (e.remarks, e.order)
        ],
    )
