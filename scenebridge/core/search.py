"""Chinese keyword search over public text, using the database's own full-text engine.

Text is segmented into words with jieba (search mode: long words and their parts), stored space-separated in
`SearchEntry.tokens`, and matched word by word — SQLite through an FTS5 table kept in step by triggers,
PostgreSQL through a `to_tsvector('simple', …)` GIN index. Results are ranked by BM25 (SQLite) or ts_rank_cd
(PostgreSQL). A query first asks for every word; if nothing has them all, any word will do.
"""

import logging
import re
import unicodedata
from functools import cache

from django.db import connection

from scenebridge.core.models import SearchEntry

_WORD = re.compile(r"[\w\-+.]+", re.UNICODE)
_STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "对",
        "为",
        "等",
        "是",
        "将",
        "把",
        "被",
        "从",
        "以",
        "之",
        "其",
        "并",
        "中",
        "上",
        "下",
        "个",
        "有",
        "无关",
        "the",
        "of",
        "and",
        "or",
        "a",
        "an",
        "to",
        "in",
        "for",
    ]
)


@cache
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _keep(token: str) -> bool:
    token = token.strip()
    return bool(token) and token not in _STOP_WORDS and bool(_WORD.fullmatch(token))


def segment_for_index(text: str) -> str:
    """Words of a document, in search mode (无人机巡检 → 无人 无人机 巡检), space-separated."""
    words = _jieba().cut_for_search(_normalise(text))
    return " ".join(w for w in words if _keep(w))


def segment_query(text: str) -> list[str]:
    """Words of a query in precise mode, without duplicates, in order."""
    seen: dict[str, None] = {}
    for word in _jieba().cut(_normalise(text)):
        if _keep(word):
            seen.setdefault(word, None)
    return list(seen)


def index_object(kind: str, object_id: int, text: str | None) -> None:
    """Store (or remove, when text is None) the searchable public text of one object."""
    if text is None:
        SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
        return
    SearchEntry.objects.update_or_create(kind=kind, object_id=object_id, defaults={"tokens": segment_for_index(text)})


def ranked_ids(kind: str, query: str, limit: int = 5000) -> list[int]:
    """Ids of objects of `kind` matching `query`, best first."""
    words = segment_query(query)
    if not words:
        return []
    for require_all in (True, False):
        ids = _search(kind, words, require_all, limit)
        if ids or len(words) == 1:
            return ids
    return []


def _search(kind: str, words: list[str], require_all: bool, limit: int) -> list[int]:
    if connection.vendor == "postgresql":
        joiner = " & " if require_all else " | "
        tsquery = joiner.join("'" + w.replace("'", "''").replace("\\", "") + "'" for w in words)
        sql = (
            "SELECT object_id FROM core_searchentry "
            "WHERE kind = %s AND to_tsvector('simple', tokens) @@ to_tsquery('simple', %s) "
            "ORDER BY ts_rank_cd(to_tsvector('simple', tokens), to_tsquery('simple', %s)) DESC, object_id "
            "LIMIT %s"
        )
        params: list[str | int] = [kind, tsquery, tsquery, limit]
    else:
        joiner = " AND " if require_all else " OR "
        match = joiner.join('"' + w.replace('"', '""') + '"' for w in words)
        sql = (
            "SELECT e.object_id FROM core_search_fts f JOIN core_searchentry e ON e.id = f.rowid "
            "WHERE core_search_fts MATCH %s AND e.kind = %s ORDER BY bm25(core_search_fts), e.object_id LIMIT %s"
        )
        params = [f"tokens: ({match})", kind, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
