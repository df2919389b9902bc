import datetime
import decimal
from typing import Any

import pytest
from django.utils import timezone

from scenebridge.accounts.models import Role
from scenebridge.accounts.tests.factories import OrganizationFactory, UserFactory
from scenebridge.core.decisions import verify
from scenebridge.core.errors import InvalidTransitionError, PermissionDeniedError, ValidationFailedError
from scenebridge.core.models import DecisionEntry
from scenebridge.notifications.models import Notification
from scenebridge.pilots import catalogue_services, permissions, selectors, services
from scenebridge.pilots.models import Case, CatalogueBatch, CatalogueEntry, Feedback, Pilot, PilotOffer
from scenebridge.pilots.tests import factories
from scenebridge.reviews import services as review_services
from scenebridge.scenarios.models import Scenario
from scenebridge.taxonomy.models import Region

pytestmark = pytest.mark.django_db
D = decimal.Decimal


def test_a_pilot_runs_from_plan_to_evaluation_with_kpis_feedback_and_issues(
    owner: Any, supplier: Any, operator: Any
) -> None:
    # given a running pilot
    pilot = factories.running_pilot(owner, supplier, operator)
    kpi = pilot.kpis.get()
    # when both sides record values, feedback and an issue
    services.kpi_measurement_record(actor=supplier, kpi_id=kpi.pk, value=D("80"), measured_on=datetime.date(2026, 9, 1))
    services.kpi_measurement_record(actor=owner, kpi_id=kpi.pk, value=D("92"), measured_on=datetime.date(2026, 10, 1))
    for actor in (owner, supplier):
        services.feedback_submit(
            actor=actor, pilot_id=pilot.pk, round=1, effectiveness=4, reliability=5, cooperation=4, cost=3
        )
    issue = services.issue_raise(actor=supplier, pilot_id=pilot.pk, title="夜间定位漂移")
    services.issue_resolve(actor=owner, issue_id=issue.pk, resolution="加装路侧单元")
    services.pilot_transition(actor=owner, pilot_id=pilot.pk, action="complete")
    evaluation = services.pilot_evaluate(actor=owner, pilot_id=pilot.pk, verdict="succeeded", text="达标")
    # then
    assert Pilot.objects.get(pk=pilot.pk).status == "evaluated"
    assert evaluation.all_attained and evaluation.attainment[0]["latest"] == "92.0000"
    assert set(Feedback.objects.filter(pilot=pilot).values_list("side", flat=True)) == {"owner", "supplier"}
    entry = DecisionEntry.objects.get(kind="pilot_evaluation")
    assert entry.object_id == str(pilot.pk) and verify().ok
    assert Notification.objects.filter(user=supplier, kind="pilot_evaluate").count() == 1


def test_lower_is_better_kpi_missed_leaves_the_pilot_unable_to_be_nominated(
    owner: Any, supplier: Any, operator: Any
) -> None:
    # given a lower-is-better KPI (target ≤ 10) whose latest value is 12
    pilot = factories.completed_pilot(owner, supplier, operator, direction="lower", value="12")
    # when
    evaluation = services.pilot_evaluate(actor=owner, pilot_id=pilot.pk, verdict="partial", text="未完全达标")
    # then
    assert evaluation.all_attained is False
    with pytest.raises(InvalidTransitionError):
        catalogue_services.case_nominate(
            actor=owner, pilot_id=pilot.pk, title="t", summary="s", problem_solved="p", results="r"
        )
    assert not Case.objects.exists()
    # and after the operator's override with a reason, it can be
    services.pilot_targets_override(actor=operator, pilot_id=pilot.pk, reason="专家认定达到同等效果")
    case = catalogue_services.case_nominate(
        actor=owner, pilot_id=pilot.pk, title="t", summary="s", problem_solved="p", results="r"
    )
    assert case.status == "nominated" and list(case.providers.all()) == [supplier.organization]


