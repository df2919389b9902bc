from typing import Any

import pytest

from scenebridge.core import search
from scenebridge.core.errors import (
    InvalidTransitionError,
    PermissionDeniedError,
    ValidationFailedError,
)
from scenebridge.core.models import AuditEvent, RecordVersion
from scenebridge.scenarios import services
from scenebridge.scenarios.models import Scenario
from scenebridge.scenarios.tests.factories import scenario_data

pytestmark = pytest.mark.django_db


def test_owner_drafts_submits_and_operator_publishes(owner: Any, operator: Any) -> None:
    # given
    scenario = services.scenario_create(actor=owner, data=scenario_data())
    assert search.ranked_ids("scenario", "无人化") == []
    # when
    services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
    services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")
    # then
    scenario.refresh_from_db()
    assert scenario.status == "published" and scenario.published_at is not None
    assert scenario.version == 1
    assert search.ranked_ids("scenario", "集装箱 无人化") == [scenario.pk]
    actions = list(AuditEvent.objects.filter(object_id=str(scenario.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["approve", "create", "submit"]


def test_return_needs_a_reason_and_changes_nothing_without_one(owner: Any, operator: Any) -> None:
    # given
    scenario = services.scenario_create(actor=owner, data=scenario_data())
    services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
    # when
    with pytest.raises(ValidationFailedError) as error:
        services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="return")
    # then
    assert "reason" in error.value.fields
    assert Scenario.objects.get(pk=scenario.pk).status == "submitted"
    services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="return", reason="请补充技术指标")
    assert Scenario.objects.get(pk=scenario.pk).review_note == "请补充技术指标"


def test_edit_after_publication_makes_a_new_version(owner: Any, operator: Any) -> None:
    # given
    scenario = services.scenario_create(actor=owner, data=scenario_data())
    services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
    services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")
    # when
    services.scenario_update(
        actor=owner, scenario_id=scenario.pk, data={"summary": "扩大到两个港区。"}, note="扩大范围"
    )
    # then
    versions = RecordVersion.objects.filter(object_id=scenario.pk).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].changed_fields == ["summary"] and versions[1].snapshot["summary"] == "扩大到两个港区。"
    edit = AuditEvent.objects.get(object_id=str(scenario.pk), action="edit")
    assert edit.before == {"summary": scenario.summary} and edit.after == {"summary": "扩大到两个港区。"}


def test_confidential_parts_are_not_searchable(owner: Any, operator: Any) -> None:
    # given
    data = scenario_data(technical_requirements="需要量子雷达支持", confidential_parts=["technical_requirements"])
    scenario = services.scenario_create(actor=owner, data=data)
    services.scenario_transition(actor=owner, scenario_id=scenario.pk, action="submit")
    services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")
    # when
    found = search.ranked_ids("scenario", "量子雷达")
    # then
    assert found == []
    assert search.ranked_ids("scenario", "集装箱") == [scenario.pk]


def test_markup_and_missing_fields_save_nothing(owner: Any) -> None:
    # given
    bad = scenario_data(title="<script>alert(1)</script>", summary="")
    # when
    with pytest.raises(ValidationFailedError) as error:
        services.scenario_create(actor=owner, data=bad)
    # then
    assert set(error.value.fields) >= {"title", "summary"}
    assert Scenario.objects.count() == 0 and AuditEvent.objects.count() == 0


def test_only_owner_side_may_create(supplier: Any, expert: Any) -> None:
    for actor in (supplier, expert):
        with pytest.raises(PermissionDeniedError):
            services.scenario_create(actor=actor, data=scenario_data())
    assert Scenario.objects.count() == 0


def test_invalid_transitions_are_refused(owner: Any, operator: Any) -> None:
    # given
    scenario = services.scenario_create(actor=owner, data=scenario_data())
    # when / then
    with pytest.raises(InvalidTransitionError):
        services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="approve")
    with pytest.raises(PermissionDeniedError):
        services.scenario_transition(actor=operator, scenario_id=scenario.pk, action="submit")
    assert Scenario.objects.get(pk=scenario.pk).status == "draft"


def test_funding_bounds_are_checked(owner: Any) -> None:
    with pytest.raises(ValidationFailedError) as error:
        services.scenario_create(actor=owner, data=scenario_data(funding_min_wan=500, funding_max_wan=100))
    assert "funding_max_wan" in error.value.fields
