import datetime
from io import StringIO
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone, translation

from scenebridge.accounts.models import OrganizationType, Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.challenges import delivery, rules, selectors, services
from scenebridge.challenges.models import Application, Award, Challenge, Milestone
from scenebridge.challenges.tests.factories import (
    another_supplier,
    application_data,
    apply,
    awarded_challenge,
    challenge_data,
    open_challenge,
    pass_deadline,
    published_scenario,
)
from scenebridge.core.decisions import decisions_for, head_hash, verify
from scenebridge.core.errors import (
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    ValidationFailedError,
)
from scenebridge.core.models import AuditEvent
from scenebridge.notifications.models import Notification
from scenebridge.reviews import services as reviews
from scenebridge.reviews.models import PanelItem

pytestmark = pytest.mark.django_db


def _actions(obj: Any) -> list[str]:
    events = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return list(events.order_by("id").values_list("action", flat=True))


def test_owner_creates_a_draft_from_a_published_scenario_and_publishes_it(owner: Any, operator: Any) -> None:
    # given
    scenario = published_scenario(owner, operator)
    # when
    challenge = services.challenge_create(actor=owner, scenario=scenario, data=challenge_data())
    services.challenge_publish(actor=owner, challenge_id=challenge.pk)
    # then
    challenge.refresh_from_db()
    assert challenge.status == "open" and challenge.owner_id == owner.organization_id
    assert challenge.indicators[0] == {"name": "定位精度", "target": "≤5", "unit": "厘米"}
    assert _actions(challenge) == ["create", "publish"]


def test_only_the_owner_side_of_a_published_scenario_may_create(
    owner: Any, operator: Any, outsider: Any, supplier: Any
) -> None:
    # given
    scenario = published_scenario(owner, operator)
    # when / then
    for actor in (outsider, supplier, operator):
        with pytest.raises(PermissionDeniedError):
            services.challenge_create(actor=actor, scenario=scenario, data=challenge_data())
    assert not Challenge.objects.exists()


def test_markup_past_deadline_and_unknown_types_save_nothing(owner: Any, operator: Any) -> None:
    # given
    scenario = published_scenario(owner, operator)
    past = timezone.now() - datetime.timedelta(days=1)
    # when / then
    for bad in ({"goals": "<script>x</script>"}, {"deadline": past}, {"eligible_types": ["alien"]}):
        with pytest.raises(ValidationFailedError):
            services.challenge_create(actor=owner, scenario=scenario, data=challenge_data(**bad))
    with pytest.raises(ValidationFailedError):
        services.challenge_create(actor=owner, scenario=scenario, data=challenge_data(indicators="精度 | <b>5</b>"))
    assert not Challenge.objects.exists()


