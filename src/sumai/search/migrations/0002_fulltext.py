"""The full-text index over the buildings' bigram tokens: FTS5 on SQLite, a GIN index on PostgreSQL.

Both read the application's own tokens verbatim (no database tokenizer rules apply: SQLite's unicode61
splits only at the spaces between tokens, PostgreSQL builds the tsvector with array_to_tsvector)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_building_fts USING fts5(tokens, content='search_searchbuilding', "
    "content_rowid='building_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_building_fts_ai AFTER INSERT ON search_searchbuilding BEGIN "
    "INSERT INTO search_building_fts(rowid, tokens) VALUES (new.building_id, new.tokens); END",
    "CREATE TRIGGER search_building_fts_ad AFTER DELETE ON search_searchbuilding BEGIN "
    "INSERT INTO search_building_fts(search_building_fts, rowid, tokens) "
    "VALUES ('delete', old.building_id, old.tokens); END",
    "CREATE TRIGGER search_building_fts_au AFTER UPDATE ON search_searchbuilding BEGIN "
    "INSERT INTO search_building_fts(search_building_fts, rowid, tokens) "
    "VALUES ('delete', old.building_id, old.tokens); "
    "INSERT INTO search_building_fts(rowid, tokens) VALUES (new.building_id, new.tokens); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_building_fts_au",
    "DROP TRIGGER IF EXISTS search_building_fts_ad",
    "DROP TRIGGER IF EXISTS search_building_fts_ai",
    "DROP TABLE IF EXISTS search_building_fts",
]
POSTGRES = [
    "CREATE INDEX search_building_tokens_gin ON search_searchbuilding "
    "USING gin (array_to_tsvector(string_to_array(tokens, ' ')))",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS search_building_tokens_gin"]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
