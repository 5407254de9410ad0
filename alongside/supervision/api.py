"""Supervision over the API: sessions, the mentor's own wellbeing checks, a supervisor's view of a
mentor's wellbeing, caseload caps and boundary concerns. Access is the policy's, as on the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from alongside.core.edge import idempotent
from alongside.core.schema_types import InputSchema, Offset
from alongside.organizations.api_refs import PersonRef, person_ref, require_viewer
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import get_membership_or_404
from alongside.supervision import selectors, services
from alongside.supervision.models import (
    STRAIN_MAX,
    BoundaryConcern,
    ConcernKind,
    ConcernStatus,
    SessionKind,
    SupervisionSession,
    SupervisionTopic,
    WellbeingCheck,
)
from alongside.supervision.schemas import (
    BoundaryConcernAcknowledgeIn,
    BoundaryConcernIn,
    MentorCaseloadCapIn,
    MentorWellbeingCheckIn,
    SupervisionSessionIn,
)

router = Router(tags=["supervision"])


class SupervisionPageFilter(InputSchema):
    limit: int = Field(50, ge=1, le=200)
    offset: Offset = 0


def _person(membership: Membership | None) -> dict[str, Any] | None:
    return person_ref(membership).model_dump() if membership is not None else None


# Supervision sessions --------------------------------------------------------------------------


class SupervisionSessionOut(Schema):
    id: int
    kind: SessionKind
    supervisor: PersonRef
    mentors: list[PersonRef]
    occurred_on: dt.date
    duration_minutes: int
    topics: list[SupervisionTopic]
    notes: str
    follow_ups: str
    follow_up_on: dt.date | None
    client_id: uuid.UUID
    created_at: dt.datetime


def _session_out(session: SupervisionSession) -> dict[str, Any]:
    return SupervisionSessionOut(
        id=session.pk,
        kind=SessionKind(session.kind),
        supervisor=person_ref(session.supervisor),
        mentors=[person_ref(m) for m in session.mentors.all()],
        occurred_on=session.occurred_on,
        duration_minutes=session.duration_minutes,
        topics=[SupervisionTopic(t) for t in session.topics],
        notes=session.notes,
        follow_ups=session.follow_ups,
        follow_up_on=session.follow_up_on,
        client_id=session.client_id,
        created_at=session.created_at,
    ).model_dump(mode="json")


@router.get(
    "/supervision/sessions",
    response=list[SupervisionSessionOut],
    summary="Supervision sessions I recorded (supervisors) or took part in (mentors), newest first",
)
def session_list(request: HttpRequest, filters: Query[SupervisionPageFilter]) -> list[dict[str, Any]]:
    sessions = selectors.sessions_for_viewer(viewer=require_viewer(request))
    return [_session_out(s) for s in sessions[filters.offset : filters.offset + filters.limit]]


@router.post(
    "/supervision/sessions",
    response={200: SupervisionSessionOut, 201: SupervisionSessionOut},
    summary="Record a supervision session with mentors I supervise (supervisors; idempotent)",
)
@idempotent
def session_create(request: HttpRequest, payload: SupervisionSessionIn) -> Status[Any]:
    viewer = require_viewer(request)
    session, created = services.supervision_session_record(
        supervisor=viewer,
        kind=payload.kind.value,
        mentor_ids=payload.mentor_ids,
        occurred_on=payload.occurred_on,
        duration_minutes=payload.duration_minutes,
        topics=[t.value for t in payload.topics],
        notes=payload.notes,
        follow_ups=payload.follow_ups,
        follow_up_on=payload.follow_up_on,
        client_id=payload.client_id,
    )
    return Status(201 if created else 200, _session_out(session))


@router.get(
    "/supervision/sessions/{session_id}",
    response=SupervisionSessionOut,
    summary="One supervision session, notes included (its supervisor and the mentors in it)",
)
def session_detail(request: HttpRequest, session_id: int) -> dict[str, Any]:
    return _session_out(selectors.session_for_viewer(viewer=require_viewer(request), session_id=session_id))


# Wellbeing -------------------------------------------------------------------------------------


class MentorWellbeingCheckOut(Schema):
    id: int
    answered_on: dt.date
    emotional_exhaustion: int
    boundary_strain: int
    workload: int
    support_felt: int
    strain_score: int = Field(description=f"0 … {STRAIN_MAX}: the four answers, support counted the other way")
    note: str
    client_id: uuid.UUID
    created_at: dt.datetime


def _check_out(check: WellbeingCheck) -> dict[str, Any]:
    return MentorWellbeingCheckOut(
        id=check.pk,
        answered_on=check.answered_on,
        emotional_exhaustion=check.emotional_exhaustion,
        boundary_strain=check.boundary_strain,
        workload=check.workload,
        support_felt=check.support_felt,
        strain_score=check.strain_score,
        note=check.note,
        client_id=check.client_id,
        created_at=check.created_at,
    ).model_dump(mode="json")


class MentorWellbeingFlagOut(Schema):
    answered_on: dt.date
    latest_score: int
    previous_score: int | None
    trend: str | None = Field(description='"worse", "better", "steady", or null for a first check')
    reasons: list[str]


class MentorWellbeingOut(Schema):
    mentor: PersonRef
    interval_days: int
    due_on: dt.date
    is_due: bool
    flag: MentorWellbeingFlagOut | None
    checks: list[MentorWellbeingCheckOut] = Field(description="The most recent checks, newest first")


@router.get("/wellbeing/checks", response=list[MentorWellbeingCheckOut], summary="My wellbeing self-checks (mentors)")
def wellbeing_list(request: HttpRequest, filters: Query[SupervisionPageFilter]) -> list[dict[str, Any]]:
    checks = selectors.own_wellbeing_checks(mentor=require_viewer(request))
    return [_check_out(c) for c in checks[filters.offset : filters.offset + filters.limit]]


@router.post(
    "/wellbeing/checks",
    response={200: MentorWellbeingCheckOut, 201: MentorWellbeingCheckOut},
    summary="Answer my wellbeing self-check (mentors; only I and my supervisor see it; idempotent)",
)
@idempotent
def wellbeing_create(request: HttpRequest, payload: MentorWellbeingCheckIn) -> Status[Any]:
    viewer = require_viewer(request)
    check, created = services.wellbeing_check_record(mentor=viewer, **payload.model_dump())
    return Status(201 if created else 200, _check_out(check))


@router.get(
    "/mentors/{mentor_id}/wellbeing",
    response=MentorWellbeingOut,
    summary="A mentor's wellbeing answers, trend and flag (the mentor and their supervisor only; audited)",
)
def mentor_wellbeing(request: HttpRequest, mentor_id: int) -> MentorWellbeingOut:
    viewer = require_viewer(request)
    overview = selectors.wellbeing_overview(viewer=viewer, mentor=get_membership_or_404(mentor_id))
    flag = overview.flag
    return MentorWellbeingOut(
        mentor=person_ref(overview.mentor),
        interval_days=overview.interval_days,
        due_on=overview.due_on,
        is_due=overview.is_due,
        flag=MentorWellbeingFlagOut(
            answered_on=flag.answered_on,
            latest_score=flag.latest_score,
            previous_score=flag.previous_score,
            trend=flag.trend,
            reasons=flag.reasons,
        )
        if flag
        else None,
        checks=[MentorWellbeingCheckOut(**_check_out(c)) for c in overview.checks],
    )


# Caseload cap ----------------------------------------------------------------------------------


class MentorCaseloadCapOut(Schema):
    mentor: PersonRef
    caseload_cap: int
    caseload_size: int = Field(description="Active matches now")
    wellbeing_interval_days: int


@router.put(
    "/mentors/{mentor_id}/caseload-cap",
    response=MentorCaseloadCapOut,
    summary="Set a mentor's caseload cap, with a reason (their supervisor or an admin; the mentor is told)",
)
def caseload_cap_set(request: HttpRequest, mentor_id: int, payload: MentorCaseloadCapIn) -> MentorCaseloadCapOut:
    viewer = require_viewer(request)
    mentor = selectors.mentor_for_support_change(viewer=viewer, mentor_id=mentor_id)
    row = services.caseload_cap_set(
        viewer=viewer, mentor=mentor, caseload_cap=payload.caseload_cap, reason=payload.reason
    )
    return MentorCaseloadCapOut(
        mentor=person_ref(mentor),
        caseload_cap=row.caseload_cap,
        caseload_size=selectors.caseload_sizes(mentor_ids=[mentor.pk])[mentor.pk],
        wellbeing_interval_days=row.wellbeing_interval_days,
    )


# Boundary concerns -----------------------------------------------------------------------------


class BoundaryConcernOut(Schema):
    id: int
    mentor: PersonRef
    participant: PersonRef | None
    kind: ConcernKind
    details: str
    status: ConcernStatus
    response: str
    acknowledged_by: PersonRef | None
    acknowledged_at: dt.datetime | None
    client_id: uuid.UUID
    created_at: dt.datetime


def _concern_out(concern: BoundaryConcern) -> dict[str, Any]:
    return {
        "id": concern.pk,
        "mentor": _person(concern.mentor),
        "participant": _person(concern.participant),
        "kind": concern.kind,
        "details": concern.details,
        "status": concern.status,
        "response": concern.response,
        "acknowledged_by": _person(concern.acknowledged_by),
        "acknowledged_at": concern.acknowledged_at.isoformat() if concern.acknowledged_at else None,
        "client_id": str(concern.client_id),
        "created_at": concern.created_at.isoformat(),
    }


@router.get(
    "/boundary-concerns",
    response=list[BoundaryConcernOut],
    summary="Boundary concerns: my own (mentors) or my mentors' (supervisors); open first",
)
def concern_list(request: HttpRequest, filters: Query[SupervisionPageFilter]) -> list[dict[str, Any]]:
    concerns = selectors.concerns_for_viewer(viewer=require_viewer(request))
    return [_concern_out(c) for c in concerns[filters.offset : filters.offset + filters.limit]]


@router.post(
    "/boundary-concerns",
    response={200: BoundaryConcernOut, 201: BoundaryConcernOut},
    summary="Tell my supervisor about a boundary concern (mentors; idempotent)",
)
@idempotent
def concern_create(request: HttpRequest, payload: BoundaryConcernIn) -> Status[Any]:
    viewer = require_viewer(request)
    concern, created = services.boundary_concern_report(
        mentor=viewer,
        kind=payload.kind.value,
        details=payload.details,
        participant_id=payload.participant_id,
        client_id=payload.client_id,
    )
    return Status(201 if created else 200, _concern_out(concern))


@router.post(
    "/boundary-concerns/{concern_id}/acknowledge",
    response=BoundaryConcernOut,
    summary="Acknowledge a mentor's boundary concern with a note (their supervisor)",
)
def concern_acknowledge(request: HttpRequest, concern_id: int, payload: BoundaryConcernAcknowledgeIn) -> dict[str, Any]:
    viewer = require_viewer(request)
    concern = selectors.concern_for_viewer(viewer=viewer, concern_id=concern_id)
    return _concern_out(
        services.boundary_concern_acknowledge(viewer=viewer, concern=concern, response=payload.response)
    )
