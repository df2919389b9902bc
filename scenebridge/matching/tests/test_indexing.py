from typing import Any

from django.core.management import call_command

from scenebridge.matching import index_store, indexing, recommendations
from scenebridge.matching.models import Direction, ItemVector
from scenebridge.matching.tests.support import ELDERLY_OFFER, PORT_OFFER, publish_offer, publish_scenario


def test_build_then_new_items_are_matched_right_after_their_task(owner: Any, supplier: Any, operator: Any) -> None:
    # given an empty index built by the command
    call_command("build_match_index", "--no-enqueue")
    assert (index_store.read_state() or {})["sizes"] == {"need": 0, "offer": 0, "resource": 0}
    # when an offer and a scenario are published (their tasks run on commit)
    elderly = publish_offer(supplier, operator, **ELDERLY_OFFER)
    port = publish_offer(supplier, operator, **PORT_OFFER)
    scenario = publish_scenario(owner, operator)
    # then the scenario finds the fitting offer first, with vectors stored once for every item
    listing = recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario)
    assert [r.item.pk for r in listing.results][:2] == [port.pk, elderly.pk]
    assert listing.semantic
    assert indexing.embedding_backlog_count() == 0
    assert ItemVector.objects.filter(model_name="test-bigrams").count() == 3
    explanation = listing.results[0].explanation
    assert explanation is not None and explanation.shared_terms
    assert all(t.query_surface in listing.results[0].query_snippet for t in explanation.shared_terms[:1])


def test_closed_offer_leaves_recommendations_at_once(owner: Any, supplier: Any, operator: Any) -> None:
    # given a published offer that matches a published scenario
    from scenebridge.catalog import services as catalog_services
    from scenebridge.matching.tests.support import run_on_commit

    offer = publish_offer(supplier, operator, **PORT_OFFER)
    scenario = publish_scenario(owner, operator)
    assert recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).results
    # when its provider withdraws it
    with run_on_commit():
        catalog_services.offer_transition(actor=supplier, offer_id=offer.pk, action="withdraw")
    # then it is no longer recommended, and the index entry is inactive
    assert not recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).results
    index = index_store.current_index()
    assert index is not None
    collection = index.collections["offer"]
    assert not collection.documents[collection.positions[str(offer.pk)]].active


def test_lexical_until_the_backlog_is_drained(settings: Any, owner: Any, supplier: Any, operator: Any) -> None:
    # given items published while no embedding model is available
    settings.MATCHING_EMBEDDER = ""
    publish_offer(supplier, operator, **PORT_OFFER)
    scenario = publish_scenario(owner, operator)
    assert indexing.embedding_backlog_count() == 2
    assert not recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).semantic
    assert recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).results
    # when a model is available and the backlog command runs
    settings.MATCHING_EMBEDDER = "scenebridge.matching.tests.support.BigramEmbedder"
    call_command("embed_backlog")
    # then the index was rebuilt with vectors and nothing waits
    health = indexing.index_health()
    assert health.backlog == 0 and health.progress == 1.0
    assert health.vectors == {"need": True, "offer": True, "resource": False}
    assert recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).semantic


def _fresh_process_copy() -> Any:
    """What another web process sees: the saved generation, mapped anew, with its journal applied."""
    index_store._loaded.key, index_store._loaded.index = None, None
    return index_store.current_index()


def test_item_changes_are_journaled_not_saved_whole_and_every_process_sees_them(
    owner: Any, supplier: Any, operator: Any
) -> None:
    # given a built index with vectors for a published scenario and offer
    publish_offer(supplier, operator, **ELDERLY_OFFER)
    scenario = publish_scenario(owner, operator)
    call_command("build_match_index", "--no-enqueue")
    generation = (index_store.read_state() or {})["generation"]
    # when another offer is published (its change and its vector go through the journal)
    port = publish_offer(supplier, operator, **PORT_OFFER)
    # then the generation was not rewritten, the journal holds the changes, and a fresh process copy ranks the new
    # offer first, as this process does
    state = index_store.read_state() or {}
    assert state["generation"] == generation
    assert state["journal"] >= 1 and state["sizes"]["offer"] >= 2
    here = recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario)
    assert here.results[0].item.pk == port.pk
    copy = _fresh_process_copy()
    assert copy is not None and str(port.pk) in copy.collections["offer"].positions
    assert [r.item.pk for r in recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).results] == [
        r.item.pk for r in here.results
    ]


def test_the_journal_is_folded_into_a_new_generation(
    monkeypatch: Any, owner: Any, supplier: Any, operator: Any
) -> None:
    # given a built index that folds its journal after 2 lines
    monkeypatch.setattr(index_store, "COMPACT_AFTER", 2)
    scenario = publish_scenario(owner, operator)
    call_command("build_match_index", "--no-enqueue")
    generation = (index_store.read_state() or {})["generation"]
    # when offers are published (each a change, then its vector)
    elderly = publish_offer(supplier, operator, **ELDERLY_OFFER)
    port = publish_offer(supplier, operator, **PORT_OFFER)
    # then a new generation holds them, with a short journal, and a fresh copy ranks as before
    state = index_store.read_state() or {}
    assert state["generation"] != generation
    assert state["journal"] < 2
    ranked = [r.item.pk for r in recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).results]
    _fresh_process_copy()
    assert [r.item.pk for r in recommendations.recommendations(owner, Direction.SCENARIO_OFFERS, scenario).results] == (
        ranked
    )
    assert set(ranked[:2]) == {elderly.pk, port.pk}


def test_a_backlog_chain_broken_by_a_stopped_worker_is_started_again(
    settings: Any, owner: Any, supplier: Any, operator: Any
) -> None:
    # given items waiting for their vectors, and tasks kept in the database as a deployment keeps them
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from scenebridge.matching import tasks

    settings.MATCHING_EMBEDDER = ""
    publish_offer(supplier, operator, **PORT_OFFER)
    publish_scenario(owner, operator)
    settings.MATCHING_EMBEDDER = "scenebridge.matching.tests.support.BigramEmbedder"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    runs = DBTaskResult.objects.filter(task_path=tasks.embed_backlog.module_path)

    # when the scheduler's job runs with no run of the backlog task anywhere, then it enqueues one
    call_command("resume_embedding")
    assert runs.filter(status="READY").count() == 1
    # and while that run is queued, or running since a moment ago, it adds none
    assert not tasks.backlog_resume()
    runs.update(status="RUNNING", started_at=timezone.now() - timedelta(minutes=1))
    assert not tasks.backlog_resume()
    # but a run started long ago and never finished (its worker was stopped) is taken for dead
    runs.update(started_at=timezone.now() - tasks.STALLED_AFTER - timedelta(minutes=1))
    assert tasks.backlog_resume()
    assert runs.filter(status="READY").count() == 1
    # and with nothing waiting it does nothing
    call_command("embed_backlog")
    runs.filter(status="READY").delete()
    assert indexing.embedding_backlog_count() == 0
    assert not tasks.backlog_resume()
