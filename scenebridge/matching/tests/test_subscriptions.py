from typing import Any

import pytest

from scenebridge.matching import alerts, services
from scenebridge.matching.models import Subscription, SubscriptionAlert
from scenebridge.matching.tests.support import PORT_OFFER, publish_offer, publish_scenario, run_on_commit
from scenebridge.notifications.models import Notification
from scenebridge.scenarios import services as scenario_services
from scenebridge.taxonomy.models import Domain

pytestmark = pytest.mark.urls("scenebridge.matching.tests.urls")


def _subscribe(user: Any, **values: Any) -> Subscription:
    return services.subscription_create(actor=user, data=services.SubscriptionInput(**{"name": "港口", **values}))


def test_a_matching_new_scenario_alerts_once_and_never_twice(owner: Any, supplier: Any, operator: Any) -> None:
    # given a supplier's saved search, another one for a different domain, and its offers as interests
    publish_offer(supplier, operator, **PORT_OFFER)
    search = _subscribe(supplier, query="港口集装箱无人驾驶集卡", threshold=-5.0)
    elsewhere = _subscribe(supplier, query="港口集装箱无人驾驶集卡", domain_id=Domain.objects.exclude(code="D08")[0].pk)
    offers = _subscribe(supplier, name="我的供给", use_organization_offers=True, threshold=-5.0)
    # when a matching scenario is published
    scenario = publish_scenario(owner, operator)
    # then each fitting subscription alerted once, in-app
    assert set(SubscriptionAlert.objects.values_list("subscription_id", flat=True)) == {search.pk, offers.pk}
    assert Notification.objects.filter(user=supplier, kind="matching.subscription").count() == 2
    # when the scenario is edited and the alerts run again
    with run_on_commit():
        scenario_services.scenario_update(
            actor=owner, scenario_id=scenario.pk, data={"summary": "港区集装箱无人运输，欢迎揭榜。"}
        )
    alerts.scenario_alerts_run(scenario_id=scenario.pk)
    # then nothing is sent twice
    assert SubscriptionAlert.objects.count() == 2
    assert Notification.objects.filter(user=supplier, kind="matching.subscription").count() == 2
    assert not SubscriptionAlert.objects.filter(subscription=elsewhere).exists()


def test_a_high_threshold_keeps_quiet_and_daily_subscriptions_wait_for_the_digest(
    owner: Any, supplier: Any, operator: Any
) -> None:
    # given a demanding subscription and a daily one
    strict = _subscribe(supplier, query="港口集装箱无人驾驶集卡", threshold=9.0)
    daily = _subscribe(supplier, query="港口集装箱无人驾驶集卡", threshold=-5.0, delivery="daily")
    # when a matching scenario is published
    publish_scenario(owner, operator)
    # then only the daily one has an alert, not yet notified
    alert = SubscriptionAlert.objects.get()
    assert alert.subscription_id == daily.pk and alert.notified_at is None
    assert not SubscriptionAlert.objects.filter(subscription=strict).exists()
    assert not Notification.objects.filter(kind="matching.subscription").exists()
    # when the digest goes out (twice)
    assert alerts.daily_digests_send() == 1
    assert alerts.daily_digests_send() == 0
    # then one notification was sent
    assert Notification.objects.filter(user=supplier, kind="matching.subscription").count() == 1
