"""Django's ``migrate``, run as the tables' owner when ``MIGRATE_DATABASE_URL`` is set.

Web and worker connect with ``DATABASE_URL`` (the application role, which may not alter
tables); schema changes need the owner. ``--database`` still picks any alias explicitly.
After migrating, run ``grant_app_role`` so the app role can use any new table.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands import migrate
from django.db import connections

from alongside.envconf import migration_database


class Command(migrate.Command):
    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        # None: not given; handle() then picks the owner's alias when there is one.
        parser.set_defaults(database=None)

    def execute(self, *args: Any, **options: Any) -> str | None:
        # Before execute() runs the system checks on the chosen database.
        options["database"] = options["database"] or migration_database(connections.settings)
        return super().execute(*args, **options)
