"""The audit log survives TRUNCATE, and the app can run as a role that cannot touch its history.

The worst moment: someone with the app's database credentials (a leaked ``DATABASE_URL``, an
injected statement) wants the record of who opened a participant's file to disappear.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from alongside.audit.models import AuditEntry
from alongside.audit.services import log_action
from alongside.conftest import Personas
from alongside.envconf import OWNER_DATABASE, database_settings, migration_database

BASE_DIR = Path(__file__).resolve().parents[3]


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("database triggers and roles exist on PostgreSQL only (run with DATABASE_URL set)")


# --- TRUNCATE, as the owner -------------------------------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)  # entries committed, as they are in life
@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditentry",
        # A cascade from a table the log points at truncates the log too.
        "TRUNCATE organizations_organization CASCADE",
    ],
)
def test_postgresql_refuses_to_truncate_the_audit_log_even_for_its_owner(personas: Personas, statement: str) -> None:
    _needs_postgresql()
    log_action("participant.viewed", actor=personas.mentor, target=personas.participant, reason="weekly check")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert [entry.reason for entry in AuditEntry.objects.all()] == ["weekly check"]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_flush_still_resets_a_whole_database_and_declares_it_for_that_transaction_only(personas: Personas) -> None:
    # Test databases are reset with Django's flush; a lone TRUNCATE right after it is still refused.
    _needs_postgresql()
    log_action("participant.viewed", actor=personas.mentor, target=personas.participant)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert not AuditEntry.objects.exists()
    log_action("participant.viewed", actor=None, target=None)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 1


# --- The application role ---------------------------------------------------------------------


@pytest.fixture
def app_role() -> Iterator[tuple[str, str]]:
    """A fresh login role granted by ``grant_app_role``, dropped afterwards (roles are cluster-wide)."""
    _needs_postgresql()
    name = f"alongside_app_test_{secrets.token_hex(6)}"
    password = secrets.token_hex(16)  # hex: safe to write into the statement (it takes no parameters)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    try:
        call_command("grant_app_role", role=name, verbosity=0)
        yield name, password
    finally:
        connection.close()  # a test may have left it connected as the role
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {name}")  # its grants in this database
            cursor.execute(f"DROP ROLE {name}")


def _connect_as(role: tuple[str, str]) -> Any:
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        dbname=db["NAME"],
        user=role[0],
        password=role[1],
        autocommit=True,
    )


@contextmanager
def _the_app_runs_as(role: tuple[str, str]) -> Iterator[None]:
    """Django's own connection, logged in as the application role (as web and worker would be)."""
    saved = connection.settings_dict["USER"], connection.settings_dict["PASSWORD"]
    connection.close()
    connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] = role
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] = saved


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_app_role_writes_and_reads_the_audit_log_and_does_its_ordinary_work(
    personas: Personas, app_role: tuple[str, str]
) -> None:
    from alongside.alerts.models import Alert
    from alongside.checkins.models import CheckIn
    from alongside.checkins.services import CheckInInput, checkin_record

    with _the_app_runs_as(app_role):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == app_role[0]
        log_action("participant.viewed", actor=personas.mentor, target=personas.participant, reason="weekly check")
        # A check-in that asks for outreach: inserts and updates across several apps' tables.
        checkin_record(participant=personas.participant, data=CheckInInput(mood=2, craving=7, wants_outreach=True))
        checkin_record(participant=personas.participant, data=CheckInInput(mood=3, craving=5, wants_outreach=True))
        assert AuditEntry.objects.filter(action="participant.viewed").get().reason == "weekly check"
        assert CheckIn.objects.get(participant=personas.participant).mood == 3
        assert Alert.objects.filter(participant=personas.participant).exists()
    with _connect_as(app_role) as conn:  # and delete, on any other table
        conn.execute("INSERT INTO django_session VALUES ('k', 'd', now())")
        conn.execute("DELETE FROM django_session")
        assert conn.execute("SELECT count(*) FROM django_session").fetchone() == (0,)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "statements",
    [
        ["UPDATE audit_auditentry SET reason = ''"],
        ["UPDATE audit_auditentry SET action = 'nothing.happened'"],
        ["DELETE FROM audit_auditentry"],
        ["TRUNCATE audit_auditentry"],
        ["TRUNCATE organizations_organization CASCADE"],
        # The owner's ways around the triggers are not the app's.
        ["ALTER TABLE audit_auditentry DISABLE TRIGGER USER"],
        ["ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_truncate"],
        ["DROP TRIGGER audit_auditentry_no_update_delete ON audit_auditentry"],
        ["SET alongside.database_reset = 'on'", "TRUNCATE audit_auditentry"],
        ["SET alongside.key_rotation = 'on'", "UPDATE audit_auditentry SET reason = ''"],
        ["SET session_replication_role = replica", "DELETE FROM audit_auditentry"],
    ],
)
def test_the_app_role_cannot_change_or_erase_the_audit_log(
    personas: Personas, app_role: tuple[str, str], statements: list[str]
) -> None:
    import psycopg

    log_action("breakglass.opened", actor=personas.supervisor, target=personas.participant, reason="said unsafe")
    with _connect_as(app_role) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            for statement in statements:
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM audit_auditentry").fetchone() == (1,)
    assert AuditEntry.objects.get().reason == "said unsafe"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_granting_again_takes_back_anything_granted_by_hand(app_role: tuple[str, str]) -> None:
    import psycopg

    with connection.cursor() as cursor:
        cursor.execute(f"GRANT ALL ON audit_auditentry TO {app_role[0]}")
    call_command("grant_app_role", role=app_role[0], verbosity=0)
    with _connect_as(app_role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("TRUNCATE audit_auditentry")


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_it_refuses_to_grant_to_the_owner_itself() -> None:
    _needs_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="owns"):
        call_command("grant_app_role", role=owner, verbosity=0)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_role_that_inherits_the_owners_powers(app_role: tuple[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        cursor.execute(f"GRANT {owner} TO {app_role[0]}")
    try:
        with pytest.raises(CommandError, match="member of the role that owns"):
            call_command("grant_app_role", role=app_role[0], verbosity=0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"REVOKE {owner} FROM {app_role[0]}")


@pytest.mark.django_db
def test_it_refuses_a_role_name_that_is_not_a_plain_identifier() -> None:
    with pytest.raises(CommandError, match="plain"):
        call_command("grant_app_role", role='app"; DROP TABLE audit_auditentry; --', verbosity=0)


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_the_printed_sql_grants_the_audit_log_select_and_insert_only() -> None:
    _needs_postgresql()
    from io import StringIO

    out = StringIO()
    call_command("grant_app_role", role="alongside_app", print_only=True, stdout=out)
    sql = out.getvalue()
    assert 'GRANT SELECT, INSERT ON TABLE "audit_auditentry" TO "alongside_app";' in sql
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "checkins_checkin" TO "alongside_app";' in sql
    assert "TRUNCATE" not in sql and "TRIGGER" not in sql


# --- MIGRATE_DATABASE_URL ---------------------------------------------------------------------

APP_URL = "postgres://alongside_app:app-pw@db.internal:5432/alongside"
OWNER_URL = "postgres://alongside_owner:owner-pw@db.internal:5432/alongside"


def test_migrations_run_as_the_owner_when_migrate_database_url_is_set() -> None:
    databases = database_settings(database_url=APP_URL, migrate_database_url=OWNER_URL, sqlite_path="unused")
    assert databases["default"]["USER"] == "alongside_app"
    assert databases[OWNER_DATABASE]["USER"] == "alongside_owner"
    assert databases[OWNER_DATABASE]["PASSWORD"] == "owner-pw"
    assert migration_database(databases) == OWNER_DATABASE


def test_without_migrate_database_url_everything_runs_as_one_role() -> None:
    databases = database_settings(database_url=APP_URL, migrate_database_url=None, sqlite_path="unused")
    assert set(databases) == {"default"}
    assert migration_database(databases) == "default"


@pytest.mark.parametrize(
    ("app_url", "owner_url", "complaint"),
    [
        (None, OWNER_URL, "DATABASE_URL"),
        (APP_URL, "postgres://alongside_owner@db.internal:5432/elsewhere", "same database"),
        (APP_URL, "postgres://alongside_owner@other.internal:5432/alongside", "same database"),
        ("sqlite:///alongside.sqlite3", "sqlite:///alongside.sqlite3", "PostgreSQL"),
    ],
)
def test_a_migrate_database_url_that_would_migrate_another_database_stops_the_app(
    app_url: str | None, owner_url: str, complaint: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=complaint):
        database_settings(database_url=app_url, migrate_database_url=owner_url, sqlite_path="unused")


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_manage_py_migrate_connects_with_migrate_database_url() -> None:
    # The app's URL names a role that does not exist: migrate succeeds only by using the owner's URL.
    _needs_postgresql()
    db = connection.settings_dict
    where = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    owner = f"postgres://{db['USER']}:{db['PASSWORD']}@{where}"
    env = {**os.environ, "DATABASE_URL": f"postgres://no_such_app_role@{where}", "MIGRATE_DATABASE_URL": owner}

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
        )

    as_owner = manage("migrate", "--check", "--noinput")
    assert as_owner.returncode == 0, as_owner.stderr
    as_app = manage("migrate", "--check", "--noinput", "--database", "default")
    assert as_app.returncode != 0 and "no_such_app_role" in as_app.stderr
