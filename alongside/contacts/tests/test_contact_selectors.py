from __future__ import annotations

import datetime as dt

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.contacts.selectors import (
    contact_history,
    contact_note_for_viewer,
    last_contact_dates,
    overdue_follow_ups,
    service_hours_for_mentor,
    service_hours_for_viewer,
)
from alongside.contacts.tests.factories import note_of
from alongside.core.exceptions import NotAllowed, NotFound
from alongside.organizations.models import Match, MatchStatus

# Wednesday 13 March 2030, mid-morning in Chicago.
NOW = dt.datetime(2030, 3, 13, 15, 0, tzinfo=dt.UTC)
TODAY = dt.date(2030, 3, 13)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def test_the_history_is_newest_first_with_the_total_time_and_is_audited(personas: Personas) -> None:
    note_of(personas.mentor, personas.participant, now=NOW, occurred_on=days_ago(3), duration_minutes=20)
    note_of(personas.mentor, personas.participant, now=NOW, occurred_on=days_ago(1), duration_minutes=45)
    note_of(personas.mentor, personas.participant2, now=NOW, duration_minutes=15)
    history = contact_history(viewer=personas.supervisor, participant=personas.participant)
    assert [n.occurred_on for n in history.notes] == [days_ago(1), days_ago(3)]
    assert history.total_minutes == 65
    entry = AuditEntry.objects.get(action="contact.viewed")
    assert (entry.actor, entry.subject) == (personas.supervisor.user, personas.participant)


def test_reading_a_note_is_audited_and_refused_to_everyone_else(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    assert contact_note_for_viewer(viewer=personas.mentor, note_id=note.pk) == note
    assert AuditEntry.objects.filter(action="contact.viewed", subject=personas.participant).count() == 1
    # Not even the participant it is about, nor an admin, is told that the note exists.
    for viewer in [personas.participant, personas.admin, personas.mentor2, personas.supervisor2, personas.outsider]:
        with pytest.raises(NotFound):
            contact_note_for_viewer(viewer=viewer, note_id=note.pk)
    with pytest.raises(NotFound):
        contact_note_for_viewer(viewer=personas.mentor, note_id=note.pk + 1000)


def test_last_contact_dates_in_one_query(personas: Personas, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    note_of(personas.mentor, personas.participant, now=NOW, occurred_on=days_ago(5))
    note_of(personas.mentor, personas.participant, now=NOW, occurred_on=days_ago(2))
    ids = [personas.participant.pk, personas.participant2.pk]
    with django_assert_num_queries(1):
        dates = last_contact_dates(participant_ids=ids)
    assert dates == {personas.participant.pk: days_ago(2)}


def test_overdue_follow_ups_in_one_query(personas: Personas, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    mentor, pat, paz = personas.mentor, personas.participant, personas.participant2
    note_of(mentor, pat, now=NOW, occurred_on=days_ago(12), follow_up_on=days_ago(4))  # overdue
    note_of(mentor, pat, now=NOW, occurred_on=days_ago(11), follow_up_on=days_ago(3))  # overdue
    note_of(mentor, pat, now=NOW, occurred_on=days_ago(10), follow_up_on=TODAY)  # due today, not overdue
    note_of(mentor, paz, now=NOW, occurred_on=days_ago(10), follow_up_on=days_ago(6))  # done: contact since
    note_of(mentor, paz, now=NOW, occurred_on=days_ago(5))
    with django_assert_num_queries(1):
        overdue = overdue_follow_ups(mentor_ids=[mentor.pk], today=TODAY)
    assert overdue == {pat.pk: 2}
    # A contact on the follow-up day settles the earlier ones up to it.
    note_of(mentor, pat, now=NOW, occurred_on=days_ago(4))
    assert overdue_follow_ups(mentor_ids=[mentor.pk], today=TODAY) == {pat.pk: 1}
    # Once the match ends, the old mentor has nothing overdue with them.
    Match.objects.filter(pk=personas.match.pk).update(status=MatchStatus.ENDED)
    assert overdue_follow_ups(mentor_ids=[mentor.pk], today=TODAY) == {}
    assert overdue_follow_ups(mentor_ids=[personas.mentor2.pk], today=TODAY) == {}


def test_service_hours_by_period_and_mode(personas: Personas) -> None:
    mentor = personas.mentor
    note_of(mentor, personas.participant, now=NOW, occurred_on=TODAY, duration_minutes=30, mode="phone")
    note_of(mentor, personas.participant, now=NOW, occurred_on=days_ago(2), duration_minutes=60, mode="in_person")
    note_of(mentor, personas.participant, now=NOW, occurred_on=days_ago(5), duration_minutes=20, mode="phone")
    note_of(mentor, personas.participant2, now=NOW, occurred_on=days_ago(20), duration_minutes=90, mode="group")
    note_of(mentor, personas.participant2, now=NOW, occurred_on=days_ago(90), duration_minutes=10, mode="text")
    report = service_hours_for_mentor(viewer=mentor, mentor=mentor, today=TODAY)
    (hours,) = report.mentors
    assert (report.week_start, report.month_start, report.since) == (
        dt.date(2030, 3, 11),
        dt.date(2030, 3, 1),
        days_ago(90),
    )
    # This week: since Monday 11 March; this month: since 1 March; 90 days: everything here.
    assert (hours.total.week, hours.total.month, hours.total.last_90_days) == (90, 110, 210)
    by_mode = {m.mode: m.minutes for m in hours.by_mode}
    assert (by_mode["phone"].week, by_mode["phone"].month) == (30, 50)
    assert by_mode["group"].month == 0 and by_mode["group"].last_90_days == 90
    assert by_mode["video"].last_90_days == 0
    assert hours.contacts_90_days == 5


def test_service_hours_follow_the_policy(personas: Personas, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    note_of(personas.mentor, personas.participant, now=NOW, occurred_on=TODAY, duration_minutes=30)
    assert [r.mentor for r in service_hours_for_viewer(viewer=personas.mentor, today=TODAY).mentors] == [
        personas.mentor
    ]
    assert [r.mentor for r in service_hours_for_viewer(viewer=personas.supervisor, today=TODAY).mentors] == [
        personas.mentor
    ]
    assert [r.mentor for r in service_hours_for_viewer(viewer=personas.supervisor2, today=TODAY).mentors] == [
        personas.mentor2
    ]
    with pytest.raises(NotAllowed):
        service_hours_for_viewer(viewer=personas.participant)
    for viewer in [personas.mentor2, personas.supervisor2, personas.participant, personas.outsider]:
        with pytest.raises(NotFound):
            service_hours_for_mentor(viewer=viewer, mentor=personas.mentor)
    assert service_hours_for_mentor(viewer=personas.admin, mentor=personas.mentor).mentors[0].total.week >= 0


def test_the_participant_sees_in_their_access_log_who_read_their_notes(personas: Personas) -> None:
    from alongside.accounts.selectors import views_of_my_information

    note = note_of(personas.mentor, personas.participant)
    contact_note_for_viewer(viewer=personas.supervisor, note_id=note.pk)
    seen = {(e.action, e.actor_label) for e in views_of_my_information(viewer=personas.participant)}
    assert ("contact.created", "Maria Mentor (Peer mentor)") in seen
    assert ("contact.viewed", "Sam Supervisor (Supervisor)") in seen
