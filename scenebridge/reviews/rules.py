"""How expert scores become a ranking. Pure functions, no ORM, so the stored results can be recomputed.

The rule (shown to experts and applicants):

1. Each expert's **weighted total** is on a 100-point scale: 100 × Σ(weight × value ÷ max_score) ÷ Σ weight.
2. An item's **total** is the trimmed mean of its experts' weighted totals: with 5 or more scores the single highest
   and the single lowest are dropped (评审中"去掉一个最高分和一个最低分"), otherwise the plain mean is taken. An
   expert who declared a conflict or did not score is simply absent. An item without any score totals 0.
3. **Ranking**: higher total first; ties are broken by the higher median of the weighted totals, then by more scores,
   then by the smaller item id — so the same scores always give the same ranking.
"""

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

TRIM_FROM = 5
PRECISION = 6


@dataclass(frozen=True)
class ItemOutcome:
    item_id: int
    total: float
    median: float
    scores_count: int


@dataclass(frozen=True)
class RankedItem:
    item_id: int
    total: float
    median: float
    scores_count: int
    rank: int


def rubric_errors(rubric: Any) -> list[str]:
    """What is wrong with a rubric: a non-empty list of {code, name, weight > 0, max_score > 0}, unique codes."""
    if not isinstance(rubric, list) or not rubric:
        return [_("The rubric needs at least one criterion.")]
    errors: list[str] = []
    codes: set[str] = set()
    for criterion in rubric:
        if not isinstance(criterion, Mapping) or not str(criterion.get("code", "")).strip():
            errors.append(_("Each criterion needs a code."))
            continue
        code = str(criterion["code"])
        if code in codes:
            errors.append(_("The criterion code “%(code)s” is used twice.") % {"code": code})
        codes.add(code)
        for key in ("weight", "max_score"):
            value = criterion.get(key)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                errors.append(_("“%(code)s”: %(key)s must be a positive number.") % {"code": code, "key": key})
    return errors


def values_errors(rubric: Sequence[Mapping[str, Any]], values: Any) -> dict[str, list[str]]:
    """Per criterion code, what is wrong with an expert's values: every criterion present, 0 ≤ value ≤ max_score."""
    if not isinstance(values, Mapping):
        return {"__all__": [_("Scores must be given per criterion.")]}
    errors: dict[str, list[str]] = {}
    known = {str(c["code"]) for c in rubric}
    for criterion in rubric:
        code, top = str(criterion["code"]), criterion["max_score"]
        value = values.get(code)
        if value is None or value == "":
            errors[code] = [_("This criterion needs a score.")]
        elif isinstance(value, bool) or not isinstance(value, int | float):
            errors[code] = [_("Enter a number.")]
        elif not 0 <= value <= top:
            errors[code] = [_("Enter a score between 0 and %(max)s.") % {"max": top}]
    unknown = sorted(set(values) - known)
    if unknown:
        errors["__all__"] = [_("Unknown criteria: %(codes)s") % {"codes": ", ".join(unknown)}]
    return errors


def weighted_total(rubric: Sequence[Mapping[str, Any]], values: Mapping[str, float]) -> float:
    weights = sum(float(c["weight"]) for c in rubric)
    earned = sum(float(c["weight"]) * float(values[str(c["code"])]) / float(c["max_score"]) for c in rubric)
    return round(100 * earned / weights, PRECISION)


def trimmed_mean(totals: Sequence[float]) -> float:
    if not totals:
        return 0.0
    ordered = sorted(totals)
    kept = ordered[1:-1] if len(ordered) >= TRIM_FROM else ordered
    return round(sum(kept) / len(kept), PRECISION)


def aggregate(rubric: Sequence[Mapping[str, Any]], scores: Iterable[Mapping[str, float]]) -> float:
    return trimmed_mean([weighted_total(rubric, values) for values in scores])


def outcome(rubric: Sequence[Mapping[str, Any]], item_id: int, scores: Sequence[Mapping[str, float]]) -> ItemOutcome:
    totals = [weighted_total(rubric, values) for values in scores]
    median = round(statistics.median(totals), PRECISION) if totals else 0.0
    return ItemOutcome(item_id, trimmed_mean(totals), median, len(totals))


def rank(results: Iterable[ItemOutcome]) -> list[RankedItem]:
    ordered = sorted(results, key=lambda r: (-r.total, -r.median, -r.scores_count, r.item_id))
    return [RankedItem(r.item_id, r.total, r.median, r.scores_count, place) for place, r in enumerate(ordered, 1)]


def validate_values(rubric: Sequence[Mapping[str, Any]], values: Any) -> dict[str, list[str]]:
    """The same as values_errors: empty when the values are acceptable."""
    return values_errors(rubric, values)
