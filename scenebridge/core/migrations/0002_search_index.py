"""Full-text index over SearchEntry.tokens: an FTS5 table with triggers on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE core_search_fts USING fts5(tokens, content='core_searchentry', content_rowid='id')",
    "CREATE TRIGGER core_search_ai AFTER INSERT ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER core_search_ad AFTER DELETE ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(core_search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER core_search_au AFTER UPDATE ON core_searchentry BEGIN "
    "INSERT INTO core_search_fts(core_search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO core_search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_search_au",
    "DROP TRIGGER IF EXISTS core_search_ad",
    "DROP TRIGGER IF EXISTS core_search_ai",
    "DROP TABLE IF EXISTS core_search_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX core_searchentry_tokens_fts ON core_searchentry USING gin (to_tsvector('simple', tokens))"
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS core_searchentry_tokens_fts"]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
