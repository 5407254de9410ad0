"""Contact notes over the API: the matched mentor records and reads; their supervisor reads."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from alongside.contacts.models import (
    AGREED_MAX_LENGTH,
    MAX_DURATION_MINUTES,
    SUMMARY_MAX_LENGTH,
    ContactAddendum,
    ContactMode,
    ContactNote,
    ContactTopic,
)
from alongside.contacts.schemas import AddendumIn, ContactNoteIn
from alongside.contacts.selectors import (
    PeriodMinutes,
    contact_history,
    contact_note_for_editing,
    contact_note_for_viewer,
    contact_note_for_writer,
    service_hours_for_mentor,
)
from alongside.contacts.services import (
    ContactNoteInput,
    contact_addendum_add,
    contact_note_create,
    contact_note_update,
)
from alongside.core.edge import idempotent
from alongside.core.schema_types import BodySchema
from alongside.organizations.api_refs import require_viewer
from alongside.organizations.views_helpers import get_membership_or_404

router = Router(tags=["contacts"])


class ContactNotePatch(BodySchema):
    occurred_on: dt.date | None = None
    duration_minutes: int | None = Field(None, ge=1, le=MAX_DURATION_MINUTES)
    mode: ContactMode | None = None
    topics: list[ContactTopic] | None = Field(None, min_length=1, max_length=len(ContactTopic.values))
    summary: str | None = Field(None, min_length=1, max_length=SUMMARY_MAX_LENGTH)
    agreed: str | None = Field(None, max_length=AGREED_MAX_LENGTH)
    follow_up_on: dt.date | None = Field(None, description="Send null to remove the follow-up")


class AddendumOut(Schema):
    id: int
    author_id: int
    author_name: str
    text: str
    created_at: dt.datetime


class ContactNoteOut(Schema):
    id: int
    participant_id: int
    mentor_id: int
    mentor_name: str
    occurred_on: dt.date
    duration_minutes: int
    mode: ContactMode
    topics: list[ContactTopic]
    summary: str
    agreed: str
    follow_up_on: dt.date | None
    editable_until: dt.datetime = Field(description="The author may change the note until then; after, only addenda")
    client_id: uuid.UUID
    created_at: dt.datetime
    updated_at: dt.datetime
    addenda: list[AddendumOut]


class ContactHistoryOut(Schema):
    participant_id: int
    total_minutes: int
    notes: list[ContactNoteOut]


class PeriodMinutesOut(Schema):
    week: int
    month: int
    last_90_days: int


class ModeMinutesOut(PeriodMinutesOut):
    mode: ContactMode


class ServiceHoursOut(Schema):
    mentor_id: int
    today: dt.date = Field(description="The day the periods end, in the viewer's calendar")
    week_start: dt.date
    month_start: dt.date
    since: dt.date
    contacts_last_90_days: int
    total_minutes: PeriodMinutesOut
    by_mode: list[ModeMinutesOut]


def _addendum_out(addendum: ContactAddendum) -> AddendumOut:
    return AddendumOut(
        id=addendum.pk,
        author_id=addendum.author_id,
        author_name=addendum.author.user.display_name,
        text=addendum.text,
        created_at=addendum.created_at,
    )


def _note_out(note: ContactNote) -> dict[str, Any]:
    out = ContactNoteOut(
        id=note.pk,
        participant_id=note.participant_id,
        mentor_id=note.mentor_id,
        mentor_name=note.mentor.user.display_name,
        occurred_on=note.occurred_on,
        duration_minutes=note.duration_minutes,
        mode=ContactMode(note.mode),
        topics=[ContactTopic(t) for t in note.topics],
        summary=note.summary,
        agreed=note.agreed,
        follow_up_on=note.follow_up_on,
        editable_until=note.editable_until(),
        client_id=note.client_id,
        created_at=note.created_at,
        updated_at=note.updated_at,
        addenda=[_addendum_out(a) for a in note.addenda.all()],
    )
    return out.model_dump(mode="json")


def _periods_out(minutes: PeriodMinutes) -> dict[str, int]:
    return {"week": minutes.week, "month": minutes.month, "last_90_days": minutes.last_90_days}


@router.get(
    "/participants/{participant_id}/contacts",
    response=ContactHistoryOut,
    summary="A participant's contact notes, newest first, with the total time (their mentor and supervisor; audited)",
)
def participant_contacts(request: HttpRequest, participant_id: int) -> dict[str, Any]:
    viewer = require_viewer(request)
    history = contact_history(viewer=viewer, participant=get_membership_or_404(participant_id))
    return {
        "participant_id": history.participant.pk,
        "total_minutes": history.total_minutes,
        "notes": [_note_out(n) for n in history.notes],
    }


@router.post(
    "/participants/{participant_id}/contacts",
    response={200: ContactNoteOut, 201: ContactNoteOut},
    url_name="contact_create",
    summary="Record a contact with a participant (their matched mentor only; idempotent)",
)
@idempotent
def contact_create(request: HttpRequest, participant_id: int, payload: ContactNoteIn) -> Status[Any]:
    viewer = require_viewer(request)
    participant = get_membership_or_404(participant_id)
    note, created = contact_note_create(
        mentor=viewer, participant=participant, data=payload.to_input(), client_id=payload.client_id
    )
    return Status(201 if created else 200, _note_out(note))


@router.get(
    "/contacts/{note_id}",
    response=ContactNoteOut,
    summary="One contact note with its addenda (mentor and supervisor; audited)",
)
def contact_detail(request: HttpRequest, note_id: int) -> dict[str, Any]:
    return _note_out(contact_note_for_viewer(viewer=require_viewer(request), note_id=note_id))


@router.patch(
    "/contacts/{note_id}",
    response=ContactNoteOut,
    summary="Change a contact note (its author, within 24 hours of writing it; afterwards 409: add an addendum)",
)
def contact_update(request: HttpRequest, note_id: int, payload: ContactNotePatch) -> dict[str, Any]:
    viewer = require_viewer(request)
    note = contact_note_for_editing(viewer=viewer, note_id=note_id)
    fields = payload.model_dump(exclude_unset=True)
    data = ContactNoteInput(
        occurred_on=fields.get("occurred_on") or note.occurred_on,
        duration_minutes=fields.get("duration_minutes") or note.duration_minutes,
        mode=payload.mode.value if payload.mode else note.mode,
        topics=[t.value for t in payload.topics] if payload.topics else list(note.topics),
        summary=payload.summary if payload.summary is not None else note.summary,
        agreed=payload.agreed if payload.agreed is not None else note.agreed,
        follow_up_on=fields.get("follow_up_on", note.follow_up_on),
    )
    return _note_out(contact_note_update(mentor=viewer, note=note, data=data))


@router.post(
    "/contacts/{note_id}/addenda",
    response={200: AddendumOut, 201: AddendumOut},
    url_name="contact_addendum_create",
    summary="Add an addendum to a contact note (the participant's matched mentor; idempotent)",
)
@idempotent
def contact_addendum_create(request: HttpRequest, note_id: int, payload: AddendumIn) -> Status[Any]:
    viewer = require_viewer(request)
    note = contact_note_for_writer(viewer=viewer, note_id=note_id)
    addendum, created = contact_addendum_add(author=viewer, note=note, text=payload.text, client_id=payload.client_id)
    return Status(201 if created else 200, _addendum_out(addendum).model_dump(mode="json"))


@router.get(
    "/mentors/{mentor_id}/service-hours",
    response=ServiceHoursOut,
    summary="A mentor's service hours this week, this month and the last 90 days, by mode (the mentor, their supervisor, an admin)",
)
def mentor_service_hours(request: HttpRequest, mentor_id: int) -> dict[str, Any]:
    viewer = require_viewer(request)
    report = service_hours_for_mentor(viewer=viewer, mentor=get_membership_or_404(mentor_id))
    hours = report.mentors[0]
    return {
        "mentor_id": hours.mentor.pk,
        "today": report.today,
        "week_start": report.week_start,
        "month_start": report.month_start,
        "since": report.since,
        "contacts_last_90_days": hours.contacts_90_days,
        "total_minutes": _periods_out(hours.total),
        "by_mode": [{"mode": m.mode, **_periods_out(m.minutes)} for m in hours.by_mode],
    }
