"""audited_read: every sensitive read by someone else writes exactly one audit entry; the owner's own read none."""

from __future__ import annotations

import pathlib
import re
from collections.abc import Callable
from typing import Any

import pytest

from alongside.access.reads import audited_read
from alongside.audit.models import AuditEntry
from alongside.checkins.selectors import checkins_for_participant
from alongside.conftest import Personas
from alongside.contacts.selectors import contact_history
from alongside.coping.selectors import activities_for, strategies_for, toolkit_for
from alongside.core.exceptions import NotFound
from alongside.goals.selectors import goals_for_participant
from alongside.journal.selectors import journal_shared_entries
from alongside.organizations.models import Membership
from alongside.safety.selectors import safety_plan_for_viewer
from alongside.safety.services import safety_plan_save, safety_plan_set_shared
from alongside.signals.selectors import participant_signals
from alongside.trends.selectors import trends_for

Read = Callable[[Membership, Membership], Any]

READS: dict[str, tuple[str, Read]] = {
    "check-ins": ("checkin.viewed", lambda v, p: list(checkins_for_participant(viewer=v, participant=p))),
    "goals": ("goals.viewed", lambda v, p: list(goals_for_participant(viewer=v, participant=p))),
    "strategies": ("coping.viewed", lambda v, p: list(strategies_for(viewer=v, participant=p))),
    "activities": ("coping.viewed", lambda v, p: list(activities_for(viewer=v, participant=p))),
    "toolkit": ("coping.viewed", lambda v, p: toolkit_for(viewer=v, participant=p)),
    "trends": ("trends.viewed", lambda v, p: trends_for(viewer=v, participant=p, days=30)),
    "shared journal": ("journal.viewed", lambda v, p: list(journal_shared_entries(viewer=v, participant=p))),
    "safety plan": ("safety_plan.viewed", lambda v, p: safety_plan_for_viewer(viewer=v, participant=p)),
}
CARER_ONLY_READS: dict[str, tuple[str, Read]] = {
    "signals": ("signals.viewed", lambda v, p: participant_signals(viewer=v, participant=p)),
    "contact notes": ("contact.viewed", lambda v, p: contact_history(viewer=v, participant=p)),
}


def _share_a_plan(participant: Membership) -> None:
    safety_plan_save(participant=participant, sections={"warning_signs": ["Skipping meals"]})
    safety_plan_set_shared(participant=participant, shared=True)


@pytest.mark.parametrize("name", [*READS, *CARER_ONLY_READS])
def test_a_mentors_read_is_audited_exactly_once(personas: Personas, name: str) -> None:
    action, read = {**READS, **CARER_ONLY_READS}[name]
    _share_a_plan(personas.participant)
    before = AuditEntry.objects.count()

    read(personas.mentor, personas.participant)

    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [(e.action, e.subject_id, e.actor_id) for e in entries] == [
        (action, personas.participant.pk, personas.mentor.user_id)
    ]


@pytest.mark.parametrize("name", list(READS))
def test_the_participants_own_read_is_not_audited(personas: Personas, name: str) -> None:
    _action, read = READS[name]
    _share_a_plan(personas.participant)
    before = AuditEntry.objects.count()

    read(personas.participant, personas.participant)

    assert AuditEntry.objects.count() == before


def test_a_read_logged_for_everyone_is_logged_for_the_owner_too(personas: Personas) -> None:
    audited_read(personas.participant, "participant.viewed", personas.participant, may=None, own_too=True)

    [entry] = AuditEntry.objects.filter(action="participant.viewed")
    assert (entry.actor_id, entry.subject_id) == (personas.participant.user_id, personas.participant.pk)


def test_a_refused_read_writes_nothing(personas: Personas) -> None:
    before = AuditEntry.objects.count()

    with pytest.raises(NotFound):
        audited_read(personas.outsider, "checkin.viewed", personas.participant)

    assert AuditEntry.objects.filter(action="checkin.viewed").count() == 0
    assert AuditEntry.objects.count() - before <= 1  # at most the refusal itself, never a read


def test_extra_made_by_a_function_is_only_made_when_audited(personas: Personas) -> None:
    made: list[int] = []

    def extra() -> dict[str, int]:
        made.append(1)
        return {"rows": 3}

    audited_read(personas.participant, "checkin.viewed", personas.participant, extra=extra)
    audited_read(personas.mentor, "checkin.viewed", personas.participant, extra=extra)

    assert made == [1]
    assert AuditEntry.objects.get(action="checkin.viewed").extra == {"rows": 3}


def test_no_read_is_audited_by_hand() -> None:
    """Selectors, services, views and API modules write read entries only through audited_read."""
    root = pathlib.Path(__file__).resolve().parents[2]
    by_hand = re.compile(r"log_action\(\s*f?[\"'][\w.]+[._]viewed[\"']")
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/*.py")
        if path.name in {"selectors.py", "services.py", "views.py", "api.py"} and by_hand.search(path.read_text())
    ]
    assert offenders == []
