"""Background work of matching; each task takes ids, is idempotent and calls a service."""

from django_tasks import task

from scenebridge.matching import alerts, indexing, sources

#: Items embedded per run of the backlog task before it hands over to the next run (keeps each run short).
BACKLOG_STEP = 32


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
