"""Structured features of a (need, supply) pair: domain and tag agreement, maturity fit.

Region is deliberately absent: the policy forbids local protectionism (国办发〔2025〕37号
calls for breaking 地方保护 and 隐性壁垒), so where an offer comes from never raises its
score. Users may filter by region explicitly; the ranking itself does not look at it.
"""

from __future__ import annotations

from functools import cache

from .documents import Document

#: Unknown on either side: neither rewarded nor punished (real records often omit fields).
NEUTRAL = 0.5

#: The lowest technology readiness level (TRL 1–9) a scenario level expects of an offer.
#: Large integrated scenarios need products proven in operation; small-cut scenarios are
#: where pilots of younger technology belong.
MINIMUM_TRL_BY_LEVEL = {
    "综合性重大场景": 7,
    "行业领域集成式场景": 6,
    "高价值小切口场景": 5,
}


#: Short and English names of the levels, as other systems' exports write them ("小切口场景", "major").
_LEVEL_MARKS = (
    ("综合性重大场景", ("综合", "major", "comprehensive")),
    ("行业领域集成式场景", ("集成", "行业", "integrat", "industry")),
    ("高价值小切口场景", ("小切口", "small")),
)


def level_key(level: str) -> str | None:
    """The scenario level a label names (a key of ``MINIMUM_TRL_BY_LEVEL``), or None when it names none."""
    text = level.strip().lower()
    if text in MINIMUM_TRL_BY_LEVEL:
        return text
    for key, marks in _LEVEL_MARKS:
        if any(mark in text for mark in marks):
            return key
    return None


def _clean(label: str) -> str:
    return label.strip().rstrip("+").strip().lower()


def labels_related(first: str, second: str) -> bool:
    """Two cleaned domain labels name the same domain: equal, or one a part of the other ("低空经济" of
    "低空经济与全空间无人体系"; none of the policy's 22 domain names is a part of another)."""
    if first == second:
        return True
    return min(len(first), len(second)) >= 2 and (first in second or second in first)


@cache
def _label_set(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_clean(label) for label in labels if label)


def domain_agreement(need: Document, supply: Document) -> float:
    """1 when the need's domain is among the supply's domains, 0 when not, 0.5 when unknown."""
    need_domains, supply_domains = _label_set(need.domains), _label_set(supply.domains)
    if not need_domains or not supply_domains:
        return NEUTRAL
    return 1.0 if any(labels_related(a, b) for a in need_domains for b in supply_domains) else 0.0


def tag_agreement(first: Document, second: Document) -> float:
    """Jaccard overlap of technology tags; 0.5 × the mean when either side has none."""
    first_tags, second_tags = _label_set(first.tags), _label_set(second.tags)
    if not first_tags or not second_tags:
        return 0.25
    return len(first_tags & second_tags) / len(first_tags | second_tags)


def maturity_fit(need: Document, supply: Document) -> float:
    """1 when the offer's TRL meets what the need's level expects, less per missing level."""
    required = MINIMUM_TRL_BY_LEVEL.get(level_key(need.level) or "")
    if required is None or supply.trl is None:
        return NEUTRAL
    shortfall = max(0, required - supply.trl)
    return max(0.0, 1.0 - 0.25 * shortfall)


def shared_labels(first: tuple[str, ...], second: tuple[str, ...], *, related: bool = False) -> list[str]:
    """Labels present on both sides, as the first side writes them (``related``: as ``labels_related`` compares
    domains)."""
    second_clean = {_clean(label) for label in second}
    if related:
        return [label for label in first if any(labels_related(_clean(label), other) for other in second_clean)]
    return [label for label in first if _clean(label) in second_clean]
