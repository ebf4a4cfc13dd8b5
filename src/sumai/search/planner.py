"""The database planner's statistics of the search index, kept fresh.

Both planners choose an index from statistics of the table: PostgreSQL's autovacuum refreshes its own, SQLite
has only what the last ``ANALYZE`` wrote to ``sqlite_stat1`` — without it, or with the counts of a nearly
empty registry, SQLite chose the wrong index for common searches (docs/performance.md). ``analyse()`` runs
after a rebuild of the index, after the demo's load and every night with the vacancy job.

SQLite writes no row for an index that holds no entries, and costs such an index as a large one: a search
for a group no home accepts (its partial index empty) walked 100,000 barrier-free homes instead of reading
the empty index (1.4 s for no result). Every partial index left without a row is given one saying it is
tiny, which is the truth until the next ``analyse()``.
"""

from __future__ import annotations

from django.db import connection

TABLE = "search_searchunit"


def analyse() -> list[str]:
    """Fresh statistics of the search index; on SQLite, the names of the empty partial indexes marked tiny."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
        if connection.vendor != "sqlite":
            return []
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql LIKE %s",
            [TABLE, "% WHERE %"],
        )
        partial = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = %s", [TABLE])
        described = {row[0] for row in cursor.fetchall()}
        empty = [name for name in partial if name not in described]
        for name in empty:
            cursor.execute(f'PRAGMA index_info("{name}")')
            columns = len(cursor.fetchall())
            # "rows, then rows per distinct value of each leading column": one row, all distinct
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
                [TABLE, name, " ".join(["1"] * (columns + 1))],
            )
        if empty:
            cursor.execute("ANALYZE sqlite_schema")  # the planner reads sqlite_stat1 again
        return empty
