"""The safety inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

from ninja import Field

from alongside.core.schema_types import BodySchema
from alongside.safety.models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, NOTES_MAX_LENGTH, PHONE_MAX_LENGTH, Relationship


class ContactIn(BodySchema):
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)
    relationship: Relationship
    phone: str = Field("", max_length=PHONE_MAX_LENGTH)
    email: str = Field("", max_length=EMAIL_MAX_LENGTH)
    notes: str = Field("", max_length=NOTES_MAX_LENGTH)
    can_call_in_crisis: bool = False
