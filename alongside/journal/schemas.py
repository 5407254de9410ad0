"""The journal inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import uuid

from ninja import Field

from alongside.core.schema_types import BodySchema
from alongside.journal.models import TEXT_MAX_LENGTH, Prompt


class JournalEntryIn(BodySchema):
    text: str = Field(min_length=1, max_length=TEXT_MAX_LENGTH)
    prompt: Prompt | None = Field(None, description="The optional starter this entry answers")
    share: bool = Field(False, description="Share with the assigned mentor right away (default: private)")
    client_id: uuid.UUID | None = Field(
        None, description="Set by the device; a resubmission with the same id is stored once"
    )
