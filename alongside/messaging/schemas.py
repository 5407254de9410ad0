"""The messaging inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import uuid

from ninja import Field

from alongside.core.schema_types import BodySchema
from alongside.messaging.models import BODY_MAX_LENGTH


class MessageIn(BodySchema):
    text: str = Field(min_length=1, max_length=BODY_MAX_LENGTH)
    client_id: uuid.UUID | None = Field(
        None, description="Set by the device; a resubmission with the same id is stored once"
    )
