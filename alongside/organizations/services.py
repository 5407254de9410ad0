"""What can happen to organizations, programs, memberships, matches and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.core.exceptions import Conflict, InvalidInput, NotFound
from alongside.notifications.services import email_enqueue, notify
from alongside.organizations.hooks import mentor_taking_participant_check
from alongside.organizations.locking import participant_lock
from alongside.organizations.models import (
    DEFAULT_CONTACT_EXPECTED_DAYS,
    MAX_CONTACT_EXPECTED_DAYS,
    Invitation,
    Match,
    MatchStatus,
    Membership,
    ParticipantProfile,
    Program,
    Role,
    SettingType,
    validate_time_zone,
)
from alongside.organizations.selectors import current_match

if TYPE_CHECKING:
    from alongside.accounts.models import User


@transaction.atomic
def program_create(
    *,
    viewer: Membership,
    name: str,
    setting_type: str,
    time_zone: str,
    languages: list[str],
    contact_expected_days: int = DEFAULT_CONTACT_EXPECTED_DAYS,
) -> Program:
    """Admins add programs to their organization. Audits ``program.created``."""
    policy.authorize(viewer, policy.ORG_MANAGE_PROGRAMS, viewer.organization)
    errors: dict[str, list[str]] = _contact_expectation_errors(contact_expected_days)
    if not name.strip():
        errors["name"] = [_("Give the program a name.")]
    if setting_type not in SettingType.values:
        errors["setting_type"] = [_("Choose a setting type.")]
    try:
        validate_time_zone(time_zone)
    except ValidationError:
        errors["time_zone"] = [_("Choose a known time zone, for example America/Chicago.")]
    allowed = {code for code, _label in settings.LANGUAGES}
    if not languages or not set(languages) <= allowed:
        errors["languages"] = [_("Choose at least one language.")]
    if errors:
        raise InvalidInput(_("The program could not be saved."), field_errors=errors)
    try:
        with transaction.atomic():
            program = Program.objects.create(
                organization=viewer.organization,
                name=name.strip(),
                setting_type=setting_type,
                time_zone=time_zone,
                languages=sorted(set(languages)),
                contact_expected_days=contact_expected_days,
            )
    except IntegrityError:
        raise InvalidInput(
            _("A program with that name already exists."), field_errors={"name": [_("Already in use.")]}
        ) from None
    log_action("program.created", actor=viewer, target=program)
    return program


def _contact_expectation_errors(days: int) -> dict[str, list[str]]:
    if not 1 <= days <= MAX_CONTACT_EXPECTED_DAYS:
        return {
            "contact_expected_days": [
                _("Choose a number of days from 1 to %(max)s.") % {"max": MAX_CONTACT_EXPECTED_DAYS}
            ]
        }
    return {}


@transaction.atomic
def program_set_contact_expectation(*, viewer: Membership, program: Program, contact_expected_days: int) -> Program:
    """Admins choose after how many days without a contact a participant of this program shows
    on their mentor's "today" list. Audits ``program.contact_expectation_changed``."""
    policy.authorize(viewer, policy.ORG_MANAGE_PROGRAMS, viewer.organization)
    if program.organization_id != viewer.organization_id:
        raise NotFound()
    errors = _contact_expectation_errors(contact_expected_days)
    if errors:
        raise InvalidInput(_("The program could not be saved."), field_errors=errors)
    if program.contact_expected_days != contact_expected_days:
        before = program.contact_expected_days
        program.contact_expected_days = contact_expected_days
        program.save(update_fields=["contact_expected_days"])
        log_action(
            "program.contact_expectation_changed",
            actor=viewer,
            target=program,
            extra={"from": before, "to": contact_expected_days},
        )
    return program


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def invitation_create(
    *,
    viewer: Membership,
    email: str,
    role: str,
    display_name: str = "",
    program_id: int | None = None,
    language: str = "en",
) -> tuple[Invitation, str]:
    """An admin invites someone by email. Returns the invitation and the raw token (emailed, never stored).

    Writes the invitation email to the outbox in the same transaction. Audits ``invitation.created``.
    """
    policy.authorize(viewer, policy.ORG_MANAGE_PEOPLE, viewer.organization)
    email = get_user_model().objects.normalize_email(email)
    errors: dict[str, list[str]] = {}
    if "@" not in email or len(email) > 254:
        errors["email"] = [_("Enter a valid email address.")]
    if role not in Role.values:
        errors["role"] = [_("Choose a role.")]
    program = None
    if program_id is not None:
        program = Program.objects.filter(pk=program_id, organization=viewer.organization).first()
        if program is None:
            errors["program"] = [_("Choose one of your organization's programs.")]
    if Membership.objects.filter(organization=viewer.organization, user__email=email).exists():
        errors["email"] = [_("This person is already a member of your organization.")]
    if errors:
        raise InvalidInput(_("The invitation could not be sent."), field_errors=errors)
    raw = _new_token()
    invitation = Invitation.objects.create(
        organization=viewer.organization,
        program=program,
        email=email,
        display_name=display_name.strip()[:120],
        role=role,
        token_hash=Invitation.hash_token(raw),
        invited_by=viewer,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = settings.SITE_URL + reverse("accounts:accept_invitation", args=[raw])
    role_label = Role(role).label
    email_enqueue(
        to_address=email,
        subject=_("You're invited to join %(org)s on Alongside") % {"org": viewer.organization.name},
        body=_(
            "Hello%(name)s,\n\n%(inviter)s has invited you to join %(org)s on Alongside as: %(role)s.\n\n"
            "Accept the invitation and choose your password here (the link works once and expires in %(days)s days):\n"
            "%(link)s\n\nIf you were not expecting this, you can ignore this email."
        )
        % {
            "name": f" {display_name.strip()}" if display_name.strip() else "",
            "inviter": viewer.user.display_name,
            "org": viewer.organization.name,
            "role": role_label,
            "days": settings.INVITATION_VALID_DAYS,
            "link": link,
        },
    )
    log_action("invitation.created", actor=viewer, target=invitation, extra={"role": role})
    return invitation, raw


def invitation_for_token(*, raw_token: str) -> Invitation:
    """The pending invitation for a token, or NotFound (unknown, used, revoked and expired look alike)."""
    invitation = (
        Invitation.objects.select_related("organization", "program")
        .filter(token_hash=Invitation.hash_token(raw_token))
        .first()
    )
    if invitation is None or invitation.state != "pending":
        raise NotFound(_("This invitation link is not valid any more. Ask your program for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(
    *, raw_token: str, display_name: str, password: str, language: str = "en", existing_user: User | None = None
) -> Membership:
    """Turn a pending invitation into a membership, creating the account if needed. Single use:
    the invitation row is locked, so two simultaneous accepts make one membership."""
    invitation = invitation_for_token(raw_token=raw_token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != "pending":
        raise NotFound(_("This invitation link is not valid any more. Ask your program for a new one."))
    User = get_user_model()  # the accounts app sits above this one and is never imported here
    user = existing_user or User.objects.filter(email=invitation.email).first()
    if user is not None and existing_user is None:
        raise Conflict(_("An account with this email already exists. Log in first, then open the link again."))
    if user is not None and User.objects.normalize_email(user.email) != invitation.email:
        raise NotFound(_("This invitation was sent to a different email address."))
    if user is None:
        errors: dict[str, list[str]] = {}
        if not display_name.strip():
            errors["display_name"] = [_("Tell us what to call you.")]
        candidate = User(email=invitation.email, display_name=display_name.strip())
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
        if language not in {code for code, _l in settings.LANGUAGES}:
            errors["language"] = [_("Choose a language.")]
        if errors:
            raise InvalidInput(_("Please correct the highlighted fields."), field_errors=errors)
        user = User.objects.create_user(
            invitation.email, password, display_name=display_name.strip()[:120], language=language
        )
    membership = Membership.objects.create(
        user=user, organization=invitation.organization, role=invitation.role, program=invitation.program
    )
    if membership.role == Role.PARTICIPANT:
        ParticipantProfile.objects.create(membership=membership)
    invitation.accepted_at = timezone.now()
    invitation.accepted_membership = membership
    invitation.save(update_fields=["accepted_at", "accepted_membership"])
    log_action("invitation.accepted", actor=membership, target=invitation)
    return membership


@transaction.atomic
def invitation_revoke(*, viewer: Membership, invitation: Invitation) -> Invitation:
    policy.authorize(viewer, policy.OBJECT_CHANGE, invitation)
    if invitation.state == "pending":
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log_action("invitation.revoked", actor=viewer, target=invitation)
    return invitation


@transaction.atomic
def match_create(*, viewer: Membership, mentor: Membership, participant: Membership) -> Match:
    """A supervisor or admin matches a mentor with a participant (ending any current match).

    Audits ``match.created`` and tells both people in the app and by email.
    """
    policy.authorize(viewer, policy.ORG_MANAGE_MATCHES, viewer.organization)
    if mentor.organization_id != viewer.organization_id or participant.organization_id != viewer.organization_id:
        raise NotFound()
    if mentor.role != Role.MENTOR or not mentor.is_active:
        raise InvalidInput(
            _("Choose an active peer mentor."), field_errors={"mentor": [_("Not an active peer mentor.")]}
        )
    if participant.role != Role.PARTICIPANT or not participant.is_active:
        raise InvalidInput(
            _("Choose an active participant."), field_errors={"participant": [_("Not an active participant.")]}
        )
    # A supervisor matches only the mentors they support (an admin, any in the organization).
    policy.authorize(viewer, policy.MENTOR_VIEW, mentor)
    participant_lock(participant)  # two first matches at once: one wins, the other sees it
    current = current_match(participant=participant)
    if current is not None and current.mentor_id == mentor.pk:
        return current
    if current is not None:
        # Replacing someone else's match is theirs to decide: the admin, or that mentor's supervisor.
        policy.authorize(viewer, policy.MATCH_MANAGE, current)
    mentor_taking_participant_check(mentor=mentor)  # supervision's caseload cap (organizations.hooks)
    if current is not None:
        _match_end(viewer=viewer, match=current)
        notify(
            recipient=current.mentor.user,
            organization=viewer.organization,
            kind="match.ended",
            title=_("A participant has moved to another mentor"),
            body=_("%(name)s now has another peer mentor. Thank you for walking alongside them.")
            % {"name": participant.user.display_name},
            link=reverse("pages:home"),
        )
    match = Match.objects.create(
        organization=viewer.organization, mentor=mentor, participant=participant, created_by=viewer
    )
    log_action("match.created", actor=viewer, target=match, subject=participant)
    notify(
        recipient=mentor.user,
        organization=viewer.organization,
        kind="match.created",
        title=_("You have been matched with a new participant"),
        body=_("%(name)s is now in your caseload.") % {"name": participant.user.display_name},
        link=reverse("organizations:participant_detail", args=[participant.pk]),
    )
    notify(
        recipient=participant.user,
        organization=viewer.organization,
        kind="match.created",
        title=_("You have a peer mentor"),
        body=_("%(name)s will walk alongside you.") % {"name": mentor.user.display_name},
        link=reverse("pages:home"),
    )
    return match


def _match_end(*, viewer: Membership, match: Match) -> None:
    match.status = MatchStatus.ENDED
    match.ended_at = timezone.now()
    match.save(update_fields=["status", "ended_at"])
    log_action("match.ended", actor=viewer, target=match, subject=match.participant)


@transaction.atomic
def match_end(*, viewer: Membership, match: Match) -> Match:
    """End a match. The mentor loses access at once, on every open session, because every
    access check reads the match table."""
    policy.authorize(viewer, policy.ORG_MANAGE_MATCHES, viewer.organization)
    policy.authorize(viewer, policy.MATCH_MANAGE, match)
    if match.status == MatchStatus.ACTIVE:
        _match_end(viewer=viewer, match=match)
    return match


REASSIGN_REASON_MAX_LENGTH = 1000


@transaction.atomic
def match_reassign(*, viewer: Membership, participant: Membership, new_mentor: Membership, reason: str) -> Match:
    """Move a participant from their current peer mentor to another, in one step.

    A supervisor may move a participant only between mentors they supervise; an admin, between
    any active mentors of the organization. Under the participant's lock the current match ends
    and the new one starts in the same transaction, so the participant is never without a mentor
    or with two, and the previous mentor loses access at once (every access check reads the
    match table). Audits ``match.reassigned`` with the reason, and tells the previous mentor, the
    new mentor and the participant, in general words: the reason is never in a notification.
    """
    # The participant first: someone outside the viewer's reach is "not found", never "not allowed".
    policy.authorize(viewer, policy.PARTICIPANT_VIEW, participant)
    policy.authorize(viewer, policy.ORG_MANAGE_MATCHES, viewer.organization)
    errors: dict[str, list[str]] = {}
    if new_mentor.organization_id != viewer.organization_id:
        raise NotFound()
    if new_mentor.role == Role.MENTOR:
        policy.authorize(viewer, policy.MENTOR_VIEW, new_mentor)  # a supervisor: only their own mentors
    else:
        errors["mentor"] = [_("Not an active peer mentor.")]
    reason = reason.strip()
    if not reason:
        errors["reason"] = [_("Say briefly why this change is being made. It is kept in the audit log.")]
    elif len(reason) > REASSIGN_REASON_MAX_LENGTH:
        errors["reason"] = [_("Keep the reason under %(max)s characters.") % {"max": REASSIGN_REASON_MAX_LENGTH}]
    if not new_mentor.is_active:
        errors["mentor"] = [_("Not an active peer mentor.")]
    if errors:
        raise InvalidInput(_("The participant could not be moved."), field_errors=errors)
    participant_lock(participant)
    current = (
        Match.objects.select_for_update(of=("self",))
        .select_related("mentor__user")
        .filter(participant=participant, status=MatchStatus.ACTIVE)
        .first()
    )
    if current is None:
        raise InvalidInput(
            _("This participant has no peer mentor yet. Match them on the matches page."),
            field_errors={"mentor": [_("There is no current match to move.")]},
        )
    policy.authorize(viewer, policy.MENTOR_VIEW, current.mentor)
    if current.mentor_id == new_mentor.pk:
        raise InvalidInput(
            _("%(name)s is already walking alongside this participant.") % {"name": new_mentor.user.display_name},
            field_errors={"mentor": [_("Choose a different peer mentor.")]},
        )
    mentor_taking_participant_check(mentor=new_mentor)  # supervision's caseload cap (organizations.hooks)
    now = timezone.now()
    current.status = MatchStatus.ENDED
    current.ended_at = now
    current.save(update_fields=["status", "ended_at"])
    match = Match.objects.create(
        organization=viewer.organization,
        mentor=new_mentor,
        participant=participant,
        started_at=now,
        created_by=viewer,
    )
    log_action(
        "match.reassigned",
        actor=viewer,
        target=match,
        subject=participant,
        reason=reason,
        extra={"from_mentor": current.mentor_id, "to_mentor": new_mentor.pk, "ended_match": current.pk},
    )
    names = {"participant": participant.user.display_name, "mentor": new_mentor.user.display_name}
    notify(
        recipient=current.mentor.user,
        organization=viewer.organization,
        kind="match.reassigned",
        title=_("A change in your caseload"),
        body=_(
            "%(participant)s will now be supported by another peer mentor. "
            "Thank you for the time you spent walking alongside them."
        )
        % names,
        link=reverse("pages:home"),
        dedupe_key=f"match.reassigned:{match.pk}:previous",
    )
    notify(
        recipient=new_mentor.user,
        organization=viewer.organization,
        kind="match.reassigned",
        title=_("You have been matched with a new participant"),
        body=_("%(participant)s is now in your caseload.") % names,
        link=reverse("workspace:participant", args=[participant.pk]),
        dedupe_key=f"match.reassigned:{match.pk}:new",
    )
    notify(
        recipient=participant.user,
        organization=viewer.organization,
        kind="match.reassigned",
        title=_("You have a new peer mentor"),
        body=_("%(mentor)s will walk alongside you from now on.") % names,
        link=reverse("pages:home"),
        dedupe_key=f"match.reassigned:{match.pk}:participant",
    )
    return match


@transaction.atomic
def membership_deactivate(*, viewer: Membership, membership: Membership) -> Membership:
    """An admin ends someone's membership. If it was their last active membership, the account is
    deactivated too and every session of theirs ends at once."""
    policy.authorize(viewer, policy.ORG_MANAGE_PEOPLE, viewer.organization)
    if membership.organization_id != viewer.organization_id:
        raise NotFound()
    if membership.pk == viewer.pk:
        raise InvalidInput(_("You cannot deactivate yourself."))
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    Match.objects.filter(status=MatchStatus.ACTIVE).filter(
        **({"mentor": membership} if membership.role == Role.MENTOR else {"participant": membership})
    ).update(status=MatchStatus.ENDED, ended_at=timezone.now())
    user = membership.user
    user.session_generation += 1
    fields = ["session_generation"]
    if not user.memberships.filter(is_active=True).exists():
        user.is_active = False
        fields.append("is_active")
    user.save(update_fields=fields)
    log_action("membership.deactivated", actor=viewer, target=membership)
    return membership


@transaction.atomic
def supervisor_assign(*, viewer: Membership, mentor: Membership, supervisor: Membership | None) -> Membership:
    policy.authorize(viewer, policy.ORG_MANAGE_PEOPLE, viewer.organization)
    if mentor.organization_id != viewer.organization_id or (
        supervisor is not None and supervisor.organization_id != viewer.organization_id
    ):
        raise NotFound()
    if mentor.role != Role.MENTOR:
        raise InvalidInput(_("Only peer mentors have a supervisor."))
    if supervisor is not None and supervisor.role != Role.SUPERVISOR:
        raise InvalidInput(_("Choose a supervisor."), field_errors={"supervisor": [_("Not a supervisor.")]})
    mentor.supervisor = supervisor
    mentor.save(update_fields=["supervisor"])
    log_action(
        "mentor.supervisor_assigned",
        actor=viewer,
        target=mentor,
        extra={"supervisor": supervisor.pk if supervisor else None},
    )
    return mentor


@transaction.atomic
def sharing_explained_acknowledge(*, participant: Membership) -> None:
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    profile, _created = ParticipantProfile.objects.get_or_create(membership=participant)
    if profile.sharing_explained_at is None:
        profile.sharing_explained_at = timezone.now()
        profile.save(update_fields=["sharing_explained_at"])
        log_action("enrollment.sharing_acknowledged", actor=participant, target=participant)


@transaction.atomic
def participant_phone_sharing_set(*, participant: Membership, share: bool) -> ParticipantProfile:
    """The participant lets their matched mentor call or text them at their account's mobile
    number, or stops it (revoking takes effect at once: the number is read when shown).

    The participant themselves only. Sharing needs a mobile number on the account
    (InvalidInput otherwise); stopping always works. Audits ``participant.phone_sharing_changed``
    (never the number) when the setting changes.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    if share and not participant.user.phone_number:
        message = _("Add your mobile number in your settings first, then you can share it with your mentor.")
        raise InvalidInput(message, field_errors={"share": [message]})
    profile, _created = ParticipantProfile.objects.get_or_create(membership=participant)
    if share == (profile.phone_shared_with_mentor_at is not None):
        return profile
    profile.phone_shared_with_mentor_at = timezone.now() if share else None
    profile.save(update_fields=["phone_shared_with_mentor_at"])
    log_action(
        "participant.phone_sharing_changed",
        actor=participant,
        target=participant,
        subject=participant,
        extra={"shared": share},
    )
    return profile
