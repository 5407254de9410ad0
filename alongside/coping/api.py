"""The coping toolbox over the API: strategies and the activity log."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from alongside.coping.models import (
    Activity,
    CopingStrategy,
)
from alongside.coping.schemas import ActivityIn, StrategyIn
from alongside.coping.selectors import activities_for, strategies_for
from alongside.coping.services import activity_delete, activity_log, strategy_add, strategy_remove
from alongside.core.edge import idempotent
from alongside.organizations.api_refs import require_viewer
from alongside.organizations.views_helpers import get_membership_or_404

router = Router(tags=["coping"])


class StrategyOut(Schema):
    id: int
    text: str
    position: int
    created_at: dt.datetime


class ActivityOut(Schema):
    id: int
    kind: str
    local_date: dt.date
    minutes: int | None
    note: str
    client_id: uuid.UUID
    created_at: dt.datetime


def _strategy_out(strategy: CopingStrategy) -> dict[str, Any]:
    return StrategyOut.model_validate(strategy).model_dump(mode="json")


def _activity_out(activity: Activity) -> dict[str, Any]:
    return ActivityOut.model_validate(activity).model_dump(mode="json")


@router.get("/coping/strategies", response=list[StrategyOut], summary="My coping strategies, in my order")
def strategy_list(request: HttpRequest) -> list[dict[str, Any]]:
    viewer = require_viewer(request)
    return [_strategy_out(s) for s in strategies_for(viewer=viewer, participant=viewer)]


@router.post("/coping/strategies", response={201: StrategyOut}, summary="Add a coping strategy at the end of my list")
@idempotent
def strategy_create(request: HttpRequest, payload: StrategyIn) -> Status[Any]:
    viewer = require_viewer(request)
    return Status(201, _strategy_out(strategy_add(participant=viewer, text=payload.text)))


@router.delete("/coping/strategies/{strategy_id}", response={204: None}, summary="Remove one of my coping strategies")
def strategy_destroy(request: HttpRequest, strategy_id: int) -> Status[None]:
    strategy_remove(participant=require_viewer(request), strategy_id=strategy_id)
    return Status(204, None)


@router.get("/activities", response=list[ActivityOut], summary="My activities of the last 30 days, newest first")
def activity_list(request: HttpRequest) -> list[dict[str, Any]]:
    viewer = require_viewer(request)
    return [_activity_out(a) for a in activities_for(viewer=viewer, participant=viewer)]


@router.post(
    "/activities",
    response={200: ActivityOut, 201: ActivityOut},
    summary="Log an activity (participants; idempotent by client_id or Idempotency-Key)",
)
@idempotent
def activity_create(request: HttpRequest, payload: ActivityIn) -> Status[Any]:
    viewer = require_viewer(request)
    activity, created = activity_log(participant=viewer, **{**payload.model_dump(), "kind": payload.kind.value})
    return Status(201 if created else 200, _activity_out(activity))


@router.delete("/activities/{activity_id}", response={204: None}, summary="Delete one of my activities")
def activity_destroy(request: HttpRequest, activity_id: int) -> Status[None]:
    activity_delete(participant=require_viewer(request), activity_id=activity_id)
    return Status(204, None)


@router.get(
    "/participants/{participant_id}/activities",
    response=list[ActivityOut],
    summary="A participant's activities of the last 30 days (their mentor and supervisor; audited)",
)
def participant_activities(request: HttpRequest, participant_id: int) -> list[dict[str, Any]]:
    viewer = require_viewer(request)
    participant = get_membership_or_404(participant_id)
    return [_activity_out(a) for a in activities_for(viewer=viewer, participant=participant)]
