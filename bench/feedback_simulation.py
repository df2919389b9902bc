"""Feedback simulation: does re-tuning the fusion weights from judgments raise quality?

Issue 3, item 5: "a simulation on the development set shows quality rising as feedback
accumulates". On the development set (``needs.jsonl``, ``offers.jsonl``, ``qrels.tsv``):

1. the needs are split at random into a feedback half and a held-out half;
2. the index ranks every need's offers once. Each result carries its normalised signals
   (``Explanation.signals``, what the platform stores with a 相关 / 不相关 mark), and those do
   not depend on the weights, so any weights can be evaluated by a dot product;
3. simulated users go through feedback needs in random order and mark the top results they
   were shown (ranked with the starting weights) from the qrels: grade 2 (the offer solves
   the need: a 相关 that led to a 对接) → 2, grade 1 → 1 (相关), unlisted → 0 (不相关); with
   ``--noise p`` each mark is flipped between relevant and not relevant with probability p;
4. for 0, 25, 50, 100, 200, 400 judgments, ``engine.feedback.fit_weights`` re-fits the weights
   from scratch, starting from neutral weights (every signal 1.0: nothing tuned), and the
   held-out half is ranked with the fitted weights and scored with the development set's
   evaluate.py (nDCG@10);
5. repeated over several seeds (split and order of judgments), medians printed.

Vectors come from a CachedEmbedder (``--vector-cache``, default /tmp/e5cache): the first run
embeds ~6,000 texts (≈10 min on 2 cores), later runs take well under a minute.

    OMP_NUM_THREADS=1 python bench/feedback_simulation.py [--seeds 5] [--noise 0.1]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenebridge.matching.engine.batch import read_jsonl
from scenebridge.matching.engine.embedding import CachedEmbedder, load_default_embedder
from scenebridge.matching.engine.feedback import Judgment, fit_weights, pairwise_accuracy
from scenebridge.matching.engine.fusion import FusionWeights
from scenebridge.matching.engine.index import MatchIndex
from scenebridge.matching.engine.records import NeedRecord, OfferRecord

AMOUNTS = (0, 25, 50, 100, 200, 400)
#: Results of one need a simulated user looks at and marks.
SHOWN = 10


def neutral_weights() -> FusionWeights:
    """Every signal weighed 1.0: the untuned starting point (hubness correction as in the engine)."""
    return FusionWeights(**dict.fromkeys(FusionWeights().signal_weights(), 1.0))


def load_evaluate(data: Path) -> Any:
    spec = importlib.util.spec_from_file_location("dev_evaluate", data / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def candidate_signals(
    index: MatchIndex, need_ids: list[str], top: int = 20
) -> dict[str, list[tuple[str, dict[str, float]]]]:
    """Every candidate of every need (the pool ``recommend_offers(need, top)`` ranks) with its
    normalised signals, which do not depend on the weights. Mirrors ``MatchIndex._rank``; the
    check in ``main`` confirms that ranking these with the default weights gives the engine's list."""
    from scenebridge.matching.engine.fusion import normalise_features

    target = index.collections["offer"]
    out = {}
    for need_id in need_ids:
        pool = index._pool(index._query(need_id, "need"), target, top)
        if pool is None:
            continue
        positions, raw, _ = pool
        normalised = normalise_features(raw)
        out[need_id] = [
            (target.documents[int(position)].id, {name: float(values[row]) for name, values in normalised.items()})
            for row, position in enumerate(positions)
        ]
    return out


def score(signals: dict[str, float], weights: FusionWeights) -> float:
    return sum(weight * signals.get(name, 0.0) for name, weight in weights.signal_weights().items())


def run_for(
    pool: dict[str, list[tuple[str, dict[str, float]]]], needs: list[str], weights: FusionWeights, top: int = 20
) -> dict[str, dict[str, float]]:
    run = {}
    for need_id in needs:
        ranked = sorted(pool[need_id], key=lambda item: -score(item[1], weights))[:top]
        run[need_id] = {offer_id: score(signals, weights) for offer_id, signals in ranked}
    return run


def ndcg(evaluate: Any, qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]], needs: list[str]) -> float:
    per_query = evaluate.evaluate({need: qrels[need] for need in needs if need in qrels}, run)
    return statistics.mean(values["nDCG@10"] for values in per_query.values())


