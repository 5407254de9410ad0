"""A person's own clock: days begin and end in their time zone, not the server's."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

if TYPE_CHECKING:
    from alongside.organizations.models import Membership


@lru_cache(maxsize=512)
def _known_zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_named(*names: str | None) -> ZoneInfo:
    """The first of ``names`` that is a known time zone, else UTC: the person's own zone, then
    their program's. "UTC" is a person's default, so it counts as not chosen: the next name
    gets its turn."""
    for name in names:
        if name and name != "UTC":
            zone = _known_zone(name)
            if zone is not None:
                return zone
    return ZoneInfo("UTC")


def zone_for(membership: Membership) -> ZoneInfo:
    """The participant's chosen time zone, else their program's, else UTC."""
    return zone_named(membership.user.time_zone, membership.program.time_zone if membership.program else None)


def local_now(membership: Membership, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()).astimezone(zone_for(membership))


def local_today(membership: Membership, now: dt.datetime | None = None) -> dt.date:
    return local_now(membership, now).date()


# How far back "the last 90 days" of hours reach, in contact and supervision hours alike.
HOURS_WINDOW_DAYS = 90


def period_starts(today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """The first day of this week (Monday), of this month, and of the last HOURS_WINDOW_DAYS
    days, for hours counted up to ``today``."""
    return (
        today - dt.timedelta(days=today.weekday()),
        today.replace(day=1),
        today - dt.timedelta(days=HOURS_WINDOW_DAYS),
    )
