"""Database objects behind the search, created by migration 0002 and repairable by `rebuild_search_index`.

SQLite: an external-content FTS5 table over procedures_procedure(search_name, search_text), kept in step
by three triggers. A later migration that rebuilds procedures_procedure on SQLite (Django's table remake)
drops the triggers: run `rebuild_search_index()` (the import/load commands do) to restore them.
PostgreSQL: the pg_trgm extension and a trigram GIN index on search_text. Other databases: nothing; the
selector falls back to its portable ranking.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.db import connection as default_connection

logger = logging.getLogger(__name__)

FTS = "procedures_procedure_fts"
TABLE = "procedures_procedure"

# Plain literals (no interpolation): the table names are fixed, see FTS and TABLE above.
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS procedures_procedure_fts USING fts5(search_name, search_text, "
    "content='procedures_procedure', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS procedures_procedure_fts_ai AFTER INSERT ON procedures_procedure BEGIN "
    "INSERT INTO procedures_procedure_fts(rowid, search_name, search_text) "
    "VALUES (new.id, new.search_name, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS procedures_procedure_fts_ad AFTER DELETE ON procedures_procedure BEGIN "
    "INSERT INTO procedures_procedure_fts(procedures_procedure_fts, rowid, search_name, search_text) "
    "VALUES ('delete', old.id, old.search_name, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS procedures_procedure_fts_au AFTER UPDATE ON procedures_procedure BEGIN "
    "INSERT INTO procedures_procedure_fts(procedures_procedure_fts, rowid, search_name, search_text) "
    "VALUES ('delete', old.id, old.search_name, old.search_text); "
    "INSERT INTO procedures_procedure_fts(rowid, search_name, search_text) "
    "VALUES (new.id, new.search_name, new.search_text); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS procedures_procedure_fts_ai",
    "DROP TRIGGER IF EXISTS procedures_procedure_fts_ad",
    "DROP TRIGGER IF EXISTS procedures_procedure_fts_au",
    "DROP TABLE IF EXISTS procedures_procedure_fts",
]
SQLITE_REBUILD = "INSERT INTO procedures_procedure_fts(procedures_procedure_fts) VALUES ('rebuild')"
PG_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS procedures_search_text_trgm ON procedures_procedure "
    "USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS procedures_search_name_trgm ON procedures_procedure "
    "USING gin (search_name gin_trgm_ops)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS procedures_search_text_trgm",
    "DROP INDEX IF EXISTS procedures_search_name_trgm",
]
# The full-text document, stored and indexed (weight A: the name; B: code, field and the rest), so a search
# reads the GIN index instead of building every procedure's vector twice per query (P4 benchmark).
PG_DOCUMENT = [
    "ALTER TABLE procedures_procedure ADD COLUMN IF NOT EXISTS search_document tsvector GENERATED ALWAYS AS "
    "(setweight(to_tsvector('simple'::regconfig, search_name), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, search_text), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS procedures_search_document ON procedures_procedure USING gin (search_document)",
]
PG_DOCUMENT_DROP = [
    "DROP INDEX IF EXISTS procedures_search_document",
    "ALTER TABLE procedures_procedure DROP COLUMN IF EXISTS search_document",
]


def create(connection=default_connection) -> None:
    if connection.vendor == "postgresql":
        create_document(connection)
        _create_postgresql(connection)
        return
    statements = SQLITE_CREATE if connection.vendor == "sqlite" else []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _create_postgresql(connection) -> None:
    """pg_trgm needs a role allowed to create it (trusted since PostgreSQL 13: the database owner is).
    Without it, search still works (full text); only the typo fallback and trigram indexes are missing."""
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(PG_CREATE[0])
    except DatabaseError as exc:
        logger.warning("pg_trgm is not available (%s); typo-tolerant procedure search is off", exc)
        return
    with connection.cursor() as cursor:
        for sql in PG_CREATE[1:]:
            cursor.execute(sql)


def create_document(connection=default_connection) -> None:
    """PostgreSQL: the stored search document and its GIN index (no extension needed)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in PG_DOCUMENT:
            cursor.execute(sql)


def drop(connection=default_connection) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": PG_DROP + PG_DOCUMENT_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def rebuild_search_index(connection=default_connection) -> None:
    """SQLite: recreate missing FTS objects and re-read every row into the FTS table.

    PostgreSQL maintains its indexes itself (and refuses CREATE INDEX inside a transaction with pending
    constraint checks), so there is nothing to do there.
    """
    if connection.vendor != "sqlite":
        return
    create(connection)
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_REBUILD)
