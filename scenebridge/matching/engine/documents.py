"""One indexable shape for needs, offers and resources.

The matcher compares a need's title with an offer's name, its requirements with the offer's
capabilities, and so on; turning every record into a ``Document`` with the same slots keeps
the signals ignorant of which kind of record they score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .records import NeedRecord, OfferRecord, Record, ResourceRecord, split_phrases


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    kind: str  # "need" | "offer" | "resource"
    title: str
    body: str  # description
    points: tuple[str, ...]  # requirement phrases (need) or capabilities (offer)
    extra: str  # cases, terms: searched but weighed little
    domains: tuple[str, ...]
    tags: tuple[str, ...]
    level: str = ""
    trl: int | None = None
    active: bool = True
    deadline: str = ""

    @property
    def embedding_text(self) -> str:
        """The text embedded once per item (e5 truncates at 512 tokens; these fit)."""
        points = "；".join(self.points)
        return "。".join(part for part in (self.title, self.body, points) if part)

    def live_query_text(self, limit: int) -> str:
        """What a query embedded while a request waits reads: the title and the requirement phrases (the
        description when there are none), cut to ``limit`` characters (see ``index.LIVE_QUERY_CHARS``)."""
        rest = "；".join(self.points) or self.body
        return "。".join(part for part in (self.title, rest) if part)[:limit]

    def is_open_on(self, today: date | None) -> bool:
        if not self.active:
            return False
        if today is None or not self.deadline:
            return True
        try:
            return date.fromisoformat(self.deadline[:10]) >= today
        except ValueError:
            return True


def document_from_record(record: Record) -> Document:
    if isinstance(record, NeedRecord):
        return Document(
            id=record.id,
            kind="need",
            title=record.title,
            body=record.description,
            points=split_phrases(record.requirements),
            extra="",
            domains=record.domains,
            tags=record.tags,
            level=record.level,
            active=record.is_active,
            deadline=record.deadline,
        )
    if isinstance(record, OfferRecord):
        return Document(
            id=record.id,
            kind="offer",
            title=record.name,
            body=record.description,
            points=record.capabilities,
            extra="；".join(record.cases),
            domains=record.domains,
            tags=record.tags,
            trl=record.trl,
            active=record.is_active,
        )
    if isinstance(record, ResourceRecord):
        return Document(
            id=record.id,
            kind="resource",
            title=record.name,
            body="。".join(part for part in (record.resource_type, record.description) if part),
            points=split_phrases(record.terms),
            extra="",
            domains=record.domains,
            tags=record.tags,
            active=record.is_active,
        )
    raise TypeError(f"not a record: {record!r}")
