"""Reads for the coping toolbox. Always given the viewer; views by anyone but the participant
are audited as ``coping.viewed``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.coping.models import Activity, ActivityKind, CopingStrategy
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership

RECENT_DAYS = 30


@dataclass
class KindCount:
    kind: str
    label: str
    count: int


@dataclass
class Toolkit:
    participant: Membership
    strategies: list[CopingStrategy]
    activities: list[Activity]
    week: list[KindCount]


def strategies_for(*, viewer: Membership, participant: Membership) -> QuerySet[CopingStrategy]:
    """The participant's coping strategies in their order (the participant, matched mentor, supervisor)."""
    audited_read(viewer, "coping.viewed", participant, extra={"what": "strategies"})
    return CopingStrategy.objects.filter(participant=participant).order_by("position", "id")


def activities_for(
    *, viewer: Membership, participant: Membership, days: int = RECENT_DAYS, today: dt.date | None = None
) -> QuerySet[Activity]:
    """The participant's activities of the last ``days`` days, newest first."""
    audited_read(viewer, "coping.viewed", participant, extra={"what": "activities"})
    since = (today or local_today(participant)) - dt.timedelta(days=days - 1)
    return Activity.objects.filter(participant=participant, local_date__gte=since).order_by("-local_date", "-id")


def activity_counts(*, participant: Membership, since: dt.date) -> dict[str, int]:
    """How many activities of each kind the participant logged on or after ``since``.

    Every kind is present (0 when none), so a goal that counts meetings can read
    ``counts["meeting"]`` directly. No access check: it returns numbers only, for services
    (goals) that have already authorized their caller.
    """
    counts = dict.fromkeys(ActivityKind.values, 0)
    rows = (
        Activity.objects.filter(participant=participant, local_date__gte=since)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    counts.update(dict(rows))
    return counts


def _week(participant: Membership, today: dt.date) -> list[KindCount]:
    counts = activity_counts(participant=participant, since=today - dt.timedelta(days=6))
    return [KindCount(kind=value, label=str(label), count=counts[value]) for value, label in ActivityKind.choices]


def weekly_counts(*, viewer: Membership, participant: Membership, today: dt.date | None = None) -> list[KindCount]:
    """Activities per kind over the last 7 days (today included)."""
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant)
    return _week(participant, today or local_today(participant))


def toolkit_for(*, viewer: Membership, participant: Membership) -> Toolkit:
    """The participant's whole toolkit as their mentor or supervisor sees it: one audit entry."""
    audited_read(viewer, "coping.viewed", participant, extra={"what": "toolkit"})
    today = local_today(participant)
    since = today - dt.timedelta(days=RECENT_DAYS - 1)
    return Toolkit(
        participant=participant,
        strategies=list(CopingStrategy.objects.filter(participant=participant).order_by("position", "id")),
        activities=list(
            Activity.objects.filter(participant=participant, local_date__gte=since).order_by("-local_date", "-id")
        ),
        week=_week(participant, today),
    )
