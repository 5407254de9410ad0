"""The organization API: participants, invitations, matches and the audit log.

Every read goes through ``organizations.selectors`` (which ask the policy), every write
through ``organizations.services``. Anything in another organization is a 404.
"""

import datetime as dt
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from alongside.audit.models import AuditEntry
from alongside.core.edge import idempotent
from alongside.core.schema_types import BodySchema, Id, InputSchema, Pagination
from alongside.organizations import selectors, services
from alongside.organizations.api_refs import (
    PersonRef,
    ProgramRef,
    person_ref,
    program_ref,
    require_viewer,
)
from alongside.organizations.models import Invitation, Match, MatchStatus, Membership, RecoveryPathway, Role

# Participants ---------------------------------------------------------------------------------

participant_router = Router(tags=["participants"])


class _ParticipantBase(Schema):
    id: int
    display_name: str
    program: ProgramRef | None
    current_mentor: PersonRef | None


class ParticipantOut(_ParticipantBase):
    @staticmethod
    def resolve_display_name(obj: Membership) -> str:
        return obj.user.display_name

    @staticmethod
    def resolve_program(obj: Membership) -> ProgramRef | None:
        return program_ref(obj.program)

    @staticmethod
    def resolve_current_mentor(obj: Membership) -> PersonRef | None:
        matches = getattr(obj, "active_matches", [])
        return person_ref(matches[0].mentor) if matches else None


class ParticipantDetailOut(_ParticipantBase):
    is_active: bool
    pathway: RecoveryPathway | None
    recovery_start_date: dt.date | None = Field(description="Only for those in the participant's care.")
    may_view_sensitive: bool = Field(description="Whether you may open check-ins, notes and messages.")
    may_break_glass: bool = Field(description="Whether you may open emergency (break-glass) access.")


@participant_router.get("/participants", response=list[ParticipantOut], summary="Participants whose record I may open")
@paginate(Pagination)
def participant_list(request: HttpRequest) -> QuerySet[Membership]:
    return selectors.participants_for_viewer(viewer=require_viewer(request))


@participant_router.get(
    "/participants/{participant_id}",
    response=ParticipantDetailOut,
    summary="One participant's record (audited as participant.viewed)",
)
def participant_detail(request: HttpRequest, participant_id: int) -> ParticipantDetailOut:
    record = selectors.participant_record(viewer=require_viewer(request), membership_id=participant_id)
    participant, profile = record.participant, record.profile
    return ParticipantDetailOut(
        id=participant.pk,
        display_name=participant.user.display_name,
        program=program_ref(participant.program),
        current_mentor=person_ref(record.current_mentor) if record.current_mentor else None,
        is_active=participant.is_active,
        pathway=RecoveryPathway(profile.pathway) if profile else None,
        recovery_start_date=profile.recovery_start_date if profile and record.may_view_sensitive else None,
        may_view_sensitive=record.may_view_sensitive,
        may_break_glass=record.may_break_glass,
    )


# Invitations ----------------------------------------------------------------------------------

invitation_router = Router(tags=["invitations"])

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class InvitationState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REVOKED = "revoked"
    EXPIRED = "expired"


class InvitationIn(BodySchema):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    role: Role
    display_name: str = Field("", max_length=120)
    program_id: Id | None = None


class InvitationOut(Schema):
    """An invitation. The link's token is emailed to the invitee and never returned."""

    id: int
    email: str
    display_name: str
    role: Role
    program: ProgramRef | None
    state: InvitationState
    created_at: dt.datetime
    expires_at: dt.datetime
    accepted_at: dt.datetime | None
    revoked_at: dt.datetime | None

    # A replayed idempotent response arrives as the stored dict, already resolved.
    @staticmethod
    def resolve_program(obj: Invitation | dict[str, Any]) -> Any:
        return obj["program"] if isinstance(obj, dict) else program_ref(obj.program)


@invitation_router.get("/invitations", response=list[InvitationOut], summary="Invitations to my organization (admins)")
@paginate(Pagination)
def invitation_list(request: HttpRequest) -> QuerySet[Invitation]:
    return selectors.api_invitations_for_admin(viewer=require_viewer(request))


@invitation_router.post(
    "/invitations",
    response={201: InvitationOut},
    summary="Invite someone by email (admins; idempotent)",
)
@idempotent
def invitation_create(request: HttpRequest, payload: InvitationIn) -> InvitationOut:
    viewer = require_viewer(request)
    invitation, _raw_token = services.invitation_create(
        viewer=viewer,
        email=payload.email,
        role=payload.role.value,
        display_name=payload.display_name,
        program_id=payload.program_id,
    )
    return InvitationOut.model_validate(invitation)


