import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from scenebridge.core.errors import InvalidTransitionError, NotFoundError, PermissionDeniedError
from scenebridge.core.models import AuditEvent
from scenebridge.matching import index_store, indexing, services
from scenebridge.matching.errors import ConnectionNotAllowedError
from scenebridge.matching.models import Connection, ConnectionStatus, Direction, Feedback, Verdict, WeightsVersion
from scenebridge.matching.tests.support import ELDERLY_OFFER, PORT_OFFER, publish_offer, publish_scenario
from scenebridge.notifications.models import Notification

pytestmark = pytest.mark.urls("scenebridge.matching.tests.urls")


def test_feedback_is_stored_and_retuning_changes_the_weights(owner: Any, supplier: Any, operator: Any) -> None:
    # given a scenario with two recommended offers, its panel open in the owner's browser (CSRF enforced)
    port = publish_offer(supplier, operator, **PORT_OFFER)
    elderly = publish_offer(supplier, operator, **ELDERLY_OFFER)
    scenario = publish_scenario(owner, operator)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    panel = client.get(f"/matching/scenarios/{scenario.uuid}/panel/").content.decode()
    token = re.search(r'hx-headers=\'[{]"X-CSRFToken": "([^"]+)"[}]\'', panel)
    assert token is not None
    # when its owner marks the weaker-looking one relevant and the other not, through the panel's buttons
    for offer, verdict in ((elderly, Verdict.RELEVANT), (port, Verdict.NOT_RELEVANT)):
        response = client.post(
            "/matching/feedback/",
            {
                "direction": Direction.SCENARIO_OFFERS,
                "scenario": scenario.uuid,
                "offer": offer.uuid,
                "verdict": verdict,
            },
            HTTP_HX_REQUEST="true",
            HTTP_X_CSRFTOKEN=token.group(1),
        )
        assert response.status_code == 200
    # then both verdicts are stored with the signals that were shown
    stored = {f.offer_id: f for f in Feedback.objects.all()}
    assert stored[elderly.pk].verdict == Verdict.RELEVANT and stored[port.pk].verdict == Verdict.NOT_RELEVANT
    assert "lexical" in stored[elderly.pk].signals and stored[port.pk].score is not None
    # when the weights are re-tuned
    before = (index_store.read_state() or {})["weights"]
    call_command("tune_match_weights", note="test")
    # then a new version exists, differs from the defaults and is what the index now ranks with
    version = WeightsVersion.objects.get()
    assert version.judgments == 2 and version.weights != before
    assert (index_store.read_state() or {})["weights"] == version.weights
    assert indexing.current_weights().as_dict() == version.weights
    index = index_store.current_index()
    assert index is not None and index.weights.as_dict() == version.weights


def test_feedback_from_someone_who_is_not_a_party_is_refused(
    owner: Any, supplier: Any, operator: Any, outsider: Any
) -> None:
    # given a recommended pair
    offer = publish_offer(supplier, operator, **PORT_OFFER)
    scenario = publish_scenario(owner, operator)
    # when another organization's member tries to judge it
    with pytest.raises(PermissionDeniedError):
        services.feedback_record(
            actor=outsider, direction=Direction.SCENARIO_OFFERS, scenario=scenario, supply=offer, verdict="relevant"
        )
    # then nothing was stored
    assert not Feedback.objects.exists()


def test_connection_lifecycle_only_the_parties_act(
    owner: Any, supplier: Any, operator: Any, outsider: Any, client: Client
) -> None:
    # given the supplier expresses interest in a scenario for its offer
    offer = publish_offer(supplier, operator, **PORT_OFFER)
    scenario = publish_scenario(owner, operator)
    connection = services.connection_create(actor=supplier, scenario=scenario, supply=offer, message="我们可以试点")
    assert connection.kind == "interest" and connection.status == ConnectionStatus.PENDING
    assert Notification.objects.filter(user=owner, kind="matching.connection").count() == 1
    # a second click does not start a second connection
    assert services.connection_create(actor=supplier, scenario=scenario, supply=offer).pk == connection.pk
    # when people who may not take the step try it, nothing changes
    with pytest.raises(NotFoundError):
        services.connection_act(actor=outsider, connection_id=connection.pk, action="accept")
    with pytest.raises(PermissionDeniedError):
        services.connection_act(actor=supplier, connection_id=connection.pk, action="accept")
    with pytest.raises(InvalidTransitionError):
        services.connection_act(actor=owner, connection_id=connection.pk, action="cooperating")
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.PENDING
    # when the owner accepts from the inbox page
    client.force_login(owner)
    inbox = client.get("/matching/connections/")
    assert "我们可以试点" in inbox.content.decode() and "data-confirm" in inbox.content.decode()
    response = client.post(f"/matching/connections/{connection.pk}/act/", {"action": "accept"})
    assert response.status_code == 302
    # then it is accepted, the supplier is told, and both sides can take it on to cooperation
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ACCEPTED and connection.responded_at is not None
    assert Notification.objects.filter(user=supplier, kind="matching.connection").count() == 1
    services.connection_act(actor=supplier, connection_id=connection.pk, action="contacted")
    services.connection_act(actor=owner, connection_id=connection.pk, action="cooperating")
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.COOPERATING
    actions = list(
        AuditEvent.objects.filter(object_id=str(connection.pk), action__startswith="connection.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == sorted(
        ["connection.create", "connection.accept", "connection.contacted", "connection.cooperating"]
    )


def test_a_connection_needs_two_published_sides_of_different_organizations(
    owner: Any, supplier: Any, operator: Any, outsider: Any
) -> None:
    # given a published scenario and offer
    offer = publish_offer(supplier, operator, **PORT_OFFER)
    scenario = publish_scenario(owner, operator)
    # when an organization that is neither side tries to connect them
    with pytest.raises(ConnectionNotAllowedError):
        services.connection_create(actor=outsider, scenario=scenario, supply=offer)
    # then no connection exists
    assert not Connection.objects.exists()


def test_connections_feed_the_retuning_as_strong_positives(owner: Any, supplier: Any, operator: Any) -> None:
    # given an accepted invitation and a not-relevant verdict on the same scenario
    port = publish_offer(supplier, operator, **PORT_OFFER)
    elderly = publish_offer(supplier, operator, **ELDERLY_OFFER)
    scenario = publish_scenario(owner, operator)
    invitation = services.connection_create(actor=owner, scenario=scenario, supply=elderly)
    services.connection_act(actor=supplier, connection_id=invitation.pk, action="accept")
    services.feedback_record(
        actor=owner, direction=Direction.SCENARIO_OFFERS, scenario=scenario, supply=port, verdict="not_relevant"
    )
    # when the judgments are collected
    judgments = services.judgments_collect()
    # then the accepted connection is a grade-2 judgment of the same query
    grades = {j.result_id: j.grade for j in judgments}
    assert grades == {str(elderly.pk): 2.0, str(port.pk): 0.0}
    assert len({j.query_id for j in judgments}) == 1
