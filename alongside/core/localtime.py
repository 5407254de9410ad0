"""A person's own clock: days begin and end in their time zone, not the server's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from alongside.organizations.models import Membership


def zone_for(membership: Membership) -> ZoneInfo:
    """The participant's chosen time zone, else their program's, else UTC."""
    for name in (membership.user.time_zone, membership.program.time_zone if membership.program else None):
        if name and name != "UTC":
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def local_now(membership: Membership, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()).astimezone(zone_for(membership))


def local_today(membership: Membership, now: dt.datetime | None = None) -> dt.date:
    return local_now(membership, now).date()
