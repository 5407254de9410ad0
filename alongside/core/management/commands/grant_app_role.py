"""Grant the application's PostgreSQL role what web and worker need, and nothing more.

Every table of every installed model: SELECT, INSERT, UPDATE, DELETE; the audit log: SELECT and
INSERT only; their sequences: USAGE; ``django_migrations``: SELECT (so the app can tell that a
migration is pending). Never ownership, TRUNCATE, REFERENCES or TRIGGER: a role without them
cannot empty the audit log, nor disable or drop its triggers. Each table's privileges are first
revoked, so a privilege granted by hand does not survive a re-run.

The table list comes from the app registry, so it never goes stale, but tables are created by
migrations: run this after every ``migrate`` (docs/deploy.md, "Database roles"). It runs as the
owner (``MIGRATE_DATABASE_URL`` when set), in one transaction.
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from alongside.envconf import migration_database

_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
APP_TABLE = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_TABLE = "SELECT, INSERT"


class Command(BaseCommand):
    help = "Grant the application's database role exactly the privileges web and worker need."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", required=True, help="The application's role (it must already exist).")
        parser.add_argument("--database", default=None, help="Alias to grant through (default: the owner's).")
        parser.add_argument("--print-only", action="store_true", help="Print the SQL for review instead of running it.")

    def handle(self, *args: Any, **options: Any) -> None:
        role: str = options["role"]
        if not _PLAIN_NAME.fullmatch(role):
            raise CommandError(f"{role!r}: use a plain lower-case role name (letters, digits, underscores)")
        connection = connections[options["database"] or migration_database(connections.settings)]
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist on PostgreSQL only; on SQLite there is nothing to grant")
        statements = grant_statements(connection, role)
        if options["print_only"]:
            self.stdout.write("\n".join(statements))
            return
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            _check_role(cursor, role, _tables(connection))
            for statement in statements:
                cursor.execute(statement)
        if options["verbosity"]:
            self.stdout.write(
                f"Granted {role}: {len(_tables(connection))} tables (the audit log: {AUDIT_TABLE} only). "
                "Run this again after every migrate."
            )


def _tables(connection: BaseDatabaseWrapper) -> list[str]:
    return sorted(connection.introspection.django_table_names(include_views=False))


def grant_statements(connection: BaseDatabaseWrapper, role: str) -> list[str]:
    quote = connection.ops.quote_name
    to = quote(role)
    tables = _tables(connection)
    with connection.cursor() as cursor:
        missing = sorted(set(tables) - set(connection.introspection.table_names(cursor)))
        if missing:
            raise CommandError(f"Run migrate first; these tables do not exist yet: {', '.join(missing)}")
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
        sequences = {table: connection.introspection.get_sequences(cursor, table) for table in tables}
    statements = [f"GRANT USAGE ON SCHEMA {quote(schema)} TO {to};"]
    # The audit log is insert-only for the application (looked up by label: core imports no app).
    audit_table = apps.get_model("audit", "AuditEntry")._meta.db_table
    for table in tables:
        privileges = AUDIT_TABLE if table == audit_table else APP_TABLE
        statements += [f"REVOKE ALL ON TABLE {quote(table)} FROM {to};"]
        statements += [f"GRANT {privileges} ON TABLE {quote(table)} TO {to};"]
        for sequence in sequences[table]:
            statements += [f"REVOKE ALL ON SEQUENCE {quote(sequence['name'])} FROM {to};"]
            statements += [f"GRANT USAGE ON SEQUENCE {quote(sequence['name'])} TO {to};"]
    statements += [f"REVOKE ALL ON TABLE django_migrations FROM {to};"]
    statements += [f"GRANT SELECT ON TABLE django_migrations TO {to};"]
    return statements


def _check_role(cursor: Any, role: str, tables: list[str]) -> None:
    """Refuse a role that would hold more than the grants: a superuser, or the tables' owner."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    found = cursor.fetchone()
    if found is None:
        raise CommandError(f"Role {role} does not exist; create it first: CREATE ROLE {role} LOGIN PASSWORD '...'")
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY(%s)"
        " AND pg_has_role(%s, tableowner, 'MEMBER') ORDER BY tablename",
        [tables, role],
    )
    owned = [row[0] for row in cursor.fetchall()]
    if owned:
        raise CommandError(
            f"{role} owns (or is a member of the role that owns) {len(owned)} tables, e.g. {owned[0]}: an owner can "
            "disable the audit log's triggers. Run migrate as the owner and the app as a separate role."
        )
    if found[0]:
        raise CommandError(f"{role} is a superuser, which ignores every grant; the app needs a role of its own")
