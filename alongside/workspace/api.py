"""The workspace over the API: a mentor's caseload for today and a supervisor's team."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from alongside.caseload.selectors import RowFacts
from alongside.organizations.api_refs import PersonRef, ProgramRef, person_ref, program_ref, require_viewer
from alongside.organizations.models import Match
from alongside.signals.needs import Need
from alongside.workspace import selectors

router = Router(tags=["workspace"])


class ReasonOut(Schema):
    code: str = Field(
        description="crisis, outreach, alert, no_contact, step_overdue, milestone, or an early-warning signal's code"
    )
    weight: int = Field(description="What this reason adds to the score")
    params: dict[str, Any] = Field(description="The numbers behind the reason (what the words are made from)")
    text: str = Field(description="The reason in plain words, in the caller's language")


class NeedOut(Schema):
    participant: PersonRef
    program: ProgramRef | None
    score: int = Field(
        ge=0, description="The sum of the weights of the reasons; higher comes first, after any crisis (crisis_level)"
    )
    reasons: list[ReasonOut]
    last_contact_on: dt.date | None
    days_without_contact: int | None = Field(description="Since the latest contact, or since the match began")
    open_alerts: int = Field(ge=0)
    acknowledged_alerts: int = Field(ge=0, description="Of the open alerts, those someone has acknowledged")
    crisis_level: int = Field(
        ge=0, le=2, description="2: a crisis alert no one has acknowledged; 1: acknowledged, not resolved; 0: none"
    )
    matched_since: dt.datetime
    updated_at: dt.datetime | None = Field(description="When these reasons were computed (null: not yet)")
    updating: bool = Field(description="The worker has still to bring this entry up to date")


class CaseloadEntryOut(NeedOut):
    unread_messages: int = Field(ge=0)


class WeightOut(Schema):
    code: str
    weight: int
    label: str


class CaseloadOut(Schema):
    today: dt.date = Field(description="The mentor's local day")
    participants: list[CaseloadEntryOut] = Field(description="Most in need first")
    weights: list[WeightOut]


class TeamParticipantOut(NeedOut):
    overdue_follow_ups: int = Field(ge=0)


class WellbeingFlagOut(Schema):
    answered_on: dt.date
    reasons: list[str]
    trend: str | None = Field(description="worse, better or steady against the check before; null for a first check")


class TeamMentorOut(Schema):
    mentor: PersonRef
    caseload: int = Field(ge=0)
    cap: int = Field(ge=0)
    needing_attention: int = Field(ge=0)
    overdue_follow_ups: int = Field(ge=0)
    open_alerts: int = Field(ge=0)
    wellbeing_flag: WellbeingFlagOut | None
    participants: list[TeamParticipantOut] = Field(description="Most in need first")


class TeamOut(Schema):
    today: dt.date = Field(description="The supervisor's local day")
    mentors: list[TeamMentorOut]


def _need_fields(need: Need, facts: RowFacts, match: Match) -> dict[str, Any]:
    participant = match.participant
    return {
        "participant": person_ref(participant),
        "program": program_ref(participant.program),
        "score": need.score,
        "reasons": [ReasonOut(code=r.code, weight=r.weight, params=dict(r.params), text=r.text) for r in need.reasons],
        "last_contact_on": facts.last_contact_on,
        "days_without_contact": need.days_without_contact,
        "open_alerts": facts.open_alerts,
        "acknowledged_alerts": facts.acknowledged_alerts,
        "crisis_level": need.crisis_level,
        "matched_since": match.started_at,
        "updated_at": facts.computed_at,
        "updating": facts.updating,
    }


@router.get("/caseload/today", response=CaseloadOut, summary="My caseload, most in need first, with reasons (mentors)")
def caseload_today(request: HttpRequest) -> CaseloadOut:
    caseload = selectors.caseload_today(viewer=require_viewer(request))
    return CaseloadOut(
        today=caseload.today,
        participants=[
            CaseloadEntryOut(**_need_fields(r.need, r.facts, r.match), unread_messages=r.unread_messages)
            for r in caseload.rows
        ],
        weights=[WeightOut(code=w.code, weight=w.weight, label=w.label) for w in caseload.weights],
    )


@router.get(
    "/team", response=TeamOut, summary="My team: mentors, caseloads against caps, who needs attention (supervisors)"
)
def team(request: HttpRequest) -> TeamOut:
    overview = selectors.team_overview(viewer=require_viewer(request))
    return TeamOut(
        today=overview.today,
        mentors=[
            TeamMentorOut(
                mentor=person_ref(m.mentor),
                caseload=m.caseload,
                cap=m.cap,
                needing_attention=len(m.needing_attention),
                overdue_follow_ups=m.overdue_follow_ups,
                open_alerts=m.open_alerts,
                wellbeing_flag=WellbeingFlagOut(
                    answered_on=m.wellbeing.answered_on, reasons=m.wellbeing.reasons, trend=m.wellbeing.trend
                )
                if m.wellbeing
                else None,
                participants=[
                    TeamParticipantOut(
                        **_need_fields(p.need, p.facts, p.match), overdue_follow_ups=p.overdue_follow_ups
                    )
                    for p in m.participants
                ],
            )
            for m in overview.mentors
        ],
    )
