"""The one table of a connection's (对接) allowed steps: who takes each, from where, to where."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from scenebridge.core.errors import InvalidTransitionError
from scenebridge.matching.models import ConnectionStatus as S

COUNTERPART = "counterpart"
EITHER = "either"
INITIATOR = "initiator"


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[str]
    target: str
    who: str
    irreversible: bool = False


STEPS: dict[str, Step] = {
    step.action: step
    for step in (
        Step("accept", frozenset({S.PENDING}), S.ACCEPTED, COUNTERPART),
        Step("decline", frozenset({S.PENDING}), S.DECLINED, COUNTERPART, irreversible=True),
        Step("withdraw", frozenset({S.PENDING}), S.CLOSED, INITIATOR, irreversible=True),
        Step("contacted", frozenset({S.ACCEPTED}), S.CONTACTED, EITHER),
        Step("cooperating", frozenset({S.ACCEPTED, S.CONTACTED}), S.COOPERATING, EITHER),
        Step("close", frozenset({S.ACCEPTED, S.CONTACTED, S.COOPERATING}), S.CLOSED, EITHER, irreversible=True),
    )
}

ACTION_LABELS = {
    "accept": pgettext_lazy("a connection request", "Accept"),
    "decline": _("Decline"),
    "withdraw": _("Withdraw"),
    "contacted": _("Mark as in contact"),
    "cooperating": _("Mark as cooperating"),
    "close": _("Close"),
}

#: Outcomes that count as strong evidence of a good match when the weights are re-tuned.
SUCCESSFUL = frozenset({S.ACCEPTED, S.CONTACTED, S.COOPERATING})


def step_for(action: str, status: str) -> Step:
    step = STEPS.get(action)
    if step is None or status not in step.sources:
        raise InvalidTransitionError(
            _("“%(action)s” is not possible while the connection is “%(status)s”.")
            % {"action": ACTION_LABELS.get(action, action), "status": S(status).label}
        )
    return step


def allowed(status: str, *, initiator: bool, counterpart: bool) -> list[str]:
    sides = {EITHER} | ({INITIATOR} if initiator else set()) | ({COUNTERPART} if counterpart else set())
    if not (initiator or counterpart):
        return []
    return [step.action for step in STEPS.values() if status in step.sources and step.who in sides]
