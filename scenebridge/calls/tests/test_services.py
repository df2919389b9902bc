import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from scenebridge.accounts.models import OrganizationType
from scenebridge.calls import list_services, services
from scenebridge.calls.models import CallStatus, CallSubmission, Decision, ListStatus, ScenarioListEntry
from scenebridge.calls.tests.factories import (
    call_data,
    call_panel,
    decided_call,
    draft_scenario,
    open_call,
    published_list,
    published_scenario,
)
from scenebridge.core.decisions import head_hash, verify
from scenebridge.core.errors import InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from scenebridge.core.models import DecisionEntry
from scenebridge.notifications.models import Notification


def test_an_owner_submits_their_own_scenario_once(operator: Any, owner: Any) -> None:
    # given
    call = open_call(operator)
    scenario = draft_scenario(owner)
    # when
    first = services.submission_create(actor=owner, call_id=call.pk, scenario_id=scenario.pk)
    again = services.submission_create(actor=owner, call_id=call.pk, scenario_id=scenario.pk)
    # then
    assert first.pk == again.pk
    assert CallSubmission.objects.count() == 1
    assert first.organization_id == owner.organization_id
    assert Notification.objects.filter(kind="call_submission", user=owner).count() == 1


def test_submissions_are_refused_outside_the_rules(operator: Any, owner: Any) -> None:
    scenario = draft_scenario(owner)
    draft_call = services.call_create(actor=operator, data=call_data())
    ineligible = open_call(operator, eligible_organization_types=[OrganizationType.UNIVERSITY])
    with pytest.raises(InvalidTransitionError):
        services.submission_create(actor=owner, call_id=draft_call.pk, scenario_id=scenario.pk)
    with pytest.raises(ValidationFailedError):
        services.submission_create(actor=owner, call_id=ineligible.pk, scenario_id=scenario.pk)
    assert not CallSubmission.objects.exists()


def test_the_call_needs_a_valid_period_and_rubric(operator: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationFailedError) as error:
        services.call_create(
            actor=operator, data=call_data(closes_on=today - datetime.timedelta(days=9), rubric=[], title="<b>x</b>")
        )
    assert {"closes_on", "rubric", "title"} <= set(error.value.fields)


@pytest.mark.urls("scenebridge.calls.tests.urls")
def test_forming_the_panel_puts_every_submission_under_review(operator: Any, owner: Any, expert: Any) -> None:
    # given
    call = open_call(operator)
    scenario = published_scenario(owner, operator)
    submission = services.submission_create(actor=owner, call_id=call.pk, scenario_id=scenario.pk)
    with pytest.raises(InvalidTransitionError):
        services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[expert.pk])
    services.call_transition(actor=operator, call_id=call.pk, action="close")
    # when
    panel = services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[expert.pk])
    # then
    item = panel.items.get()
    assert item.owner_organization_id == owner.organization_id
    assert item.material_url == f"/calls/submissions/{submission.uuid}/"
    assert panel.rubric == call.rubric
    with pytest.raises(InvalidTransitionError):
        services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[expert.pk])


def test_the_decision_follows_the_closed_panel_and_is_logged(operator: Any, owner: Any) -> None:
    # given / when
    call, _submitted = decided_call(operator, owner)
    # then
    assert call.status == CallStatus.DECIDED
    assert [s.decision for s in CallSubmission.objects.order_by("id")] == [Decision.SELECTED, Decision.NOT_SELECTED]
    entry = DecisionEntry.objects.get(kind="selection")
    assert [row["rank"] for row in entry.payload["submissions"]] == [1, 2]
    assert verify().ok
    assert Notification.objects.filter(kind="call_decided", user=owner).count() == 2


def test_no_decision_before_the_panel_closes(operator: Any, owner: Any, expert: Any) -> None:
    call = open_call(operator)
    submission = services.submission_create(
        actor=owner, call_id=call.pk, scenario_id=published_scenario(owner, operator).pk
    )
    services.call_transition(actor=operator, call_id=call.pk, action="close")
    services.call_panel_form(actor=operator, call_id=call.pk, expert_ids=[expert.pk])
    with pytest.raises(InvalidTransitionError):
        services.call_decide(actor=operator, call_id=call.pk, selected_ids={submission.pk})
    call.refresh_from_db()
    submission.refresh_from_db()
    assert call.status == CallStatus.CLOSED and submission.decision == Decision.PENDING


