"""Small builders for supervision tests, on top of the shared personas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from alongside.conftest import Personas
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership
from alongside.supervision.models import BoundaryConcern, SupervisionSession, WellbeingCheck
from alongside.supervision.services import (
    boundary_concern_report,
    supervision_session_record,
    wellbeing_check_record,
)

NOTES = "Talked through a hard week; Maria set a limit on evening texts."


def yesterday(member: Membership) -> dt.date:
    """A safely past day in the member's own zone (never 'today', which a slow test could cross)."""
    return local_today(member) - dt.timedelta(days=1)


def record_session(personas: Personas, **overrides: Any) -> SupervisionSession:
    data: dict[str, Any] = {
        "supervisor": personas.supervisor,
        "kind": "individual",
        "mentor_ids": [personas.mentor.pk],
        "occurred_on": yesterday(personas.supervisor),
        "duration_minutes": 60,
        "topics": ["ethics_boundaries", "self_care"],
        "notes": NOTES,
        "follow_ups": "Maria tries a message auto-reply after 6pm.",
    }
    data.update(overrides)
    return supervision_session_record(**data)[0]


def answer(
    mentor: Membership,
    exhaustion: int,
    boundaries: int,
    workload: int,
    support: int,
    *,
    on: dt.date,
    note: str = "",
) -> WellbeingCheck:
    return wellbeing_check_record(
        mentor=mentor,
        emotional_exhaustion=exhaustion,
        boundary_strain=boundaries,
        workload=workload,
        support_felt=support,
        note=note,
        today=on,
    )[0]


def report_concern(personas: Personas, **overrides: Any) -> BoundaryConcern:
    data: dict[str, Any] = {
        "mentor": personas.mentor,
        "kind": "money_or_favours",
        "details": "Pat asked to borrow forty dollars for rent.",
        "participant_id": personas.participant.pk,
    }
    data.update(overrides)
    return boundary_concern_report(**data)[0]
