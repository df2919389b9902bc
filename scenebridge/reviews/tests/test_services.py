import threading
import time
from typing import Any

import pytest
from django.db import OperationalError, connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenebridge.core.errors import InvalidTransitionError, NotFoundError, PermissionDeniedError, ValidationFailedError
from scenebridge.core.models import DecisionEntry
from scenebridge.reviews import rules, selectors, services
from scenebridge.reviews.models import Conflict, PanelResult, Score
from scenebridge.reviews.tests.factories import full_marks, join, make_expert, make_panel


def test_only_the_operator_creates_panels_and_adds_members(operator: Any, expert: Any, owner: Any) -> None:
    # given
    panel, _ = make_panel(operator)
    # when / then
    for actor in (expert, owner):
        with pytest.raises(PermissionDeniedError):
            services.panel_member_add(actor=actor, panel_id=panel.pk, expert_id=expert.pk)
    assert panel.members.count() == 0
    with pytest.raises(ValidationFailedError):
        services.panel_member_add(actor=operator, panel_id=panel.pk, expert_id=owner.pk)


def test_an_expert_never_sees_items_of_their_own_organization(operator: Any) -> None:
    # given
    panel, items = make_panel(operator)
    insider = make_expert(organization=items[0].owner_organization)
    join(operator, panel, insider)
    # when
    queue = list(selectors.expert_queue(insider))
    # then
    assert queue == [items[1]]
    with pytest.raises(PermissionDeniedError):
        services.score_submit(actor=insider, item_id=items[0].pk, values=full_marks())
    assert not Score.objects.exists()


def test_a_declared_conflict_removes_access_and_withdraws_the_score(operator: Any, expert: Any) -> None:
    # given
    panel, items = make_panel(operator)
    join(operator, panel, expert)
    services.score_submit(actor=expert, item_id=items[0].pk, values=full_marks())
    # when
    services.conflict_declare(actor=expert, item_id=items[0].pk, note="曾参与该项目咨询")
    # then
    assert list(selectors.expert_queue(expert)) == [items[1]]
    assert not Score.objects.filter(item=items[0]).exists()
    with pytest.raises(PermissionDeniedError):
        services.score_submit(actor=expert, item_id=items[0].pk, values=full_marks())
    with pytest.raises(NotFoundError):
        selectors.item_get_for_expert(expert, items[0].uuid)


def test_scores_are_validated_against_the_rubric(operator: Any, expert: Any) -> None:
    panel, items = make_panel(operator)
    join(operator, panel, expert)
    with pytest.raises(ValidationFailedError) as error:
        services.score_submit(actor=expert, item_id=items[0].pk, values={"innovation": 12})
    assert set(error.value.fields) == {"innovation", "feasibility"}
    assert not Score.objects.exists()


def test_experts_see_only_their_own_scores_until_the_panel_closes(operator: Any) -> None:
    # given
    panel, items = make_panel(operator, items=1)
    first, second, outsider = make_expert(), make_expert(), make_expert()
    join(operator, panel, first, second)
    services.score_submit(actor=first, item_id=items[0].pk, values=full_marks(value=9))
    services.score_submit(actor=second, item_id=items[0].pk, values=full_marks(value=3))
    # when / then
    assert [s.member.expert for s in selectors.item_scores_for_user(first, items[0])] == [first]
    assert selectors.item_scores_for_user(operator, items[0]).count() == 2
    assert not selectors.panel_results(first, panel).exists()
    services.panel_close(actor=operator, panel_id=panel.pk)
    panel.refresh_from_db()
    items[0].refresh_from_db()
    assert selectors.item_scores_for_user(first, items[0]).count() == 2
    assert selectors.item_scores_for_user(outsider, items[0]).count() == 0
    assert selectors.panel_results(first, panel).count() == 1


def test_a_panel_closes_exactly_once_and_scores_cannot_change_afterwards(operator: Any, expert: Any) -> None:
    # given
    panel, items = make_panel(operator)
    join(operator, panel, expert)
    services.score_submit(actor=expert, item_id=items[0].pk, values=full_marks(value=6), comment="可行")
    # when
    results = services.panel_close(actor=operator, panel_id=panel.pk)
    # then
    assert [r.rank for r in results] == [1, 2]
    with pytest.raises(InvalidTransitionError):
        services.panel_close(actor=operator, panel_id=panel.pk)
    with pytest.raises(InvalidTransitionError):
        services.score_submit(actor=expert, item_id=items[0].pk, values=full_marks(value=10))
    assert Score.objects.get().values == full_marks(value=6)
    assert PanelResult.objects.count() == 2
    assert DecisionEntry.objects.filter(kind="panel_closed").count() == 1
    assert list(selectors.expert_queue(expert)) == []


