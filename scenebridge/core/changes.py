"""Announcing that a record changed, to higher layers that keep derived data (the matching index, alerts).

A lower app cannot import a higher one, and domain flow does not run through signals; instead the listeners are
background tasks named in settings.SCENEBRIDGE_CHANGE_LISTENERS, enqueued once the transaction commits with the
record's label and id (tasks take ids, not objects, and must be idempotent).
"""

from functools import cache
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string


@cache
def _listeners() -> tuple[Any, ...]:
    return tuple(import_string(path) for path in getattr(settings, "SCENEBRIDGE_CHANGE_LISTENERS", ()))


def announce_change(obj: models.Model) -> None:
    label, pk = obj._meta.label_lower, obj.pk
    for task in _listeners():
        transaction.on_commit(_enqueuer(task, label, pk))


def _enqueuer(task: Any, label: str, pk: Any) -> Any:
    def enqueue() -> None:
        task.enqueue(label, pk)

    return enqueue
