"""Emergency (break-glass) access opens exactly what the matched mentor reads, and nothing more.

With a live grant, a supervisor of another team or an admin reads the participant's check-ins,
timeline, goals, shared journal entries, shared safety plan and contact notes exactly as the
matched mentor does; never an unshared journal entry and never messages. Without a grant, or
once it expired or was ended, none of it. Every read it opens is audited with the grant's reason.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from alongside.access.models import BreakGlassGrant
from alongside.access.services import break_glass_close, break_glass_open
from alongside.audit.models import AuditEntry
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Personas, login_client
from alongside.contacts.services import ContactNoteInput, contact_note_create
from alongside.goals.services import GoalInput, StepInput, goal_create
from alongside.journal.services import journal_entry_create
from alongside.messaging.services import message_send, thread_open
from alongside.organizations.models import Membership
from alongside.recovery.services import recovery_start_create
from alongside.safety.services import safety_plan_save, safety_plan_set_shared

REASON = "Pat called the front desk in distress; her mentor cannot be reached tonight"
HOLDERS = ("supervisor2", "admin")


@dataclass
class Record:
    p: Personas
    private_entry: int
    shared_entry: int
    note: int
    thread: int

    def readable(self) -> list[str]:
        """What the matched mentor reads of Pat's record, and so what break-glass opens."""
        pid = self.p.participant.pk
        return [
            f"/participants/{pid}/checkins",
            f"/participants/{pid}/recovery",
            f"/participants/{pid}/goals",
            f"/participants/{pid}/journal",
            f"/journal/{self.shared_entry}",
            f"/participants/{pid}/safety-plan",
            f"/participants/{pid}/contacts",
            f"/contacts/{self.note}",
        ]

    def never(self) -> list[str]:
        return [f"/journal/{self.private_entry}", f"/threads/{self.thread}/messages"]


@pytest.fixture
def record(personas: Personas) -> Record:
    pat = personas.participant
    today = timezone.localdate()
    checkin_record(participant=pat, data=CheckInInput(mood=2, craving=4, note="Hard night"))
    recovery_start_create(participant=pat, pathway="twelve_step", started_on=today - dt.timedelta(days=40))
    goal_create(participant=pat, data=GoalInput(title="Two meetings a week", steps=[StepInput(title="Find one")]))
    private_entry, _c = journal_entry_create(participant=pat, text="Nobody else should read this")
    shared_entry, _c = journal_entry_create(participant=pat, text="For Maria: the weekend was rough", share=True)
    safety_plan_save(participant=pat, sections={"warning_signs": ["Not sleeping"], "reasons": ["My kids"]})
    safety_plan_set_shared(participant=pat, shared=True)
    data = ContactNoteInput(occurred_on=today, duration_minutes=20, mode="phone", topics=["goals"], summary="Talked")
    note, _c = contact_note_create(mentor=personas.mentor, participant=pat, data=data)
    thread = thread_open(viewer=pat, participant=pat)
    message_send(viewer=pat, thread=thread, body="Maria, I need to talk")
    return Record(personas, private_entry.pk, shared_entry.pk, note.pk, thread.pk)


def _get(who: Membership, path: str) -> tuple[int, Any]:
    response = login_client(who).get(f"/api/v1{path}")
    return response.status_code, json.loads(response.content)


def _open(holder: Membership, participant: Membership) -> BreakGlassGrant:
    return break_glass_open(viewer=holder, participant=participant, reason=REASON)


@pytest.mark.parametrize("holder_name", HOLDERS)
def test_a_grant_opens_exactly_what_the_matched_mentor_reads(record: Record, holder_name: str) -> None:
    holder = getattr(record.p, holder_name)
    _open(holder, record.p.participant)

    for path in record.readable():
        mentor_status, mentor_body = _get(record.p.mentor, path)
        holder_status, holder_body = _get(holder, path)
        assert mentor_status == 200, path
        assert (holder_status, holder_body) == (mentor_status, mentor_body), path


@pytest.mark.parametrize("holder_name", HOLDERS)
def test_a_grant_never_opens_a_private_journal_entry_or_messages(record: Record, holder_name: str) -> None:
    holder = getattr(record.p, holder_name)
    _open(holder, record.p.participant)

    for path in record.never():
        status, body = _get(holder, path)
        assert (status, body) == (404, {"type": "about:blank", "title": "Not found", "status": 404}), path
    assert _get(record.p.participant, f"/journal/{record.private_entry}")[0] == 200  # it is there, for Pat alone


def _expire(grant: BreakGlassGrant) -> None:
    grant.expires_at = timezone.now() - dt.timedelta(seconds=1)
    grant.save(update_fields=["expires_at"])


def _end(grant: BreakGlassGrant) -> None:
    break_glass_close(viewer=grant.holder, grant=grant)


@pytest.mark.parametrize("holder_name", HOLDERS)
@pytest.mark.parametrize("how", ["never opened", "expired", "ended"])
def test_without_a_live_grant_nothing_is_open(record: Record, holder_name: str, how: str) -> None:
    holder = getattr(record.p, holder_name)
    if how != "never opened":
        grant = _open(holder, record.p.participant)
        assert _get(holder, record.readable()[0])[0] == 200
        {"expired": _expire, "ended": _end}[how](grant)

    reads_before = AuditEntry.objects.filter(action="breakglass.read").count()
    for path in record.readable() + record.never():
        assert _get(holder, path)[0] == 404, path
    assert AuditEntry.objects.filter(action="breakglass.read").count() == reads_before


@pytest.mark.parametrize("holder_name", HOLDERS)
def test_every_read_it_opens_is_audited_with_the_grants_reason(record: Record, holder_name: str) -> None:
    holder = getattr(record.p, holder_name)
    grant = _open(holder, record.p.participant)

    for path in record.readable():
        before = AuditEntry.objects.filter(action="breakglass.read").count()
        assert _get(holder, path)[0] == 200
        reads = AuditEntry.objects.filter(action="breakglass.read").order_by("pk")[before:]
        assert reads, f"{path}: not audited as a break-glass read"
        for entry in reads:
            assert (entry.actor, entry.subject, entry.reason) == (holder.user, record.p.participant, REASON), path
            assert entry.extra["grant"] == grant.pk


def test_the_matched_mentor_and_their_supervisor_read_without_a_break_glass_entry(record: Record) -> None:
    for who in (record.p.mentor, record.p.supervisor):
        for path in record.readable():
            assert _get(who, path)[0] == 200, path
    assert not AuditEntry.objects.filter(action="breakglass.read").exists()


def test_the_participant_sees_the_emergency_reads_in_their_access_log(record: Record) -> None:
    _open(record.p.admin, record.p.participant)
    assert _get(record.p.admin, f"/participants/{record.p.participant.pk}/checkins")[0] == 200

    status, body = _get(record.p.participant, "/me/access-log")

    assert status == 200
    assert "breakglass.read" in json.dumps(body)


@pytest.mark.parametrize("holder_name", HOLDERS)
def test_a_grant_does_not_open_a_safety_plan_the_participant_stopped_sharing(record: Record, holder_name: str) -> None:
    holder = getattr(record.p, holder_name)
    safety_plan_set_shared(participant=record.p.participant, shared=False)
    _open(holder, record.p.participant)
    path = f"/participants/{record.p.participant.pk}/safety-plan"

    assert _get(holder, path) == _get(record.p.mentor, path)
    assert _get(holder, path)[0] == 404
    assert "Not sleeping" not in json.dumps(_get(holder, path)[1])
