"""Database chores that the ORM has no verb for."""

from collections.abc import Iterable

from django.db import connection, models


def refresh_planner_statistics(tables: Iterable[type[models.Model]] | None = None) -> None:
    """Run ANALYZE on PostgreSQL after a bulk load (HRIS import, demo, restore).

    Autovacuum analyses a table only some time after it changed; until then the planner plans
    for the row counts it last saw (often an empty table) and may pick a nested loop over whole
    tables that runs for minutes. ANALYZE is allowed inside a transaction and sees its rows.
    SQLite's planner needs no statistics for our queries, so it is left alone.
    """
    if connection.vendor != "postgresql":
        return
    names = sorted({model._meta.db_table for model in tables or ()})
    statement = "ANALYZE"
    if names:
        # Table names come from our own models' metadata, quoted by the backend; no input.
        statement += " " + ", ".join(connection.ops.quote_name(name) for name in names)
    with connection.cursor() as cursor:
        cursor.execute(statement)
