"""Every write of matching: feedback, connections (对接), subscriptions and re-tuned weights — audited, notified."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.accounts.models import Role
from scenebridge.catalog.models import Offer, Resource
from scenebridge.core.audit import audit_record
from scenebridge.core.errors import NotFoundError, PermissionDeniedError, ValidationFailedError
from scenebridge.core.validators import validate_plain_text
from scenebridge.matching import index_store, indexing, permissions, recommendations, states
from scenebridge.matching.engine import Judgment, fit_weights
from scenebridge.matching.engine.feedback import pairwise_accuracy
from scenebridge.matching.errors import ConnectionNotAllowedError
from scenebridge.matching.models import (
    Connection,
    ConnectionKind,
    ConnectionStatus,
    Direction,
    Feedback,
    Subscription,
    Verdict,
    WeightsVersion,
)
from scenebridge.notifications.services import notify
from scenebridge.scenarios.models import Scenario
from scenebridge.scenarios.permissions import is_owner_side

OPEN_CONNECTIONS = frozenset({ConnectionStatus.PENDING, ConnectionStatus.ACCEPTED, ConnectionStatus.CONTACTED})
MESSAGE_MAX = 2000


def _supply_direction(scenario_side: bool, supply: Offer | Resource) -> str:
    if isinstance(supply, Offer):
        return Direction.SCENARIO_OFFERS if scenario_side else Direction.OFFER_SCENARIOS
    return Direction.SCENARIO_RESOURCES if scenario_side else Direction.RESOURCE_SCENARIOS


def _signals_for(direction: str, scenario: Scenario, supply: Offer | Resource) -> tuple[float | None, dict[str, float]]:
    if direction in (Direction.SCENARIO_OFFERS, Direction.SCENARIO_RESOURCES):
        return recommendations.pair_signals(direction, scenario, supply.pk)
    return recommendations.pair_signals(direction, supply, scenario.pk)


def _plain(field: str, value: str, limit: int) -> str:
    value = (value or "").strip()
    try:
        validate_plain_text(value)
    except ValidationError as error:
        raise ValidationFailedError(fields={field: list(error.messages)}) from error
    if len(value) > limit:
        raise ValidationFailedError(fields={field: [_("At most %(n)d characters.") % {"n": limit}]})
    return value


# feedback ---------------------------------------------------------------------------------------------------------
def feedback_record(
    *, actor: Any, direction: str, scenario: Scenario, supply: Offer | Resource, verdict: str
) -> Feedback:
    """相关 / 不相关 on a shown pair; a second click changes the person's verdict (one per person and pair)."""
    if direction not in Direction.values or verdict not in Verdict.values:
        raise ValidationFailedError(fields={"verdict": [_("Choose relevant or not relevant.")]})
    if not permissions.can_judge(actor, scenario, supply):
        raise PermissionDeniedError()
    score, signals = _signals_for(direction, scenario, supply)
    is_offer = isinstance(supply, Offer)
    with transaction.atomic():
        feedback, _created = Feedback.objects.update_or_create(
            user=actor,
            direction=direction,
            scenario=scenario,
            offer=supply if is_offer else None,
            resource=None if is_offer else supply,
            defaults={"verdict": verdict, "score": score, "signals": signals, "organization_id": actor.organization_id},
        )
        audit_record(actor=actor, action="matching.feedback", obj=feedback, after={"verdict": verdict, "score": score})
    return feedback


# connections ------------------------------------------------------------------------------------------------------
def _members(organization_id: int, roles: Iterable[str]) -> list[Any]:
    return list(
        get_user_model().objects.filter(
            organization_id=organization_id, is_active=True, role__in=[*roles, Role.ORG_ADMIN]
        )
    )


def _notify_side(connection: Connection, organization_id: int, title: str) -> None:
    scenario_side = organization_id == connection.scenario.owner_id
    roles = [Role.OWNER] if scenario_side else [Role.SUPPLIER, Role.OWNER]
    supply = connection.offer or connection.resource
    notify(
        recipients=_members(organization_id, roles),
        kind="matching.connection",
        title=title,
        body=f"{connection.scenario.title} ↔ {supply}\n{connection.message}".strip(),
        url=reverse("matching:inbox"),
        dedupe_key=f"connection:{connection.pk}:{connection.status}",
    )