def test_only_the_operator_closes(operator: Any, expert: Any, owner: Any) -> None:
    panel, _ = make_panel(operator)
    join(operator, panel, expert)
    for actor in (expert, owner):
        with pytest.raises(PermissionDeniedError):
            services.panel_close(actor=actor, panel_id=panel.pk)
    panel.refresh_from_db()
    assert panel.status == "open"
    assert not PanelResult.objects.exists()


def submit_retrying_sqlite_lock(run: Any) -> None:
    """PostgreSQL waits on the row lock; in-memory SQLite (shared cache) refuses with “table is locked” and rolls
    back instead, so the test retries there like a client would. Either way both writes must land."""
    for _ in range(200):
        try:
            run()
            return
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.01)
    raise AssertionError("still locked")


@pytest.mark.django_db(transaction=True)
def test_two_experts_scoring_the_same_item_at_once_lose_nothing(operator: Any) -> None:
    # given
    panel, items = make_panel(operator, items=1)
    experts = [make_expert(), make_expert()]
    join(operator, panel, *experts)
    barrier, errors = threading.Barrier(2), []

    def score(expert: Any, value: float) -> None:
        try:
            barrier.wait()
            submit_retrying_sqlite_lock(
                lambda: services.score_submit(actor=expert, item_id=items[0].pk, values=full_marks(value=value))
            )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=score, args=(e, v)) for e, v in zip(experts, (4, 9), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert errors == []
    assert sorted(s.values["innovation"] for s in Score.objects.filter(item=items[0])) == [4, 9]


score_cell = st.one_of(st.none(), st.just("conflict"), st.integers(0, 4))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    weights=st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=3),
    matrix=st.lists(st.lists(score_cell, min_size=1, max_size=6), min_size=1, max_size=4),
)
def test_stored_ranking_can_be_recomputed_from_the_stored_scores(
    operator: Any, weights: list[int], matrix: list[list[Any]]
) -> None:
    # given: a rubric, items × experts with ties, missing scores and conflicts
    rubric = [{"code": f"c{n}", "name": f"指标{n}", "weight": w, "max_score": 4} for n, w in enumerate(weights)]
    experts_count = max(len(row) for row in matrix)
    panel, items = make_panel(operator, items=len(matrix), rubric=rubric)
    experts = [make_expert() for _ in range(experts_count)]
    join(operator, panel, *experts)
    for item, row in zip(items, matrix, strict=True):
        for expert, cell in zip(experts, row, strict=False):
            if cell == "conflict":
                services.conflict_declare(actor=expert, item_id=item.pk)
            elif cell is not None:
                services.score_submit(actor=expert, item_id=item.pk, values={str(c["code"]): cell for c in rubric})
    # when
    services.panel_close(actor=operator, panel_id=panel.pk)
    # then
    stored = {r.item_id: r for r in PanelResult.objects.filter(item__panel=panel)}
    conflicts = set(Conflict.objects.filter(panel=panel).values_list("member_id", "item_id"))
    outcomes = []
    for item in items:
        values = [
            s.values
            for s in Score.objects.filter(item=item).order_by("member_id")
            if (s.member_id, item.pk) not in conflicts
        ]
        assert stored[item.pk].total == rules.aggregate(panel.rubric, values)
        outcomes.append(rules.outcome(panel.rubric, item.pk, values))
    assert [(r.item_id, r.rank) for r in rules.rank(outcomes)] == sorted(
        ((pk, r.rank) for pk, r in stored.items()), key=lambda pair: pair[1]
    )
    decision = DecisionEntry.objects.filter(kind="panel_closed", object_id=str(panel.pk)).get()
    assert [(row["item"], row["rank"], row["total"]) for row in decision.payload["ranking"]] == [
        (r.item_id, r.rank, r.total) for r in rules.rank(outcomes)
    ]


def test_no_score_or_conflict_after_the_scoring_deadline(operator: Any, expert: Any) -> None:
    # given
    import datetime

    from django.utils import timezone

    panel, items = make_panel(operator)
    join(operator, panel, expert)
    items[1].scoring_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    items[1].save(update_fields=["scoring_closes_at"])
    # when / then
    with pytest.raises(PermissionDeniedError):
        services.score_submit(actor=expert, item_id=items[1].pk, values=full_marks())
    with pytest.raises(PermissionDeniedError):
        services.conflict_declare(actor=expert, item_id=items[1].pk)
    assert list(selectors.expert_queue(expert)) == [items[0]]
    panel.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    panel.save(update_fields=["closes_at"])
    with pytest.raises(PermissionDeniedError):
        services.score_submit(actor=expert, item_id=items[0].pk, values=full_marks())
    assert not Score.objects.exists() and not Conflict.objects.exists()
    assert list(selectors.expert_queue(expert)) == []


def test_the_queue_reads_in_constant_queries(operator: Any, expert: Any, django_assert_num_queries: Any) -> None:
    panel, _items = make_panel(operator, items=4)
    join(operator, panel, expert)
    with django_assert_num_queries(1):
        assert len(list(selectors.expert_queue(expert))) == 4
