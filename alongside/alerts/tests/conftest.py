"""Escalation tests share a clock and a few shortcuts. Times are in the program's zone
(America/Chicago); a shift is entered the way the rota page enters it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from alongside.alerts.models import OnCallShift
from alongside.alerts.services import on_call_shift_add, program_local_datetime
from alongside.conftest import Personas
from alongside.notifications.tests.conftest import _no_real_sms_provider, sms_provider  # noqa: F401 - fixtures
from alongside.organizations.models import Membership

CHICAGO = ZoneInfo("America/Chicago")
# A Wednesday afternoon in the program's zone.
T0 = dt.datetime(2026, 3, 11, 14, 0, tzinfo=CHICAGO)


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def put_on_call(
    personas: Personas, person: Membership, starts: dt.datetime, ends: dt.datetime, now: dt.datetime | None = None
) -> OnCallShift:
    """A shift given in local wall time (naive or Chicago-aware), added by the admin."""
    program = personas.program

    def local(moment: dt.datetime) -> dt.datetime:
        return program_local_datetime(program=program, day=moment.date(), time=moment.time(), field="x")

    [shift] = on_call_shift_add(
        viewer=personas.admin,
        program=program,
        person=person,
        starts_at=local(starts),
        ends_at=local(ends),
        now=now or local(starts) - dt.timedelta(days=1),
    )
    return shift
