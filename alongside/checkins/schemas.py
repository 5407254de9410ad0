"""The checkins inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field

from alongside.checkins.models import NOTE_MAX_LENGTH, Halt
from alongside.checkins.services import CheckInInput
from alongside.core.schema_types import BodySchema


class CheckInIn(BodySchema):
    mood: int = Field(ge=1, le=5, description="1 very low … 5 very good")
    craving: int = Field(ge=0, le=10, description="0 none … 10 strongest")
    sleep_quality: int | None = Field(None, ge=1, le=5)
    halt: list[Halt] = Field(default_factory=list, max_length=4)
    triggers: list[str] = Field(default_factory=list, max_length=20)
    coping: list[str] = Field(default_factory=list, max_length=20)
    used: bool | None = Field(None, description="null: would rather not say")
    substance: str = Field("", max_length=100)
    amount: str = Field("", max_length=100)
    note: str = Field("", max_length=NOTE_MAX_LENGTH)
    wants_outreach: bool = False
    local_date: dt.date | None = Field(
        None, description="The day it is for (default: today in the participant's time zone)"
    )
    made_at: dt.datetime | None = Field(
        None, description="When it was made on the device (for check-ins queued offline)"
    )
    client_id: uuid.UUID | None = Field(
        None, description="Set by the device; a resubmission with the same id is stored once"
    )

    def to_input(self) -> CheckInInput:
        return CheckInInput(**{**self.model_dump(), "halt": [h.value for h in self.halt]})
