"""Operations shared by migrations."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.migrations.operations.base import Operation


def _wait_briefly_for_locks(apps: Any, schema_editor: Any) -> None:
    # DROP INDEX locks its table: rather than queue behind a long read while every audited request
    # queues behind the migration, give up after a few seconds (run the migration again later).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL lock_timeout = '5s'")


def drop_indexes(table: str, indexes: dict[str, str | None]) -> list[Operation]:
    """Drop indexes by name (the same on PostgreSQL and SQLite), leaving the table's foreign keys
    alone; back, create each again on its column (None: not recreated)."""
    return [
        migrations.RunPython(_wait_briefly_for_locks, migrations.RunPython.noop),
        *(
            migrations.RunSQL(
                f'DROP INDEX IF EXISTS "{name}"',
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")' if column else migrations.RunSQL.noop,
            )
            for name, column in indexes.items()
        ),
    ]
