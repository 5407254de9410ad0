"""Drop the single-column indexes on organization and participant: the (organization,
local_date) index and the (participant, local_date) unique constraint serve their lookups.

Only the indexes are dropped (the same names on PostgreSQL and SQLite); Django's own AlterField
would also drop and re-add the foreign keys, re-checking every row."""

import django.db.models.deletion
from django.db import migrations, models

from alongside.core.migration_ops import drop_indexes

TABLE = "checkins_checkin"
INDEXES = {
    "checkins_checkin_organization_id_087ab244": "organization_id",
    "checkins_checkin_participant_id_a5193d88": "participant_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("checkins", "0002_checkin_signals_pending"),
        ("organizations", "0003_program_contact_expected_days"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="checkin",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="checkin",
                    name="participant",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="checkins",
                        to="organizations.membership",
                    ),
                ),
            ],
            database_operations=drop_indexes(TABLE, INDEXES),
        ),
    ]