def test_apply_is_idempotent_and_edits_until_the_deadline(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    # when
    first, created = services.application_submit(actor=supplier, challenge_id=challenge.pk, data=application_data())
    again, created_again = services.application_submit(
        actor=supplier, challenge_id=challenge.pk, data=application_data()
    )
    edited, _ = services.application_submit(
        actor=supplier, challenge_id=challenge.pk, data=application_data(plan="三阶段实施")
    )
    # then
    assert created and not created_again and first.pk == again.pk == edited.pk
    assert Application.objects.count() == 1 and Application.objects.get().plan == "三阶段实施"
    assert _actions(first) == ["apply", "edit"]
    assert Notification.objects.filter(user=supplier, kind="application_received").count() == 1


def test_no_edit_after_the_deadline_and_nothing_changes(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    application = apply(supplier, challenge)
    pass_deadline(challenge)
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.application_update(actor=supplier, application_id=application.pk, data={"plan": "迟到的修改"})
    with pytest.raises(InvalidTransitionError):
        services.application_submit(actor=supplier, challenge_id=challenge.pk, data=application_data(plan="迟到"))
    assert Application.objects.get().plan == application.plan


def test_eligibility_owner_and_non_suppliers_cannot_apply(
    owner: Any, operator: Any, supplier: Any, expert: Any, org_admin: Any
) -> None:
    # given a challenge for universities only
    challenge = open_challenge(owner, operator, eligible_types=[OrganizationType.UNIVERSITY])
    university: Any = UserFactory(
        role=Role.SUPPLIER, organization=OrganizationFactory(type=OrganizationType.UNIVERSITY)
    )
    # when / then
    for actor in (supplier, owner, org_admin, expert, operator):
        with pytest.raises(PermissionDeniedError):
            services.application_submit(actor=actor, challenge_id=challenge.pk, data=application_data())
    assert not Application.objects.exists()
    assert apply(university, challenge).organization_id == university.organization.pk


def test_sealed_until_the_deadline_then_the_owner_reads(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    application = apply(supplier, challenge)
    rival = another_supplier()
    apply(rival, challenge, title="竞争方案")
    now = timezone.now()
    # then before the deadline
    assert selectors.application_count(challenge) == 2
    assert list(selectors.applications_for_user(owner, challenge, now)) == []
    assert list(selectors.applications_for_user(operator, challenge, now)) == []
    assert [a.pk for a in selectors.applications_for_user(supplier, challenge, now)] == [application.pk]
    for viewer in (owner, operator, rival):
        with pytest.raises(NotFoundError):
            selectors.application_get_for_user(viewer, application.uuid, now)
    # when
    pass_deadline(challenge)
    now = timezone.now()
    # then
    assert selectors.applications_for_user(owner, challenge, now).count() == 2
    assert selectors.application_get_for_user(owner, application.uuid, now).pk == application.pk
    with pytest.raises(NotFoundError):
        selectors.application_get_for_user(rival, application.uuid, now)


def test_close_command_closes_once_and_notifies_each_person_once(
    owner: Any, org_admin: Any, operator: Any, supplier: Any
) -> None:
    # given
    challenge = open_challenge(owner, operator)
    apply(supplier, challenge)
    Challenge.objects.filter(pk=challenge.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    # when
    call_command("close_challenge_deadlines", stdout=StringIO())
    call_command("close_challenge_deadlines", stdout=StringIO())
    # then
    challenge.refresh_from_db()
    assert challenge.status == "closed" and challenge.closed_at is not None
    assert _actions(challenge).count("close") == 1
    closed = Notification.objects.filter(kind="challenge_closed")
    assert sorted(closed.values_list("user__username", flat=True)) == ["orgadmin", "owner", "supplier"]


def test_award_needs_the_owner_proposal_and_another_accounts_approval(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    application = apply(supplier, challenge)
    loser = another_supplier()
    apply(loser, challenge, title="落选方案")
    # when: no proposal before the deadline
    with pytest.raises(PermissionDeniedError):
        delivery.award_propose(actor=owner, challenge_id=challenge.pk, application_id=application.pk, reasons="好")
    pass_deadline(challenge)
    with pytest.raises(PermissionDeniedError):
        delivery.award_propose(actor=operator, challenge_id=challenge.pk, application_id=application.pk, reasons="x")
    delivery.award_propose(actor=owner, challenge_id=challenge.pk, application_id=application.pk, reasons="方案最优")
    # then the proposer may not approve, even after becoming an operator
    owner.role = Role.OPERATOR
    owner.save(update_fields=["role"])
    with pytest.raises(PermissionDeniedError):
        delivery.award_approve(actor=owner, challenge_id=challenge.pk)
    assert Award.objects.get().status == "proposed" and Challenge.objects.get().status == "closed"
    assert not decisions_for(challenge)
    # when another operator approves
    with translation.override("en"):
        delivery.award_approve(actor=operator, challenge_id=challenge.pk)
    # then
    challenge.refresh_from_db()
    assert challenge.status == "awarded"
    [entry] = decisions_for(challenge)
    assert entry.kind == "award" and entry.payload["winner"] == supplier.organization.name
    assert verify().ok
    result = selectors.challenge_result(challenge)
    assert result is not None and result.winner == supplier.organization.name
    assert result.decision_head_hash == head_hash()
    outcomes = Notification.objects.filter(kind="challenge_outcome")
    assert outcomes.filter(user=supplier, title__contains="won").exists()
    assert outcomes.filter(user=loser).count() == 1 and not outcomes.filter(user=loser, title__contains="won")


def test_operator_can_send_the_proposal_back_and_owner_proposes_again(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    application = apply(supplier, challenge)
    pass_deadline(challenge)
    delivery.award_propose(actor=owner, challenge_id=challenge.pk, application_id=application.pk, reasons="理由")
    # when
    with pytest.raises(ValidationFailedError):
        delivery.award_reject(actor=operator, challenge_id=challenge.pk, note="")
    delivery.award_reject(actor=operator, challenge_id=challenge.pk, note="请补充评审意见")
    delivery.award_propose(actor=owner, challenge_id=challenge.pk, application_id=None, reasons="均未达到指标")
    delivery.award_approve(actor=operator, challenge_id=challenge.pk)
    # then
    challenge.refresh_from_db()
    assert challenge.status == "no_award"
    assert selectors.challenge_result(challenge).awarded is False  # type: ignore[union-attr]
    assert Notification.objects.filter(user=owner, kind="award_rejected").count() == 1


def test_milestones_deliverables_and_final_acceptance(owner: Any, operator: Any, supplier: Any) -> None:
    # given
    challenge, _application = awarded_challenge(owner, operator, supplier)
    # when
    first = delivery.milestone_add(
        actor=owner,
        challenge_id=challenge.pk,
        title="封闭场地测试",
        deliverables="测试报告",
        due_on=datetime.date(2027, 3, 1),
    )
    with pytest.raises(PermissionDeniedError):
        delivery.milestone_submit(actor=another_supplier(), milestone_id=first.pk, submission="冒名提交")
    delivery.milestone_submit(actor=supplier, milestone_id=first.pk, submission="测试报告已上传")
    with pytest.raises(InvalidTransitionError):
        delivery.challenge_accept(actor=owner, challenge_id=challenge.pk)
    delivery.milestone_review(actor=owner, milestone_id=first.pk, accept=False, note="缺少雨天数据")
    delivery.milestone_submit(actor=supplier, milestone_id=first.pk, submission="补充雨天数据")
    delivery.milestone_review(actor=owner, milestone_id=first.pk, accept=True)
    delivery.challenge_accept(actor=owner, challenge_id=challenge.pk, note="全部指标达标")
    # then
    challenge.refresh_from_db()
    assert challenge.status == "accepted" and Milestone.objects.get().status == "accepted"
    assert [d.kind for d in decisions_for(challenge)] == ["award", "acceptance"]
    assert Notification.objects.filter(user=supplier, kind="challenge_accepted").count() == 1
    assert Notification.objects.filter(user=owner, kind="deliverable_submitted").count() == 2


def test_operator_forms_a_panel_and_its_ranking_is_kept(owner: Any, operator: Any, supplier: Any, expert: Any) -> None:
    # given
    challenge = open_challenge(owner, operator)
    application = apply(supplier, challenge)
    pass_deadline(challenge)
    # when
    with pytest.raises(PermissionDeniedError):
        services.challenge_review_start(actor=owner, challenge_id=challenge.pk, expert_ids=[expert.pk])
    services.challenge_review_start(actor=operator, challenge_id=challenge.pk, expert_ids=[expert.pk])
    item = PanelItem.objects.get()
    reviews.score_submit(actor=expert, item_id=item.pk, values={"technology": 9, "team": 8, "plan": 8, "budget": 7})
    services.challenge_review_close(actor=operator, challenge_id=challenge.pk)
    # then
    application.refresh_from_db()
    challenge.refresh_from_db()
    assert application.review_rank == 1 and application.review_total is not None
    assert Challenge.objects.get().status == rules.Status.UNDER_REVIEW
    assert selectors.applications_for_user(expert, challenge, timezone.now()).count() == 1
