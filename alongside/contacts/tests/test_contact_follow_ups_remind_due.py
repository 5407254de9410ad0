from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from alongside.conftest import Personas
from alongside.contacts.models import ContactNote
from alongside.contacts.services import contact_follow_ups_remind_due, contact_note_update
from alongside.contacts.tests.factories import note_input, note_of
from alongside.notifications.models import Notification, OutboxMessage
from alongside.organizations.models import Match, MatchStatus, Membership

CHICAGO = ZoneInfo("America/Chicago")  # the mentor's program zone
WRITTEN = dt.datetime(2030, 3, 5, 10, 0, tzinfo=CHICAGO)
FOLLOW_UP = dt.date(2030, 3, 12)


def at(day: dt.date, hour: int, minute: int = 0, zone: ZoneInfo = CHICAGO) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def reminders_for(mentor: Membership) -> list[Notification]:
    return list(Notification.objects.filter(recipient=mentor.user, kind="contact.follow_up_due"))


def planned(personas: Personas, follow_up_on: dt.date = FOLLOW_UP, **overrides: object) -> ContactNote:
    return note_of(
        personas.mentor,
        personas.participant,
        now=WRITTEN,
        occurred_on=WRITTEN.date(),
        follow_up_on=follow_up_on,
        summary="She is worried about the court date",
        **overrides,
    )


def test_it_reminds_the_mentor_once_on_the_morning_of_the_follow_up_in_their_zone(personas: Personas) -> None:
    note = planned(personas)
    # 23:30 UTC on the 11th is still the evening before in Chicago, and 07:59 is too early.
    assert contact_follow_ups_remind_due(now=dt.datetime(2030, 3, 12, 4, 30, tzinfo=dt.UTC)) == 0
    assert contact_follow_ups_remind_due(now=at(FOLLOW_UP, 7, 59)) == 0
    assert contact_follow_ups_remind_due(now=at(FOLLOW_UP, 8, 0)) == 1
    assert contact_follow_ups_remind_due(now=at(FOLLOW_UP, 8, 5)) == 0
    assert contact_follow_ups_remind_due(now=at(FOLLOW_UP, 19, 0)) == 0
    (reminder,) = reminders_for(personas.mentor)
    assert reminder.title == "Time to follow up with Pat Participant"
    assert reminder.link == f"/contacts/{note.pk}/"
    # Never the note's text, in the app or in the email.
    email = OutboxMessage.objects.get(notification=reminder)
    assert "court" not in reminder.body and "court" not in email.body and "court" not in email.subject
    note.refresh_from_db()
    assert note.follow_up_reminded_for == FOLLOW_UP


def test_today_stands_for_every_mentors_local_date(personas: Personas) -> None:
    planned(personas)
    assert contact_follow_ups_remind_due(today=FOLLOW_UP - dt.timedelta(days=1)) == 0
    assert contact_follow_ups_remind_due(today=FOLLOW_UP) == 1
    assert contact_follow_ups_remind_due(today=FOLLOW_UP) == 0
    assert len(reminders_for(personas.mentor)) == 1


def test_a_mentor_in_another_zone_is_reminded_on_their_own_morning(personas: Personas) -> None:
    personas.mentor.user.time_zone = "Asia/Tokyo"
    personas.mentor.user.save()
    tokyo = ZoneInfo("Asia/Tokyo")
    note_of(
        personas.mentor,
        personas.participant,
        now=at(dt.date(2030, 3, 5), 10, zone=tokyo),
        occurred_on=dt.date(2030, 3, 5),
        follow_up_on=FOLLOW_UP,
    )
    # 08:30 on the 12th in Tokyo is still the 11th in Chicago and in UTC.
    assert contact_follow_ups_remind_due(now=at(FOLLOW_UP, 8, 30, zone=tokyo)) == 1


def test_a_missed_sweep_still_reminds_within_the_grace_days(personas: Personas) -> None:
    planned(personas)
    assert contact_follow_ups_remind_due(now=at(FOLLOW_UP + dt.timedelta(days=3), 2)) == 1


def test_long_past_follow_ups_and_those_written_after_the_date_are_not_reminded(personas: Personas) -> None:
    planned(personas)
    assert contact_follow_ups_remind_due(now=at(FOLLOW_UP + dt.timedelta(days=8), 9)) == 0
    note_of(
        personas.mentor,
        personas.participant2,
        now=at(dt.date(2030, 3, 20), 9),
        occurred_on=dt.date(2030, 3, 10),
        follow_up_on=dt.date(2030, 3, 15),
    )
    assert contact_follow_ups_remind_due(now=at(dt.date(2030, 3, 20), 10)) == 0
    assert reminders_for(personas.mentor) == []


def test_no_reminder_when_the_match_ended_or_a_contact_already_happened(personas: Personas) -> None:
    planned(personas)
    note_of(personas.mentor, personas.participant2, now=WRITTEN, occurred_on=WRITTEN.date(), follow_up_on=FOLLOW_UP)
    Match.objects.filter(pk=personas.match.pk).update(status=MatchStatus.ENDED)
    # Paz was contacted again on the day, before the reminder hour.
    note_of(personas.mentor, personas.participant2, now=at(FOLLOW_UP, 7), occurred_on=FOLLOW_UP)
    assert contact_follow_ups_remind_due(now=at(FOLLOW_UP, 9)) == 0


def test_a_new_follow_up_date_is_reminded_again(personas: Personas) -> None:
    note = planned(personas, follow_up_on=dt.date(2030, 3, 6))
    assert contact_follow_ups_remind_due(now=at(dt.date(2030, 3, 6), 8, 30)) == 1
    contact_note_update(
        mentor=personas.mentor,
        note=note,
        data=note_input(personas.mentor, WRITTEN, occurred_on=WRITTEN.date(), follow_up_on=dt.date(2030, 3, 7)),
        now=at(dt.date(2030, 3, 6), 9),
    )
    assert contact_follow_ups_remind_due(now=at(dt.date(2030, 3, 7), 8, 30)) == 1
    assert sorted(n.dedupe_key for n in reminders_for(personas.mentor)) == [
        f"contact-follow-up-{note.pk}-2030-03-06",
        f"contact-follow-up-{note.pk}-2030-03-07",
    ]


def test_an_inactive_mentor_is_not_reminded(personas: Personas) -> None:
    planned(personas)
    Membership.objects.filter(pk=personas.mentor.pk).update(is_active=False)
    assert contact_follow_ups_remind_due(today=FOLLOW_UP) == 0
