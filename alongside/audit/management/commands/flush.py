"""Django's ``flush``, declared to the audit log's TRUNCATE trigger (audit migration 0006).

``flush`` erases every table at once (it is how test databases are reset between tests); the
trigger refuses any other TRUNCATE of the audit log. The declaration is ``SET LOCAL``: it ends
with the flush's own transaction. Run as the application role, ``flush`` still fails: that role
may not TRUNCATE anything (``grant_app_role``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        if connections[database].vendor != "postgresql":
            return super().handle(**options)
        with transaction.atomic(using=database), connections[database].cursor() as cursor:
            cursor.execute("SET LOCAL alongside.database_reset = 'on'")
            return super().handle(**options)
