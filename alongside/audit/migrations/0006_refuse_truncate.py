"""Make the database refuse TRUNCATE on the audit log too (PostgreSQL), even for the table's owner.

0002's row trigger covers UPDATE and DELETE; TRUNCATE fires no row triggers, so a lone
``TRUNCATE audit_auditentry``, or a ``TRUNCATE ... CASCADE`` from a table the log points at,
emptied it. This statement trigger refuses both. Django's ``flush`` (which resets test
databases between tests, and erases every table, not the log alone) declares itself with
``SET LOCAL alongside.database_reset = 'on'`` (alongside/audit/management/commands/flush.py).

Against the owner this guards against accidents only: an owner can disable or drop triggers.
What stops a deliberate attempt is running the app as a role without ownership, TRUNCATE or
TRIGGER privileges (``manage.py grant_app_role``; docs/deploy.md, "Database roles").
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditentry_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('alongside.database_reset', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_no_truncate();
"""

REVERSE = """
DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_no_truncate();
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_drop_indexes_the_composites_cover")]
    operations = [migrations.RunPython(forward, reverse)]
