"""Re-tuning the fusion weights from people's reactions to recommendations.

Every shown result carries its normalised signals (``Explanation.signals``). A judgment
stores them with what the person said: 相关 / 已对接 / 已合作 count as relevant (higher
grades for stronger outcomes), 不相关 as not. ``fit_weights`` fits the weights by pairwise
logistic regression (RankNet with a linear scorer): for every two results of one query
judged differently, the better one should score higher. An L2 pull towards the current
weights keeps a little feedback from overturning them, and weights stay non-negative so
every signal keeps its meaning ("more agreement never lowers a score").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .fusion import FusionWeights


@dataclass(frozen=True, slots=True)
class Judgment:
    query_id: str
    result_id: str
    grade: float  # 0 not relevant, 1 relevant, 2 led to a connection or cooperation
    signals: dict[str, float]


def _pairs(feedback: Sequence[Judgment], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    by_query: dict[str, list[Judgment]] = defaultdict(list)
    for judgment in feedback:
        by_query[judgment.query_id].append(judgment)
    differences: list[list[float]] = []
    strengths: list[float] = []
    for judgments in by_query.values():
        for better in judgments:
            for worse in judgments:
                if better.grade > worse.grade:
                    differences.append([better.signals.get(n, 0.0) - worse.signals.get(n, 0.0) for n in names])
                    strengths.append(better.grade - worse.grade)
    return np.array(differences, dtype=np.float64).reshape(-1, len(names)), np.array(strengths, dtype=np.float64)


def fit_weights(
    feedback: Sequence[Judgment],
    initial: FusionWeights | None = None,
    *,
    regularisation: float = 0.05,
    learning_rate: float = 0.5,
    steps: int = 300,
) -> FusionWeights:
    """New fusion weights fitted to the judgments; ``initial`` when no pair is informative."""
    initial = initial or FusionWeights()
    names = list(initial.signal_weights())
    differences, strengths = _pairs(feedback, names)
    if not len(differences):
        return initial
    prior = np.array([initial.signal_weights()[name] for name in names], dtype=np.float64)
    weights = prior.copy()
    total = strengths.sum()
    for _ in range(steps):
        margins = differences @ weights
        # d/dw of log(1 + exp(-margin)) is -sigmoid(-margin) · difference
        pull = strengths / (1.0 + np.exp(np.clip(margins, -30, 30)))
        gradient = -(differences * pull[:, None]).sum(axis=0) / total + 2 * regularisation * (weights - prior)
        weights = np.maximum(weights - learning_rate * gradient, 0.0)
    return replace(initial, **{name: round(float(value), 4) for name, value in zip(names, weights, strict=True)})


def pairwise_accuracy(feedback: Sequence[Judgment], weights: FusionWeights) -> float:
    """Share of differently judged pairs that the weights order correctly (for reports and tests)."""
    names = list(weights.signal_weights())
    differences, _ = _pairs(feedback, names)
    if not len(differences):
        return 1.0
    vector = np.array([weights.signal_weights()[name] for name in names])
    return float(((differences @ vector) > 0).mean())
