"""CheckIn.objects.insert_if_first: the check-in's one-statement INSERT stores exactly what
Model.save() would, skips a second check-in for the day or a replayed client_id in the same
statement, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError, NotSupportedError, connection, models, transaction
from django.db.models import signals
from django.test.utils import CaptureQueriesContext

from alongside.checkins.models import CheckIn
from alongside.organizations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(personas) -> Membership:  # type: ignore[no-untyped-def]
    return personas.participant


def _stored(pk: int) -> dict[str, object]:
    row = CheckIn.objects.get(pk=pk)
    return {f.attname: getattr(row, f.attname) for f in CheckIn._meta.concrete_fields if not f.primary_key}


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
    assert CheckIn.objects.insert_if_first(fast) is True
    orm.save(force_insert=True)
    assert fast.pk is not None and not fast._state.adding and fast._state.db == "default"
    mine, theirs = _stored(fast.pk), _stored(orm.pk)
    for differs in ("local_date", "client_id"):
        mine.pop(differs), theirs.pop(differs)
    assert mine == theirs
    assert mine["note"] == "Hard night. <b>not markup</b> ñ"  # decrypted on the way back
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_checkin WHERE id = %s", [fast.pk])
        assert "Hard night" not in cursor.fetchone()[0]  # encrypted at rest, as by save()


def test_a_second_for_the_day_or_a_replayed_client_id_is_skipped_in_one_statement(participant: Membership) -> None:
    first = _checkin(participant, dt.date(2026, 3, 3))
    assert CheckIn.objects.insert_if_first(first) is True
    same_day = _checkin(participant, dt.date(2026, 3, 3), mood=5)
    same_client = _checkin(participant, dt.date(2026, 3, 4), client_id=first.client_id)
    with CaptureQueriesContext(connection) as queries:
        assert CheckIn.objects.insert_if_first(same_day) is False
        assert CheckIn.objects.insert_if_first(same_client) is False
    assert len(queries) == 2  # one statement each, no lookup first
    assert "ON CONFLICT DO NOTHING" in queries[0]["sql"]
    assert same_day.pk is None and same_client.pk is None
    assert CheckIn.objects.filter(participant=participant).count() == 1
    assert CheckIn.objects.get(pk=first.pk).mood == 2
    # save() of the same row still refuses it: the constraint is the database's.
    with pytest.raises(IntegrityError), transaction.atomic():
        _checkin(participant, dt.date(2026, 3, 3)).save(force_insert=True)


def test_the_check_in_needs_nothing_from_save_or_signals() -> None:
    # insert_if_first neither calls save() nor sends model signals: were either to gain a meaning
    # for check-ins, this test says to route the insert through save() again.
    for signal in (signals.pre_save, signals.post_save):
        assert not signal.has_listeners(CheckIn)
    assert CheckIn.save is models.Model.save


def test_what_save_would_refuse_is_refused(participant: Membership) -> None:
    kept = _checkin(participant, dt.date(2026, 3, 5))
    CheckIn.objects.insert_if_first(kept)
    with pytest.raises(NotSupportedError):
        CheckIn.objects.insert_if_first(kept)  # already stored: it has its key
    with pytest.raises(ValueError, match="unsaved related object"):
        unsaved = _checkin(participant, dt.date(2026, 3, 6))
        unsaved.participant = Membership(user=participant.user)
        CheckIn.objects.insert_if_first(unsaved)
    assert CheckIn.objects.count() == 1


def test_a_failed_insert_marks_the_transaction_for_rollback_as_save_would(participant: Membership) -> None:
    with transaction.atomic():
        with pytest.raises(IntegrityError):
            # A value the column refuses (NOT NULL), which ON CONFLICT does not skip.
            CheckIn.objects.insert_if_first(_checkin(participant, dt.date(2026, 3, 7), craving=None))
        assert transaction.get_rollback()
    assert not CheckIn.objects.filter(participant=participant).exists()


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
