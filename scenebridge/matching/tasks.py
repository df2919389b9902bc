"""Background work of matching; each task takes ids, is idempotent and calls a service."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from scenebridge.matching import alerts, indexing, sources

#: Items embedded per run of the backlog task before it hands over to the next run (keeps each run short).
BACKLOG_STEP = 32
#: A run of the backlog task started longer ago than this and not finished is taken for dead: its worker was
#: stopped under it (a deploy, a reload, a crash). A run of ``BACKLOG_STEP`` items takes well under a minute.
STALLED_AFTER = timedelta(minutes=15)


@task()
def record_changed(label: str, pk: int) -> None:
    """Told by core.changes after a scenario, offer or resource was created, edited or moved in its workflow."""
    kind = sources.kind_of_label(label)
    if kind is None:
        return
    if indexing.index_item_changed(kind, pk):
        embed_item.enqueue(kind, pk)
    if kind == "need":
        alerts.scenario_alerts_run(scenario_id=pk)


@task()
def embed_item(kind: str, pk: int) -> None:
    indexing.item_embed(kind, pk)


@task()
def embed_backlog() -> None:
    """Drains the embedding backlog a step at a time, re-enqueuing itself while items wait."""
    if indexing.embedding_backlog_drain(limit=BACKLOG_STEP) and indexing.embedding_backlog_count():
        embed_backlog.enqueue()


@task()
def send_subscription_digests() -> None:
    alerts.daily_digests_send()


def backlog_resume() -> bool:
    """Start the backlog task again when items wait for their vectors and no run of it is queued or alive.

    The backlog drains as a chain (each run enqueues the next); a worker stopped in the middle of a run breaks the
    chain and the items would wait for ever. ``run_scheduled`` calls this every few minutes. Returns True when it
    enqueued a run.
    """
    if not indexing.embedder_configured() or not indexing.embedding_backlog_count():
        return False
    if isinstance(embed_backlog.get_backend(), DatabaseBackend):  # elsewhere (tests) a task runs as it is enqueued
        runs = DBTaskResult.objects.filter(task_path=embed_backlog.module_path)
        queued = runs.filter(status="READY").exists()
        alive = runs.filter(status="RUNNING", started_at__gte=timezone.now() - STALLED_AFTER).exists()
        if queued or alive:
            return False
    embed_backlog.enqueue()
    return True
