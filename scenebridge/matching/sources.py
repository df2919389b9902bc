"""The public text of scenarios, offers and resources as engine records.

Only what the public may see goes into the index: a part the owner marked confidential is left out, so it can never
influence a ranking or show up in an explanation, whoever looks.
"""

import hashlib
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from scenebridge.catalog.models import Offer, Resource
from scenebridge.core.workflow import ReviewStatus
from scenebridge.matching.engine.documents import document_from_record
from scenebridge.matching.engine.records import NeedRecord, OfferRecord, Record, ResourceRecord
from scenebridge.matching.models import ItemKind
from scenebridge.scenarios.models import Scenario

MODELS: dict[str, Any] = {ItemKind.NEED: Scenario, ItemKind.OFFER: Offer, ItemKind.RESOURCE: Resource}
LABELS = {"scenarios.scenario": ItemKind.NEED, "catalog.offer": ItemKind.OFFER, "catalog.resource": ItemKind.RESOURCE}
RELATED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    ItemKind.NEED: (("owner", "region", "domain", "level", "kind"), ("tags",)),
    ItemKind.OFFER: (("provider", "provider__region"), ("domains", "tags")),
    ItemKind.RESOURCE: (("provider", "region"), ("domains", "tags")),
}


def _status(record: Any) -> str:
    """Only published items are open; everything else (closed, withdrawn, draft …) never becomes a candidate."""
    return "" if record.status == ReviewStatus.PUBLISHED else record.status


def _public(record: Any, name: str) -> str:
    return "" if name in record.hidden_fields() else (getattr(record, name) or "")


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _names(manager: Any) -> tuple[str, ...]:
    return tuple(item.name_zh for item in manager.all())


def need_record(scenario: Scenario) -> NeedRecord:
    requirements = "\n".join(
        part for part in (_public(scenario, "technical_requirements"), _public(scenario, "kpis")) if part
    )
    return NeedRecord(
        id=str(scenario.pk),
        title=scenario.title,
        description="。".join(part for part in (scenario.summary, _public(scenario, "description")) if part),
        requirements=requirements,
        domain=scenario.domain.name_zh,
        tags=_names(scenario.tags),
        level=scenario.level.name_zh,
        kind=scenario.kind.name_zh,
        region=scenario.region.name_zh,
        owner=scenario.owner.name,
        status=_status(scenario),
        deadline=scenario.deadline.isoformat() if scenario.deadline else "",
    )


def offer_record(offer: Offer) -> OfferRecord:
    return OfferRecord(
        id=str(offer.pk),
        name=offer.name,
        description="。".join(part for part in (offer.summary, offer.description) if part),
        capabilities=_lines(offer.capabilities),
        domains=_names(offer.domains),
        tags=_names(offer.tags),
        trl=offer.trl,
        region=offer.provider.region.name_zh,
        provider=offer.provider.name,
        cases=_lines(_public(offer, "prior_cases")),
        status=_status(offer),
    )


def resource_record(resource: Resource) -> ResourceRecord:
    return ResourceRecord(
        id=str(resource.pk),
        name=resource.name,
        description="。".join(part for part in (resource.summary, resource.description, resource.capacity) if part),
        resource_type=resource.get_type_display(),
        terms="\n".join(p for p in (_public(resource, "terms"), _public(resource, "access_conditions")) if p),
        domains=_names(resource.domains),
        tags=_names(resource.tags),
        region=resource.region.name_zh,
        provider=resource.provider.name,
        status=_status(resource),
    )


RECORD_BUILDERS: dict[str, Any] = {
    ItemKind.NEED: need_record,
    ItemKind.OFFER: offer_record,
    ItemKind.RESOURCE: resource_record,
}


def queryset(kind: str) -> QuerySet[Any]:
    joins, many = RELATED[kind]
    return MODELS[kind].objects.select_related(*joins).prefetch_related(*many)


def record_of(kind: str, pk: int) -> Record | None:
    """The engine record of one item, or None when it no longer exists."""
    item = queryset(kind).filter(pk=pk).first()
    return None if item is None else RECORD_BUILDERS[kind](item)


def published_records(kind: str, chunk: int = 2000) -> Iterator[Record]:
    builder = RECORD_BUILDERS[kind]
    for item in queryset(kind).filter(status=ReviewStatus.PUBLISHED).order_by("pk").iterator(chunk_size=chunk):
        yield builder(item)


def text_hash(record: Record) -> str:
    """What the stored vector was computed from: the embedded text and the requirement/capability phrases."""
    document = document_from_record(record)
    return hashlib.sha256("\n".join((document.embedding_text, *document.points)).encode()).hexdigest()


def kind_of_label(label: str) -> str | None:
    return LABELS.get(label)
