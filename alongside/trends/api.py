"""Trends over the API: the same numbers the charts draw."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from alongside.core.schema_types import InputSchema
from alongside.organizations.api_refs import require_viewer
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import get_membership_or_404
from alongside.trends.selectors import DEFAULT_DAYS, Trends, trends_for

router = Router(tags=["trends"])


class DaysFilter(InputSchema):
    days: int = Field(
        DEFAULT_DAYS,
        description="The period: 7, 30 or 90 days (anything else is refused)",
        json_schema_extra={"enum": [7, 30, 90]},
    )


class PointOut(Schema):
    date: dt.date
    value: int | None = Field(description="null: no check-in (or no answer) that day")


class SeriesOut(Schema):
    metric: str = Field(description="mood (1–5), craving (0–10) or sleep (1–5)")
    low: int
    high: int
    average: float | None
    previous_average: float | None = Field(description="The average over the same number of days before")
    summary: str
    points: list[PointOut]


class TriggerOut(Schema):
    trigger: str
    label: str
    checkins: int
    average_craving_with: float
    average_craving_without: float | None
    difference: float | None


class TrendsOut(Schema):
    days: int
    start: dt.date
    end: dt.date
    checkin_count: int
    series: list[SeriesOut]
    triggers: list[TriggerOut]


def _out(trends: Trends) -> TrendsOut:
    return TrendsOut(
        days=trends.days,
        start=trends.start,
        end=trends.end,
        checkin_count=trends.checkin_count,
        series=[
            SeriesOut(
                metric=s.metric,
                low=s.low,
                high=s.high,
                average=s.average,
                previous_average=s.previous_average,
                summary=s.summary,
                points=[PointOut(date=day, value=value) for day, value in s.points],
            )
            for s in trends.series
        ],
        triggers=[TriggerOut(**vars(t)) for t in trends.triggers],
    )


def _trends(request: HttpRequest, participant: Membership | None, days: int) -> TrendsOut:
    viewer = require_viewer(request)
    return _out(trends_for(viewer=viewer, participant=participant or viewer, days=days))


@router.get("/trends", response=TrendsOut, summary="My mood, craving and sleep over 7, 30 or 90 days")
def my_trends(request: HttpRequest, filters: Query[DaysFilter]) -> TrendsOut:
    return _trends(request, None, filters.days)


@router.get(
    "/participants/{participant_id}/trends",
    response=TrendsOut,
    summary="A participant's trends (their mentor and supervisor; audited)",
)
def participant_trends(request: HttpRequest, participant_id: int, filters: Query[DaysFilter]) -> TrendsOut:
    return _trends(request, get_membership_or_404(participant_id), filters.days)
