"""The recovery timeline over the API."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from alongside.core.edge import idempotent
from alongside.core.localtime import local_today
from alongside.organizations.api_refs import require_viewer
from alongside.organizations.views_helpers import get_membership_or_404
from alongside.recovery.milestones import Milestone
from alongside.recovery.schemas import SetbackIn, StartIn
from alongside.recovery.selectors import StartSummary, Timeline, start_for_owner, summarize_start, timeline_for
from alongside.recovery.services import recovery_start_create, setback_record

router = Router(tags=["recovery"])


class MilestoneOut(Schema):
    key: str = Field(description="d1 (24 hours), d7 … d90, m6, m9, y1, y2, …")
    label: str
    on: dt.date
    reached: bool
    days_to_go: int


class SetbackOut(Schema):
    id: int
    occurred_on: dt.date
    learned: str
    private_note: str | None = Field(description="Only ever present for the participant themself")


class StartOut(Schema):
    id: int
    pathway: str
    pathway_label: str
    substance: str
    started_on: dt.date
    count_from: str
    shown_days: int = Field(description="The number the participant chose to see")
    total_days: int = Field(description="Every day since the start that was not a setback day")
    current_days: int
    longest_days: int
    milestones_reached: list[MilestoneOut]
    next_milestone: MilestoneOut
    setbacks: list[SetbackOut]


class TimelineOut(Schema):
    participant_id: int
    today: dt.date
    starts: list[StartOut]


def _milestone(m: Milestone) -> MilestoneOut:
    return MilestoneOut(key=m.key, label=m.label, on=m.on, reached=m.reached, days_to_go=m.days_to_go)


def _start_out(s: StartSummary) -> StartOut:
    return StartOut(
        id=s.start.pk,
        pathway=s.start.pathway,
        pathway_label=s.start.get_pathway_display(),
        substance=s.start.substance,
        started_on=s.start.started_on,
        count_from=s.start.count_from,
        shown_days=s.numbers.shown_days,
        total_days=s.numbers.total_days,
        current_days=s.numbers.current_days,
        longest_days=s.numbers.longest_days,
        milestones_reached=[_milestone(m) for m in s.reached],
        next_milestone=_milestone(s.next_up),
        setbacks=[SetbackOut(**vars(b)) for b in s.setbacks],
    )


def _timeline_out(t: Timeline) -> TimelineOut:
    return TimelineOut(participant_id=t.participant.pk, today=t.today, starts=[_start_out(s) for s in t.starts])


@router.get("/recovery", response=TimelineOut, summary="My recovery timeline: days, stretches, milestones")
def my_timeline(request: HttpRequest) -> TimelineOut:
    viewer = require_viewer(request)
    return _timeline_out(timeline_for(viewer=viewer, participant=viewer))


@router.post(
    "/recovery/starts",
    response={201: StartOut},
    summary="Add a start date on a pathway, optionally for one substance (participants; idempotent)",
)
@idempotent
def start_create(request: HttpRequest, payload: StartIn) -> StartOut:
    viewer = require_viewer(request)
    start = recovery_start_create(
        participant=viewer,
        pathway=payload.pathway.value,
        substance=payload.substance,
        started_on=payload.started_on,
        count_from=payload.count_from.value,
    )
    return _start_out(summarize_start(start, today=local_today(viewer), own=True))


@router.post(
    "/recovery/setbacks",
    response={201: StartOut},
    summary="Record a setback on one of my timelines; answers with the timeline (participants; idempotent)",
)
@idempotent
def setback_create(request: HttpRequest, payload: SetbackIn) -> StartOut:
    viewer = require_viewer(request)
    start = start_for_owner(viewer=viewer, start_id=payload.start_id)
    setback_record(
        participant=viewer,
        start=start,
        occurred_on=payload.occurred_on,
        learned=payload.learned,
        private_note=payload.private_note,
        count_from=payload.count_from.value if payload.count_from else None,
    )
    return _start_out(summarize_start(start, today=local_today(viewer), own=True))


@router.get(
    "/participants/{participant_id}/recovery",
    response=TimelineOut,
    summary="A participant's recovery timeline (their mentor and supervisor; audited; no private notes)",
)
def participant_timeline(request: HttpRequest, participant_id: int) -> TimelineOut:
    viewer = require_viewer(request)
    return _timeline_out(timeline_for(viewer=viewer, participant=get_membership_or_404(participant_id)))
