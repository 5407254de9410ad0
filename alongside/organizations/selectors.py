"""Every read for the organization pages. Each selector starts from the viewer and asks the policy.

Selectors that load one object look it up by id first and then call ``policy.authorize``, so an
object of another organization is refused exactly like a missing one (404), never named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.audit.models import AuditEntry
from alongside.core.exceptions import NotFound
from alongside.notifications.sms import mask_phone_number
from alongside.organizations.models import (
    Invitation,
    Match,
    MatchStatus,
    Membership,
    ParticipantProfile,
    Program,
    Role,
)

_MEMBER_RELATED = ("user", "organization", "program")


def _active_matches() -> Prefetch:  # type: ignore[type-arg]  # Prefetch's generic arguments name the queryset's model, not expressible for this lookup
    return Prefetch(
        "participant_matches",
        queryset=Match.objects.filter(status=MatchStatus.ACTIVE).select_related("mentor__user"),
        to_attr="active_matches",
    )


def current_match(*, participant: Membership) -> Match | None:
    """The participant's active match, with the mentor and their user loaded (the newest, if
    somehow two). No access check: for code that has already authorized what it is doing."""
    return (
        Match.objects.select_related("mentor__user").filter(participant=participant, status=MatchStatus.ACTIVE).first()
    )


def current_mentor(*, participant: Membership) -> Membership | None:
    """The participant's matched mentor now, if that mentor is still active (one query, with
    their user, program and supervisor loaded), or None. No access check, as above."""
    match = (
        Match.objects.select_related("mentor__user", "mentor__program", "mentor__supervisor__user")
        .filter(participant=participant, status=MatchStatus.ACTIVE, mentor__is_active=True)
        .first()
    )
    return match.mentor if match is not None else None


def membership_by_id(membership_id: int) -> Membership:
    """Load a membership by id for a policy check (NotFound if there is none); the policy decides
    what the viewer may see of it."""
    membership = Membership.objects.select_related(*_MEMBER_RELATED).filter(pk=membership_id).first()
    if membership is None:
        raise NotFound()
    return membership


# Participants ---------------------------------------------------------------------------------


def participants_for_viewer(*, viewer: Membership) -> QuerySet[Membership]:
    """Active participants the viewer may open: a mentor's matches, a supervisor's mentors'
    matches, everyone (names and programs only) for an admin, oneself for a participant.
    Each row carries ``active_matches`` (the current mentor, if any)."""
    return (
        policy.visible_participants(viewer)
        .filter(is_active=True)
        .select_related("user", "program")
        .prefetch_related(_active_matches())
        .order_by("user__display_name", "pk")
    )


@dataclass
class ParticipantRecord:
    participant: Membership
    profile: ParticipantProfile | None
    current_mentor: Membership | None
    may_view_sensitive: bool
    may_break_glass: bool


def participant_record(*, viewer: Membership, membership_id: int) -> ParticipantRecord:
    """A participant's record as far as the viewer may see it. Audits ``participant.viewed``."""
    participant = membership_by_id(membership_id)
    policy.authorize(viewer, policy.PARTICIPANT_VIEW, participant)
    sensitive = policy.can(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant)
    match = current_match(participant=participant)
    # Authorized above (PARTICIPANT_VIEW); whether the sensitive parts are shown goes in the entry.
    audited_read(viewer, "participant.viewed", participant, may=None, extra={"sensitive": sensitive}, own_too=True)
    return ParticipantRecord(
        participant=participant,
        profile=ParticipantProfile.objects.filter(membership=participant).first(),
        current_mentor=match.mentor if match else None,
        may_view_sensitive=sensitive,
        may_break_glass=not sensitive and policy.can(viewer, policy.PARTICIPANT_BREAK_GLASS, participant),
    )


def participant_for_break_glass(*, viewer: Membership, membership_id: int) -> Membership:
    """The participant a supervisor or admin is about to open in an emergency (name only)."""
    participant = membership_by_id(membership_id)
    policy.authorize(viewer, policy.PARTICIPANT_BREAK_GLASS, participant)
    return participant


def participant_self(*, viewer: Membership) -> Membership:
    """The viewer's own participant record, for pages about their own data (consent, sharing)."""
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, viewer)
    return viewer


def sharing_explained_at(*, viewer: Membership) -> dt.datetime | None:
    participant = participant_self(viewer=viewer)
    profile = ParticipantProfile.objects.filter(membership=participant).first()
    return profile.sharing_explained_at if profile else None