def test_feedback_is_given_once_per_side_and_round(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    pilot = factories.running_pilot(owner, supplier, operator)
    ratings: dict[str, Any] = {"effectiveness": 4, "reliability": 4, "cooperation": 4, "cost": 4}
    services.feedback_submit(actor=supplier, pilot_id=pilot.pk, round=1, **ratings)
    # when / then
    with pytest.raises(ValidationFailedError):
        services.feedback_submit(actor=supplier, pilot_id=pilot.pk, round=1, **ratings)
    services.feedback_submit(actor=supplier, pilot_id=pilot.pk, round=2, **ratings)
    with pytest.raises(ValidationFailedError):
        services.feedback_submit(actor=owner, pilot_id=pilot.pk, round=1, **(ratings | {"cost": 6}))
    assert Feedback.objects.filter(pilot=pilot).count() == 2


def test_a_pilot_starts_only_with_an_offer_and_a_kpi(owner: Any, operator: Any) -> None:
    # given
    scenario = factories.published_scenario(owner, operator)
    pilot = services.pilot_create(actor=owner, scenario_id=scenario.pk, title="试点", plan="计划")
    # when / then
    with pytest.raises(ValidationFailedError):
        services.pilot_transition(actor=owner, pilot_id=pilot.pk, action="start")
    assert Pilot.objects.get(pk=pilot.pk).status == "planned"


def test_measurements_in_the_future_and_markup_are_refused(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    pilot = factories.running_pilot(owner, supplier, operator)
    kpi = pilot.kpis.get()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    # when / then
    with pytest.raises(ValidationFailedError):
        services.kpi_measurement_record(actor=owner, kpi_id=kpi.pk, value=D(1), measured_on=tomorrow)
    with pytest.raises(ValidationFailedError):
        services.issue_raise(actor=owner, pilot_id=pilot.pk, title="<script>alert(1)</script>")
    assert not kpi.measurements.exists() and not pilot.issues.exists()


def test_reissue_creates_a_linked_draft_v2_with_the_lessons(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    pilot = factories.evaluated_pilot(owner, supplier, operator)
    old = pilot.scenario
    # when
    new = services.scenario_reissue_from_pilot(actor=owner, pilot_id=pilot.pk, lessons="夜间作业需加装路侧感知")
    # then
    assert new.pk != old.pk and new.status == "draft" and new.previous_version_id == old.pk
    assert new.lessons_learned == "夜间作业需加装路侧感知"
    assert (new.title, new.description, new.region_id, new.owner_id) == (
        old.title,
        old.description,
        old.region_id,
        old.owner_id,
    )
    steps = selectors.scenario_history(owner, new.uuid)
    assert [s.scenario.pk for s in steps] == [old.pk, new.pk] and steps[0].pilots == [pilot]
    assert [s.scenario.pk for s in selectors.scenario_history(None, old.uuid)] == [old.pk]


def test_a_published_catalogue_batch_cannot_change(owner: Any, supplier: Any, operator: Any) -> None:
    # given a published batch holding one case, and another approved case
    case = factories.published_case(owner, supplier, operator)
    batch = CatalogueBatch.objects.get()
    other_owner = UserFactory(role=Role.OWNER, organization=OrganizationFactory())
    other = factories.nominated_case(other_owner, supplier, operator)
    catalogue_services.case_review(actor=operator, case_id=other.pk, action="approve")
    # when / then
    for attempt in (
        lambda: catalogue_services.batch_entry_add(actor=operator, batch_id=batch.pk, case_id=other.pk),
        lambda: catalogue_services.batch_entry_remove(actor=operator, batch_id=batch.pk, case_id=case.pk),
        lambda: catalogue_services.batch_publish(actor=operator, batch_id=batch.pk),
    ):
        with pytest.raises(InvalidTransitionError):
            attempt()
    assert list(CatalogueEntry.objects.values_list("case_id", flat=True)) == [case.pk]
    assert case.status == "published" and batch.status == "published" and batch.decision_hash
    entry = DecisionEntry.objects.get(kind="catalogue")
    assert entry.entry_hash == batch.decision_hash and entry.payload["entries"][0]["title"] == case.title


def test_replications_are_counted_by_province(owner: Any, supplier: Any, operator: Any, outsider: Any) -> None:
    # given a catalogued case
    case = factories.published_case(owner, supplier, operator)
    adopters: list[Any] = [OrganizationFactory() for _ in range(3)]
    # when adoptions are recorded in Suzhou, Nanjing (both Jiangsu) and Shenzhen
    for organization, region in zip(adopters, ("320500", "320100", "440300"), strict=True):
        catalogue_services.replication_record(
            actor=operator,
            case_id=case.pk,
            adopting_organization_id=organization.pk,
            region_code=region,
            adopted_on=datetime.date(2027, 3, 1),
        )
    catalogue_services.replication_record(
        actor=outsider,
        case_id=case.pk,
        adopting_organization_id=None,
        region_code="510100",
        adopted_on=datetime.date(2027, 4, 1),
        scale_note="两个园区",
    )
    # then
    spread = selectors.case_spread(Case.objects.get(pk=case.pk))
    assert [(p.region.code, p.count) for p in spread] == [("320000", 2), ("440000", 1), ("510000", 1)]
    assert spread[0].region == Region.objects.get(code="320000") and spread[0].share == 100
    assert Notification.objects.filter(user=owner, kind="case_replicated").count() == 4


def test_the_owner_cannot_record_its_own_result_as_a_replication(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    case = factories.published_case(owner, supplier, operator)
    # when / then
    with pytest.raises(Exception):
        catalogue_services.replication_record(
            actor=operator,
            case_id=case.pk,
            adopting_organization_id=owner.organization_id,
            region_code="320500",
            adopted_on=datetime.date(2027, 3, 1),
        )
    assert not case.replications.exists()


def test_returned_case_is_revised_and_nominated_again(owner: Any, supplier: Any, operator: Any) -> None:
    # given
    case = factories.nominated_case(owner, supplier, operator)
    with pytest.raises(ValidationFailedError):
        catalogue_services.case_review(actor=operator, case_id=case.pk, action="return")
    catalogue_services.case_review(actor=operator, case_id=case.pk, action="return", note="请补充成效数据")
    # when
    catalogue_services.case_renominate(actor=owner, case_id=case.pk, data={"results": "效率提升35%"})
    # then
    case.refresh_from_db()
    assert case.status == "nominated" and case.results == "效率提升35%"
    assert Notification.objects.filter(user=owner, kind="case_return").exists()


def test_the_public_never_sees_an_unevaluated_pilot_or_unpublished_case(
    owner: Any, supplier: Any, operator: Any
) -> None:
    # given a running pilot, an evaluated one nominated as a case
    running = factories.running_pilot(owner, supplier, operator)
    case = factories.nominated_case(owner, supplier, operator)
    # then
    assert list(selectors.pilot_list_public()) == [case.pilot]
    assert not selectors.case_list_published().exists()
    assert selectors.catalogue_overview() == []
    assert running.status == "running" and Scenario.objects.count() == 2


def test_an_offer_from_a_connection_must_link_this_scenario_and_offer(owner: Any, supplier: Any, operator: Any) -> None:
    # given a planned pilot, a connection between its scenario and a new offer, and one about another offer
    pilot = factories.planned_pilot(owner, supplier, operator)
    offer = factories.published_offer(supplier, operator, name="第二套方案")
    stray = factories.published_offer(supplier, operator, name="第三套方案")
    connection_model: Any = PilotOffer._meta.get_field("connection").related_model
    common = {"initiator_organization": owner.organization, "counterpart_organization": supplier.organization}
    good = connection_model.objects.create(scenario=pilot.scenario, offer=offer, kind="invitation", **common)
    # when / then
    with pytest.raises(ValidationFailedError):
        services.pilot_offer_add(
            actor=owner, pilot_id=pilot.pk, offer_id=stray.pk, source="connection", connection_id=good.pk
        )
    with pytest.raises(ValidationFailedError):
        services.pilot_offer_add(actor=owner, pilot_id=pilot.pk, offer_id=offer.pk, source="award", award_id=999999)
    row = services.pilot_offer_add(
        actor=owner, pilot_id=pilot.pk, offer_id=offer.pk, source="connection", connection_id=good.pk
    )
    assert row.connection_id == good.pk and row.award_id is None
    assert pilot.pilot_offers.count() == 2


def test_experts_review_nominated_cases_in_a_panel(owner: Any, supplier: Any, operator: Any, expert: Any) -> None:
    # given a nominated case and a draft batch
    case = factories.nominated_case(owner, supplier, operator)
    batch = catalogue_services.batch_create(actor=operator, title="2027年第一批成果推荐目录", year=2027, number=1)
    assert not permissions.can_view_case(expert, case)
    # when the operator opens a panel, the expert scores and the panel closes
    panel = catalogue_services.case_panel_open(actor=operator, batch_id=batch.pk, expert_ids=[expert.pk])
    item = panel.items.get()
    values = {c["code"]: 8 for c in catalogue_services.CASE_RUBRIC}
    review_services.score_submit(actor=expert, item_id=item.pk, values=values)
    review_services.panel_close(actor=operator, panel_id=panel.pk)
    # then the expert could read the case, and the operator sees the result beside it
    assert permissions.can_view_case(expert, case)
    verdicts = selectors.expert_verdicts(operator, [case])[case.pk]
    assert verdicts[0].result is not None and verdicts[0].result.rank == 1
    assert selectors.expert_verdicts(owner, [case]) == {}
    with pytest.raises(PermissionDeniedError):
        catalogue_services.case_panel_open(actor=owner, batch_id=batch.pk, expert_ids=[expert.pk])
