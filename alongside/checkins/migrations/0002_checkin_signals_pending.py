from django.db import migrations, models


class Migration(migrations.Migration):
    """Check-ins written from now on wait for the worker's early-warning evaluation; those already
    stored were evaluated when they were made, so they are added as done (no mass re-evaluation)."""

    dependencies = [
        ("checkins", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="signals_pending",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="signals_pending",
            field=models.BooleanField(default=True),
        ),
        migrations.AddIndex(
            model_name="checkin",
            index=models.Index(
                condition=models.Q(("signals_pending", True)),
                fields=["participant", "updated_at"],
                name="checkin_signals_pending",
            ),
        ),
    ]
