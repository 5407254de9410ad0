"""The access policy: the one place that answers "may this viewer do this to this object?".

A viewer is always a Membership (one person, one organization, one role). Rules:

- Nothing crosses organizations. An object of another organization is refused exactly as an
  object that does not exist would be (NotFound), so its existence is not revealed.
- A participant owns their record.
- A mentor sees a participant only while they have an active match.
- A supervisor sees the mentors they supervise and those mentors' matched participants.
- An org admin manages the organization (people, programs, invitations, matches, audit) but
  does not read participants' sensitive records (journals, messages, notes, check-ins).
- Break-glass: a supervisor or admin may open a participant's record for a stated reason,
  for a limited time: exactly what the matched mentor reads, never unshared journal entries
  or messages (``BREAK_GLASS_OPENS``). Every read it opens is audited with the reason, and
  the participant is told.
- Inside the organization too, whatever the viewer may not see is refused as if it did not
  exist (NotFound); NotAllowed only for what they may see but not do (``may_see``).

Views, API endpoints and selectors call ``authorize``; none of them decides access itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils import timezone

from alongside.core.exceptions import DomainError, NotAllowed, NotFound
from alongside.organizations.models import Match, MatchStatus, Membership, Organization, Program, Role

if TYPE_CHECKING:
    from alongside.access.models import BreakGlassGrant

E = TypeVar("E", bound=DomainError)

# Actions on a participant (object: the participant's Membership).
PARTICIPANT_VIEW = "participant.view"  # name, program, pathway: the record's existence
PARTICIPANT_VIEW_SENSITIVE = "participant.view_sensitive"  # check-ins, shared journal, notes, messages
PARTICIPANT_MANAGE_OWN = "participant.manage_own"  # consents, settings, their own data
PARTICIPANT_VIEW_ACCESS_LOG = "participant.view_access_log"
PARTICIPANT_BREAK_GLASS = "participant.break_glass"
# The participant's page for those who support them (matched mentor, their supervisor, break-glass),
# never the participant themselves.
PARTICIPANT_VIEW_AS_CARER = "participant.view_as_carer"
# Contact notes a mentor keeps about a participant (object: the participant's Membership).
# Written only by the matched mentor; read by the matched mentor, that mentor's supervisor
# and a break-glass holder — never by the participant themselves in this version (they see
# in their access log who read them), and not by an admin without break-glass.
CONTACT_NOTE_WRITE = "participant.contact_note_write"
CONTACT_NOTE_VIEW = "participant.contact_note_view"
# A participant's alerts (object: the participant's Membership): seeing, acknowledging and
# resolving them belongs to the current matched mentor and that mentor's supervisor only —
# not the participant (it is about them, for the people who respond), not an admin.
# On one alert (object: an alerts.Alert) it also belongs to anyone that alert's escalation told
# as the program's on-call person or an admin: that alert only, never the participant's record.
ALERT_RESPOND = "participant.alert_respond"
# Calling or texting a participant at the number they chose to share (object: the participant's
# Membership): their current matched mentor, and, while a crisis alert about them is not yet
# resolved, a mentor or supervisor that alert's escalation reached. Never an admin, another
# mentor, or anyone else, even when the escalation reached them. Whether the participant shares
# the number at all is their own setting, checked by the selector that shows it.
PARTICIPANT_VIEW_PHONE = "participant.view_phone"
# The alerts page itself (object: the Organization): for those who respond to alerts.
ORG_VIEW_ALERTS = "org.view_alerts"
# Escalation (object: the Organization): the programs' playbooks are set by an admin; the on-call
# rota is seen by staff and kept by supervisors and admins.
ORG_MANAGE_ESCALATION = "org.manage_escalation"
ORG_MANAGE_CRISIS_LINES = "org.manage_crisis_lines"  # the crisis lines shown to participants
ORG_VIEW_ON_CALL = "org.view_on_call"
ORG_MANAGE_ON_CALL = "org.manage_on_call"
# A participant's message thread (object: a messaging.Thread). The people in it are the
# participant, their CURRENT matched mentor, and that mentor's supervisor only once added to
# the thread (the participant sees that). No break-glass and no admin: messages are a private
# conversation. Ending or moving the match moves the thread at once, on open sessions too.
THREAD_READ = "thread.read"
THREAD_WRITE = "thread.write"
THREAD_ADD_SUPERVISOR = "thread.add_supervisor"  # the matched mentor, or their supervisor
# Actions on a mentor (object: the mentor's Membership).
MENTOR_VIEW = "mentor.view"
# Supporting the mentor (object: the mentor's Membership). Wellbeing answers, supervision hours
# and boundary concerns are for the mentor and their own supervisor only — not an admin, not
# another team's supervisor.
MENTOR_OWN_SUPPORT = "mentor.own_support"  # the mentor themself: their wellbeing check, their concerns
MENTOR_VIEW_WELLBEING = "mentor.view_wellbeing"  # the mentor and their supervisor
MENTOR_VIEW_SUPERVISION = "mentor.view_supervision"  # sessions and hours: the mentor and their supervisor
MENTOR_SUPERVISE = "mentor.supervise"  # their supervisor: record sessions, acknowledge concerns
MENTOR_SET_CASELOAD_CAP = "mentor.set_caseload_cap"  # their supervisor, or an admin (no answers seen)
# Recording supervision sessions at all (object: the Organization): supervisors.
ORG_RECORD_SUPERVISION = "org.record_supervision"
# Actions on the organization (object: the Organization).
ORG_VIEW = "org.view"
ORG_MANAGE_PEOPLE = "org.manage_people"  # invitations, deactivation, roles, supervisor links
ORG_MANAGE_PROGRAMS = "org.manage_programs"
ORG_MANAGE_MATCHES = "org.manage_matches"
ORG_VIEW_AUDIT = "org.view_audit"
ORG_USE_API_TOKENS = "org.use_api_tokens"
# One match (object: an organizations.Match): ending it, or replacing it by a rematch or a
# reassignment, belongs to an org admin or to the supervisor of that match's mentor — never to a
# supervisor of another team, who must not even learn the match exists.
MATCH_MANAGE = "match.manage"
ORG_VIEW_OWN_CASELOAD = "org.view_own_caseload"  # a mentor's "today": their own matched participants
ORG_VIEW_TEAM = "org.view_team"  # a supervisor's dashboard: the mentors they supervise
# Actions on objects that belong to one member (tokens, grants, consents, invitations).
OBJECT_VIEW = "object.view"
OBJECT_CHANGE = "object.change"


def _active_match_exists(**filters: Any) -> bool:
    return Match.objects.filter(status=MatchStatus.ACTIVE, **filters).exists()


def is_matched_mentor(viewer: Membership, participant: Membership) -> bool:
    return viewer.role == Role.MENTOR and _active_match_exists(mentor=viewer, participant=participant)


def is_supervisor_of_participant(viewer: Membership, participant: Membership) -> bool:
    return viewer.role == Role.SUPERVISOR and _active_match_exists(
        participant=participant, mentor__supervisor=viewer, mentor__is_active=True
    )


def live_break_glass_grant(viewer: Membership, participant: Membership) -> BreakGlassGrant | None:
    """The viewer's emergency access to this participant, while it lasts (not ended, not expired)."""
    from alongside.access.models import BreakGlassGrant

    return (
        BreakGlassGrant.objects.filter(
            holder=viewer, participant=participant, ended_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def has_break_glass(viewer: Membership, participant: Membership) -> bool:
    return live_break_glass_grant(viewer, participant) is not None


def _reached_for_open_crisis(viewer: Membership, participant: Membership) -> bool:
    """The escalation of a crisis alert about this participant, not yet resolved, told this person."""
    from alongside.alerts.models import OPEN_STATUSES, AlertSeverity, EscalationStep

    return EscalationStep.objects.filter(
        recipient=viewer,
        alert__participant=participant,
        alert__severity=AlertSeverity.CRISIS,
        alert__status__in=OPEN_STATUSES,
    ).exists()


def _org_id(obj: models.Model) -> int | None:
    if isinstance(obj, Organization):
        return obj.pk
    return getattr(obj, "organization_id", None)


# Break-glass (emergency access, for a supervisor or admin, with a reason, for a limited time)
# opens exactly what the participant's matched mentor reads, and nothing more: the record,
# check-ins, timeline, goals, coping toolkit, trends and signals, the journal entries the
# participant shared, the safety plan while it is shared, and contact notes. Never an unshared
# journal entry (the journal shows anyone but its writer only what was shared), never messages
# (the thread rule knows no break-glass: a conversation stays private), never alerts and never
# a write. Every read it opens is audited with the grant's reason (``breakglass.read``).
BREAK_GLASS_OPENS = frozenset(
    {PARTICIPANT_VIEW, PARTICIPANT_VIEW_SENSITIVE, PARTICIPANT_VIEW_AS_CARER, CONTACT_NOTE_VIEW}
)


def _participant_rule(viewer: Membership, action: str, participant: Membership) -> bool:
    return _participant_access(viewer, action, participant)[0]


def _participant_access(
    viewer: Membership, action: str, participant: Membership
) -> tuple[bool, BreakGlassGrant | None]:
    """(allowed, the break-glass grant when it is the only reason it is)."""
    if _participant_rule_in_program(viewer, action, participant):
        return True, None
    if (
        action in BREAK_GLASS_OPENS
        and participant.role == Role.PARTICIPANT
        and participant.pk != viewer.pk
        and viewer.role in {Role.SUPERVISOR, Role.ADMIN}
    ):
        grant = live_break_glass_grant(viewer, participant)
        return grant is not None, grant
    return False, None


def _participant_rule_in_program(viewer: Membership, action: str, participant: Membership) -> bool:
    """Access through the participant's own care in the program: themselves, their matched
    mentor, that mentor's supervisor (an admin: the record's existence only)."""
    if participant.role != Role.PARTICIPANT:
        return False
    is_self = participant.pk == viewer.pk
    if action in {PARTICIPANT_MANAGE_OWN, PARTICIPANT_VIEW_ACCESS_LOG}:
        return is_self
    if action == PARTICIPANT_BREAK_GLASS:
        return viewer.role in {Role.SUPERVISOR, Role.ADMIN} and not is_self and participant.is_active
    if action == CONTACT_NOTE_WRITE:
        return is_matched_mentor(viewer, participant)
    if action == ALERT_RESPOND:
        return is_matched_mentor(viewer, participant) or is_supervisor_of_participant(viewer, participant)
    if action == PARTICIPANT_VIEW_PHONE:
        return is_matched_mentor(viewer, participant) or (
            viewer.role in {Role.MENTOR, Role.SUPERVISOR} and _reached_for_open_crisis(viewer, participant)
        )
    if action == PARTICIPANT_VIEW and viewer.role == Role.ADMIN:
        return True
    in_program_care = (
        is_self or is_matched_mentor(viewer, participant) or is_supervisor_of_participant(viewer, participant)
    )
    if action in {PARTICIPANT_VIEW_SENSITIVE, PARTICIPANT_VIEW}:
        return in_program_care
    if action in {PARTICIPANT_VIEW_AS_CARER, CONTACT_NOTE_VIEW}:
        return in_program_care and not is_self
    return False


def _mentor_support_rule(viewer: Membership, action: str, mentor: Membership) -> bool:
    is_self = mentor.pk == viewer.pk
    is_their_supervisor = viewer.role == Role.SUPERVISOR and mentor.supervisor_id == viewer.pk
    if action == MENTOR_OWN_SUPPORT:
        return is_self
    if action in {MENTOR_VIEW_WELLBEING, MENTOR_VIEW_SUPERVISION}:
        return is_self or is_their_supervisor
    if action == MENTOR_SUPERVISE:
        return is_their_supervisor
    if action == MENTOR_SET_CASELOAD_CAP:
        return is_their_supervisor or viewer.role == Role.ADMIN
    return False


def _mentor_rule(viewer: Membership, action: str, mentor: Membership) -> bool:
    if mentor.role == Role.MENTOR and action != MENTOR_VIEW:
        return _mentor_support_rule(viewer, action, mentor)
    if action != MENTOR_VIEW or mentor.role != Role.MENTOR:
        return False
    return (
        mentor.pk == viewer.pk
        or viewer.role == Role.ADMIN
        or (viewer.role == Role.SUPERVISOR and mentor.supervisor_id == viewer.pk)
    )


_ORG_RULES: dict[str, Callable[[Membership], bool]] = {
    ORG_VIEW: lambda v: True,
    ORG_MANAGE_PEOPLE: lambda v: v.role == Role.ADMIN,
    ORG_MANAGE_PROGRAMS: lambda v: v.role == Role.ADMIN,
    ORG_MANAGE_MATCHES: lambda v: v.role in {Role.ADMIN, Role.SUPERVISOR},
    ORG_VIEW_AUDIT: lambda v: v.role == Role.ADMIN,
    ORG_USE_API_TOKENS: lambda v: True,
    ORG_VIEW_OWN_CASELOAD: lambda v: v.role == Role.MENTOR,
    ORG_VIEW_TEAM: lambda v: v.role == Role.SUPERVISOR,
    ORG_VIEW_ALERTS: lambda v: v.role in {Role.MENTOR, Role.SUPERVISOR},
    ORG_MANAGE_ESCALATION: lambda v: v.role == Role.ADMIN,
    ORG_MANAGE_CRISIS_LINES: lambda v: v.role == Role.ADMIN,
    ORG_VIEW_ON_CALL: lambda v: v.role in {Role.MENTOR, Role.SUPERVISOR, Role.ADMIN},
    ORG_MANAGE_ON_CALL: lambda v: v.role in {Role.SUPERVISOR, Role.ADMIN},
    ORG_RECORD_SUPERVISION: lambda v: v.role == Role.SUPERVISOR,
}


def _owned_object_rule(viewer: Membership, action: str, obj: models.Model) -> bool:
    """Objects that belong to one member: the owner may see and change them; admins may see some."""
    from alongside.access.models import BreakGlassGrant
    from alongside.accounts.models import PersonalAccessToken
    from alongside.consent.models import Consent
    from alongside.organizations.models import Invitation

    if isinstance(obj, PersonalAccessToken):
        return obj.user_id == viewer.user_id
    if isinstance(obj, Consent):
        if obj.participant_id == viewer.pk:
            return True
        return action == OBJECT_VIEW and _participant_rule(viewer, PARTICIPANT_VIEW_SENSITIVE, obj.participant)
    if isinstance(obj, BreakGlassGrant):
        if obj.holder_id == viewer.pk:
            return True
        return action == OBJECT_VIEW and (obj.participant_id == viewer.pk or viewer.role == Role.ADMIN)
    if isinstance(obj, Invitation):
        return viewer.role == Role.ADMIN
    return _supervision_object_rule(viewer, action, obj)


def _supervision_object_rule(viewer: Membership, action: str, obj: models.Model) -> bool:
    """A supervision session: its supervisor, and (to read) the mentors in it. A boundary concern:
    the mentor who reported it (to read) and that mentor's supervisor (to read and acknowledge)."""
    from alongside.supervision.models import BoundaryConcern, SupervisionSession

    if isinstance(obj, SupervisionSession):
        if obj.supervisor_id == viewer.pk:
            return True
        return action == OBJECT_VIEW and obj.attendances.filter(mentor=viewer).exists()
    if isinstance(obj, BoundaryConcern):
        if viewer.role == Role.SUPERVISOR and obj.mentor.supervisor_id == viewer.pk:
            return True
        return action == OBJECT_VIEW and obj.mentor_id == viewer.pk
    return False


def _is_thread(obj: models.Model) -> bool:
    return obj._meta.label_lower == "messaging.thread"


def _thread_rule(viewer: Membership, action: str, thread: Any) -> bool:
    if not _is_thread(thread):
        return False
    participant = thread.participant
    if participant.role != Role.PARTICIPANT or not participant.is_active:
        return False
    if action in {THREAD_READ, THREAD_WRITE}:
        if viewer.pk == participant.pk:
            return True
        if is_matched_mentor(viewer, participant):
            return True
        return thread.supervisor_id == viewer.pk and is_supervisor_of_participant(viewer, participant)
    if action == THREAD_ADD_SUPERVISOR:
        return is_matched_mentor(viewer, participant) or is_supervisor_of_participant(viewer, participant)
    return False


def _is_alert(obj: models.Model) -> bool:
    return obj._meta.label_lower == "alerts.alert"


def is_escalation_recipient(viewer: Membership, alert: Any) -> bool:
    """The alert's escalation told this person about it as the on-call person or an admin (at
    any step so far; the mentor and supervisor steps follow the match instead)."""
    from alongside.alerts.models import STEPS_GRANTING_ACCESS, EscalationStep

    return EscalationStep.objects.filter(alert=alert, recipient=viewer, step__in=STEPS_GRANTING_ACCESS).exists()


def _alert_rule(viewer: Membership, alert: Any) -> bool:
    if _participant_rule(viewer, ALERT_RESPOND, alert.participant):
        return True
    return viewer.role != Role.PARTICIPANT and is_escalation_recipient(viewer, alert)


def can(viewer: Membership | None, action: str, obj: models.Model) -> bool:
    """True when ``viewer`` may do ``action`` to ``obj``. Never raises."""
    return _decide(viewer, action, obj)[0]


def _decide(viewer: Membership | None, action: str, obj: models.Model) -> tuple[bool, BreakGlassGrant | None]:
    """(allowed, the break-glass grant when it is the only reason it is)."""
    if viewer is None or not viewer.is_active or not viewer.user.is_active:
        return False, None
    if _org_id(obj) != viewer.organization_id:
        return False, None
    if isinstance(obj, Membership) and action.startswith("participant."):
        return _participant_access(viewer, action, obj)
    return _other_rule(viewer, action, obj), None


def _other_rule(viewer: Membership, action: str, obj: models.Model) -> bool:
    if isinstance(obj, Organization | Program):
        rule = _ORG_RULES.get(action)
        return bool(rule and rule(viewer))
    if isinstance(obj, Membership):
        return action.startswith("mentor.") and _mentor_rule(viewer, action, obj)
    if action == MATCH_MANAGE and isinstance(obj, Match):
        return viewer.role == Role.ADMIN or (viewer.role == Role.SUPERVISOR and obj.mentor.supervisor_id == viewer.pk)
    if action.startswith("thread."):
        return _thread_rule(viewer, action, obj)
    if action == ALERT_RESPOND and _is_alert(obj):
        return _alert_rule(viewer, obj)
    if action in {OBJECT_VIEW, OBJECT_CHANGE}:
        return _owned_object_rule(viewer, action, obj)
    return False


# A refused action answers 403 ("not allowed") only to someone who may see the object; to
# anyone else the object is answered as missing (404), so no id reveals that it exists. For
# actions on what is inside a participant's record (check-ins, goals, journal entries, contact
# notes, alerts, threads), seeing is the read of that thing, not knowing the participant: an
# admin is told "not found" for a goal's id, a participant for a note about them. Other actions
# fall back to seeing the object itself (``may_see``).
_SENSITIVE = (PARTICIPANT_VIEW_SENSITIVE,)
_THREAD = (THREAD_READ, THREAD_ADD_SUPERVISOR)  # a supervisor is asked to join before reading
_SEEN_THROUGH: dict[str, tuple[str, ...]] = {
    PARTICIPANT_VIEW_SENSITIVE: _SENSITIVE,
    PARTICIPANT_VIEW_AS_CARER: _SENSITIVE,
    PARTICIPANT_MANAGE_OWN: _SENSITIVE,
    PARTICIPANT_VIEW_ACCESS_LOG: _SENSITIVE,
    CONTACT_NOTE_VIEW: (CONTACT_NOTE_VIEW,),
    CONTACT_NOTE_WRITE: (CONTACT_NOTE_VIEW,),
    ALERT_RESPOND: (ALERT_RESPOND,),
    THREAD_READ: _THREAD,
    THREAD_WRITE: _THREAD,
    THREAD_ADD_SUPERVISOR: _THREAD,
}


def may_see(viewer: Membership, action: str, obj: models.Model) -> bool:
    """Whether a viewer refused ``action`` on ``obj`` may still know that ``obj`` exists."""
    if not viewer.is_active or _org_id(obj) != viewer.organization_id:
        return False
    own_membership = isinstance(obj, Membership) and obj.pk == viewer.pk
    seen_through = _SEEN_THROUGH.get(action)
    if seen_through is not None:
        if own_membership and viewer.role != Role.PARTICIPANT:
            return True  # staff asking for a participant's own things on themselves: "not for your role"
        return any(can(viewer, seen, obj) for seen in seen_through)
    if own_membership or isinstance(obj, Organization):
        return True
    if isinstance(obj, Membership) and obj.role == Role.PARTICIPANT:
        return can(viewer, PARTICIPANT_VIEW, obj)
    if isinstance(obj, Membership) and obj.role == Role.MENTOR:
        return can(viewer, MENTOR_VIEW, obj)
    if isinstance(obj, Program):
        return can(viewer, ORG_MANAGE_PROGRAMS, obj)  # programs are seen on the admin's pages only
    return can(viewer, OBJECT_VIEW, obj)


def authorize(viewer: Membership | None, action: str, obj: models.Model) -> None:
    """Raise unless ``viewer`` may do ``action`` to ``obj``.

    NotFound, exactly as for an object that does not exist, when the viewer may not see the
    object (another organization, a participant outside their care, a note, alert or thread
    they do not read: ``may_see``); NotAllowed only when they may see it but not do this.
    Both carry the action and object so the edge can write the refusal to the audit log.
    """
    allowed, grant = _decide(viewer, action, obj)
    if allowed:
        if grant is not None and viewer is not None:
            _audit_break_glass_read(viewer, action, obj, grant)
        return
    visible = viewer is not None and may_see(viewer, action, obj)
    raise refusal(NotAllowed if visible else NotFound, action, obj)


def _audit_break_glass_read(viewer: Membership, action: str, obj: models.Model, grant: BreakGlassGrant) -> None:
    """A read opened only by emergency access: logged with the grant's reason, in the
    participant's own "who viewed my information"."""
    from alongside.audit.services import log_action

    log_action(
        "breakglass.read",
        actor=viewer,
        target=obj,
        subject=grant.participant,
        reason=grant.reason,
        extra={"read": action, "grant": grant.pk},
    )


def refusal(exc_class: type[E], action: str, obj: models.Model) -> E:
    """A refusal that carries what was attempted on what, so the edge can audit it."""
    exc = exc_class()
    exc.audit = {"action": action, "target": obj}
    return exc


def visible_participants(viewer: Membership) -> models.QuerySet[Membership]:
    """Participants whose record the viewer may open, as a queryset scoped to their organization."""
    base = Membership.objects.filter(organization_id=viewer.organization_id, role=Role.PARTICIPANT)
    if not viewer.is_active:
        return base.none()
    if viewer.role == Role.PARTICIPANT:
        return base.filter(pk=viewer.pk)
    if viewer.role == Role.MENTOR:
        return base.filter(participant_matches__mentor=viewer, participant_matches__status=MatchStatus.ACTIVE)
    if viewer.role == Role.SUPERVISOR:
        return base.filter(
            participant_matches__mentor__supervisor=viewer, participant_matches__status=MatchStatus.ACTIVE
        )
    return base  # admin: names and programs only; sensitive reads are checked per object


def visible_mentors(viewer: Membership) -> models.QuerySet[Membership]:
    base = Membership.objects.filter(organization_id=viewer.organization_id, role=Role.MENTOR)
    if viewer.role == Role.ADMIN:
        return base
    if viewer.role == Role.SUPERVISOR:
        return base.filter(supervisor=viewer)
    if viewer.role == Role.MENTOR:
        return base.filter(pk=viewer.pk)
    return base.none()
