"""Search every column of every table for strings: the proof that anonymisation forgot nothing.

Reads the tables the database itself lists (not Django's models), so search
indexes, full-text shadow tables and other apps' tables are searched too.
"""

import json

from django.db import connection


def _tables(cursor):
    for table in connection.introspection.table_names(cursor):
        yield table, [column.name for column in connection.introspection.get_table_description(cursor, table)]


def _forms(needle):
    """The needle as stored: raw, and JSON-escaped (SQLite keeps JSON ASCII-only)."""
    return {needle.lower(), json.dumps(needle)[1:-1].lower()}


def scan(needles):
    """``{needle: [(table, column), …]}``: where each needle appears (case-insensitive)."""
    qn = connection.ops.quote_name
    forms = {needle: _forms(needle) for needle in needles if needle}
    found = {needle: set() for needle in forms}
    with connection.cursor() as cursor:
        for table, columns in _tables(cursor):
            # PostgreSQL casts every type to text; SQLite hands back bytes for blobs (FTS segments).
            cast = "CAST({} AS TEXT)" if connection.vendor == "postgresql" else "{}"
            cursor.execute(f"SELECT {', '.join(cast.format(qn(column)) for column in columns)} FROM {qn(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row):
                    if value is None:
                        continue
                    value = value.decode("utf-8", "ignore") if isinstance(value, bytes) else str(value)
                    value = value.lower()
                    for needle, needle_forms in forms.items():
                        if any(form in value for form in needle_forms):
                            found[needle].add((table, column))
    return {needle: sorted(places) for needle, places in found.items()}


def tables_holding(needle):
    return scan([needle])[needle]


def count_tables():
    with connection.cursor() as cursor:
        return sum(1 for _ in _tables(cursor))
