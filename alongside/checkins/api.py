"""Check-ins over the API: what the offline queue on the participant's phone sends."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from alongside.checkins.models import CheckIn
from alongside.checkins.schemas import CheckInIn
from alongside.checkins.selectors import checkins_for_participant
from alongside.checkins.services import checkin_record
from alongside.core.edge import idempotent
from alongside.core.schema_types import InputSchema
from alongside.crisis_language.support import needs_crisis_support, overdose_in_progress
from alongside.organizations.api_refs import require_viewer
from alongside.organizations.views_helpers import get_membership_or_404

router = Router(tags=["check-ins"])


class CheckInOut(Schema):
    id: int
    local_date: dt.date
    mood: int
    craving: int
    sleep_quality: int | None
    halt: list[str]
    triggers: list[str]
    coping: list[str]
    used: bool | None
    substance: str
    amount: str
    note: str
    wants_outreach: bool
    made_at: dt.datetime
    filled_late: bool
    client_id: uuid.UUID
    created_at: dt.datetime
    updated_at: dt.datetime


class CheckInSaved(CheckInOut):
    show_crisis_support: bool = Field(
        description="What was just saved may be about a crisis: show the crisis lines (988, SAMHSA, text HOME to "
        "741741, 911) and the participant's safety plan now. Their mentor has been told, without the words."
    )
    show_overdose_response: bool = Field(
        False,
        description='What was just saved may be about an overdose happening now: show "Overdose: what to do" '
        "(/crisis/overdose/: call 911, naloxone, rescue breathing, recovery position) before anything else.",
    )


class DaysFilter(InputSchema):
    days: int = Field(30, ge=1, le=90)


def _out(checkin: CheckIn) -> dict[str, Any]:
    return CheckInOut.model_validate(checkin).model_dump(mode="json")


@router.post(
    "/checkins",
    response={200: CheckInSaved, 201: CheckInSaved},
    url_name="checkin_create",
    summary="Record today's check-in, or a missed day up to 7 days back (participants; idempotent)",
)
@idempotent
def checkin_create(request: HttpRequest, payload: CheckInIn) -> Status[Any]:
    viewer = require_viewer(request)
    data = payload.to_input()
    checkin, created = checkin_record(participant=viewer, data=data)
    crisis = needs_crisis_support(checkin.note, participant=viewer, already_found=checkin.crisis_found)
    body = {
        **_out(checkin),
        "show_crisis_support": crisis,
        "show_overdose_response": crisis and overdose_in_progress(checkin.note, participant=viewer),
    }
    return Status(201 if created else 200, body)


@router.get("/checkins", response=list[CheckInOut], summary="My check-ins for the last N days")
def checkin_list(request: HttpRequest, filters: Query[DaysFilter]) -> list[dict[str, Any]]:
    viewer = require_viewer(request)
    return [_out(c) for c in checkins_for_participant(viewer=viewer, participant=viewer, days=filters.days)]


@router.get(
    "/participants/{participant_id}/checkins",
    response=list[CheckInOut],
    summary="A participant's check-ins (their mentor and supervisor; audited)",
)
def participant_checkins(request: HttpRequest, participant_id: int, filters: Query[DaysFilter]) -> list[dict[str, Any]]:
    viewer = require_viewer(request)
    participant = get_membership_or_404(participant_id)
    return [_out(c) for c in checkins_for_participant(viewer=viewer, participant=participant, days=filters.days)]