def connection_create(*, actor: Any, scenario: Scenario, supply: Offer | Resource, message: str = "") -> Connection:
    """发起对接: the owner side invites a supplier, or the supplier side expresses interest; idempotent while open."""
    if not permissions.can_connect(actor, scenario, supply):
        raise ConnectionNotAllowedError()
    message = _plain("message", message, MESSAGE_MAX)
    scenario_side = is_owner_side(actor, scenario)
    is_offer = isinstance(supply, Offer)
    pair = {"scenario": scenario, "offer": supply if is_offer else None, "resource": None if is_offer else supply}
    score, signals = _signals_for(_supply_direction(scenario_side, supply), scenario, supply)
    with transaction.atomic():
        existing = (
            Connection.objects.select_for_update(of=("self",))
            .filter(**pair, initiator_organization_id=actor.organization_id, status__in=OPEN_CONNECTIONS)
            .first()
        )
        if existing is not None:
            return existing
        connection = Connection.objects.create(
            **pair,
            initiator_organization_id=actor.organization_id,
            initiator=actor,
            counterpart_organization_id=supply.provider_id if scenario_side else scenario.owner_id,
            kind=ConnectionKind.INVITATION if scenario_side else ConnectionKind.INTEREST,
            message=message,
            score=score,
            signals=signals,
        )
        audit_record(
            actor=actor,
            action="connection.create",
            obj=connection,
            after={
                "kind": connection.kind,
                "status": connection.status,
                "counterpart": connection.counterpart_organization_id,
            },
        )
        _notify_side(connection, connection.counterpart_organization_id, _("New connection request (对接)"))
    return connection


def lock_connection(connection_id: int) -> Connection:
    connection = (
        Connection.objects.select_for_update(of=("self",))
        .select_related("scenario", "offer", "resource")
        .filter(pk=connection_id)
        .first()
    )
    if connection is None:
        raise NotFoundError()
    return connection


def connection_act(*, actor: Any, connection_id: int, action: str) -> Connection:
    """accept / decline / withdraw / contacted / cooperating / close — only by the party the step belongs to."""
    with transaction.atomic():
        connection = lock_connection(connection_id)
        initiator = permissions.acts_for(actor, connection.initiator_organization_id, permissions.PARTY_ROLES)
        counterpart = permissions.is_counterpart(actor, connection)
        if not (initiator or counterpart):
            raise NotFoundError()
        step = states.step_for(action, connection.status)
        if action not in states.allowed(connection.status, initiator=initiator, counterpart=counterpart):
            raise PermissionDeniedError()
        before = connection.status
        connection.status = step.target
        fields = ["status", "updated_at"]
        if action in ("accept", "decline"):
            connection.responded_at = timezone.now()
            fields.append("responded_at")
        connection.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=f"connection.{action}",
            obj=connection,
            before={"status": before},
            after={"status": step.target},
        )
        other = connection.counterpart_organization_id if initiator else connection.initiator_organization_id
        _notify_side(
            connection, other, _("Connection (对接) now: %(status)s") % {"status": connection.get_status_display()}
        )
    return connection


# subscriptions ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubscriptionInput:
    name: str
    query: str = ""
    use_organization_offers: bool = False
    domain_id: int | None = None
    region_id: str | None = None
    threshold: float = 0.5
    delivery: str = Subscription.Delivery.IMMEDIATE


