"""Emergency (break-glass) access over the API: time-limited, reasoned, audited, and the participant is told."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from alongside.access.services import break_glass_open
from alongside.core.edge import idempotent
from alongside.core.schema_types import BodySchema
from alongside.organizations.api_refs import require_viewer
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
@idempotent
def break_glass(request: HttpRequest, participant_id: int, payload: BreakGlassIn) -> BreakGlassOut:
    viewer = require_viewer(request)
    participant = participant_for_break_glass(viewer=viewer, membership_id=participant_id)
    grant = break_glass_open(viewer=viewer, participant=participant, reason=payload.reason)
    return BreakGlassOut.model_validate(grant)