# People and invitations (admins) --------------------------------------------------------------


def members_for_admin(*, viewer: Membership) -> QuerySet[Membership]:
    policy.authorize(viewer, policy.ORG_MANAGE_PEOPLE, viewer.organization)
    return (
        policy.scope(viewer, policy.MEMBER_MANAGE, Membership)
        .select_related("user", "program", "supervisor__user")
        .order_by("-is_active", "role", "user__display_name", "pk")
    )


def supervisors_for_admin(*, viewer: Membership) -> QuerySet[Membership]:
    return members_for_admin(viewer=viewer).filter(role=Role.SUPERVISOR, is_active=True)


def pending_invitations(*, viewer: Membership) -> QuerySet[Invitation]:
    policy.authorize(viewer, policy.ORG_MANAGE_PEOPLE, viewer.organization)
    return (
        policy.scope(viewer, policy.OBJECT_VIEW, Invitation)
        .filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("program", "invited_by__user")
        .order_by("-created_at")
    )


def invitation_get(*, viewer: Membership, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound()
    policy.authorize(viewer, policy.OBJECT_CHANGE, invitation)
    return invitation


def member_to_manage(*, viewer: Membership, membership_id: int) -> Membership:
    """A membership an admin is about to change (deactivate, assign a supervisor)."""
    membership = membership_by_id(membership_id)
    policy.authorize(viewer, policy.ORG_MANAGE_PEOPLE, membership.organization)
    return membership


# Programs -------------------------------------------------------------------------------------


def programs_for_admin(*, viewer: Membership) -> QuerySet[Program]:
    policy.authorize(viewer, policy.ORG_MANAGE_PROGRAMS, viewer.organization)
    return policy.scope(viewer, policy.ORG_MANAGE_PROGRAMS, Program).order_by("name")


def program_for_admin(*, viewer: Membership, program_id: int) -> Program:
    """One program an admin is about to change (another organization's is NotFound)."""
    program = Program.objects.filter(pk=program_id).first()
    if program is None or program.organization_id != viewer.organization_id:
        raise NotFound()
    policy.authorize(viewer, policy.ORG_MANAGE_PROGRAMS, program)  # anyone but an admin: as if it did not exist
    return program


def programs_of_organization(*, viewer: Membership) -> QuerySet[Program]:
    """Program choices for an invitation (admins only)."""
    policy.authorize(viewer, policy.ORG_MANAGE_PEOPLE, viewer.organization)
    return policy.scope(viewer, policy.ORG_MANAGE_PEOPLE, Program).order_by("name")


# Matches --------------------------------------------------------------------------------------


def active_matches_for_viewer(*, viewer: Membership) -> QuerySet[Match]:
    """Active matches the viewer manages: all of them for an admin, their mentors' for a supervisor."""
    policy.authorize(viewer, policy.ORG_MANAGE_MATCHES, viewer.organization)
    return (
        policy.scope(viewer, policy.MATCH_MANAGE, Match)
        .filter(status=MatchStatus.ACTIVE)
        .select_related("mentor__user", "participant__user", "participant__program")
        .order_by("mentor__user__display_name", "participant__user__display_name")
    )


def matchable_mentors(*, viewer: Membership) -> QuerySet[Membership]:
    policy.authorize(viewer, policy.ORG_MANAGE_MATCHES, viewer.organization)
    return policy.visible_mentors(viewer).filter(is_active=True).select_related("user").order_by("user__display_name")


def matchable_participants(*, viewer: Membership) -> QuerySet[Membership]:
    """Participants the viewer may match: those already visible to them, plus (for a supervisor)
    active participants who have no mentor yet, so new people can be matched. A supervisor is
    not offered participants in another supervisor's care."""
    policy.authorize(viewer, policy.ORG_MANAGE_MATCHES, viewer.organization)
    return (
        policy.scope(viewer, policy.PARTICIPANT_MATCH, Membership)
        .filter(is_active=True)
        .select_related("user")
        .order_by("user__display_name")
    )


def match_get(*, viewer: Membership, match_id: int) -> Match:
    match = (
        Match.objects.select_related("organization", "participant__user", "mentor__user").filter(pk=match_id).first()
    )
    if match is None:
        raise NotFound()
    policy.authorize(viewer, policy.MATCH_MANAGE, match)  # whoever may not manage it may not know it exists
    return match


@dataclass
class Reassignment:
    participant: Membership
    current: Match | None  # None: nobody to move them from yet (match them instead)
    mentors: QuerySet[Membership]  # whom the viewer may move them to


def reassignment_for(*, viewer: Membership, membership_id: int) -> Reassignment:
    """A participant a supervisor or admin is about to move to another peer mentor, with their
    current match and the mentors they may go to: a supervisor's own mentors, or any active
    mentor for an admin. Someone outside the viewer's reach is NotFound."""
    participant = membership_by_id(membership_id)
    policy.authorize(viewer, policy.PARTICIPANT_VIEW, participant)
    policy.authorize(viewer, policy.ORG_MANAGE_MATCHES, viewer.organization)
    current = current_match(participant=participant)
    mentors = matchable_mentors(viewer=viewer)
    if current is not None:
        policy.authorize(viewer, policy.MENTOR_VIEW, current.mentor)
        mentors = mentors.exclude(pk=current.mentor_id)
    return Reassignment(participant=participant, current=current, mentors=mentors)


# For the HTTP API (alongside/organizations/api.py) --------------------------------------------


def api_invitations_for_admin(*, viewer: Membership) -> QuerySet[Invitation]:
    """Every invitation of the viewer's organization in any state, newest first (admins only)."""
    policy.authorize(viewer, policy.ORG_MANAGE_PEOPLE, viewer.organization)
    return policy.scope(viewer, policy.OBJECT_VIEW, Invitation).select_related("program").order_by("-created_at", "-pk")


def api_matches_for_viewer(*, viewer: Membership, status: str | None = None) -> QuerySet[Match]:
    """Matches the viewer manages, current and past: all for an admin, their mentors' for a supervisor."""
    policy.authorize(viewer, policy.ORG_MANAGE_MATCHES, viewer.organization)
    matches = policy.scope(viewer, policy.MATCH_MANAGE, Match)
    if status:
        matches = matches.filter(status=status)
    return matches.select_related("mentor__user", "participant__user").order_by("-started_at", "-pk")


def api_match_candidates(*, viewer: Membership, mentor_id: int, participant_id: int) -> tuple[Membership, Membership]:
    """The mentor and participant a supervisor or admin is about to match, from those they may match.

    Anyone else (another organization's, a supervisor's colleague's, a missing id) is NotFound.
    """
    mentor = matchable_mentors(viewer=viewer).select_related("organization", "program").filter(pk=mentor_id).first()
    participant = (
        matchable_participants(viewer=viewer)
        .select_related("organization", "program")
        .filter(pk=participant_id)
        .first()
    )
    if mentor is None or participant is None:
        raise NotFound()
    return mentor, participant


def api_reassign_candidates(
    *, viewer: Membership, participant_id: int, mentor_id: int
) -> tuple[Membership, Membership]:
    """The participant to move and the mentor to move them to, from those the viewer may reach.

    A participant outside the viewer's care, or a mentor they may not match (another team's,
    another organization's, not a mentor, a missing id), is NotFound.
    """
    participant = membership_by_id(participant_id)
    policy.authorize(viewer, policy.PARTICIPANT_VIEW, participant)
    mentor = matchable_mentors(viewer=viewer).select_related("organization", "program").filter(pk=mentor_id).first()
    if mentor is None:
        raise NotFound()
    return participant, mentor


def audit_log_for_organization(*, viewer: Membership, action_prefix: str = "") -> QuerySet[AuditEntry]:
    """The organization's audit log (its admins), newest first, optionally one family of actions."""
    policy.authorize(viewer, policy.ORG_VIEW_AUDIT, viewer.organization)
    entries = AuditEntry.objects.filter(organization=viewer.organization)
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    return entries.order_by("-occurred_at", "-id")


@dataclass(frozen=True)
class PhoneSharing:
    shared: bool
    masked_phone_number: str  # "•••• 1234", or "" when the account has no mobile number


def phone_sharing_for_participant(*, viewer: Membership) -> PhoneSharing:
    """The participant's own choice to share their number with their mentor (participants only)."""
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, viewer)
    shared = ParticipantProfile.objects.filter(membership=viewer, phone_shared_with_mentor_at__isnull=False).exists()
    return PhoneSharing(shared=shared, masked_phone_number=mask_phone_number(viewer.user.phone_number))