def subscription_create(*, actor: Any, data: SubscriptionInput) -> Subscription:
    if not permissions.can_subscribe(actor):
        raise PermissionDeniedError()
    errors: dict[str, list[str]] = {}
    if not data.query.strip() and not data.use_organization_offers:
        errors["query"] = [_("Describe what you are looking for, or use your organization's offers.")]
    if data.use_organization_offers and not actor.organization_id:
        errors["use_organization_offers"] = [_("You do not belong to an organization.")]
    if data.delivery not in Subscription.Delivery.values:
        errors["delivery"] = [_("Choose immediately or daily.")]
    if not -5.0 <= data.threshold <= 10.0:
        errors["threshold"] = [_("Between -5 and 10.")]
    if errors:
        raise ValidationFailedError(fields=errors)
    with transaction.atomic():
        subscription = Subscription.objects.create(
            user=actor,
            organization_id=actor.organization_id,
            name=_plain("name", data.name, 100) or _("My subscription"),
            query=_plain("query", data.query, 1000),
            use_organization_offers=data.use_organization_offers,
            domain_id=data.domain_id,
            region_id=data.region_id,
            threshold=data.threshold,
            delivery=data.delivery,
        )
        audit_record(actor=actor, action="subscription.create", obj=subscription, after={"name": subscription.name})
    return subscription


def subscription_delete(*, actor: Any, subscription_id: int) -> None:
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=subscription_id, user=actor).first()
        if subscription is None:
            raise NotFoundError()
        audit_record(actor=actor, action="subscription.delete", obj=subscription, before={"name": subscription.name})
        subscription.delete()


# re-tuning --------------------------------------------------------------------------------------------------------
VERDICT_GRADES: dict[str, float] = {Verdict.RELEVANT: 1.0, Verdict.NOT_RELEVANT: 0.0}
#: A connection that was accepted (or went further) is the strongest evidence; a declined one counts as not relevant.
CONNECTION_GRADES: dict[str, float] = {**dict.fromkeys(states.SUCCESSFUL, 2.0), ConnectionStatus.DECLINED: 0.0}


def _query_key(direction: str, scenario_id: int, offer_id: int | None, resource_id: int | None) -> tuple[str, str]:
    supply_id = offer_id or resource_id
    if direction in (Direction.SCENARIO_OFFERS, Direction.SCENARIO_RESOURCES):
        return f"{direction}:{scenario_id}", str(supply_id)
    return f"{direction}:{supply_id}", str(scenario_id)


def judgments_collect() -> list[Judgment]:
    """Feedback and connection outcomes as engine judgments (only those with the signals that were shown)."""
    judgments = []
    for row in Feedback.objects.exclude(signals={}).values(
        "direction", "scenario_id", "offer_id", "resource_id", "verdict", "signals"
    ):
        query, result = _query_key(row["direction"], row["scenario_id"], row["offer_id"], row["resource_id"])
        judgments.append(Judgment(query, result, VERDICT_GRADES[row["verdict"]], row["signals"]))
    connections = Connection.objects.exclude(signals={}).filter(status__in=list(CONNECTION_GRADES))
    for connection in connections.values("kind", "scenario_id", "offer_id", "resource_id", "status", "signals"):
        scenario_side = connection["kind"] == ConnectionKind.INVITATION
        if connection["offer_id"]:
            direction = Direction.SCENARIO_OFFERS if scenario_side else Direction.OFFER_SCENARIOS
        else:
            direction = Direction.SCENARIO_RESOURCES if scenario_side else Direction.RESOURCE_SCENARIOS
        query, result = _query_key(
            direction, connection["scenario_id"], connection["offer_id"], connection["resource_id"]
        )
        judgments.append(Judgment(query, result, CONNECTION_GRADES[connection["status"]], connection["signals"]))
    return judgments


def weights_tune(*, actor: Any = None, note: str = "") -> WeightsVersion:
    """Fit new fusion weights to all judgments, store them as a new version and hand them to the index."""
    judgments = judgments_collect()
    initial = indexing.current_weights()
    fitted = fit_weights(judgments, initial)
    with transaction.atomic():
        number = (WeightsVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        version = WeightsVersion.objects.create(
            number=number,
            weights=fitted.as_dict(),
            judgments=len(judgments),
            pairwise_accuracy_before=pairwise_accuracy(judgments, initial),
            pairwise_accuracy_after=pairwise_accuracy(judgments, fitted),
            note=note[:200],
        )
        audit_record(
            actor=actor, action="matching.weights", obj=version, before=initial.as_dict(), after=fitted.as_dict()
        )
    with index_store.writer_lock():
        index_store.update_state(weights=fitted.as_dict(), weights_version=number)
    return version
