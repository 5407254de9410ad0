"""One participant for the people who support them: everything in one place, audited, bounded queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.alerts.services import alert_raise, alert_resolve
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.journal.models import JournalEntry
from alongside.recovery.models import RecoveryStart
from alongside.safety.models import SafetyPlan
from alongside.workspace.tests.conftest import checkin, contact, goal_with_overdue_step, recovery_start

AsPersona = Callable[[str], Client]


def _url(personas: Personas) -> str:
    return reverse("workspace:participant", args=[personas.participant.pk])


def _rich_record(personas: Personas) -> None:
    p = personas.participant
    for n in range(0, 20):
        checkin(p, n, mood=3 + n % 2, craving=n % 5, note=f"day note {n}")
    goal_with_overdue_step(p)
    recovery_start(p, 45)
    JournalEntry.objects.create(
        organization=personas.org, participant=p, text="Shared thought", shared_with_mentor=True
    )
    JournalEntry.objects.create(organization=personas.org, participant=p, text="Private thought")
    SafetyPlan.objects.create(organization=personas.org, participant=p, shared_with_mentor=True)
    contact(personas.mentor, p, 3, mode="in_person", topics=["coping"])
    alert_raise(participant=p, kind="outreach_requested", reason="Asked for outreach")
    done = alert_raise(participant=p, kind="crisis_button", reason="Pressed the crisis button")
    alert_resolve(viewer=personas.mentor, alert=done, note="Talked it through; safe now.")


def test_it_shows_the_mentor_everything_in_one_place(personas: Personas, as_persona: AsPersona) -> None:
    _rich_record(personas)
    response = as_persona("mentor").get(_url(personas))
    assert response.status_code == 200
    content = response.content.decode()
    p = personas.participant.pk
    for expected in (
        "Pat Participant",
        "1 open alert",  # the reasons from today
        "day note 0",  # recent check-ins
        "day note 13",
        "Find a meeting",  # goals with steps
        "Look up times",
        "Past its date",
        "Shared thought",  # shared journal
        "Shared with their mentor; last updated",  # safety plan
        "In person",  # contact history
        "Asked for outreach",  # open alert kind
        "Recently resolved",
        "45 days",  # timeline
    ):
        assert expected in content, expected
    assert "day note 14" not in content  # the last 14 days only
    assert "Private thought" not in content
    for name, args in (
        ("recovery:participant_timeline", [p]),
        ("checkins:participant_history", [p]),
        ("goals:participant_goals", [p]),
        ("journal:participant_shared", [p]),
        ("safety:participant_plan", [p]),
        ("contacts:list_for_participant", [p]),
        ("messaging:thread_for_participant", [p]),
        ("contacts:new", [p]),
    ):
        assert reverse(name, args=args) in content, name


def test_it_audits_each_sensitive_part_it_shows(personas: Personas, as_persona: AsPersona) -> None:
    _rich_record(personas)
    as_persona("mentor").get(_url(personas))
    actions = set(
        AuditEntry.objects.filter(actor=personas.mentor.user, subject=personas.participant).values_list(
            "action", flat=True
        )
    )
    assert {
        "timeline.viewed",
        "checkin.viewed",
        "goals.viewed",
        "journal.viewed",
        "safety_plan.viewed",
        "contact.viewed",
        "alert.listed",
    } <= actions


def test_the_supervisor_sees_it_without_the_mentors_buttons(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("supervisor").get(_url(personas))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("contacts:new", args=[personas.participant.pk]) not in content
    assert reverse("messaging:thread_for_participant", args=[personas.participant.pk]) not in content


def test_it_says_plainly_when_there_is_nothing_yet(personas: Personas, as_persona: AsPersona) -> None:
    content = as_persona("mentor").get(_url(personas)).content.decode()
    for empty in (
        "No check-ins in the last 14 days.",
        "No goals yet.",
        "Nothing shared yet.",
        "Not shared with their mentor.",
        "No contacts recorded yet.",
        "No open alerts.",
        "No start date recorded yet.",
    ):
        assert empty in content, empty


def test_it_runs_a_bounded_number_of_queries(personas: Personas, as_persona: AsPersona) -> None:
    mentor = as_persona("mentor")
    _rich_record(personas)
    mentor.get(_url(personas))
    with CaptureQueriesContext(connection) as some:
        mentor.get(_url(personas))
    # Much more of everything: the same queries.
    for _ in range(4):
        goal_with_overdue_step(personas.participant)
        JournalEntry.objects.create(
            organization=personas.org, participant=personas.participant, text="More", shared_with_mentor=True
        )
    for n in range(6, 12):
        contact(personas.mentor, personas.participant, n)
    second = RecoveryStart.objects.create(
        organization=personas.org, participant=personas.participant, pathway="secular", started_on=dt.date(2025, 1, 1)
    )
    second.setbacks.create(organization=personas.org, occurred_on=second.started_on + dt.timedelta(days=100))
    with CaptureQueriesContext(connection) as more:
        mentor.get(_url(personas))
    assert len(more.captured_queries) == len(some.captured_queries)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 200),
        ("supervisor", 200),
        ("mentor2", 404),
        ("supervisor2", 404),
        ("admin", 404),
        ("participant", 403),
        ("participant2", 404),
        ("outsider", 404),
    ],
)
def test_it_follows_the_access_matrix(personas: Personas, as_persona: AsPersona, persona: str, status: int) -> None:
    response = as_persona(persona).get(_url(personas))
    assert response.status_code == status
    assert (b"Recent check-ins" in response.content) is (status == 200)


def test_it_is_404_for_someone_who_does_not_exist(as_persona: AsPersona) -> None:
    assert as_persona("outsider").get(reverse("workspace:participant", args=[999999])).status_code == 404


def test_a_refusal_is_audited(personas: Personas, as_persona: AsPersona) -> None:
    as_persona("mentor2").get(_url(personas))
    assert AuditEntry.objects.filter(
        action="participant.view_as_carer.refused", actor=personas.mentor2.user, outcome="refused"
    ).exists()


def test_the_participant_record_links_here_for_those_who_support_them(
    personas: Personas, as_persona: AsPersona
) -> None:
    record = reverse("organizations:participant_detail", args=[personas.participant.pk])
    for persona in ("mentor", "supervisor"):
        assert _url(personas) in as_persona(persona).get(record).content.decode()
    assert _url(personas) not in as_persona("admin").get(record).content.decode()
