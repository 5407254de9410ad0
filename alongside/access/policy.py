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

Views, API endpoints and selectors call ``authorize`` for one object and ``scope`` for a list;
none of them decides access itself. The rules live in a registry (``alongside/access/registry.py``):
each app declares, in its own ``access_rules.py``, for a model and its actions, the object rule and
the scope side by side, built from the shared predicates below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from alongside.access.registry import (
    NOTHING,
    Condition,
    field_equals,
    field_is_viewer,
    organization_of,
    registry,
    viewer_may_act,
    viewer_role,
)
from alongside.access.registry import (
    scope as scope,
)
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
# the number at all is their own setting, checked by the selector that shows it. The rule is
# declared by alerts (``alerts/access_rules.py``): it reads the alert's escalation.
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


# Whose names a viewer's lists show (object: the participant's Membership): the participants in
# their care in the program, and for an admin every participant (names and programs only). Never
# through break-glass: emergency access opens one record, it does not put anyone on a list.
PARTICIPANT_LIST = "participant.list"
# Matching a participant with a mentor (object: the participant's Membership): an admin, any
# participant; a supervisor, those in their team's care and those nobody is matched with yet
# (never someone in another supervisor's care).
PARTICIPANT_MATCH = "participant.match"
# Managing a member (object: any Membership): the organization's admins.
MEMBER_MANAGE = "member.manage"
# Putting a member on a program's on-call rota (object: their Membership): a supervisor or an
# admin, for a mentor or a supervisor.
MEMBER_PUT_ON_CALL = "member.put_on_call"


def _active_match_exists(**filters: Any) -> bool:
    return Match.objects.filter(status=MatchStatus.ACTIVE, **filters).exists()


def _active_matches(**filters: Any) -> models.QuerySet[Match]:
    return Match.objects.filter(status=MatchStatus.ACTIVE, **filters)


# The shared predicates, each written once as a test on one participant and as a Q on many
# (``registry.Condition``). Every rule below and in the apps' ``access_rules.py`` is built
# from these; ``test_rule_agreement`` proves the two halves agree.


def is_matched_mentor(viewer: Membership, participant: Membership) -> bool:
    return viewer.role == Role.MENTOR and _active_match_exists(mentor=viewer, participant=participant)


def is_supervisor_of_participant(viewer: Membership, participant: Membership) -> bool:
    return viewer.role == Role.SUPERVISOR and _active_match_exists(
        participant=participant, mentor__supervisor=viewer, mentor__is_active=True
    )


def live_break_glass_grant(viewer: Membership, participant: Membership) -> BreakGlassGrant | None:
    """The viewer's emergency access to this participant, while it lasts (not ended, not expired)."""
    return _live_grants(viewer).filter(participant=participant).order_by("-created_at").first()


def _live_grants(viewer: Membership) -> models.QuerySet[BreakGlassGrant]:
    from alongside.access.models import BreakGlassGrant

    return BreakGlassGrant.objects.filter(holder=viewer, ended_at__isnull=True, expires_at__gt=timezone.now())


def has_break_glass(viewer: Membership, participant: Membership) -> bool:
    return live_break_glass_grant(viewer, participant) is not None


SELF = Condition(lambda v, o: o.pk == v.pk, lambda v: Q(pk=v.pk), "self")
IS_PARTICIPANT = field_equals("role", Role.PARTICIPANT)
IS_MENTOR = field_equals("role", Role.MENTOR)
IS_ACTIVE = field_equals("is_active", True)
MATCHED_MENTOR = Condition(
    is_matched_mentor,
    lambda v: Q(pk__in=_active_matches(mentor=v).values("participant_id")) if v.role == Role.MENTOR else NOTHING,
    "matched mentor",
)
SUPERVISOR_OF_PARTICIPANT = Condition(
    is_supervisor_of_participant,
    lambda v: (
        Q(pk__in=_active_matches(mentor__supervisor=v, mentor__is_active=True).values("participant_id"))
        if v.role == Role.SUPERVISOR
        else NOTHING
    ),
    "supervisor of the matched mentor",
)
HOLDS_BREAK_GLASS = Condition(
    has_break_glass, lambda v: Q(pk__in=_live_grants(v).values("participant_id")), "holds break-glass"
)
UNMATCHED = Condition(
    lambda v, o: not _active_match_exists(participant=o),
    lambda v: ~Q(pk__in=_active_matches().values("participant_id")),
    "matched with nobody",
)
MATCHABLE_BY_SUPERVISOR = viewer_role(Role.SUPERVISOR) & (SUPERVISOR_OF_PARTICIPANT | UNMATCHED)
SUPERVISES_MENTOR = viewer_role(Role.SUPERVISOR) & field_is_viewer("supervisor")
IN_CARE = SELF | MATCHED_MENTOR | SUPERVISOR_OF_PARTICIPANT
CARES_FOR = MATCHED_MENTOR | SUPERVISOR_OF_PARTICIPANT

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
BREAK_GLASS = IS_PARTICIPANT & viewer_role(Role.SUPERVISOR, Role.ADMIN) & ~SELF & HOLDS_BREAK_GLASS

