"""Re-encrypt every encrypted field with the newest key in FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it),
deploy, run this command, then remove the old keys. Safe to re-run and to interrupt.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from alongside.core.crypto import EncryptedTextField, rotate_token


class Command(BaseCommand):
    help = "Re-encrypt all sensitive text with the newest encryption key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        batch = options["batch_size"]
        total = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            assert model._meta.pk is not None and model._meta.pk.column is not None
            pk = connection.ops.quote_name(model._meta.pk.column)
            for field in fields:
                assert field.column is not None
                column = connection.ops.quote_name(field.column)
                # Identifiers come from the model registry, never from input; values are parameters.
                select_sql = f"SELECT {pk}, {column} FROM {table} WHERE {column} IS NOT NULL AND {pk} > %s ORDER BY {pk} LIMIT %s"  # noqa: S608
                update_sql = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608
                last: Any = 0 if model._meta.pk.get_internal_type() in {"AutoField", "BigAutoField"} else ""
                while True:
                    with transaction.atomic(), connection.cursor() as cursor:
                        if connection.vendor == "postgresql":
                            # The audit log's trigger lets a declared rotation re-encrypt reasons only.
                            cursor.execute("SET LOCAL alongside.key_rotation = 'on'")
                        cursor.execute(select_sql, [last, batch])
                        rows = cursor.fetchall()
                        for row_pk, stored in rows:
                            cursor.execute(update_sql, [rotate_token(stored), row_pk])
                    if not rows:
                        break
                    total += len(rows)
                    last = rows[-1][0]
                self.stdout.write(f"{model._meta.label}.{field.name}: re-encrypted")
        self.stdout.write(f"Done: {total} values re-encrypted with the newest key.")
