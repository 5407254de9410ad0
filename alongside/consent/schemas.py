"""The consent inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import datetime as dt

from ninja import Field

from alongside.consent.models import InformationCategory, RecipientType
from alongside.core.schema_types import BodySchema


class ConsentIn(BodySchema):
    """The §2.31 elements the participant supplies; who discloses is their program."""

    recipient_type: RecipientType
    recipient_name: str = Field(min_length=1, max_length=200, description="Who will receive the information.")
    information: list[InformationCategory] = Field(min_length=1, max_length=len(InformationCategory))
    information_detail: str = Field(
        "", max_length=500, description="How much and what kind, in the participant's words."
    )
    purpose: str = Field(min_length=1, max_length=500)
    expires_on: dt.date = Field(description="The last day the consent is in force (at most five years ahead).")
    signature_name: str = Field(min_length=1, max_length=200, description="The participant's name as on their account.")


class ConsentRevokeIn(BodySchema):
    reason: str = Field("", max_length=500)
