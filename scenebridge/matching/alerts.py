"""Subscription alerts: a newly published scenario that matches a saved search (or an organization's offers) above
the subscription's threshold tells its subscriber — once, immediately or in the daily digest."""

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from scenebridge.catalog.models import Offer
from scenebridge.core.workflow import ReviewStatus
from scenebridge.matching import index_store, recommendations
from scenebridge.matching.engine import Match, MatchIndex, OfferRecord
from scenebridge.matching.models import Subscription, SubscriptionAlert
from scenebridge.notifications.services import notify
from scenebridge.scenarios.models import Scenario

#: A scenario must be among a subscription's best this many scenarios to alert it …
ALERT_DEPTH = 50


def _evidence(match: Match) -> bool:
    """… and share something checkable with it: terms, a domain, a tag or a clear semantic closeness."""
    explanation = match.explanation
    if explanation is None:
        return False
    close = explanation.semantic_closeness in ("高", "中")
    return bool(explanation.shared_terms or explanation.matching_domains or explanation.matching_tags or close)


def _queries(index: MatchIndex, subscription: Subscription) -> list[Any]:
    queries: list[Any] = []
    if subscription.query.strip():
        text = subscription.query.strip()
        queries.append(OfferRecord(id=f"subscription-{subscription.pk}", name=text, description=text))
    if subscription.use_organization_offers and subscription.organization_id:
        ids = Offer.objects.filter(provider_id=subscription.organization_id, status=ReviewStatus.PUBLISHED).values_list(
            "pk", flat=True
        )
        queries += [str(pk) for pk in ids if str(pk) in index.collections["offer"].positions]
    return queries


def subscription_score(index: MatchIndex, subscription: Subscription, scenario_id: int) -> float | None:
    """The best score the scenario gets among the subscription's queries, when it ranks high enough."""
    best: float | None = None
    today = timezone.localdate()
    for query in _queries(index, subscription):
        with index_store.serving():
            matches = index.recommend_needs(query, ALERT_DEPTH, today=today)
        for match in matches:
            if match.id == str(scenario_id) and _evidence(match):
                best = match.score if best is None else max(best, match.score)
    return best


def _candidates(scenario: Scenario) -> list[Subscription]:
    subscriptions = Subscription.objects.filter(active=True).filter(
        Q(domain__isnull=True) | Q(domain_id=scenario.domain_id)
    )
    subscriptions = subscriptions.exclude(organization_id=scenario.owner_id).exclude(alerts__scenario=scenario)
    region = scenario.region_id or ""
    return [
        s
        for s in subscriptions.select_related("user")
        if not s.region_id or region.startswith(s.region_id[:2] if s.region_id.endswith("0000") else s.region_id[:4])
    ]


def scenario_alerts_run(*, scenario_id: int) -> int:
    """Alert every subscription the published scenario matches; returns how many alerts were new. Idempotent."""
    scenario = Scenario.objects.filter(pk=scenario_id, status=ReviewStatus.PUBLISHED).first()
    if scenario is None:
        return 0
    index = recommendations.match_index()
    if str(scenario.pk) not in index.collections["need"].positions:
        return 0
    created = 0
    for subscription in _candidates(scenario):
        score = subscription_score(index, subscription, scenario.pk)
        if score is not None and score >= subscription.threshold:
            created += alert_create(subscription, scenario, score)
    return created


def alert_create(subscription: Subscription, scenario: Scenario, score: float) -> int:
    with transaction.atomic():
        alert, created = SubscriptionAlert.objects.get_or_create(
            subscription=subscription, scenario=scenario, defaults={"score": round(score, 4)}
        )
        if not created or subscription.delivery != Subscription.Delivery.IMMEDIATE:
            return int(created)
        notify(
            recipients=[subscription.user],
            kind="matching.subscription",
            title=_("New scenario for “%(name)s”: %(title)s") % {"name": subscription.name, "title": scenario.title},
            body=scenario.summary,
            url=reverse("scenarios:detail", args=[scenario.uuid]),
            dedupe_key=f"subscription:{subscription.pk}:scenario:{scenario.pk}",
        )
        alert.notified_at = timezone.now()
        alert.save(update_fields=["notified_at"])
    return 1


def daily_digests_send() -> int:
    """One notification per daily subscription with the scenarios found since the last digest."""
    pending = SubscriptionAlert.objects.filter(
        notified_at__isnull=True, subscription__delivery=Subscription.Delivery.DAILY
    ).select_related("subscription__user", "scenario")
    grouped: dict[int, list[SubscriptionAlert]] = defaultdict(list)
    for alert in pending:
        grouped[alert.subscription_id].append(alert)
    for alerts in grouped.values():
        subscription = alerts[0].subscription
        with transaction.atomic():
            notify(
                recipients=[subscription.user],
                kind="matching.subscription",
                title=_("%(count)d new scenarios for “%(name)s”") % {"count": len(alerts), "name": subscription.name},
                body="\n".join(f"- {alert.scenario.title}" for alert in alerts),
                url=reverse("matching:subscriptions"),
                dedupe_key=f"subscription:{subscription.pk}:digest:{max(alert.pk for alert in alerts)}",
            )
            SubscriptionAlert.objects.filter(pk__in=[alert.pk for alert in alerts]).update(notified_at=timezone.now())
    return len(grouped)
