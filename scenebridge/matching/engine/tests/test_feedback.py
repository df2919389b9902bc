import random

from scenebridge.matching.engine.feedback import Judgment, fit_weights, pairwise_accuracy
from scenebridge.matching.engine.fusion import FusionWeights


def _feedback(count: int = 200) -> list[Judgment]:
    """People judge by requirement coverage; domain agreement is noise here."""
    rng = random.Random(3)
    out = []
    for query in range(count // 4):
        for result in range(4):
            coverage = rng.gauss(0, 1)
            signals = {"coverage": coverage, "domain": float(rng.random() < 0.5), "semantic": rng.gauss(0, 1)}
            out.append(Judgment(f"Q{query}", f"R{result}", 1.0 if coverage > 0.3 else 0.0, signals))
    return out


def test_fit_weights_raises_the_signal_that_predicts_judgments():
    # given feedback where coverage decides relevance and domain does not
    feedback = _feedback()
    initial = FusionWeights()

    # when the weights are re-tuned
    fitted = fit_weights(feedback, initial)

    # then coverage gains weight relative to domain, pair accuracy improves, and nothing is negative
    assert fitted.coverage / fitted.domain > initial.coverage / initial.domain
    assert pairwise_accuracy(feedback, fitted) > pairwise_accuracy(feedback, initial)
    assert all(value >= 0 for value in fitted.signal_weights().values())
    assert fitted.hubness_penalty == initial.hubness_penalty


def test_fit_weights_without_contrasting_judgments_keeps_the_weights():
    # given feedback where every result got the same judgment
    feedback = [Judgment("Q", f"R{i}", 1.0, {"coverage": float(i)}) for i in range(3)]

    # when re-tuning
    fitted = fit_weights(feedback)

    # then nothing changes
    assert fitted == FusionWeights()
