"""Small builders shared by the messaging tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from alongside.conftest import Personas
from alongside.messaging.hours import Window
from alongside.messaging.models import Message, Thread
from alongside.messaging.services import message_send, thread_open, working_hours_set

CHICAGO = ZoneInfo("America/Chicago")  # the personas' program time zone

# Wednesday 4 June 2025 in Chicago: 10:00 is inside 9-17 weekday hours, 20:00 is not.
WEDNESDAY_10AM = dt.datetime(2025, 6, 4, 10, 0, tzinfo=CHICAGO)
WEDNESDAY_8PM = dt.datetime(2025, 6, 4, 20, 0, tzinfo=CHICAGO)
THURSDAY_9AM = dt.datetime(2025, 6, 5, 9, 0, tzinfo=CHICAGO)


def thread_of(personas: Personas) -> Thread:
    return thread_open(viewer=personas.participant, participant=personas.participant)


def send(personas: Personas, who: str, body: str, *, now: dt.datetime | None = None) -> Message:
    thread = thread_of(personas)
    return message_send(viewer=getattr(personas, who), thread=thread, body=body, now=now)[0]


def weekday_hours(personas: Personas) -> None:
    """Maria works 9:00-17:00, Monday to Friday."""
    working_hours_set(
        mentor=personas.mentor,
        windows=[Window(weekday=d, start=dt.time(9), end=dt.time(17)) for d in range(5)],
    )
