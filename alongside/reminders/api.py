"""The daily check-in reminder over the API."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from alongside.core.localtime import zone_for
from alongside.core.schema_types import BodySchema
from alongside.organizations.api_refs import require_viewer
from alongside.reminders.models import CheckinReminder
from alongside.reminders.selectors import reminder_for
from alongside.reminders.services import reminder_update

router = Router(tags=["reminders"])

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class ReminderIn(BodySchema):
    time: str | None = Field(description="HH:MM in my own time zone; null turns the reminder off", pattern=HHMM)
    in_app: bool = True
    email: bool = False


class ReminderOut(Schema):
    time: str | None = Field(description="HH:MM in my own time zone; null: off")
    time_zone: str
    in_app: bool
    email: bool


def _out(reminder: CheckinReminder) -> ReminderOut:
    return ReminderOut(
        time=reminder.local_time.strftime("%H:%M") if reminder.local_time else None,
        time_zone=zone_for(reminder.participant).key,
        in_app=reminder.in_app,
        email=reminder.email,
    )


@router.get("/reminders", response=ReminderOut, summary="My daily check-in reminder")
def reminder_get(request: HttpRequest) -> ReminderOut:
    return _out(reminder_for(viewer=require_viewer(request)))


@router.put("/reminders", response=ReminderOut, summary="Set or turn off my daily check-in reminder")
def reminder_put(request: HttpRequest, payload: ReminderIn) -> ReminderOut:
    viewer = require_viewer(request)
    local_time = dt.time.fromisoformat(payload.time) if payload.time else None
    return _out(reminder_update(participant=viewer, local_time=local_time, in_app=payload.in_app, email=payload.email))
