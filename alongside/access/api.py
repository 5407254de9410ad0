"""Emergency (break-glass) access over the API: time-limited, reasoned, audited, and the participant is told."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from alongside.access.services import break_glass_open
from alongside.accounts.api import idempotency_key_header, idempotent_create, require_viewer
from alongside.core.schema_types import BodySchema
from alongside.organizations.selectors import participant_for_break_glass

router = Router(tags=["emergency access"])


class BreakGlassIn(BodySchema):
    reason: str = Field(
        min_length=1,
        max_length=1000,
        description="Why you need emergency access (at least 15 characters); the participant sees it.",
    )


class BreakGlassOut(Schema):
    """The grant. Its reason is stored encrypted and is not echoed back."""

    id: int
    participant_id: int
    created_at: dt.datetime
    expires_at: dt.datetime


@router.post(
    "/participants/{participant_id}/break-glass",
    response={201: BreakGlassOut},
    summary="Open a participant's record in an emergency (supervisors and admins; idempotent)",
)
def break_glass(
    request: HttpRequest,
    participant_id: int,
    payload: BreakGlassIn,
    idempotency_key: str | None = idempotency_key_header(),
) -> Status[Any]:
    viewer = require_viewer(request)

    def create() -> BreakGlassOut:
        participant = participant_for_break_glass(viewer=viewer, membership_id=participant_id)
        grant = break_glass_open(viewer=viewer, participant=participant, reason=payload.reason)
        return BreakGlassOut.model_validate(grant)

    return idempotent_create(request, payload=payload, create=create)
