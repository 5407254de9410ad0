"""Django's ``migrate``, run as the tables' owner when ``MIGRATE_DATABASE_URL`` is set.

Web and worker connect with ``DATABASE_URL`` (the application role, which may not alter
tables); schema changes need the owner. For this process the owner's URL becomes ``default``
itself: data migrations, ours and third-party ones, often query through ``default`` rather
than the connection being migrated, and through the app's connection they would wait forever
on the locks the owner's migration holds (or be refused). ``--database`` still picks any alias.
After migrating, run ``grant_app_role`` so the app role can use any new table.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections

from alongside.envconf import OWNER_DATABASE, migration_database


class Command(migrate.Command):
    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        # None: not given; execute() then picks the owner's alias when there is one.
        parser.set_defaults(database=None)

    def execute(self, *args: Any, **options: Any) -> str | None:
        # Before execute() runs the system checks on the chosen database.
        database = options["database"] or migration_database(connections.settings)
        if database == OWNER_DATABASE:
            connections[DEFAULT_DB_ALIAS].close()
            del connections[DEFAULT_DB_ALIAS]
            connections.settings[DEFAULT_DB_ALIAS] = {**connections.settings[OWNER_DATABASE]}
            database = DEFAULT_DB_ALIAS
        options["database"] = database
        return super().execute(*args, **options)
