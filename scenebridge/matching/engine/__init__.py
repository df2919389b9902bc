"""SceneBridge matching engine: pure Python, no Django.

Build a ``MatchIndex`` from records, rank in any direction, save and load it memory-mapped,
and run evaluation batches (``engine.batch.run_batch``). See docs/matching.md.
"""

from .embedding import CachedEmbedder, Embedder, load_default_embedder
from .explain import Explanation, SharedTerm
from .feedback import Judgment, fit_weights
from .fusion import FusionWeights
from .index import Match, MatchIndex
from .records import NeedRecord, OfferRecord, ResourceRecord

__all__ = [
    "CachedEmbedder",
    "Embedder",
    "Explanation",
    "FusionWeights",
    "Judgment",
    "Match",
    "MatchIndex",
    "NeedRecord",
    "OfferRecord",
    "ResourceRecord",
    "SharedTerm",
    "fit_weights",
    "load_default_embedder",
]
