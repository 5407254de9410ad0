"""The supervision inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field

from alongside.core.schema_types import BodySchema, Id
from alongside.supervision.models import (
    CASELOAD_CAP_MAX,
    CASELOAD_CAP_MIN,
    CONCERN_MAX_LENGTH,
    FOLLOW_UPS_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_MAX_LENGTH,
    RESPONSE_MAX_LENGTH,
    SCALE_MAX,
    SESSION_MINUTES_MAX,
    SESSION_MINUTES_MIN,
    WELLBEING_NOTE_MAX_LENGTH,
    ConcernKind,
    SessionKind,
    SupervisionTopic,
)


class SupervisionSessionIn(BodySchema):
    kind: SessionKind
    mentor_ids: list[Id] = Field(min_length=1, max_length=100, description="Mentors you supervise")
    occurred_on: dt.date = Field(description="Not in the future")
    duration_minutes: int = Field(ge=SESSION_MINUTES_MIN, le=SESSION_MINUTES_MAX)
    topics: list[SupervisionTopic] = Field(min_length=1, max_length=len(SupervisionTopic.values))
    notes: str = Field(min_length=1, max_length=NOTES_MAX_LENGTH, description="Shared with the mentors in the session")
    follow_ups: str = Field("", max_length=FOLLOW_UPS_MAX_LENGTH)
    follow_up_on: dt.date | None = None
    client_id: uuid.UUID | None = Field(None, description="A resubmission with the same id is stored once")


class MentorWellbeingCheckIn(BodySchema):
    emotional_exhaustion: int = Field(ge=0, le=SCALE_MAX, description="0 not at all drained … 4 completely drained")
    boundary_strain: int = Field(ge=0, le=SCALE_MAX, description="0 easy to keep limits … 4 very hard")
    workload: int = Field(ge=0, le=SCALE_MAX, description="0 light … 4 too much")
    support_felt: int = Field(ge=0, le=SCALE_MAX, description="0 not at all supported … 4 very well supported")
    note: str = Field("", max_length=WELLBEING_NOTE_MAX_LENGTH, description="For my supervisor (optional)")
    client_id: uuid.UUID | None = Field(None, description="A resubmission with the same id is stored once")


class MentorCaseloadCapIn(BodySchema):
    caseload_cap: int = Field(ge=CASELOAD_CAP_MIN, le=CASELOAD_CAP_MAX)
    reason: str = Field(min_length=1, max_length=REASON_MAX_LENGTH, description="Shown to the mentor")


class BoundaryConcernIn(BodySchema):
    kind: ConcernKind
    details: str = Field(min_length=1, max_length=CONCERN_MAX_LENGTH)
    participant_id: Id | None = Field(None, description="Someone in my caseload, if it is about them")
    client_id: uuid.UUID | None = Field(None, description="A resubmission with the same id is stored once")


class BoundaryConcernAcknowledgeIn(BodySchema):
    response: str = Field(min_length=1, max_length=RESPONSE_MAX_LENGTH, description="A note back to the mentor")
