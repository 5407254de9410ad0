"""The coping inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field

from alongside.coping.models import ACTIVITY_MAX_MINUTES, ACTIVITY_NOTE_MAX_LENGTH, STRATEGY_MAX_LENGTH, ActivityKind
from alongside.core.schema_types import BodySchema


class StrategyIn(BodySchema):
    text: str = Field(min_length=1, max_length=STRATEGY_MAX_LENGTH)


class ActivityIn(BodySchema):
    kind: ActivityKind
    local_date: dt.date | None = Field(None, description="The day (default: today in the participant's time zone)")
    minutes: int | None = Field(None, ge=1, le=ACTIVITY_MAX_MINUTES)
    note: str = Field("", max_length=ACTIVITY_NOTE_MAX_LENGTH)
    client_id: uuid.UUID | None = Field(
        None, description="Set by the device; a resubmission with the same id is stored once"
    )