# Access to a participant through their own care in the program: themselves, their matched
# mentor, that mentor's supervisor (an admin: the record's existence only).
PARTICIPANT_IN_PROGRAM: dict[str, Condition] = {
    PARTICIPANT_MANAGE_OWN: SELF,
    PARTICIPANT_VIEW_ACCESS_LOG: SELF,
    PARTICIPANT_BREAK_GLASS: viewer_role(Role.SUPERVISOR, Role.ADMIN) & ~SELF & IS_ACTIVE,
    CONTACT_NOTE_WRITE: MATCHED_MENTOR,
    ALERT_RESPOND: CARES_FOR,
    PARTICIPANT_VIEW: viewer_role(Role.ADMIN) | IN_CARE,
    PARTICIPANT_LIST: viewer_role(Role.ADMIN) | IN_CARE,
    PARTICIPANT_MATCH: viewer_role(Role.ADMIN) | MATCHABLE_BY_SUPERVISOR,
    PARTICIPANT_VIEW_SENSITIVE: IN_CARE,
    PARTICIPANT_VIEW_AS_CARER: CARES_FOR & ~SELF,
    CONTACT_NOTE_VIEW: CARES_FOR & ~SELF,
}


def participant_condition(action: str) -> Condition:
    """The whole rule for ``action`` on a participant's Membership, break-glass included."""
    rule = IS_PARTICIPANT & PARTICIPANT_IN_PROGRAM[action]
    return rule | BREAK_GLASS if action in BREAK_GLASS_OPENS else rule


# The mentor's own support (wellbeing, supervision, concerns) is for the mentor and their own
# supervisor only; an admin sees the mentor and may set a caseload cap, never the answers.
MENTOR_RULES: dict[str, Condition] = {
    MENTOR_VIEW: SELF | viewer_role(Role.ADMIN) | SUPERVISES_MENTOR,
    MENTOR_OWN_SUPPORT: SELF,
    MENTOR_VIEW_WELLBEING: SELF | SUPERVISES_MENTOR,
    MENTOR_VIEW_SUPERVISION: SELF | SUPERVISES_MENTOR,
    MENTOR_SUPERVISE: SUPERVISES_MENTOR,
    MENTOR_SET_CASELOAD_CAP: SUPERVISES_MENTOR | viewer_role(Role.ADMIN),
}

# Actions on the organization (and its programs): by role only.
ORG_RULES: dict[str, Condition] = {
    ORG_VIEW: viewer_role(*Role.values),
    ORG_MANAGE_PEOPLE: viewer_role(Role.ADMIN),
    ORG_MANAGE_PROGRAMS: viewer_role(Role.ADMIN),
    ORG_MANAGE_MATCHES: viewer_role(Role.ADMIN, Role.SUPERVISOR),
    ORG_VIEW_AUDIT: viewer_role(Role.ADMIN),
    ORG_USE_API_TOKENS: viewer_role(*Role.values),
    ORG_VIEW_OWN_CASELOAD: viewer_role(Role.MENTOR),
    ORG_VIEW_TEAM: viewer_role(Role.SUPERVISOR),
    ORG_VIEW_ALERTS: viewer_role(Role.MENTOR, Role.SUPERVISOR),
    ORG_MANAGE_ESCALATION: viewer_role(Role.ADMIN),
    ORG_MANAGE_CRISIS_LINES: viewer_role(Role.ADMIN),
    ORG_VIEW_ON_CALL: viewer_role(Role.MENTOR, Role.SUPERVISOR, Role.ADMIN),
    ORG_MANAGE_ON_CALL: viewer_role(Role.SUPERVISOR, Role.ADMIN),
    ORG_RECORD_SUPERVISION: viewer_role(Role.SUPERVISOR),
}


def record_rule(
    model: type[models.Model], *, action: str = PARTICIPANT_VIEW_SENSITIVE, readable: Condition | None = None
) -> None:
    """Register the default rule for a record owned by one participant (``ParticipantOwned``):
    whoever may ``action`` the participant may ``action`` the record (the participant themself,
    the matched mentor, that mentor's supervisor, break-glass as ``BREAK_GLASS_OPENS`` says).
    ``readable`` narrows what anyone but the participant sees (a journal: only what was shared)."""
    from alongside.organizations.models import Membership

    in_program = (IS_PARTICIPANT & PARTICIPANT_IN_PROGRAM[action]).via("participant", Membership)
    break_glass = BREAK_GLASS.via("participant", Membership) if action in BREAK_GLASS_OPENS else None
    if readable is not None:
        owner = field_is_viewer("participant")
        in_program = owner | (readable & in_program)
        break_glass = readable & break_glass if break_glass is not None else None
    registry.register(model, action, in_program, break_glass=break_glass, subject=lambda o: o.participant)


def can(viewer: Membership | None, action: str, obj: models.Model) -> bool:
    """True when ``viewer`` may do ``action`` to ``obj``. Never raises."""
    return _decide(viewer, action, obj)[0]


def _decide(viewer: Membership | None, action: str, obj: models.Model) -> tuple[bool, BreakGlassGrant | None]:
    """(allowed, the break-glass grant when it is the only reason it is), through the registry."""
    rule = registry.rule(type(obj), action)
    if rule is None or viewer is None or not viewer_may_act(viewer) or organization_of(obj) != viewer.organization_id:
        return False, None
    if rule.in_program.test(viewer, obj):
        return True, None
    if rule.break_glass is not None and rule.subject is not None and rule.break_glass.test(viewer, obj):
        return True, live_break_glass_grant(viewer, rule.subject(obj))
    return False, None


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
    if not viewer.is_active or organization_of(obj) != viewer.organization_id:
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
    """Participants whose names the viewer's lists show (``PARTICIPANT_LIST``)."""
    return scope(viewer, PARTICIPANT_LIST, Membership)


def visible_mentors(viewer: Membership) -> models.QuerySet[Membership]:
    """Mentors the viewer may see (``MENTOR_VIEW``): themself, their team, or all for an admin."""
    return scope(viewer, MENTOR_VIEW, Membership)
