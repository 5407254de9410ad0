"""Pure date arithmetic for the recovery timeline: stretches, totals and milestones.

Nothing here touches the database or the clock; every function is given ``today``.

Counting rule: the start day and each setback day are day 0 of a stretch; a stretch counts the
days after it, up to today or up to (not including) the next setback day. So the total of all
stretches is every day since the start that was not a setback day, and a setback never takes
away a day already counted.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Only a milestone reached this recently is announced; an old date typed in today is not news.
CELEBRATE_WITHIN_DAYS = 7


@dataclass(frozen=True)
class Milestone:
    key: str  # stable: "d1", "d7", "d30", "d60", "d90", "m6", "m9", "y1", "y2", …
    on: dt.date
    reached: bool
    days_to_go: int

    @property
    def label(self) -> str:
        kind, n = self.key[0], int(self.key[1:])
        if self.key == "d1":
            return _("24 hours")
        if kind == "d":
            return ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
        if kind == "m":
            return ngettext("%(n)s month", "%(n)s months", n) % {"n": n}
        return ngettext("%(n)s year", "%(n)s years", n) % {"n": n}


@dataclass(frozen=True)
class Stretch:
    began_on: dt.date
    ended_on: dt.date | None  # the next setback day; None for the current stretch
    days: int


@dataclass(frozen=True)
class TimelineNumbers:
    total_days: int
    current_days: int
    longest_days: int
    shown_days: int
    anchor: dt.date  # the day the shown number (and its milestones) counts from
    stretches: list[Stretch]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def milestone_date(anchor: dt.date, key: str) -> dt.date:
    kind, n = key[0], int(key[1:])
    if kind == "d":
        return anchor + dt.timedelta(days=n)
    return add_months(anchor, n if kind == "m" else 12 * n)


DAY_AND_MONTH_KEYS = ("d1", "d7", "d30", "d60", "d90", "m6", "m9")


def milestone_schedule(anchor: dt.date, today: dt.date) -> list[Milestone]:
    """Every milestone reached by ``today`` counting from ``anchor``, then the next one up."""
    result: list[Milestone] = []

    def keys() -> Iterable[str]:
        yield from DAY_AND_MONTH_KEYS
        year = 1
        while True:
            yield f"y{year}"
            year += 1

    for key in keys():
        on = milestone_date(anchor, key)
        reached = on <= today
        result.append(Milestone(key=key, on=on, reached=reached, days_to_go=max((on - today).days, 0)))
        if not reached:
            return result
    raise AssertionError("unreachable")


def timeline_numbers(
    *, started_on: dt.date, setback_days: Iterable[dt.date], today: dt.date, count_from: str
) -> TimelineNumbers:
    """Total days in recovery, current and longest stretch, and the number the participant chose to see."""
    setbacks = sorted({d for d in setback_days if started_on < d <= today})
    anchors = [started_on, *setbacks]
    stretches: list[Stretch] = []
    for began, ended in zip(anchors, [*setbacks, None], strict=True):
        days = (ended - began).days - 1 if ended is not None else max((today - began).days, 0)
        stretches.append(Stretch(began_on=began, ended_on=ended, days=max(days, 0)))
    total = sum(s.days for s in stretches)
    current = stretches[-1].days
    if count_from == "latest_setback":
        shown, anchor = current, anchors[-1]
    else:
        # Setback days are not counted, so the total's milestones fall that many days later.
        shown, anchor = total, today - dt.timedelta(days=total) if today >= started_on else started_on
    return TimelineNumbers(
        total_days=total,
        current_days=current,
        longest_days=max(s.days for s in stretches),
        shown_days=shown,
        anchor=anchor,
        stretches=stretches,
    )


def due_celebration(milestones: list[Milestone], today: dt.date) -> Milestone | None:
    """The latest milestone reached, if reached within the last few days; else None."""
    reached = [m for m in milestones if m.reached]
    if not reached:
        return None
    latest = reached[-1]
    return latest if (today - latest.on).days <= CELEBRATE_WITHIN_DAYS else None
