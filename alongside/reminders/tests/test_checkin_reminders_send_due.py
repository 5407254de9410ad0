from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.checkins.models import CheckIn
from alongside.conftest import Personas, make_member
from alongside.notifications.models import Notification, OutboxMessage
from alongside.organizations.models import Membership, Role
from alongside.reminders.models import CheckinReminder
from alongside.reminders.services import checkin_reminders_send_due


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def remind(participant: Membership, at: str, zone: str, *, in_app: bool = True, email: bool = False) -> CheckinReminder:
    participant.user.time_zone = zone
    participant.user.save()
    return CheckinReminder.objects.create(
        organization=participant.organization,
        participant=participant,
        local_time=dt.time.fromisoformat(at),
        in_app=in_app,
        email=email,
    )


def check_in(participant: Membership, day: dt.date) -> None:
    CheckIn.objects.create(
        organization=participant.organization, participant=participant, local_date=day, mood=3, craving=2
    )


def reminded(participant: Membership) -> list[str]:
    return list(
        Notification.objects.filter(recipient=participant.user, kind="checkin.reminder").values_list(
            "dedupe_key", flat=True
        )
    )


@pytest.fixture
def la_and_madrid(personas: Personas) -> tuple[Membership, Membership]:
    remind(personas.participant, "08:30", "America/Los_Angeles")
    remind(personas.participant2, "18:00", "Europe/Madrid")
    return personas.participant, personas.participant2


def test_it_reminds_each_participant_when_their_own_local_time_has_passed(la_and_madrid) -> None:  # type: ignore[no-untyped-def]
    la, madrid = la_and_madrid
    # 16:00 UTC on 10 March 2026: 09:00 in Los Angeles (PDT), 17:00 in Madrid (CET).
    assert checkin_reminders_send_due(now=utc(2026, 3, 10, 16, 0)) == 1
    assert reminded(la) == ["checkin-reminder-2026-03-10"] and reminded(madrid) == []
    # 17:30 UTC: 18:30 in Madrid.
    assert checkin_reminders_send_due(now=utc(2026, 3, 10, 17, 30)) == 1
    assert reminded(madrid) == ["checkin-reminder-2026-03-10"]
    notification = Notification.objects.get(recipient=la.user)
    assert notification.link == "/checkin/" and notification.read_at is None


def test_it_never_reminds_twice_on_the_same_local_day(la_and_madrid) -> None:  # type: ignore[no-untyped-def]
    la, _madrid = la_and_madrid
    for minute in (0, 1, 30):
        checkin_reminders_send_due(now=utc(2026, 3, 10, 16, minute))
    checkin_reminders_send_due(now=utc(2026, 3, 11, 6, 59))  # 23:59 on the 10th in Los Angeles
    assert reminded(la) == ["checkin-reminder-2026-03-10"]
    assert CheckinReminder.objects.get(participant=la).last_sent_on == dt.date(2026, 3, 10)


def test_it_reminds_again_the_next_local_day(la_and_madrid) -> None:  # type: ignore[no-untyped-def]
    la, _madrid = la_and_madrid
    checkin_reminders_send_due(now=utc(2026, 3, 10, 16, 0))
    # 07:00 UTC on the 11th is midnight in Los Angeles: before 08:30, nothing yet.
    assert checkin_reminders_send_due(now=utc(2026, 3, 11, 7, 0)) == 0  # and 08:00 in Madrid: before 18:00
    assert reminded(la) == ["checkin-reminder-2026-03-10"]
    checkin_reminders_send_due(now=utc(2026, 3, 11, 15, 31))
    assert sorted(reminded(la)) == ["checkin-reminder-2026-03-10", "checkin-reminder-2026-03-11"]


def test_it_is_not_sent_once_the_days_checkin_is_done(la_and_madrid) -> None:  # type: ignore[no-untyped-def]
    la, madrid = la_and_madrid
    check_in(la, dt.date(2026, 3, 10))
    check_in(madrid, dt.date(2026, 3, 9))  # yesterday's check-in does not count for today
    assert checkin_reminders_send_due(now=utc(2026, 3, 10, 18, 0)) == 1
    assert reminded(la) == [] and reminded(madrid) == ["checkin-reminder-2026-03-10"]


def test_a_checkin_on_the_participants_local_day_counts_even_when_utc_has_moved_on(personas: Personas) -> None:
    remind(personas.participant, "21:00", "America/Los_Angeles")
    check_in(personas.participant, dt.date(2026, 3, 10))
    # 05:00 UTC on the 11th is still 22:00 on the 10th in Los Angeles.
    assert checkin_reminders_send_due(now=utc(2026, 3, 11, 5, 0)) == 0


def test_a_time_skipped_by_the_spring_change_is_sent_just_after(personas: Personas) -> None:
    remind(personas.participant, "02:30", "America/Los_Angeles")
    # 8 March 2026: clocks in Los Angeles jump from 02:00 PST to 03:00 PDT (10:00 UTC).
    assert checkin_reminders_send_due(now=utc(2026, 3, 8, 9, 59)) == 0  # 01:59 PST
    assert checkin_reminders_send_due(now=utc(2026, 3, 8, 10, 0)) == 1  # 03:00 PDT
    assert checkin_reminders_send_due(now=utc(2026, 3, 8, 11, 0)) == 0


