"""The recovery inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import datetime as dt

from ninja import Field

from alongside.core.schema_types import BodySchema, Id
from alongside.organizations.models import RecoveryPathway
from alongside.recovery.models import SETBACK_TEXT_MAX_LENGTH, SUBSTANCE_MAX_LENGTH, CountFrom


class StartIn(BodySchema):
    pathway: RecoveryPathway
    substance: str = Field("", max_length=SUBSTANCE_MAX_LENGTH)
    started_on: dt.date
    count_from: CountFrom = CountFrom.START


class SetbackIn(BodySchema):
    start_id: Id
    occurred_on: dt.date
    learned: str = Field("", max_length=SETBACK_TEXT_MAX_LENGTH)
    private_note: str = Field("", max_length=SETBACK_TEXT_MAX_LENGTH, description="Seen only by the participant")
    count_from: CountFrom | None = Field(None, description="Optionally change which number is shown")