@invitation_router.post(
    "/invitations/{invitation_id}/revoke", response=InvitationOut, summary="Revoke a pending invitation (admins)"
)
def invitation_revoke(request: HttpRequest, invitation_id: int) -> InvitationOut:
    viewer = require_viewer(request)
    invitation = selectors.invitation_get(viewer=viewer, invitation_id=invitation_id)
    return InvitationOut.model_validate(services.invitation_revoke(viewer=viewer, invitation=invitation))


# Matches --------------------------------------------------------------------------------------

match_router = Router(tags=["matches"])


class MatchIn(BodySchema):
    mentor_id: Id
    participant_id: Id


class MatchOut(Schema):
    id: int
    status: MatchStatus
    mentor: PersonRef
    participant: PersonRef
    started_at: dt.datetime
    ended_at: dt.datetime | None

    # A replayed idempotent response arrives as the stored dict, already resolved.
    @staticmethod
    def resolve_mentor(obj: Match | dict[str, Any]) -> Any:
        return obj["mentor"] if isinstance(obj, dict) else person_ref(obj.mentor)

    @staticmethod
    def resolve_participant(obj: Match | dict[str, Any]) -> Any:
        return obj["participant"] if isinstance(obj, dict) else person_ref(obj.participant)


class MatchFilter(InputSchema):
    status: MatchStatus | None = None


@match_router.get("/matches", response=list[MatchOut], summary="Matches I manage (supervisors and admins)")
@paginate(Pagination)
def match_list(request: HttpRequest, filters: Query[MatchFilter]) -> QuerySet[Match]:
    status = filters.status.value if filters.status else None
    return selectors.api_matches_for_viewer(viewer=require_viewer(request), status=status)


@match_router.post(
    "/matches",
    response={201: MatchOut},
    summary="Match a mentor with a participant, ending their current match (idempotent)",
)
@idempotent
def match_create(request: HttpRequest, payload: MatchIn) -> MatchOut:
    viewer = require_viewer(request)
    mentor, participant = selectors.api_match_candidates(
        viewer=viewer, mentor_id=payload.mentor_id, participant_id=payload.participant_id
    )
    return MatchOut.model_validate(services.match_create(viewer=viewer, mentor=mentor, participant=participant))


@match_router.post("/matches/{match_id}/end", response=MatchOut, summary="End a match; the mentor loses access at once")
def match_end(request: HttpRequest, match_id: int) -> MatchOut:
    viewer = require_viewer(request)
    match = selectors.match_get(viewer=viewer, match_id=match_id)
    return MatchOut.model_validate(services.match_end(viewer=viewer, match=match))


class ReassignIn(BodySchema):
    mentor_id: Id = Field(description="The peer mentor to move the participant to")
    reason: str = Field(
        min_length=1,
        max_length=services.REASSIGN_REASON_MAX_LENGTH,
        description="Why; kept in the audit log and never sent to the people involved",
    )


@match_router.post(
    "/participants/{participant_id}/reassign",
    response={201: MatchOut},
    summary="Move a participant to another peer mentor: ends the current match and starts the new one (idempotent)",
)
@idempotent
def participant_reassign(request: HttpRequest, participant_id: int, payload: ReassignIn) -> MatchOut:
    viewer = require_viewer(request)
    participant, mentor = selectors.api_reassign_candidates(
        viewer=viewer, participant_id=participant_id, mentor_id=payload.mentor_id
    )
    match = services.match_reassign(viewer=viewer, participant=participant, new_mentor=mentor, reason=payload.reason)
    return MatchOut.model_validate(match)


# Audit log ------------------------------------------------------------------------------------

audit_router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    id: int
    occurred_at: dt.datetime
    action: str
    action_label: str = Field(description="What the action means, in the caller's language")
    outcome: str
    actor_label: str
    target_type: str
    target_id: str
    target_label: str
    subject_id: int | None
    reason: str

    @staticmethod
    def resolve_target_label(entry: AuditEntry) -> str:
        return entry.target_name  # re-made from type and id: an old entry may hold a record's own words


class AuditFilter(InputSchema):
    action_prefix: str = Field("", max_length=64, description="Only actions starting with this, e.g. `consent.`")


@audit_router.get("/audit", response=list[AuditEntryOut], summary="My organization's audit log (admins), newest first")
@paginate(Pagination)
def audit_list(request: HttpRequest, filters: Query[AuditFilter]) -> QuerySet[AuditEntry]:
    return selectors.audit_log_for_organization(viewer=require_viewer(request), action_prefix=filters.action_prefix)
