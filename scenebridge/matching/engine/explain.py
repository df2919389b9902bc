"""Why a result was recommended, in terms a scenario owner or supplier can check."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .documents import Document
from .lexical import LexicalIndex
from .structured import shared_labels
from .text import Analyzer, Token

Matrix = npt.NDArray[np.float32]

#: A requirement phrase counts as covered when some capability phrase is this close (e5
#: cosine; unrelated short phrases sit near 0.75–0.8, paraphrases above 0.87) …
PHRASE_COVERED_COSINE = 0.87
#: … or when this share of its terms appears in the other text.
PHRASE_COVERED_TERM_SHARE = 0.5
MAX_SHARED_TERMS = 8


@dataclass(frozen=True, slots=True)
class SharedTerm:
    term: str  # the indexed form
    query_surface: str  # as it is written in the query text
    result_surface: str  # as it is written in the result text


@dataclass(frozen=True, slots=True)
class Explanation:
    shared_terms: list[SharedTerm] = field(default_factory=list)
    matching_domains: list[str] = field(default_factory=list)
    matching_tags: list[str] = field(default_factory=list)
    semantic_closeness: str = "低"  # 高 / 中 / 低, or 未知 without an embedding model
    covered_requirements: list[str] = field(default_factory=list)
    signals: dict[str, float] = field(default_factory=dict)


def _full_text(document: Document) -> str:
    return "。".join(part for part in (document.title, document.body, "；".join(document.points)) if part)


def semantic_level(z_value: float | None) -> str:
    """Plain words for where the result's meaning sits among the query's candidates."""
    if z_value is None:
        return "未知"
    if z_value >= 1.5:
        return "高"
    if z_value >= 0.5:
        return "中"
    return "低"


def shared_terms(query: Document, result: Document, analyzer: Analyzer, lexical: LexicalIndex) -> list[SharedTerm]:
    """Terms in both texts, rarest (most telling) first."""
    query_tokens: dict[str, Token] = {}
    for token in analyzer.tokens(_full_text(query)):
        query_tokens.setdefault(token.term, token)
    result_tokens: dict[str, Token] = {}
    for token in analyzer.tokens(_full_text(result)):
        result_tokens.setdefault(token.term, token)
    common = [term for term in query_tokens if term in result_tokens]
    common.sort(key=lambda term: (-lexical.term_weight(term), -len(term)))
    picked: list[SharedTerm] = []
    for term in common:
        if any(term in chosen.term for chosen in picked):
            continue  # 热失控 already shown; 失控 adds nothing
        picked.append(SharedTerm(term, query_tokens[term].surface, result_tokens[term].surface))
        if len(picked) == MAX_SHARED_TERMS:
            break
    return picked


def covered_requirements(
    need: Document,
    supply: Document,
    analyzer: Analyzer,
    phrase_similarity: Matrix | None,
) -> list[str]:
    """The need's requirement phrases the supply appears to cover.

    ``phrase_similarity`` is (need phrases × supply phrases) cosine, when vectors exist.
    """
    supply_terms = set(analyzer.terms(_full_text(supply)))
    covered = []
    for row, phrase in enumerate(need.points):
        terms = analyzer.terms(phrase)
        share = sum(term in supply_terms for term in terms) / len(terms) if terms else 0.0
        close = (
            phrase_similarity is not None
            and phrase_similarity.shape[1] > 0
            and row < phrase_similarity.shape[0]
            and float(phrase_similarity[row].max()) >= PHRASE_COVERED_COSINE
        )
        if share >= PHRASE_COVERED_TERM_SHARE or close:
            covered.append(phrase)
    return covered


def explain(
    query: Document,
    result: Document,
    *,
    need: Document,
    supply: Document,
    analyzer: Analyzer,
    lexical: LexicalIndex,
    signals: dict[str, float],
    phrase_similarity: Matrix | None,
) -> Explanation:
    return Explanation(
        shared_terms=shared_terms(query, result, analyzer, lexical),
        matching_domains=shared_labels(query.domains, result.domains, related=True),
        matching_tags=shared_labels(query.tags, result.tags),
        semantic_closeness=semantic_level(signals.get("semantic")),
        covered_requirements=covered_requirements(need, supply, analyzer, phrase_similarity),
        signals=signals,
    )