def test_a_time_repeated_by_the_autumn_change_is_sent_once(personas: Personas) -> None:
    remind(personas.participant, "01:30", "America/Los_Angeles")
    # 1 November 2026: 01:00–02:00 happens twice in Los Angeles (PDT, then PST).
    assert checkin_reminders_send_due(now=utc(2026, 11, 1, 8, 30)) == 1  # 01:30 PDT
    assert checkin_reminders_send_due(now=utc(2026, 11, 1, 9, 30)) == 0  # 01:30 PST
    assert reminded(personas.participant) == ["checkin-reminder-2026-11-01"]


def test_madrids_spring_change_is_handled_too(personas: Personas) -> None:
    remind(personas.participant2, "02:15", "Europe/Madrid")
    # 29 March 2026: Madrid jumps from 02:00 CET to 03:00 CEST at 01:00 UTC.
    assert checkin_reminders_send_due(now=utc(2026, 3, 29, 0, 59)) == 0
    assert checkin_reminders_send_due(now=utc(2026, 3, 29, 1, 0)) == 1


def test_email_goes_only_to_those_who_chose_it(personas: Personas) -> None:
    remind(personas.participant, "08:00", "Europe/London", email=True)
    remind(personas.participant2, "08:00", "Europe/London", email=False)
    assert checkin_reminders_send_due(now=utc(2026, 5, 4, 9, 0)) == 2
    assert list(OutboxMessage.objects.values_list("to_address", flat=True)) == [personas.participant.user.email]


def test_email_only_leaves_no_unread_notification_waiting(personas: Personas) -> None:
    remind(personas.participant, "08:00", "Europe/London", in_app=False, email=True)
    checkin_reminders_send_due(now=utc(2026, 5, 4, 9, 0))
    assert OutboxMessage.objects.count() == 1
    assert Notification.objects.get().read_at is not None


def test_the_reminder_email_reaches_a_real_smtp_server(personas: Personas, smtp_server) -> None:  # type: ignore[no-untyped-def]
    from alongside.notifications.services import outbox_deliver_due

    remind(personas.participant, "08:00", "Europe/London", email=True)
    checkin_reminders_send_due(now=utc(2026, 5, 4, 9, 0))
    assert outbox_deliver_due()["sent"] == 1
    assert "under a minute" in smtp_server.bodies(personas.participant.user.email)[0]


def test_the_reminder_speaks_the_participants_language(personas: Personas) -> None:
    from django.utils import translation

    personas.participant.user.language = "es"
    personas.participant.user.save()
    remind(personas.participant, "08:00", "Europe/London")
    checkin_reminders_send_due(now=utc(2026, 5, 4, 9, 0))
    with translation.override("es"):
        from django.utils.translation import gettext

        expected = gettext("Time for your daily check-in")
    assert Notification.objects.get().title == expected


def test_off_inactive_and_staff_reminders_are_not_sent(personas: Personas) -> None:
    off = remind(personas.participant, "08:00", "Europe/London")
    off.local_time = None
    off.save()
    remind(personas.participant2, "08:00", "Europe/London")
    personas.participant2.is_active = False
    personas.participant2.save()
    remind(personas.mentor, "08:00", "Europe/London")
    assert checkin_reminders_send_due(now=utc(2026, 5, 4, 9, 0)) == 0
    assert not Notification.objects.exists()


def test_a_participant_reminded_by_another_worker_already_is_skipped(personas: Personas) -> None:
    reminder = remind(personas.participant, "08:00", "Europe/London")
    CheckinReminder.objects.filter(pk=reminder.pk).update(last_sent_on=dt.date(2026, 5, 4))
    assert checkin_reminders_send_due(now=utc(2026, 5, 4, 9, 0)) == 0


def _participants(personas: Personas, count: int, start: int) -> list[Membership]:
    members = []
    for i in range(start, start + count):
        zone = ["America/Los_Angeles", "Europe/Madrid", "Asia/Tokyo", "Europe/London"][i % 4]
        member = make_member(personas.org, f"p{i}@example.test", f"P {i}", Role.PARTICIPANT, personas.program)
        remind(member, "00:00", zone)
        members.append(member)
    return members


def test_the_sweep_reads_with_a_fixed_number_of_queries_however_many_participants(personas: Personas) -> None:
    now = utc(2026, 5, 4, 12, 0)

    def reads_for(members: list[Membership]) -> int:
        from alongside.core.localtime import local_today

        for member in members:
            check_in(member, local_today(member, now))  # all checked in: nothing to send, only reads
        with CaptureQueriesContext(connection) as queries:
            assert checkin_reminders_send_due(now=now) == 0
        return len(queries.captured_queries)

    few = reads_for(_participants(personas, 2, 0))
    many = reads_for(_participants(personas, 30, 100))
    assert few == many <= 2


def test_sending_costs_a_fixed_number_of_queries_per_participant(personas: Personas) -> None:
    now = utc(2026, 5, 4, 12, 0)
    members = _participants(personas, 12, 0)
    with CaptureQueriesContext(connection) as queries:
        assert checkin_reminders_send_due(now=now) == len(members)
    assert len(queries.captured_queries) <= 2 + 8 * len(members)
