"""The review lifecycle shared by scenarios, offers and resources: one table of allowed transitions."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from scenebridge.core.errors import InvalidTransitionError


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Under review")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


class Side(models.TextChoices):
    OWNER = "owner", _("owner")
    OPERATOR = "operator", _("operator")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    sides: frozenset[str]
    needs_reason: bool = False


S = ReviewStatus
_OWNER = frozenset({Side.OWNER})
_OPERATOR = frozenset({Side.OPERATOR})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", frozenset({S.DRAFT, S.RETURNED, S.WITHDRAWN}), S.SUBMITTED, _OWNER),
        Transition("approve", frozenset({S.SUBMITTED}), S.PUBLISHED, _OPERATOR),
        Transition("return", frozenset({S.SUBMITTED}), S.RETURNED, _OPERATOR, needs_reason=True),
        Transition("reject", frozenset({S.SUBMITTED}), S.REJECTED, _OPERATOR, needs_reason=True),
        Transition("withdraw", frozenset({S.SUBMITTED, S.PUBLISHED}), S.WITHDRAWN, _OWNER),
        Transition("close", frozenset({S.PUBLISHED}), S.CLOSED, _OWNER | _OPERATOR),
    )
}

EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED, S.WITHDRAWN, S.PUBLISHED})
PUBLIC_STATES = frozenset({S.PUBLISHED, S.CLOSED})

ACTION_LABELS = {
    "submit": _("Submit for review"),
    "approve": _("Approve and publish"),
    "return": _("Return for changes"),
    "reject": _("Reject"),
    "withdraw": _("Withdraw"),
    "close": _("Close"),
}


def transition_for(action: str, status: str) -> Transition:
    transition = TRANSITIONS.get(action)
    if transition is None or status not in transition.sources:
        raise InvalidTransitionError(
            _("“%(action)s” is not possible while the item is “%(status)s”.")
            % {"action": ACTION_LABELS.get(action, action), "status": ReviewStatus(status).label}
        )
    return transition


def available_actions(status: str, sides: set[str]) -> list[str]:
    return [t.action for t in TRANSITIONS.values() if status in t.sources and t.sides & sides]
