"""The rules of a 揭榜挂帅 challenge as pure functions: the one table of allowed transitions, the application window,
the seal on applications, and the parsing of indicators. No ORM here."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from scenebridge.core.errors import InvalidTransitionError, ValidationFailedError


class Status:
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    UNDER_REVIEW = "under_review"
    AWARDED = "awarded"
    NO_AWARD = "no_award"
    IN_DELIVERY = "in_delivery"
    ACCEPTED = "accepted"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str


S = Status
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("publish", frozenset({S.DRAFT}), S.OPEN),
        Transition("close", frozenset({S.OPEN}), S.CLOSED),
        Transition("start_review", frozenset({S.CLOSED}), S.UNDER_REVIEW),
        Transition("award", frozenset({S.CLOSED, S.UNDER_REVIEW}), S.AWARDED),
        Transition("no_award", frozenset({S.CLOSED, S.UNDER_REVIEW}), S.NO_AWARD),
        Transition("start_delivery", frozenset({S.AWARDED}), S.IN_DELIVERY),
        Transition("accept", frozenset({S.IN_DELIVERY}), S.ACCEPTED),
    )
}

# States in which the public sees the challenge; the result is public once decided.
PUBLIC_STATES = frozenset({S.OPEN, S.CLOSED, S.UNDER_REVIEW, S.AWARDED, S.NO_AWARD, S.IN_DELIVERY, S.ACCEPTED})
DECIDED_STATES = frozenset({S.AWARDED, S.NO_AWARD, S.IN_DELIVERY, S.ACCEPTED})
WINNER_STATES = frozenset({S.AWARDED, S.IN_DELIVERY, S.ACCEPTED})
PROPOSAL_STATES = frozenset({S.CLOSED, S.UNDER_REVIEW})
MILESTONE_STATES = frozenset({S.AWARDED, S.IN_DELIVERY})


def transition_for(action: str, status: str) -> Transition:
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        raise InvalidTransitionError()
    return transition


def is_sealed(status: str, deadline: datetime.datetime, now: datetime.datetime) -> bool:
    """An application stays sealed (only its author may read it) until the deadline has passed and the challenge
    has been closed; whichever comes later."""
    return status in (S.DRAFT, S.OPEN) or now < deadline


def accepts_applications(
    status: str, opens_at: datetime.datetime, deadline: datetime.datetime, now: datetime.datetime
) -> bool:
    return status == S.OPEN and opens_at <= now < deadline


def check_period(
    opens_at: datetime.datetime | None, deadline: datetime.datetime | None, now: datetime.datetime
) -> None:
    errors: dict[str, list[Any]] = {}
    if deadline is not None and deadline <= now:
        errors["deadline"] = [_("The deadline must be in the future.")]
    if opens_at is not None and deadline is not None and deadline <= opens_at:
        errors.setdefault("deadline", []).append(_("The deadline must be after the opening time."))
    if errors:
        raise ValidationFailedError(fields=errors)


def is_eligible(organization_type: str, eligible_types: list[str]) -> bool:
    return not eligible_types or organization_type in eligible_types


@dataclass(frozen=True)
class Indicator:
    name: str
    target: str
    unit: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "target": self.target, "unit": self.unit}

    def __str__(self) -> str:
        return f"{self.name} {self.target}{self.unit}".strip()


def parse_indicators(text: str) -> list[dict[str, str]]:
    """One indicator a line, "name | target | unit" (target and unit optional): “定位精度 | ≤5 | 厘米”."""
    result = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        parts += ["", ""]
        result.append(Indicator(parts[0][:100], parts[1][:60], parts[2][:30]).as_dict())
    return result


def indicators_text(indicators: list[dict[str, str]]) -> str:
    return "\n".join(" | ".join([i.get("name", ""), i.get("target", ""), i.get("unit", "")]) for i in indicators)


def clean_indicators(value: Any) -> list[dict[str, str]]:
    """A list of {name, target, unit} from the API or a form; anything else is refused at the field."""
    if isinstance(value, str):
        return parse_indicators(value)
    if not isinstance(value, list) or not all(isinstance(i, dict) and str(i.get("name", "")).strip() for i in value):
        raise ValidationFailedError(fields={"indicators": [str(_("Each indicator needs a name."))]})
    return [
        Indicator(str(i["name"]).strip(), str(i.get("target", "")).strip(), str(i.get("unit", "")).strip()).as_dict()
        for i in value
    ]


def money(field: str, value: Any) -> Decimal | None:
    """An amount in 万元 with two decimals, so that an identical repeat compares equal to what is stored."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise ValidationFailedError(fields={field: [str(_("Enter a number."))]}) from error
