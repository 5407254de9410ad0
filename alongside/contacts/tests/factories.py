"""Small builders for contact-note tests (the personas come from alongside/conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from alongside.contacts.models import ContactNote
from alongside.contacts.services import ContactNoteInput, contact_note_create
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership


def note_input(mentor: Membership, now: dt.datetime | None = None, **overrides: Any) -> ContactNoteInput:
    values: dict[str, Any] = {
        "occurred_on": local_today(mentor, now),
        "duration_minutes": 30,
        "mode": "phone",
        "topics": ["goals", "coping"],
        "summary": "Talked through the week; the new job is going well.",
        "agreed": "Try the Thursday evening meeting.",
        "follow_up_on": None,
    }
    values.update(overrides)
    return ContactNoteInput(**values)


def note_of(
    mentor: Membership, participant: Membership, now: dt.datetime | None = None, **overrides: Any
) -> ContactNote:
    note, _created = contact_note_create(
        mentor=mentor, participant=participant, data=note_input(mentor, now, **overrides), now=now
    )
    return note
