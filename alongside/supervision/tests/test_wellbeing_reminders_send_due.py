from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.conftest import Personas, make_member
from alongside.notifications.models import Notification
from alongside.organizations.models import Membership, Role
from alongside.supervision.models import MentorSupport
from alongside.supervision.services import wellbeing_interval_set, wellbeing_reminders_send_due
from alongside.supervision.tests.factories import answer

JOINED = dt.datetime(2026, 1, 5, 15, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 3, 10)


@pytest.fixture
def mentors(personas: Personas) -> Personas:
    Membership.objects.filter(role=Role.MENTOR).update(created_at=JOINED)
    for m in (personas.mentor, personas.mentor2, personas.outsider):
        m.refresh_from_db()
    return personas


def reminders(member: Membership) -> list[str]:
    return list(
        Notification.objects.filter(recipient=member.user, kind="wellbeing.due")
        .order_by("pk")
        .values_list("dedupe_key", flat=True)
    )


def test_a_mentor_who_never_answered_is_reminded_once(mentors: Personas) -> None:
    assert wellbeing_reminders_send_due(today=DAY) == 3  # mentor, mentor2 and the outsider (own org)
    assert wellbeing_reminders_send_due(today=DAY) == 0
    assert wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=5)) == 0
    assert reminders(mentors.mentor) == [f"wellbeing-due-{mentors.mentor.pk}-2026-01-05"]
    notification = Notification.objects.filter(kind="wellbeing.due").first()
    assert notification is not None and notification.link == "/supervision/wellbeing/"


def test_it_reminds_again_when_the_next_period_comes_due(mentors: Personas) -> None:
    answer(mentors.mentor, 1, 1, 1, 3, on=DAY)
    answer(mentors.mentor2, 1, 1, 1, 3, on=DAY)
    answer(mentors.outsider, 1, 1, 1, 3, on=DAY)
    assert wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=13)) == 0
    assert wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=14)) == 3
    assert wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=20)) == 0
    assert reminders(mentors.mentor) == [f"wellbeing-due-{mentors.mentor.pk}-2026-03-24"]
    # Answering starts a new period: due again 14 days after.
    answer(mentors.mentor, 1, 1, 1, 3, on=DAY + dt.timedelta(days=21))
    assert wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=34)) == 0
    assert wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=35)) == 1
    assert len(reminders(mentors.mentor)) == 2


def test_the_interval_is_per_mentor(mentors: Personas) -> None:
    for m in (mentors.mentor, mentors.mentor2, mentors.outsider):
        answer(m, 1, 1, 1, 3, on=DAY)
    wellbeing_interval_set(viewer=mentors.supervisor, mentor=mentors.mentor, days=7)
    assert wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=7)) == 1
    assert reminders(mentors.mentor) and not reminders(mentors.mentor2)


def test_a_shortened_interval_does_not_repeat_a_reminder_already_sent(mentors: Personas) -> None:
    answer(mentors.mentor, 1, 1, 1, 3, on=DAY)
    wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=14))
    wellbeing_interval_set(viewer=mentors.supervisor, mentor=mentors.mentor, days=7)
    assert wellbeing_reminders_send_due(today=DAY + dt.timedelta(days=15)) == 0
    assert len(reminders(mentors.mentor)) == 1


def test_inactive_mentors_are_not_reminded(mentors: Personas) -> None:
    Membership.objects.filter(pk__in=[mentors.mentor2.pk, mentors.outsider.pk]).update(is_active=False)
    assert wellbeing_reminders_send_due(today=DAY) == 1
    assert reminders(mentors.mentor2) == []


def test_without_an_injected_day_each_mentor_uses_their_own_local_day(mentors: Personas) -> None:
    # They joined long ago: whatever the real date now, a check is due.
    Membership.objects.filter(role=Role.MENTOR).update(created_at=dt.datetime(2001, 1, 1, tzinfo=dt.UTC))
    assert wellbeing_reminders_send_due() == 3


def test_a_claimed_period_is_not_sent_by_a_second_worker(mentors: Personas) -> None:
    MentorSupport.objects.create(
        organization=mentors.org, mentor=mentors.mentor, wellbeing_reminded_for=dt.date(2026, 1, 5)
    )
    assert wellbeing_reminders_send_due(today=DAY) == 2
    assert reminders(mentors.mentor) == []


def test_reads_do_not_grow_with_the_number_of_mentors(mentors: Personas) -> None:
    for m in (mentors.mentor, mentors.mentor2, mentors.outsider):
        answer(m, 1, 1, 1, 3, on=DAY)
    with CaptureQueriesContext(connection) as few:
        assert wellbeing_reminders_send_due(today=DAY) == 0
    for n in range(10):
        extra = make_member(mentors.org, f"more{n}@example.test", f"M{n}", Role.MENTOR, mentors.program)
        answer(extra, 1, 1, 1, 3, on=DAY)
    with CaptureQueriesContext(connection) as many:
        assert wellbeing_reminders_send_due(today=DAY) == 0
    assert len(many) == len(few) == 2
