"""Goals over the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from alongside.core.edge import idempotent
from alongside.goals.models import (
    Goal,
    GoalStatus,
)
from alongside.goals.schemas import GoalIn
from alongside.goals.selectors import goal_for_owner, goal_for_viewer, goals_for_participant, step_for_owner
from alongside.goals.services import goal_accept, goal_create, goal_propose, step_toggle
from alongside.organizations.api_refs import PersonRef, person_ref, require_viewer
from alongside.organizations.views_helpers import get_membership_or_404

router = Router(tags=["goals"])


class StepOut(Schema):
    id: int
    order: int
    title: str
    target_date: dt.date | None
    done: bool
    done_at: dt.datetime | None


class GoalOut(Schema):
    id: int
    participant_id: int
    title: str
    description: str
    template_key: str
    status: GoalStatus
    target_date: dt.date | None
    proposed_by: PersonRef | None
    counts_activity: str
    weekly_target: int | None
    progress_percent: int = Field(ge=0, le=100)
    steps: list[StepOut]
    created_at: dt.datetime
    updated_at: dt.datetime
    achieved_at: dt.datetime | None


class GoalEventOut(Schema):
    kind: str
    actor: PersonRef | None
    detail: dict[str, Any]
    occurred_at: dt.datetime


class GoalDetailOut(GoalOut):
    events: list[GoalEventOut]


def _goal_out(goal: Goal) -> GoalOut:
    return GoalOut(
        id=goal.pk,
        participant_id=goal.participant_id,
        title=goal.title,
        description=goal.description,
        template_key=goal.template_key,
        status=GoalStatus(goal.status),
        target_date=goal.target_date,
        proposed_by=person_ref(goal.proposed_by) if goal.proposed_by else None,
        counts_activity=goal.counts_activity,
        weekly_target=goal.weekly_target,
        progress_percent=goal.progress_percent,
        steps=[
            StepOut(id=s.pk, order=s.order, title=s.title, target_date=s.target_date, done=s.is_done, done_at=s.done_at)
            for s in goal.steps.all()
        ],
        created_at=goal.created_at,
        updated_at=goal.updated_at,
        achieved_at=goal.achieved_at,
    )


def _goal_detail_out(goal: Goal) -> GoalDetailOut:
    events = [
        GoalEventOut(
            kind=e.kind, actor=person_ref(e.actor) if e.actor else None, detail=e.detail, occurred_at=e.occurred_at
        )
        for e in goal.events.all()
    ]
    return GoalDetailOut(**_goal_out(goal).model_dump(), events=events)


@router.get("/goals", response=list[GoalOut], summary="My goals")
def my_goals(request: HttpRequest) -> list[GoalOut]:
    viewer = require_viewer(request)
    return [_goal_out(g) for g in goals_for_participant(viewer=viewer, participant=viewer)]


@router.post("/goals", response={201: GoalOut}, summary="Set myself a goal, with steps (participants; idempotent)")
@idempotent
def goal_create_api(request: HttpRequest, payload: GoalIn) -> GoalOut:
    return _goal_out(goal_create(participant=require_viewer(request), data=payload.to_input()))


@router.get(
    "/goals/{goal_id}",
    response=GoalDetailOut,
    summary="A goal with its steps and history (the participant, their mentor and supervisor; audited)",
)
def goal_detail(request: HttpRequest, goal_id: int) -> GoalDetailOut:
    viewer = require_viewer(request)
    return _goal_detail_out(goal_for_viewer(viewer=viewer, goal_id=goal_id))


@router.post(
    "/goals/{goal_id}/steps/{step_id}/toggle",
    response=GoalOut,
    summary="Check a step off, or mark it not done yet (the participant)",
)
def step_toggle_api(request: HttpRequest, goal_id: int, step_id: int) -> GoalOut:
    viewer = require_viewer(request)
    step = step_for_owner(viewer=viewer, step_id=step_id, goal_id=goal_id)
    step_toggle(participant=viewer, step=step)
    return _goal_out(goal_for_owner(viewer=viewer, goal_id=goal_id))


@router.post("/goals/{goal_id}/accept", response=GoalOut, summary="Accept a goal my mentor proposed")
def goal_accept_api(request: HttpRequest, goal_id: int) -> GoalOut:
    viewer = require_viewer(request)
    goal = goal_accept(participant=viewer, goal=goal_for_owner(viewer=viewer, goal_id=goal_id))
    return _goal_out(goal)


@router.get(
    "/participants/{participant_id}/goals",
    response=list[GoalOut],
    summary="A participant's goals (their mentor and supervisor; audited)",
)
def participant_goals(request: HttpRequest, participant_id: int) -> list[GoalOut]:
    viewer = require_viewer(request)
    participant = get_membership_or_404(participant_id)
    return [_goal_out(g) for g in goals_for_participant(viewer=viewer, participant=participant)]


@router.post(
    "/participants/{participant_id}/goals",
    response={201: GoalOut},
    summary="Propose a goal to a participant (their matched mentor; idempotent). It waits for them to accept.",
)
@idempotent
def goal_propose_api(request: HttpRequest, participant_id: int, payload: GoalIn) -> GoalOut:
    viewer = require_viewer(request)
    participant = get_membership_or_404(participant_id)
    return _goal_out(goal_propose(mentor=viewer, participant=participant, data=payload.to_input()))
