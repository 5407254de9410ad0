"""Let key rotation re-encrypt audit reasons, and nothing else.

The append-only trigger still refuses every DELETE and every UPDATE, except one that changes
only the encrypted ``reason`` column inside a transaction that declared itself a key rotation
(``SET LOCAL alongside.key_rotation = 'on'``, which only ``manage.py rotate_encryption_keys``
does). The plaintext is unchanged by rotation; the database cannot check that, the command can.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
DECLARE
    unchanged audit_auditentry;
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('alongside.key_rotation', true) = 'on' THEN
        unchanged := NEW;
        unchanged.reason := OLD.reason;
        IF unchanged IS NOT DISTINCT FROM OLD THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

REVERSE = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_reason_encrypted")]
    operations = [migrations.RunPython(forward, reverse)]
