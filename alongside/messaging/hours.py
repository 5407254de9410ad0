"""A mentor's working hours as plain arithmetic: inside a window now? when does the next one start?

Windows are (weekday, start, end) on the mentor's own wall clock (Monday is 0). No windows
means always available.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS
from django.utils.text import get_text_list
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Window:
    weekday: int
    start: dt.time
    end: dt.time


def is_within(windows: Sequence[Window], zone: ZoneInfo, now: dt.datetime) -> bool:
    """True when ``now`` falls inside a window (always true without windows)."""
    if not windows:
        return True
    here = now.astimezone(zone)
    clock = here.time().replace(tzinfo=None)
    return any(w.weekday == here.weekday() and w.start <= clock < w.end for w in windows)


def next_start(windows: Sequence[Window], zone: ZoneInfo, now: dt.datetime) -> dt.datetime | None:
    """When the next window opens, as an aware datetime; None when available now (or always)."""
    if is_within(windows, zone, now):
        return None
    today = now.astimezone(zone).date()
    for offset in range(8):
        day = today + dt.timedelta(days=offset)
        starts = [dt.datetime.combine(day, w.start, tzinfo=zone) for w in windows if w.weekday == day.weekday()]
        upcoming = sorted(s for s in starts if s > now)
        if upcoming:
            return upcoming[0]
    return None  # unreachable with at least one window: every weekday recurs within a week


def _clock(value: dt.time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def _days(weekdays: Iterable[int]) -> str:
    days = sorted(set(weekdays))
    if days == list(range(7)):
        return _("every day")
    if days == [0, 1, 2, 3, 4]:
        return _("on weekdays")
    if days == [5, 6]:
        return _("at weekends")
    return _("on %(days)s") % {"days": get_text_list([str(WEEKDAYS[d]) for d in days], _("and"))}


def phrases(windows: Sequence[Window]) -> list[str]:
    """Plain phrases for the windows, days with the same hours together:
    ["between 9:00 and 17:00 on weekdays", "between 10:00 and 13:00 on Saturday"]."""
    groups: dict[tuple[dt.time, dt.time], list[int]] = {}
    for w in sorted(windows, key=lambda w: w.weekday):
        groups.setdefault((w.start, w.end), []).append(w.weekday)
    return [
        _("between %(start)s and %(end)s %(days)s") % {"start": _clock(s), "end": _clock(e), "days": _days(days)}
        for (s, e), days in sorted(groups.items(), key=lambda item: min(item[1]))
    ]
