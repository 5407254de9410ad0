from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.contacts.models import ContactAddendum, ContactNote
from alongside.contacts.services import contact_addendum_add, contact_note_create, contact_note_update
from alongside.contacts.tests.factories import note_input, note_of
from alongside.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from alongside.core.localtime import local_today
from alongside.organizations.models import MatchStatus

# 23:30 in Chicago on 10 March is already 11 March in UTC: the mentor's own day counts.
LATE_EVENING = dt.datetime(2030, 3, 11, 4, 30, tzinfo=dt.UTC)


def test_it_records_a_contact(personas: Personas) -> None:
    note, created = contact_note_create(
        mentor=personas.mentor,
        participant=personas.participant,
        data=note_input(personas.mentor, topics=["coping", "goals", "coping"], follow_up_on=None),
    )
    assert created
    note.refresh_from_db()
    assert (note.mentor, note.participant, note.organization) == (
        personas.mentor,
        personas.participant,
        personas.org,
    )
    assert note.topics == ["goals", "coping"]  # the list's order, each once
    assert (note.duration_minutes, note.mode) == (30, "phone")
    entry = AuditEntry.objects.get(action="contact.created")
    assert entry.subject == personas.participant and "Talked" not in str(entry.extra)


def test_the_day_is_the_mentors_own_local_day(personas: Personas) -> None:
    today_in_chicago = dt.date(2030, 3, 10)
    assert local_today(personas.mentor, LATE_EVENING) == today_in_chicago
    note = note_of(personas.mentor, personas.participant, now=LATE_EVENING, occurred_on=today_in_chicago)
    assert note.occurred_on == today_in_chicago
    with pytest.raises(InvalidInput) as exc:
        note_of(personas.mentor, personas.participant, now=LATE_EVENING, occurred_on=dt.date(2030, 3, 11))
    assert "has not happened yet" in exc.value.field_errors["occurred_on"][0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"occurred_on": None}, "occurred_on"),
        ({"occurred_on": dt.date(2030, 3, 10) - dt.timedelta(days=91)}, "occurred_on"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 601}, "duration_minutes"),
        ({"duration_minutes": None}, "duration_minutes"),
        ({"mode": "carrier pigeon"}, "mode"),
        ({"topics": []}, "topics"),
        ({"topics": ["goals", "astrology"]}, "topics"),
        ({"summary": "   "}, "summary"),
        ({"summary": "x" * 4001}, "summary"),
        ({"agreed": "y" * 2001}, "agreed"),
        ({"follow_up_on": dt.date(2030, 3, 9)}, "follow_up_on"),
        ({"follow_up_on": dt.date(2031, 6, 1)}, "follow_up_on"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(personas: Personas, overrides: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        note_of(personas.mentor, personas.participant, now=LATE_EVENING, **overrides)
    assert list(exc.value.field_errors) == [field]
    assert not ContactNote.objects.exists()


def test_the_limits_themselves_are_accepted(personas: Personas) -> None:
    day = dt.date(2030, 3, 10)
    oldest = note_of(personas.mentor, personas.participant, now=LATE_EVENING, occurred_on=day - dt.timedelta(days=90))
    longest = note_of(personas.mentor, personas.participant, now=LATE_EVENING, duration_minutes=600, follow_up_on=day)
    shortest = note_of(personas.mentor, personas.participant, now=LATE_EVENING, duration_minutes=1)
    assert oldest.pk and longest.follow_up_on == day and shortest.duration_minutes == 1


def test_markup_is_stored_as_plain_text(personas: Personas) -> None:
    text = '<script>alert("hi")</script> & <b>bold</b>'
    note = note_of(personas.mentor, personas.participant, summary=text, agreed=text)
    note.refresh_from_db()
    assert note.summary == text and note.agreed == text


def test_a_double_submit_with_the_same_client_id_makes_one_note(personas: Personas) -> None:
    client_id = uuid.uuid4()
    first, created = contact_note_create(
        mentor=personas.mentor, participant=personas.participant, data=note_input(personas.mentor), client_id=client_id
    )
    again, created_again = contact_note_create(
        mentor=personas.mentor,
        participant=personas.participant,
        data=note_input(personas.mentor, summary="changed on the retry"),
        client_id=client_id,
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.summary == first.summary
    assert ContactNote.objects.count() == 1


def test_text_is_encrypted_at_rest(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant, summary="spoke about her sister", agreed="call Friday")
    contact_addendum_add(author=personas.mentor, note=note, text="she called back")
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary, agreed FROM contacts_contactnote")
        summary, agreed = cursor.fetchone()
        cursor.execute("SELECT text FROM contacts_contactaddendum")
        (addendum,) = cursor.fetchone()
    for stored, plain in [(summary, "sister"), (agreed, "Friday"), (addendum, "called back")]:
        assert stored.startswith("enc1:") and plain not in stored


def test_only_the_matched_mentor_may_write(personas: Personas) -> None:
    for viewer, refusal in [
        (personas.supervisor, NotAllowed),
        (personas.admin, NotFound),  # they do not read the notes either
        (personas.participant, NotFound),
        (personas.mentor2, NotFound),
        (personas.supervisor2, NotFound),
        (personas.outsider, NotFound),
    ]:
        with pytest.raises(refusal):
            contact_note_create(mentor=viewer, participant=personas.participant, data=note_input(viewer))
    assert not ContactNote.objects.exists()


def test_ending_the_match_ends_the_right_to_write(personas: Personas) -> None:
    personas.match.status = MatchStatus.ENDED
    personas.match.save()
    with pytest.raises(NotFound):
        note_of(personas.mentor, personas.participant)


def test_the_author_may_change_a_note_within_24_hours(personas: Personas) -> None:
    written = LATE_EVENING
    note = note_of(personas.mentor, personas.participant, now=written)
    changed = contact_note_update(
        mentor=personas.mentor,
        note=note,
        data=note_input(personas.mentor, written, duration_minutes=45, summary="corrected"),
        now=written + dt.timedelta(hours=23, minutes=59),
    )
    changed.refresh_from_db()
    assert (changed.duration_minutes, changed.summary) == (45, "corrected")
    entry = AuditEntry.objects.get(action="contact.updated")
    assert entry.extra["fields"] == ["duration_minutes", "summary"]


def test_after_24_hours_the_note_stands_and_only_addenda_are_added(personas: Personas) -> None:
    written = LATE_EVENING
    note = note_of(personas.mentor, personas.participant, now=written)
    with pytest.raises(Conflict) as exc:
        contact_note_update(
            mentor=personas.mentor,
            note=note,
            data=note_input(personas.mentor, written, summary="too late"),
            now=written + dt.timedelta(hours=24),
        )
    assert "Add an addendum" in exc.value.message
    note.refresh_from_db()
    assert note.summary != "too late"
    addendum, created = contact_addendum_add(author=personas.mentor, note=note, text="later: she found housing")
    assert created and addendum.note == note
    assert AuditEntry.objects.filter(action="contact.addendum_added", subject=personas.participant).exists()


def test_nobody_but_the_author_changes_a_note(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    with pytest.raises(NotAllowed):
        contact_note_update(mentor=personas.supervisor, note=note, data=note_input(personas.supervisor))
    # After a reassignment the new mentor reads and adds to the history, but does not rewrite it.
    personas.match.status = MatchStatus.ENDED
    personas.match.save()
    personas.match.__class__.objects.create(
        organization=personas.org, mentor=personas.mentor2, participant=personas.participant
    )
    with pytest.raises(NotAllowed) as exc:
        contact_note_update(mentor=personas.mentor2, note=note, data=note_input(personas.mentor2))
    assert "Only the mentor who wrote" in exc.value.message
    contact_addendum_add(author=personas.mentor2, note=note, text="picked up from Maria")


def test_an_addendum_needs_text_and_a_double_submit_adds_one(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    with pytest.raises(InvalidInput):
        contact_addendum_add(author=personas.mentor, note=note, text="  ")
    with pytest.raises(InvalidInput):
        contact_addendum_add(author=personas.mentor, note=note, text="z" * 4001)
    with pytest.raises(NotAllowed):
        contact_addendum_add(author=personas.supervisor, note=note, text="not mine to add")
    key = uuid.uuid4()
    contact_addendum_add(author=personas.mentor, note=note, text="once", client_id=key)
    contact_addendum_add(author=personas.mentor, note=note, text="once", client_id=key)
    assert ContactAddendum.objects.count() == 1
