from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.checkins.models import CheckIn, PersonalTrigger
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotAllowed
from alongside.core.localtime import local_today
from alongside.notifications.models import Notification


def answers(**overrides: object) -> CheckInInput:
    base: dict[str, object] = {
        "mood": 4,
        "craving": 2,
        "sleep_quality": 3,
        "halt": ["tired"],
        "triggers": ["stress"],
        "coping": ["called"],
    }
    base.update(overrides)
    return CheckInInput(**base)  # type: ignore[arg-type]


def test_it_records_a_checkin_for_the_participants_local_day(personas: Personas) -> None:
    checkin, created = checkin_record(participant=personas.participant, data=answers(note="rough morning"))
    assert created
    assert checkin.local_date == local_today(personas.participant)
    assert (checkin.mood, checkin.craving, checkin.halt, checkin.note) == (4, 2, ["tired"], "rough morning")
    assert not checkin.filled_late
    assert AuditEntry.objects.filter(action="checkin.recorded", subject=personas.participant).count() == 1


def test_a_second_submission_today_updates_the_same_checkin(personas: Personas) -> None:
    checkin_record(participant=personas.participant, data=answers(mood=2))
    _checkin, created = checkin_record(participant=personas.participant, data=answers(mood=5))
    assert not created
    assert CheckIn.objects.count() == 1 and CheckIn.objects.get().mood == 5


def test_the_days_first_checkin_is_stored_without_looking_first_and_later_ones_find_it(personas: Personas) -> None:
    # Writes only: the insert itself, its audit entry, and the transaction around them.
    with CaptureQueriesContext(connection) as first:
        _checkin, created = checkin_record(participant=personas.participant, data=answers(mood=2))
    assert created
    statements = [q["sql"].split()[0].upper() for q in first.captured_queries]
    assert "SELECT" not in statements and statements.count("INSERT") == 2, statements
    # The second submission's insert is skipped by the unique constraint; the row is then locked and edited.
    with CaptureQueriesContext(connection) as second:
        _checkin, created = checkin_record(participant=personas.participant, data=answers(mood=5))
    assert not created and CheckIn.objects.get().mood == 5
    sql = " ".join(q["sql"] for q in second.captured_queries).upper()
    assert "UPDATE" in sql and CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action="checkin.updated").count() == 1


def test_the_same_client_id_twice_makes_one_checkin_and_changes_nothing(personas: Personas) -> None:
    client_id = uuid.uuid4()
    first, _ = checkin_record(participant=personas.participant, data=answers(client_id=client_id, mood=3))
    again, created = checkin_record(participant=personas.participant, data=answers(client_id=client_id, mood=3))
    assert not created and again.pk == first.pk and CheckIn.objects.count() == 1


def test_a_missed_day_can_be_filled_in_late_once(personas: Personas) -> None:
    yesterday = local_today(personas.participant) - dt.timedelta(days=1)
    checkin, created = checkin_record(participant=personas.participant, data=answers(local_date=yesterday))
    assert created and checkin.filled_late and checkin.local_date == yesterday
    with pytest.raises(InvalidInput) as exc:
        checkin_record(participant=personas.participant, data=answers(local_date=yesterday, mood=1))
    assert "local_date" in exc.value.field_errors
    assert CheckIn.objects.get().mood == 4


def test_an_offline_checkin_keeps_the_day_and_time_it_was_made(personas: Personas) -> None:
    made_at = timezone.now() - dt.timedelta(days=1)
    checkin, _ = checkin_record(participant=personas.participant, data=answers(made_at=made_at))
    assert checkin.made_at == made_at
    assert checkin.local_date == local_today(personas.participant, made_at)
    assert not checkin.filled_late  # made on its day, only delivered later


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"mood": 0}, "mood"),
        ({"mood": 6}, "mood"),
        ({"craving": 11}, "craving"),
        ({"craving": -1}, "craving"),
        ({"sleep_quality": 9}, "sleep_quality"),
        ({"halt": ["sleepy"]}, "halt"),
        ({"note": "x" * 2001}, "note"),
        ({"triggers": ["y" * 61]}, "triggers"),
        ({"local_date": dt.date.today() + dt.timedelta(days=2)}, "local_date"),
        ({"local_date": dt.date.today() - dt.timedelta(days=9)}, "local_date"),
        ({"made_at": timezone.now() + dt.timedelta(hours=2)}, "made_at"),
    ],
)
def test_bad_answers_are_refused_by_field_and_nothing_is_saved(personas: Personas, overrides: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        checkin_record(participant=personas.participant, data=answers(**overrides))
    assert field in exc.value.field_errors
    assert not CheckIn.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="checkin.").exists()


def test_personal_triggers_are_remembered_for_next_time(personas: Personas) -> None:
    checkin_record(participant=personas.participant, data=answers(triggers=["stress", "payday"]))
    assert list(PersonalTrigger.objects.values_list("label", flat=True)) == ["payday"]


def test_asking_for_outreach_tells_the_matched_mentor_once(personas: Personas) -> None:
    checkin_record(participant=personas.participant, data=answers(wants_outreach=True))
    checkin_record(participant=personas.participant, data=answers(wants_outreach=True, mood=3))
    notes = Notification.objects.filter(recipient=personas.mentor.user, kind="checkin.outreach_requested")
    assert notes.count() == 1


def test_only_the_participant_can_record_their_checkin(personas: Personas) -> None:
    with pytest.raises(NotAllowed):
        checkin_record(participant=personas.mentor, data=answers())


def test_use_details_are_kept_only_when_use_was_reported(personas: Personas) -> None:
    checkin, _ = checkin_record(
        participant=personas.participant, data=answers(used=False, substance="alcohol", amount="2")
    )
    assert (checkin.substance, checkin.amount) == ("", "")
    checkin, _ = checkin_record(
        participant=personas.participant, data=answers(used=True, substance="alcohol", amount="2 drinks")
    )
    assert (checkin.used, checkin.substance, checkin.amount) == (True, "alcohol", "2 drinks")


def test_the_note_is_encrypted_at_rest(personas: Personas) -> None:
    from django.db import connection

    checkin_record(participant=personas.participant, data=answers(note="my private words"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_checkin")
        assert "my private words" not in cursor.fetchone()[0]
