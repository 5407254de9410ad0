"""The contacts inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field

from alongside.contacts.models import (
    ADDENDUM_MAX_LENGTH,
    AGREED_MAX_LENGTH,
    MAX_DURATION_MINUTES,
    SUMMARY_MAX_LENGTH,
    ContactMode,
    ContactTopic,
)
from alongside.contacts.services import ContactNoteInput
from alongside.core.schema_types import BodySchema


class ContactNoteIn(BodySchema):
    occurred_on: dt.date = Field(description="The day of the contact, in the mentor's calendar (at most 90 days back)")
    duration_minutes: int = Field(ge=1, le=MAX_DURATION_MINUTES)
    mode: ContactMode
    topics: list[ContactTopic] = Field(min_length=1, max_length=len(ContactTopic.values))
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX_LENGTH, description="What happened (encrypted at rest)")
    agreed: str = Field("", max_length=AGREED_MAX_LENGTH, description="What was agreed (encrypted at rest)")
    follow_up_on: dt.date | None = Field(None, description="A reminder for the mentor on this day (>= occurred_on)")
    client_id: uuid.UUID | None = Field(
        None, description="Set by the device; a resubmission with the same id is stored once"
    )

    def to_input(self) -> ContactNoteInput:
        return ContactNoteInput(
            occurred_on=self.occurred_on,
            duration_minutes=self.duration_minutes,
            mode=self.mode.value,
            topics=[t.value for t in self.topics],
            summary=self.summary,
            agreed=self.agreed,
            follow_up_on=self.follow_up_on,
        )


class AddendumIn(BodySchema):
    text: str = Field(min_length=1, max_length=ADDENDUM_MAX_LENGTH)
    client_id: uuid.UUID | None = None
