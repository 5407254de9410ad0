"""Messages over the API: threads, messages (idempotent sends), read receipts, working hours.

Clients poll ``GET /threads/{id}/messages?after=<last id>`` for new messages, as the web page
does (see messaging/views.py for why polling).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from alongside.core.edge import idempotent
from alongside.core.exceptions import InvalidInput
from alongside.core.localtime import zone_for
from alongside.core.schema_types import BodySchema, Id, InputSchema
from alongside.messaging.hours import Window
from alongside.messaging.models import MentorWorkingHours, Message, ThreadRead
from alongside.messaging.schemas import MessageIn
from alongside.messaging.selectors import (
    ThreadSummary,
    mentor_availability,
    read_markers,
    thread_for_viewer,
    thread_messages,
    working_hours_for,
)
from alongside.messaging.services import message_send, thread_mark_read, threads_open_for, working_hours_set
from alongside.organizations.api_refs import PersonRef, person_ref, require_viewer
from alongside.organizations.models import Membership

router = Router(tags=["messages"])

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class ThreadOut(Schema):
    id: int
    participant: PersonRef
    mentor: PersonRef | None = Field(description="The participant's current matched mentor")
    supervisor: PersonRef | None = Field(description="The mentor's supervisor, once added to the conversation")
    supervisor_added_at: dt.datetime | None
    unread: int = Field(description="Messages I have not read yet")
    last_message_at: dt.datetime | None


# The message's words are "text" over the API ("body" would read as the request body in errors).
class MessageOut(Schema):
    id: int
    thread_id: int
    sender: PersonRef
    mine: bool
    text: str
    created_at: dt.datetime
    is_crisis: bool = Field(
        description="May be about a crisis: the mentor was told at once; show the sender the crisis lines and their "
        "safety plan"
    )
    held_until: dt.datetime | None = Field(
        description="Written outside the mentor's working hours: when the mentor is told"
    )


class MessageFilter(InputSchema):
    after: int | None = Field(None, ge=0, description="Only messages with a larger id (for polling), oldest first")
    limit: int = Field(50, ge=1, le=100)


class ReadIn(BodySchema):
    message_id: Id | None = Field(None, description="Read up to this message (default: the newest)")


class ReadOut(Schema):
    member: PersonRef
    last_read_message_id: int | None
    read_at: dt.datetime


class WorkingDay(BodySchema):
    weekday: int = Field(ge=0, le=6, description="0 Monday … 6 Sunday")
    start: str = Field(pattern=HHMM, description="HH:MM, my own time zone")
    end: str = Field(pattern=HHMM, description="HH:MM, after start")


class WorkingHoursIn(BodySchema):
    days: list[WorkingDay] = Field(max_length=7, description="Empty: always available")


class WorkingHoursOut(Schema):
    time_zone: str
    always_available: bool
    available_now: bool
    days: list[WorkingDay]


def _thread_out(summary: ThreadSummary) -> ThreadOut:
    return ThreadOut(
        id=summary.thread.pk,
        participant=person_ref(summary.participant),
        mentor=person_ref(summary.mentor) if summary.mentor else None,
        supervisor=person_ref(summary.supervisor) if summary.supervisor else None,
        supervisor_added_at=summary.thread.supervisor_added_at if summary.supervisor else None,
        unread=summary.unread,
        last_message_at=summary.last_message_at,
    )


def _message_out(message: Message, viewer: Membership) -> dict[str, Any]:
    return MessageOut(
        id=message.pk,
        thread_id=message.thread_id,
        sender=person_ref(message.sender),
        mine=message.sender_id == viewer.pk,
        text=message.body,
        created_at=message.created_at,
        is_crisis=message.is_crisis,
        held_until=message.held_until if message.notified_at is None else None,
    ).model_dump(mode="json")


def _read_out(marker: ThreadRead) -> ReadOut:
    return ReadOut(
        member=person_ref(marker.member), last_read_message_id=marker.last_read_message_id, read_at=marker.read_at
    )


def _hours_out(viewer: Membership, rows: list[MentorWorkingHours]) -> WorkingHoursOut:
    return WorkingHoursOut(
        time_zone=zone_for(viewer).key,
        always_available=not rows,
        available_now=mentor_availability(mentor=viewer).available_now,
        days=[
            WorkingDay(weekday=h.weekday, start=h.start.strftime("%H:%M"), end=h.end.strftime("%H:%M")) for h in rows
        ],
    )


@router.get("/threads", response=list[ThreadOut], summary="My message threads, most recent first, with unread counts")
def thread_list(request: HttpRequest) -> list[ThreadOut]:
    return [_thread_out(s) for s in threads_open_for(viewer=require_viewer(request))]


@router.get(
    "/threads/{thread_id}/messages",
    response=list[MessageOut],
    summary="Messages in a thread, oldest first: the newest ones, or those after ?after= (staff reads are audited)",
)
def thread_message_list(request: HttpRequest, thread_id: int, filters: Query[MessageFilter]) -> list[dict[str, Any]]:
    viewer = require_viewer(request)
    thread = thread_for_viewer(viewer=viewer, thread_id=thread_id)
    messages = thread_messages(viewer=viewer, thread=thread, after=filters.after, limit=filters.limit)
    return [_message_out(m, viewer) for m in messages]


@router.post(
    "/threads/{thread_id}/messages",
    response={200: MessageOut, 201: MessageOut},
    url_name="message_send",
    summary="Send a message (idempotent with Idempotency-Key or client_id; never includes contact details)",
)
@idempotent
def thread_message_send(request: HttpRequest, thread_id: int, payload: MessageIn) -> Status[Any]:
    viewer = require_viewer(request)
    thread = thread_for_viewer(viewer=viewer, thread_id=thread_id)
    try:
        message, created = message_send(viewer=viewer, thread=thread, body=payload.text, client_id=payload.client_id)
    except InvalidInput as exc:
        if "body" in exc.field_errors:  # the service's name for what the API calls "text"
            exc.field_errors["text"] = exc.field_errors.pop("body")
        raise
    return Status(201 if created else 200, _message_out(message, viewer))


@router.post(
    "/threads/{thread_id}/read",
    response=list[ReadOut],
    summary="Mark a thread read (up to a message); answers everyone's read receipts",
)
def thread_read(request: HttpRequest, thread_id: int, payload: ReadIn) -> list[ReadOut]:
    viewer = require_viewer(request)
    thread = thread_for_viewer(viewer=viewer, thread_id=thread_id)
    thread_mark_read(viewer=viewer, thread=thread, message_id=payload.message_id)
    return [_read_out(m) for m in read_markers(viewer=viewer, thread=thread)]


@router.get("/me/working-hours", response=WorkingHoursOut, summary="My working hours as a mentor")
def working_hours_get(request: HttpRequest) -> WorkingHoursOut:
    viewer = require_viewer(request)
    return _hours_out(viewer, working_hours_for(viewer=viewer))


@router.put(
    "/me/working-hours",
    response=WorkingHoursOut,
    summary="Replace my working hours (messages outside them wait for me, unless about a crisis)",
)
def working_hours_put(request: HttpRequest, payload: WorkingHoursIn) -> WorkingHoursOut:
    viewer = require_viewer(request)
    windows = [
        Window(weekday=d.weekday, start=dt.time.fromisoformat(d.start), end=dt.time.fromisoformat(d.end))
        for d in payload.days
    ]
    return _hours_out(viewer, working_hours_set(mentor=viewer, windows=windows))
