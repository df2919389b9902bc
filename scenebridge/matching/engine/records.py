"""Records the engine indexes: needs (场景需求), offers (供给) and resources (要素).

Plain dataclasses so the engine stays free of Django; ``matching.services`` builds them
from models, and ``batch`` builds them from JSON lines. Every field but ``id`` is optional
and unknown keys are ignored, so records from other instances or exports load as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Status values that keep an item out of every recommendation (closed, withdrawn, expired …).
INACTIVE_STATUSES = frozenset(
    {
        "closed",
        "withdrawn",
        "expired",
        "archived",
        "draft",
        "rejected",
        "已关闭",
        "已撤回",
        "已过期",
        "已下架",
    }
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return "；".join(_text(item) for item in value if _text(item))
    return str(value).strip()


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, Iterable):
        return tuple(_text(item) for item in value if _text(item))
    return (str(value),)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class NeedRecord:
    """A scenario need (场景). Only ``id`` is required."""

    id: str
    title: str = ""
    description: str = ""
    requirements: str = ""
    domain: str = ""
    tags: tuple[str, ...] = ()
    level: str = ""
    kind: str = ""
    region: str = ""
    owner: str = ""
    status: str = ""
    deadline: str = ""
    confidential: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> NeedRecord:
        return cls(
            id=str(data["id"]),
            title=_text(data.get("title")),
            description=_text(data.get("description") or data.get("summary")),
            requirements=_text(data.get("requirements")),
            domain=_text(data.get("domain")),
            tags=_texts(data.get("tags")),
            level=_text(data.get("level")),
            kind=_text(data.get("kind")),
            region=_text(data.get("region")),
            owner=_text(data.get("owner")),
            status=_text(data.get("status")),
            deadline=_text(data.get("deadline")),
            confidential=bool(data.get("confidential", False)),
        )

    @property
    def domains(self) -> tuple[str, ...]:
        return (self.domain,) if self.domain else ()

    @property
    def is_active(self) -> bool:
        return self.status.lower() not in INACTIVE_STATUSES and not self.confidential


@dataclass(frozen=True, slots=True)
class OfferRecord:
    """A supplier's technology, product or solution (供给). Only ``id`` is required."""

    id: str
    name: str = ""
    description: str = ""
    capabilities: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    trl: int | None = None
    region: str = ""
    provider: str = ""
    cases: tuple[str, ...] = ()
    status: str = ""
    confidential: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> OfferRecord:
        return cls(
            id=str(data["id"]),
            name=_text(data.get("name") or data.get("title")),
            description=_text(data.get("description")),
            capabilities=_texts(data.get("capabilities")),
            domains=_texts(data.get("domains") or data.get("domain")),
            tags=_texts(data.get("tags")),
            trl=_int_or_none(data.get("trl")),
            region=_text(data.get("region")),
            provider=_text(data.get("provider")),
            cases=_texts(data.get("cases")),
            status=_text(data.get("status")),
            confidential=bool(data.get("confidential", False)),
        )

    @property
    def is_active(self) -> bool:
        return self.status.lower() not in INACTIVE_STATUSES and not self.confidential


@dataclass(frozen=True, slots=True)
class ResourceRecord:
    """An opened resource (要素): data set, compute pool, model, test field, pilot line, fund."""

    id: str
    name: str = ""
    description: str = ""
    resource_type: str = ""
    terms: str = ""
    domains: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    region: str = ""
    provider: str = ""
    status: str = ""
    confidential: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ResourceRecord:
        return cls(
            id=str(data["id"]),
            name=_text(data.get("name") or data.get("title")),
            description=_text(data.get("description")),
            resource_type=_text(data.get("resource_type") or data.get("type")),
            terms=_text(data.get("terms") or data.get("access_conditions")),
            domains=_texts(data.get("domains") or data.get("domain")),
            tags=_texts(data.get("tags")),
            region=_text(data.get("region")),
            provider=_text(data.get("provider")),
            status=_text(data.get("status")),
            confidential=bool(data.get("confidential", False)),
        )

    @property
    def is_active(self) -> bool:
        return self.status.lower() not in INACTIVE_STATUSES and not self.confidential


Record = NeedRecord | OfferRecord | ResourceRecord
