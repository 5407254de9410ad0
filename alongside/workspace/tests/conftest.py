"""Helpers for the workspace tests: check-ins, contacts, goals, timelines and alerts, written directly
(with each app's own models or services) so a test can set up a caseload in a few lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from alongside.alerts.services import alert_raise
from alongside.caseload.state import recompute_stale
from alongside.checkins.models import CheckIn
from alongside.conftest import Personas, make_member
from alongside.contacts.models import ContactNote
from alongside.core.changes import participant_changed
from alongside.core.localtime import local_today
from alongside.goals.models import Goal, GoalStep
from alongside.organizations.models import Match, Membership, Role
from alongside.recovery.models import RecoveryStart


def checkin(participant: Membership, days_ago: int, **fields: object) -> CheckIn:
    """A check-in ``days_ago`` local days back (mood 4, craving 2, no use, no outreach unless given).
    Like the check-in service, it tells the caseload state the participant changed."""
    values: dict[str, object] = {"mood": 4, "craving": 2, "used": False, "wants_outreach": False}
    values.update(fields)
    made = CheckIn.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        local_date=local_today(participant) - dt.timedelta(days=days_ago),
        **values,
    )
    participant_changed.send(sender=CheckIn, participant_ids=[participant.pk])
    return made


def caught_up(now: dt.datetime | None = None) -> None:
    """The worker's caseload job, run until no row is left to recompute (what the worker does
    within seconds of each write): the pages read what it computed."""
    while recompute_stale(now=now)["recomputed"]:
        pass


def contact(mentor: Membership, participant: Membership, days_ago: int, **fields: object) -> ContactNote:
    values: dict[str, object] = {"duration_minutes": 30, "mode": "phone", "topics": ["goals"], "summary": "Talked."}
    values.update(fields)
    return ContactNote.objects.create(
        organization_id=participant.organization_id,
        mentor=mentor,
        participant=participant,
        occurred_on=local_today(mentor) - dt.timedelta(days=days_ago),
        **values,
    )


def goal_with_overdue_step(participant: Membership) -> Goal:
    goal = Goal.objects.create(
        organization_id=participant.organization_id, participant=participant, title="Find a meeting"
    )
    today = local_today(participant)
    GoalStep.objects.create(goal=goal, order=0, title="Look up times", target_date=today - dt.timedelta(days=2))
    GoalStep.objects.create(goal=goal, order=1, title="Go once", target_date=today + dt.timedelta(days=5))
    return goal


def recovery_start(participant: Membership, days_ago: int) -> RecoveryStart:
    return RecoveryStart.objects.create(
        organization_id=participant.organization_id,
        participant=participant,
        pathway="mutual_help",
        started_on=local_today(participant) - dt.timedelta(days=days_ago),
    )


def full_record(mentor: Membership, participant: Membership, i: int = 0) -> None:
    """Something for every reason: a rhythm, a hard day, a goal step, a timeline, a contact, an alert."""
    for n in range(3, 30):
        checkin(participant, n, mood=4)
    checkin(participant, 0, mood=2, craving=8, used=True, wants_outreach=True)
    contact(mentor, participant, 10 + i % 3)
    goal_with_overdue_step(participant)
    recovery_start(participant, 28)
    alert_raise(participant=participant, kind="outreach_requested", reason="Asked for outreach", notify_mentor=False)


@pytest.fixture
def grow_caseload(personas: Personas) -> Callable[..., list[Membership]]:
    """``grow_caseload(n, mentor=personas.mentor)`` → n more participants matched with that mentor,
    each with a full record."""
    made: list[int] = [0]

    def grow(n: int, mentor: Membership | None = None, full: bool = True) -> list[Membership]:
        mentor = mentor or personas.mentor
        people = []
        for _ in range(n):
            i = made[0]
            made[0] += 1
            person = make_member(
                personas.org, f"extra{i}@example.test", f"Extra Person {i:02d}", Role.PARTICIPANT, personas.program
            )
            Match.objects.create(organization=personas.org, mentor=mentor, participant=person)
            if full:
                full_record(mentor, person, i)
            people.append(person)
        return people

    return grow
