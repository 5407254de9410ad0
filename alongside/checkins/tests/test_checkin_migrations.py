"""Adding ``signals_pending``: check-ins stored before it are done; those written after wait."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alongside.checkins.models import CheckIn
from alongside.conftest import Personas

BEFORE = [("checkins", "0001_initial")]
AFTER = [("checkins", "0002_checkin_signals_pending")]


@pytest.mark.django_db(transaction=True)  # migrations change the schema: no test transaction around them
def test_check_ins_stored_before_the_migration_are_not_evaluated_again(personas: Personas) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        stored = executor.loader.project_state(BEFORE).apps.get_model("checkins", "CheckIn")
        stored.objects.create(
            organization_id=personas.org.pk,
            participant_id=personas.participant.pk,
            local_date="2025-06-10",
            mood=3,
            craving=4,
        )
        MigrationExecutor(connection).migrate(AFTER)
        assert list(CheckIn.objects.values_list("signals_pending", flat=True)) == [False]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # the schema the other tests expect
    written = CheckIn.objects.create(
        organization=personas.org, participant=personas.participant2, local_date="2025-06-10", mood=3, craving=4
    )
    assert CheckIn.objects.get(pk=written.pk).signals_pending