def test_deadlines_close_exactly_once_and_notify(
    operator: Any, owner: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    call = open_call(operator)
    services.submission_create(actor=owner, call_id=call.pk, scenario_id=draft_scenario(owner).pk)
    call.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    call.save(update_fields=["closes_on"])
    mail.outbox.clear()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_call_deadlines")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("close_call_deadlines")
    # then
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    assert Notification.objects.filter(kind="call_closed", user=owner).count() == 1
    assert len([m for m in mail.outbox if owner.email in m.to]) == 1
    assert services.call_deadlines_close() == 0


def test_a_published_list_is_immutable(operator: Any, owner: Any, owner_org: Any) -> None:
    # given
    scenario_list = published_list(operator, owner, owner_org)
    entries = list(scenario_list.entries.values_list("scenario_id", "remarks"))
    # when / then
    with pytest.raises(InvalidTransitionError):
        list_services.list_entries_set(actor=operator, list_id=scenario_list.pk, entries=[])
    with pytest.raises(InvalidTransitionError):
        list_services.list_publish(actor=operator, list_id=scenario_list.pk)
    with pytest.raises(InvalidTransitionError):
        list_services.list_update(actor=operator, list_id=scenario_list.pk, title="改名", changelog="")
    assert list(scenario_list.entries.values_list("scenario_id", "remarks")) == entries
    assert scenario_list.decision_head_hash == head_hash()
    assert DecisionEntry.objects.filter(kind="list_published").count() == 1


def test_a_correction_is_a_new_version_showing_what_changed(operator: Any, owner: Any, owner_org: Any) -> None:
    from scenebridge.calls import selectors

    # given
    first = published_list(operator, owner, owner_org)
    kept = first.entries.get().scenario
    added = published_scenario(owner, operator, title="补充场景")
    # when
    second = list_services.list_new_version(actor=operator, list_id=first.pk, changelog="补充一个场景，修正备注")
    list_services.list_entries_set(actor=operator, list_id=second.pk, entries=[(kept.pk, "更正备注"), (added.pk, "")])
    list_services.list_publish(actor=operator, list_id=second.pk)
    # then
    second.refresh_from_db()
    assert (second.version, second.previous_version_id, second.status) == (2, first.pk, ListStatus.PUBLISHED)
    changes = selectors.list_changes(second)
    assert changes is not None
    assert [e.title for e in changes.added] == ["补充场景"]
    assert [new.remarks for _, new in changes.changed] == ["更正备注"]
    assert changes.removed == []
    assert list(selectors.published_lists()) == [second]
    with pytest.raises(InvalidTransitionError):
        list_services.list_new_version(actor=operator, list_id=first.pk, changelog="again")


def test_publishing_needs_public_scenarios(operator: Any, owner: Any, owner_org: Any) -> None:
    scenario_list = list_services.list_create(
        actor=operator,
        data={"title": "清单", "year": 2027, "batch_number": 2, "publisher": owner_org},
        scenario_ids=[draft_scenario(owner).pk],
    )
    with pytest.raises(ValidationFailedError):
        list_services.list_publish(actor=operator, list_id=scenario_list.pk)
    scenario_list.refresh_from_db()
    assert scenario_list.status == ListStatus.DRAFT
    assert not DecisionEntry.objects.filter(kind="list_published").exists()


def test_the_call_list_takes_the_selected_scenarios(operator: Any, owner: Any, owner_org: Any) -> None:
    scenario_list = published_list(operator, owner, owner_org)
    selected = CallSubmission.objects.get(decision=Decision.SELECTED).scenario_id
    assert list(
        ScenarioListEntry.objects.filter(scenario_list=scenario_list).values_list("scenario_id", flat=True)
    ) == [selected]


def test_call_panel_helper(operator: Any, owner: Any) -> None:
    call, _ = decided_call(operator, owner)
    assert call_panel(call).status == "closed"


def test_only_the_operator_manages_calls(owner: Any, supplier: Any, expert: Any, org_admin: Any) -> None:
    for actor in (owner, supplier, expert, org_admin):
        with pytest.raises(PermissionDeniedError):
            services.call_create(actor=actor, data=call_data())
