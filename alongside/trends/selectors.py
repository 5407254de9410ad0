"""Trends in a participant's check-ins: mood, craving and sleep over 7, 30 or 90 days, and
which triggers come with high craving.

Check-ins are read straight from ``alongside.checkins.models`` in ONE query covering the
window and the window before it (for "higher or lower than before"). Views by anyone but the
participant are audited as ``trends.viewed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.checkins.models import CheckIn, CommonTrigger
from alongside.core.exceptions import InvalidInput
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership
from alongside.trends.charts import Chart, line_chart

ALLOWED_DAYS = (7, 30, 90)
DEFAULT_DAYS = 30
MIN_TRIGGER_CHECKINS = 2


@dataclass
class Series:
    metric: str  # "mood", "craving", "sleep"
    label: str
    scale: str
    low: int
    high: int
    points: list[tuple[dt.date, int | None]]  # one per day, oldest first
    average: float | None
    previous_average: float | None
    summary: str
    chart: Chart


@dataclass
class TriggerRow:
    trigger: str
    label: str
    checkins: int
    average_craving_with: float
    average_craving_without: float | None
    difference: float | None


@dataclass
class Trends:
    participant: Membership
    days: int
    start: dt.date
    end: dt.date
    checkin_count: int
    series: list[Series]
    triggers: list[TriggerRow]


def parse_days(raw: str | int | None) -> int:
    """The window asked for: 7, 30 or 90 (30 when not given). Anything else is InvalidInput."""
    if raw is None or raw == "":
        return DEFAULT_DAYS
    try:
        days = int(raw)
    except (TypeError, ValueError):
        days = 0
    if days not in ALLOWED_DAYS:
        message = _("Choose a period of 7, 30 or 90 days.")
        raise InvalidInput(message, field_errors={"days": [message]})
    return days


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _number(value: float) -> str:
    return formats.number_format(value, 1)


_METRICS = {
    # metric: (CheckIn field, low, high, y-axis step)
    "mood": ("mood", 1, 5, 1),
    "craving": ("craving", 0, 10, 2),
    "sleep": ("sleep_quality", 1, 5, 1),
}


def _labels() -> dict[str, tuple[str, str]]:
    return {
        "mood": (_("Mood"), _("1 very low to 5 very good")),
        "craving": (_("Craving"), _("0 none to 10 strongest")),
        "sleep": (_("Sleep"), _("1 very poor to 5 very good")),
    }


def _summary(label: str, days: int, average: float | None, previous: float | None) -> str:
    if average is None:
        return _("No %(metric)s answers in the last %(days)s days.") % {"metric": label.lower(), "days": days}
    values = {"metric": label, "average": _number(average), "days": days}
    if previous is None:
        return _("%(metric)s averaged %(average)s over %(days)s days.") % values
    if round(average, 1) == round(previous, 1):
        return (
            _("%(metric)s averaged %(average)s over %(days)s days, about the same as the %(days)s days before.")
            % values
        )
    if average < previous:
        return _("%(metric)s averaged %(average)s over %(days)s days, lower than the %(days)s days before.") % values
    return _("%(metric)s averaged %(average)s over %(days)s days, higher than the %(days)s days before.") % values


def _trigger_rows(rows: list[tuple[int, list[str]]]) -> list[TriggerRow]:
    """For each trigger met on at least two check-ins: average craving with it vs without it."""
    common = dict(CommonTrigger.choices)
    seen: dict[str, list[int]] = {}
    for craving, triggers in rows:
        for trigger in set(triggers or []):
            seen.setdefault(trigger, []).append(craving)
    result: list[TriggerRow] = []
    for trigger, with_values in seen.items():
        if len(with_values) < MIN_TRIGGER_CHECKINS:
            continue
        without_values = [craving for craving, triggers in rows if trigger not in (triggers or [])]
        with_average = _average(with_values)
        assert with_average is not None  # at least two values
        without_average = _average(without_values)
        result.append(
            TriggerRow(
                trigger=trigger,
                label=str(common.get(trigger, trigger)),
                checkins=len(with_values),
                average_craving_with=with_average,
                average_craving_without=without_average,
                difference=round(with_average - without_average, 1) if without_average is not None else None,
            )
        )
    # Biggest difference first; a trigger on every check-in has nothing to compare with and goes last.
    result.sort(key=lambda r: (r.difference is None, -(r.difference or 0), -r.checkins, r.label))
    return result


def trends_for(
    *, viewer: Membership, participant: Membership, days: int | str | None, today: dt.date | None = None
) -> Trends:
    """The participant's trends over the last ``days`` (7, 30 or 90) days, today included.

    For the participant, their matched mentor and that mentor's supervisor (policy
    PARTICIPANT_VIEW_SENSITIVE). ``days`` may come straight from a query string (None: 30);
    any other number raises InvalidInput, after the access check so a refusal looks the same.
    """
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant)
    window = parse_days(days)
    audited_read(viewer, "trends.viewed", participant, may=None, extra={"days": window})  # authorized above
    end = today or local_today(participant)
    start = end - dt.timedelta(days=window - 1)
    previous_start = start - dt.timedelta(days=window)
    window_checkins = (
        CheckIn.objects.filter(participant=participant, local_date__gte=previous_start, local_date__lte=end)
        .order_by("local_date")
        .values("local_date", "mood", "craving", "sleep_quality", "triggers")
    )
    rows: list[dict[str, Any]] = [dict(row) for row in window_checkins]
    current = {row["local_date"]: row for row in rows if row["local_date"] >= start}
    previous = [row for row in rows if row["local_date"] < start]
    day_list = [start + dt.timedelta(days=i) for i in range(window)]
    labels = _labels()
    series = []
    for metric, (field, low, high, step) in _METRICS.items():
        points: list[tuple[dt.date, int | None]] = [
            (day, current[day][field] if day in current else None) for day in day_list
        ]
        average = _average([v for _d, v in points if v is not None])
        previous_average = _average([row[field] for row in previous if row[field] is not None])
        label, scale = labels[metric]
        series.append(
            Series(
                metric=metric,
                label=label,
                scale=scale,
                low=low,
                high=high,
                points=points,
                average=average,
                previous_average=previous_average,
                summary=_summary(label, window, average, previous_average),
                chart=line_chart(points, low=low, high=high, y_step=step),
            )
        )
    return Trends(
        participant=participant,
        days=window,
        start=start,
        end=end,
        checkin_count=len(current),
        series=series,
        triggers=_trigger_rows([(row["craving"], row["triggers"]) for row in current.values()]),
    )