def simulate(
    pool: dict[str, list[tuple[str, dict[str, float]]]],
    qrels: dict[str, dict[str, int]],
    evaluate: Any,
    seed: int,
    noise: float,
) -> dict[str, Any]:
    rng = random.Random(seed)
    needs = sorted(pool)
    rng.shuffle(needs)
    feedback_needs, held_out = needs[: len(needs) // 2], needs[len(needs) // 2 :]
    start = neutral_weights()
    shown = run_for(pool, feedback_needs, start, top=SHOWN)
    signals_of = {need: dict(pool[need]) for need in feedback_needs}
    judgments: list[Judgment] = []
    for need in feedback_needs:  # already in random order
        for offer in sorted(shown[need], key=lambda o: -shown[need][o]):
            grade = float(qrels.get(need, {}).get(offer, 0))
            if noise and rng.random() < noise:
                grade = 0.0 if grade > 0 else 1.0
            judgments.append(Judgment(need, offer, grade, signals_of[need][offer]))
    curve = {}
    for amount in AMOUNTS:
        given = judgments[:amount]
        weights = fit_weights(given, start) if given else start
        curve[amount] = {
            "held_out_ndcg10": round(ndcg(evaluate, qrels, run_for(pool, held_out, weights), held_out), 4),
            "pairwise_accuracy_on_feedback": round(pairwise_accuracy(given, weights), 3) if given else None,
            "weights": {k: round(v, 2) for k, v in weights.signal_weights().items()},
        }
    curve["engine_default_weights"] = {
        "held_out_ndcg10": round(ndcg(evaluate, qrels, run_for(pool, held_out, FusionWeights()), held_out), 4)
    }
    return curve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared/data/matching-dev"))
    parser.add_argument("--vector-cache", default="/tmp/e5cache")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--noise", type=float, default=0.0, help="share of marks flipped (careless users)")
    parser.add_argument("--json", action="store_true", help="also print every seed's curve as JSON")
    args = parser.parse_args()
    data = Path(args.data)
    evaluate = load_evaluate(data)
    qrels = {need: dict(judged) for need, judged in evaluate.read_qrels(str(data / "qrels.tsv")).items()}

    started = time.perf_counter()
    embedder = load_default_embedder(num_threads=1)
    if embedder is not None:
        embedder = CachedEmbedder(embedder, args.vector_cache)
    needs = [NeedRecord.from_mapping(row) for row in read_jsonl(data / "needs.jsonl")]
    offers = [OfferRecord.from_mapping(row) for row in read_jsonl(data / "offers.jsonl")]
    # the signals are normalised per query and do not depend on the weights; neutral weights
    # only decide which results the simulated users see
    index = MatchIndex.build([*needs, *offers], embedder=embedder, weights=neutral_weights())
    pool = candidate_signals(index, [need.id for need in needs])
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {len(needs)} needs, {len(offers)} offers; "
        f"embedder {getattr(embedder, 'name', None)}; signals ready in {time.perf_counter() - started:.0f} s; "
        f"{args.seeds} seeds; noise {args.noise}; {SHOWN} results marked per need, shown with neutral weights",
        flush=True,
    )
    # sanity check: the dot product reproduces the engine's own ranking with its default weights
    check = run_for(pool, [need.id for need in needs], FusionWeights())
    direct = MatchIndex.build([*needs, *offers], embedder=embedder)
    agree = sum(
        list(check[need.id])[:10] == [m.id for m in direct.recommend_offers(need.id, top=10, explain_results=False)]
        for need in needs
    )
    print(f"# check: the dot product and recommend_offers give the same top 10 for {agree}/{len(needs)} needs")

    curves = [simulate(pool, qrels, evaluate, seed, args.noise) for seed in range(args.seeds)]
    if args.json:
        for seed, curve in enumerate(curves):
            print(json.dumps({"seed": seed, **{str(k): v for k, v in curve.items()}}, ensure_ascii=False))
    print(f"{'judgments':>10}  {'held-out nDCG@10 (median)':>26}  {'min':>6}  {'max':>6}  per seed")
    for amount in (*AMOUNTS, "engine_default_weights"):
        values = [curve[amount]["held_out_ndcg10"] for curve in curves]
        label = "defaults" if amount == "engine_default_weights" else str(amount)
        print(
            f"{label:>10}  {statistics.median(values):>26.4f}  {min(values):>6.4f}  {max(values):>6.4f}  "
            + " ".join(f"{v:.4f}" for v in values)
        )
    weights = [curves[i][400]["weights"] for i in range(len(curves))]
    median_weights = {name: statistics.median(w[name] for w in weights) for name in weights[0]}
    print("# fitted weights after 400 judgments (median over seeds):", json.dumps(median_weights))


if __name__ == "__main__":
    main()
