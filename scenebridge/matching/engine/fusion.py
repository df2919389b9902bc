"""Fusing the signals into one score.

Each continuous signal is z-normalised over the query's candidate pool (so a signal's scale,
e.g. e5 cosines crowding into 0.75–0.9 against unbounded BM25 scores, does not decide its
influence), then the fused score is a weighted sum with the structured features, which are
already on a 0–1 scale. The default weights were set on the development set at the level of
"which signals matter and roughly how much" (see docs/matching.md) and are re-tuned from
feedback by ``feedback.fit_weights``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]

#: Signals that are z-normalised per query before weighting.
CONTINUOUS = ("semantic", "lexical", "coverage", "requirement_semantic")
#: Structured signals on a fixed 0–1 scale.
STRUCTURED = ("domain", "tags", "maturity")


@dataclass(frozen=True, slots=True)
class FusionWeights:
    semantic: float = 0.8  # e5 cosine of the whole texts, hubness-corrected
    lexical: float = 0.15  # BM25 over jieba terms, title weighed more
    coverage: float = 0.4  # mean over requirement phrases of the best-matching capability phrase
    requirement_semantic: float = 0.4  # mean cosine of requirement phrases to the whole offer text
    domain: float = 1.0  # the need's domain among the offer's domains
    tags: float = 0.3  # technology tag overlap
    maturity: float = 0.1  # TRL meets what the scenario level expects
    #: CSLS-style hubness correction: cosine − hubness_penalty × the item's mean cosine to
    #: its nearest items on the other side. Generic items close to everything stop crowding
    #: every list.
    hubness_penalty: float = 1.0

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, float]) -> FusionWeights:
        names = {field.name for field in fields(cls)}
        return cls(**{key: float(value) for key, value in values.items() if key in names})

    def signal_weights(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in (*CONTINUOUS, *STRUCTURED)}


def zscore(values: Vector) -> Vector:
    values = np.asarray(values, dtype=np.float32)
    if len(values) == 0:
        return values
    spread = float(values.std())
    if spread < 1e-9:
        return np.zeros_like(values)
    return ((values - values.mean()) / spread).astype(np.float32)


def normalise_features(raw: dict[str, Vector]) -> dict[str, Vector]:
    """z-normalise the continuous signals; structured ones pass through."""
    return {name: zscore(values) if name in CONTINUOUS else values for name, values in raw.items()}


def fuse(normalised: dict[str, Vector], weights: FusionWeights) -> Vector:
    """Weighted sum of the signals present (a missing signal, e.g. no embedder, adds nothing)."""
    size = len(next(iter(normalised.values()))) if normalised else 0
    total = np.zeros(size, dtype=np.float32)
    for name, weight in weights.signal_weights().items():
        values = normalised.get(name)
        if values is not None and weight:
            total += np.float32(weight) * values
    return total
