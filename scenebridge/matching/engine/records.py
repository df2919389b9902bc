"""Records the engine indexes: needs (场景需求), offers (供给) and resources (要素).

Plain dataclasses so the engine stays free of Django; ``matching.services`` builds them
from models, and ``batch`` builds them from JSON lines. Every field but ``id`` is optional
and unknown keys are ignored, so records from other instances or exports load as they are.
"""

from __future__ import annotations

import math
import re
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


#: What separates labels written as one string ("人工智能+、物联网", "制造业,数字经济").
LABEL_SEPARATORS = re.compile(r"[,，、;；|]")
#: What separates the phrases of a requirements paragraph or a list of capabilities written as one string.
PHRASE_SEPARATORS = re.compile(r"[；;。\n]")
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "是", "保密", "confidential"})


def split_labels(value: Any) -> tuple[str, ...]:
    """Labels given as a list or as one delimited string, each stripped, empty ones dropped."""
    return tuple(part.strip() for item in _texts(value) for part in LABEL_SEPARATORS.split(item) if part.strip())


def split_phrases(text: str) -> tuple[str, ...]:
    """Split a requirements paragraph into its phrases (；。; and line breaks)."""
    return tuple(part.strip(" ，,、") for part in PHRASE_SEPARATORS.split(text) if part.strip(" ，,、"))


def _phrases(value: Any) -> tuple[str, ...]:
    """Capabilities or cases: a list keeps its items; one string is split into phrases like requirements."""
    if isinstance(value, str):
        return split_phrases(value)
    return _texts(value)


def _flag(value: Any) -> bool:
    """A yes/no field as exports write it: true/false, 1/0, "是"/"否", "false" (a string, still false)."""
    if isinstance(value, str):
        return value.strip().lower() in TRUE_WORDS
    return bool(value)


def _int_or_none(value: Any) -> int | None:
    """An integer, or the first number in a text such as "TRL 7" or "7级"; None when there is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN or infinity, as JSON exports sometimes carry
    if isinstance(value, int | float):
        return int(value)
    found = re.search(r"\d+", str(value))
    return int(found.group()) if found else None


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
            domain=_text(data.get("domain") or data.get("domains")),
            tags=split_labels(data.get("tags")),
            level=_text(data.get("level")),
            kind=_text(data.get("kind")),
            region=_text(data.get("region")),
            owner=_text(data.get("owner")),
            status=_text(data.get("status")),
            deadline=_text(data.get("deadline")),
            confidential=_flag(data.get("confidential", False)),
        )

    @property
    def domains(self) -> tuple[str, ...]:
        """Usually one domain; a need filed under several lists them in one delimited string."""
        return split_labels(self.domain)

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
            capabilities=_phrases(data.get("capabilities")),
            domains=split_labels(data.get("domains") or data.get("domain")),
            tags=split_labels(data.get("tags")),
            trl=_int_or_none(data.get("trl")),
            region=_text(data.get("region")),
            provider=_text(data.get("provider")),
            cases=_phrases(data.get("cases")),
            status=_text(data.get("status")),
            confidential=_flag(data.get("confidential", False)),
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
            domains=split_labels(data.get("domains") or data.get("domain")),
            tags=split_labels(data.get("tags")),
            region=_text(data.get("region")),
            provider=_text(data.get("provider")),
            status=_text(data.get("status")),
            confidential=_flag(data.get("confidential", False)),
        )

    @property
    def is_active(self) -> bool:
        return self.status.lower() not in INACTIVE_STATUSES and not self.confidential


Record = NeedRecord | OfferRecord | ResourceRecord
