"""Drop the single-column indexes on organization, subject and action: the (organization,
occurred_at) and (subject, occurred_at) indexes serve every lookup, and each entry written (one
per sensitive read) no longer keeps four more indexes up to date.

Only the indexes are dropped (the same names on PostgreSQL and SQLite). Django's own AlterField
would also drop and re-add the foreign keys, re-checking every row of a large, busy table."""

import django.db.models.deletion
from django.db import migrations, models

from alongside.core.migration_ops import drop_indexes

TABLE = "audit_auditentry"
INDEXES = {
    "audit_auditentry_action_dee621eb": "action",
    "audit_auditentry_action_dee621eb_like": None,  # PostgreSQL's LIKE index on action
    "audit_auditentry_organization_id_ccde4cfe": "organization_id",
    "audit_auditentry_subject_id_afd53ca8": "subject_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_allow_key_rotation"),
        ("organizations", "0003_program_contact_expected_days"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditentry",
                    name="action",
                    field=models.CharField(max_length=64),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="subject",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.membership",
                    ),
                ),
            ],
            database_operations=drop_indexes(TABLE, INDEXES),
        ),
    ]
