"""core.sqlinsert: the one-row INSERT used for check-ins and audit entries stores exactly what
Model.save() would, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import inspect
import uuid

import pytest
from django.db import IntegrityError, NotSupportedError, connection, models, transaction
from django.db.models import signals
from django.test.utils import CaptureQueriesContext

from alongside.audit.models import AuditEntry
from alongside.checkins.models import CheckIn
from alongside.core.sqlinsert import insert_row
from alongside.organizations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(personas) -> Membership:  # type: ignore[no-untyped-def]
    return personas.participant


def _stored(model: type, pk: int) -> dict[str, object]:
    row = model.objects.get(pk=pk)
    return {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key}


def _checkin(participant: Membership, day: dt.date, **extra: object) -> CheckIn:
    values: dict[str, object] = {
        "organization": participant.organization,
        "participant": participant,
        "local_date": day,
        "mood": 2,
        "craving": 7,
        "sleep_quality": None,
        "halt": ["lonely", "tired"],
        "triggers": ["stress", "my brother's calls"],
        "coping": [],
        "used": None,
        "note": "Hard night. <b>not markup</b> ñ",
        "wants_outreach": True,
        "client_id": uuid.uuid4(),
    }
    return CheckIn(**{**values, **extra})


def test_a_check_in_is_stored_as_save_would_store_it(participant: Membership) -> None:
    fast, orm = _checkin(participant, dt.date(2026, 3, 1)), _checkin(participant, dt.date(2026, 3, 2))
    orm.made_at, orm.created_at, orm.updated_at = fast.made_at, fast.created_at, fast.updated_at
    assert insert_row(fast) is True
    orm.save(force_insert=True)
    assert fast.pk is not None and not fast._state.adding and fast._state.db == "default"
    mine, theirs = _stored(CheckIn, fast.pk), _stored(CheckIn, orm.pk)
    for differs in ("local_date", "client_id"):
        mine.pop(differs), theirs.pop(differs)
    assert mine == theirs
    assert mine["note"] == "Hard night. <b>not markup</b> ñ"  # decrypted on the way back
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_checkin WHERE id = %s", [fast.pk])
        assert "Hard night" not in cursor.fetchone()[0]  # encrypted at rest, as by save()


def test_an_audit_entry_is_stored_as_save_would_store_it(participant: Membership) -> None:
    entry = AuditEntry(action="x.viewed", actor=participant.user, reason="emergency", extra={"n": 1})
    assert insert_row(entry) is True
    stored = _stored(AuditEntry, entry.pk)
    assert (stored["action"], stored["reason"], stored["extra"], stored["actor_id"]) == (
        "x.viewed",
        "emergency",
        {"n": 1},
        participant.user.pk,
    )
    assert stored["occurred_at"] == entry.occurred_at


def test_a_row_that_breaks_a_unique_constraint_is_skipped_or_refused(participant: Membership) -> None:
    first = _checkin(participant, dt.date(2026, 3, 3))
    assert insert_row(first, skip_conflicts=True) is True
    same_day = _checkin(participant, dt.date(2026, 3, 3), mood=5)
    same_client = _checkin(participant, dt.date(2026, 3, 4), client_id=first.client_id)
    with CaptureQueriesContext(connection) as queries:
        assert insert_row(same_day, skip_conflicts=True) is False
        assert insert_row(same_client, skip_conflicts=True) is False
    assert len(queries) == 2  # one statement each, no lookup first
    assert same_day.pk is None and same_client.pk is None
    assert CheckIn.objects.filter(participant=participant).count() == 1
    assert CheckIn.objects.get(pk=first.pk).mood == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_row(_checkin(participant, dt.date(2026, 3, 3)))


@pytest.mark.parametrize("model", [CheckIn, AuditEntry])
def test_the_models_written_this_way_need_nothing_from_save_or_signals(model: type) -> None:
    # insert_row neither calls save() nor sends model signals: were either to gain a meaning for
    # these models, this test says to route their inserts through save() again.
    for signal in (signals.pre_save, signals.post_save):
        assert not signal.has_listeners(model)
    if model is CheckIn:
        assert CheckIn.save is models.Model.save
    else:  # AuditEntry.save only refuses updates (the log is append-only): nothing for an insert
        assert inspect.getsource(AuditEntry.save).count("\n") == 4 and "AppendOnlyError" in inspect.getsource(
            AuditEntry.save
        )


def test_what_save_would_refuse_is_refused(participant: Membership) -> None:
    kept = _checkin(participant, dt.date(2026, 3, 5))
    insert_row(kept)
    with pytest.raises(NotSupportedError):
        insert_row(kept)  # already stored: it has its key
    with pytest.raises(ValueError, match="unsaved related object"):
        insert_row(AuditEntry(action="x.y", subject=Membership(user=participant.user)))
    assert CheckIn.objects.count() == 1 and not AuditEntry.objects.filter(action="x.y").exists()


def test_a_failed_insert_marks_the_transaction_for_rollback_as_save_would(participant: Membership) -> None:
    first = _checkin(participant, dt.date(2026, 3, 6))
    insert_row(first)
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            insert_row(_checkin(participant, dt.date(2026, 3, 6)))
        assert transaction.get_rollback()
    # The block was rolled back on leaving it (not committed half-done), and the connection works on.
    assert CheckIn.objects.filter(participant=participant).count() == 1


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("audit_auditentry", ["organization_id", "subject_id", "action"]),
        ("checkins_checkin", ["organization_id", "participant_id"]),
    ],
)
def test_the_single_column_indexes_the_composites_cover_are_gone(table: str, columns: list[str]) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    single = {
        tuple(c["columns"]) for c in constraints.values() if c["index"] and not c["unique"] and not c["primary_key"]
    }
    assert not single & {(column,) for column in columns}
    # ... and each column still leads an index (a composite or a unique constraint).
    leading = {c["columns"][0] for c in constraints.values() if c["index"] or c["unique"]}
    assert {"organization_id", "subject_id", "participant_id"} & set(columns) <= leading
