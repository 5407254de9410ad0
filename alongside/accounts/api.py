from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from alongside.core.exceptions import NotFound
from alongside.organizations.middleware import viewer_of
from alongside.organizations.models import Membership

router = Router(tags=["account"])


class MembershipOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    role: str
    program_id: int | None
    program_name: str | None


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    language: str
    time_zone: str
    active_membership: MembershipOut


def membership_out(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.pk,
        organization_id=m.organization_id,
        organization_name=m.organization.name,
        role=m.role,
        program_id=m.program_id,
        program_name=m.program.name if m.program else None,
    )


def require_viewer(request: HttpRequest) -> Membership:
    viewer = viewer_of(request)
    if viewer is None:
        raise NotFound()
    return viewer


@router.get("/me", response=MeOut, summary="Who I am, and the organization I am acting in")
def me(request: HttpRequest) -> MeOut:
    viewer = require_viewer(request)
    user = viewer.user
    return MeOut(
        id=user.pk,
        email=user.email,
        display_name=user.display_name,
        language=user.language,
        time_zone=user.time_zone,
        active_membership=membership_out(viewer),
    )


class AccessLogEntryOut(Schema):
    occurred_at: datetime
    who: str
    action: str
    reason: str


@router.get("/me/access-log", response=list[AccessLogEntryOut], summary="Who viewed my information")
def my_access_log(request: HttpRequest) -> list[AccessLogEntryOut]:
    from alongside.audit.selectors import views_of_my_information

    viewer = require_viewer(request)
    return [
        AccessLogEntryOut(occurred_at=e.occurred_at, who=e.actor_label, action=e.action, reason=e.reason)
        for e in views_of_my_information(viewer=viewer)[:200]
    ]
