"""The alerts inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

from ninja import Field

from alongside.alerts.models import NOTE_MAX_LENGTH
from alongside.core.schema_types import BodySchema


class ResolveIn(BodySchema):
    note: str = Field(min_length=1, max_length=NOTE_MAX_LENGTH, description="What was done (required)")


class NoteIn(BodySchema):
    text: str = Field(min_length=1, max_length=NOTE_MAX_LENGTH)
