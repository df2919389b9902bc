"""The decision log: append-only and hash-chained. Every selection, award, acceptance and catalogue decision is
recorded here by the service that makes it; `manage.py verify_decision_log` recomputes the chain."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from scenebridge.core.models import DecisionEntry, DecisionLogHead

GENESIS = "0" * 64


def _canonical(entry: DecisionEntry) -> bytes:
    content = {
        "sequence": entry.sequence,
        "kind": entry.kind,
        "object": [entry.object_label, entry.object_id, entry.object_uuid],
        "summary": entry.summary,
        "payload": entry.payload,
        "actor": entry.actor_name,
        "recorded_at": entry.recorded_at.isoformat(),
        "previous": entry.previous_hash,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(entry: DecisionEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def decision_record(
    *, actor: Any, kind: str, obj: models.Model, summary: str, payload: dict[str, Any]
) -> DecisionEntry:
    """Appends one decision. Serialised by locking the current head, so two decisions never share a sequence."""
    with transaction.atomic():
        anchor, _ = DecisionLogHead.objects.select_for_update().get_or_create(pk=1, defaults={"entry_hash": GENESIS})
        head = DecisionEntry.objects.order_by("-sequence").first()
        entry = DecisionEntry(
            sequence=(head.sequence + 1) if head else 1,
            kind=kind,
            object_label=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_uuid=str(getattr(obj, "uuid", "") or ""),
            summary=summary[:300],
            payload=json.loads(json.dumps(payload, default=str)),
            actor_name=actor.get_username() if getattr(actor, "is_authenticated", False) else "system",
            recorded_at=timezone.now().replace(microsecond=0),
            previous_hash=head.entry_hash if head else GENESIS,
        )
        entry.entry_hash = entry_hash(entry)
        entry.save()
        anchor.sequence, anchor.entry_hash = entry.sequence, entry.entry_hash
        anchor.save(update_fields=["sequence", "entry_hash"])
    return entry


def head_hash() -> str:
    head = DecisionEntry.objects.order_by("-sequence").values_list("entry_hash", flat=True).first()
    return head or GENESIS


def decisions_for(obj: models.Model) -> list[DecisionEntry]:
    return list(DecisionEntry.objects.filter(object_label=obj._meta.label_lower, object_id=str(obj.pk)))


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_bad_sequence: int | None = None
    problem: str = ""


def verify() -> Verification:
    """Walks the chain in order; reports the first entry whose hash, link or sequence is wrong."""
    previous, expected_sequence, checked = GENESIS, 1, 0
    for entry in DecisionEntry.objects.order_by("sequence").iterator():
        problem = ""
        if entry.sequence != expected_sequence:
            problem = f"sequence {entry.sequence} where {expected_sequence} was expected (deleted or inserted entry)"
        elif entry.previous_hash != previous:
            problem = "link to the previous entry is broken"
        elif entry_hash(entry) != entry.entry_hash:
            problem = "content does not match its hash (edited)"
        if problem:
            return Verification(False, checked, entry.sequence, problem)
        previous, expected_sequence, checked = entry.entry_hash, expected_sequence + 1, checked + 1
    anchor = DecisionLogHead.objects.filter(pk=1).first()
    anchored = (anchor.sequence, anchor.entry_hash) if anchor else (0, GENESIS)
    if anchored != (checked, previous):
        return Verification(False, checked, checked + 1, "the log ends before its recorded head (entries removed)")
    return Verification(True, checked)
