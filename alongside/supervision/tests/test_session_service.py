from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotAllowed
from alongside.notifications.models import Notification
from alongside.supervision.models import SessionAttendance, SupervisionSession
from alongside.supervision.services import supervision_session_record
from alongside.supervision.tests.factories import NOTES, record_session

TODAY = dt.date(2026, 3, 10)


def test_it_records_an_individual_session_and_tells_the_mentor(personas: Personas) -> None:
    session = record_session(personas, occurred_on=TODAY, today=TODAY, topics=["self_care", "ethics_boundaries"])
    assert (session.kind, session.duration_minutes, session.notes) == ("individual", 60, NOTES)
    # Topics are kept in their usual order, whatever order they were ticked in.
    assert session.topics == ["ethics_boundaries", "self_care"]
    assert list(session.mentors.all()) == [personas.mentor]
    assert AuditEntry.objects.filter(action="supervision_session.recorded", target_id=str(session.pk)).count() == 1
    told = Notification.objects.get(recipient=personas.mentor.user, kind="supervision.session_recorded")
    assert NOTES not in told.title + told.body  # the notes are read in the app, not in a notification


def test_the_same_client_id_twice_records_one_session(personas: Personas) -> None:
    key = uuid.uuid4()
    first = record_session(personas, client_id=key)
    again = record_session(personas, client_id=key)
    assert first.pk == again.pk
    assert SupervisionSession.objects.count() == 1 and SessionAttendance.objects.count() == 1


def test_a_group_session_counts_for_each_mentor_in_it(personas: Personas) -> None:
    from alongside.conftest import make_member
    from alongside.organizations.models import Role

    third = make_member(
        personas.org, "m3@example.test", "Mo Mentor", Role.MENTOR, personas.program, supervisor=personas.supervisor
    )
    session = record_session(personas, kind="group", mentor_ids=[personas.mentor.pk, third.pk])
    assert set(session.mentors.all()) == {personas.mentor, third}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "one-to-one"}, "kind"),
        ({"mentor_ids": []}, "mentors"),
        ({"kind": "individual", "mentor_ids": "both"}, "mentors"),
        ({"occurred_on": TODAY + dt.timedelta(days=1)}, "occurred_on"),
        ({"occurred_on": TODAY - dt.timedelta(days=400)}, "occurred_on"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 481}, "duration_minutes"),
        ({"topics": []}, "topics"),
        ({"topics": ["gossip"]}, "topics"),
        ({"notes": "   "}, "notes"),
        ({"notes": "n" * 10_001}, "notes"),
        ({"follow_ups": "f" * 5_001}, "follow_ups"),
        ({"follow_up_on": TODAY - dt.timedelta(days=1)}, "follow_up_on"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(personas: Personas, overrides: dict, field: str) -> None:
    if overrides.get("mentor_ids") == "both":
        from alongside.conftest import make_member
        from alongside.organizations.models import Role

        third = make_member(
            personas.org, "m3@example.test", "Mo", Role.MENTOR, personas.program, supervisor=personas.supervisor
        )
        overrides["mentor_ids"] = [personas.mentor.pk, third.pk]
    with pytest.raises(InvalidInput) as exc:
        record_session(personas, **{"occurred_on": TODAY, "today": TODAY, **overrides})
    assert field in exc.value.field_errors
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("who", ["mentor2", "outsider", "participant", "supervisor"])
def test_only_mentors_this_supervisor_supports_can_be_in_the_session(personas: Personas, who: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        record_session(personas, mentor_ids=[getattr(personas, who).pk])
    assert exc.value.field_errors["mentors"] == ["Choose only active mentors you supervise."]


def test_an_inactive_mentor_cannot_be_added(personas: Personas) -> None:
    personas.mentor.is_active = False
    personas.mentor.save()
    with pytest.raises(InvalidInput):
        record_session(personas)


@pytest.mark.parametrize("who", ["mentor", "admin", "participant"])
def test_only_supervisors_record_sessions(personas: Personas, who: str) -> None:
    with pytest.raises(NotAllowed):
        record_session(personas, supervisor=getattr(personas, who))
    assert not SupervisionSession.objects.exists()


def test_notes_and_follow_ups_are_encrypted_at_rest(personas: Personas) -> None:
    record_session(personas)
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes, follow_ups FROM supervision_supervisionsession")
        notes, follow_ups = cursor.fetchone()
    assert notes.startswith("enc1:") and "evening texts" not in notes
    assert follow_ups.startswith("enc1:") and "auto-reply" not in follow_ups


def test_the_supervisor_of_another_team_cannot_record_for_this_mentor(personas: Personas) -> None:
    with pytest.raises(InvalidInput):
        supervision_session_record(
            supervisor=personas.supervisor2,
            kind="individual",
            mentor_ids=[personas.mentor.pk],
            occurred_on=TODAY,
            duration_minutes=30,
            topics=["self_care"],
            notes="x",
            today=TODAY,
        )
