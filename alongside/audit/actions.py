"""Every audit action, by its code, with a name people read.

An audit entry stores a namespaced code (``checkin.viewed``); nobody reads the code. Each code is
registered here once with a short label for the organization's audit log ("Check-ins read", in
the reader's language, the code beside it) and a plain sentence for the participant's "Who viewed
my information" page ("Your mentor Dana read your check-ins"), whose ``%(actor)s`` is filled with
who did it in the participant's words (``audit.wording``). Both are translated when shown, so an
entry written under one language reads in whatever language its reader uses.

``audit.services.log_action`` refuses a code that is not registered here, and a test scans the
code base for every code written, so adding an audited action means adding its line below.
A refused attempt is written as ``<access action>.refused`` (``organizations.views_helpers.audit_refusal``):
those share one registered name (``REFUSED``), whatever was attempted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AuditAction:
    code: str
    # The organization's audit log: what happened, in a few words ("Check-ins read").
    label: Promise
    # The participant's "Who viewed my information": a sentence with %(actor)s for who did it.
    sentence: Promise


REFUSED_SUFFIX = ".refused"
REFUSED = AuditAction(
    "*" + REFUSED_SUFFIX,
    _("Attempt refused"),
    _("%(actor)s tried to reach your information and was not allowed"),
)


def _action(code: str, label: Promise, sentence: Promise) -> AuditAction:
    return AuditAction(code, label, sentence)


ACTIONS: dict[str, AuditAction] = {
    action.code: action
    for action in (
        _action(
            "account.delivery_settings_changed",
            _("Notification delivery settings changed"),
            _("%(actor)s changed how your notifications are delivered"),
        ),
        _action(
            "account.offline_plan_changed",
            _("Offline crisis plan setting changed"),
            _("%(actor)s changed whether your crisis plan is kept on your phone"),
        ),
        _action(
            "account.preferences_changed",
            _("Account preferences changed"),
            _("%(actor)s changed your account preferences"),
        ),
        _action("alert.acknowledged", _("Alert acknowledged"), _("%(actor)s saw an alert about you and took it on")),
        _action(
            "alert.delivery_failed",
            _("Alert delivery failed"),
            _("%(actor)s could not deliver an alert about you to one of the people it was meant for"),
        ),
        _action(
            "alert.escalated", _("Alert escalated"), _("%(actor)s passed an alert about you on to the next person")
        ),
        _action(
            "alert.escalation_exhausted",
            _("Alert escalation reached its end"),
            _("%(actor)s reached everyone it could about an alert about you"),
        ),
        _action(
            "alert.escalation_started",
            _("Alert escalation started"),
            _("%(actor)s started passing on an alert about you"),
        ),
        _action("alert.listed", _("Alerts list read"), _("%(actor)s read a list of alerts that includes you")),
        _action("alert.noted", _("Note added to an alert"), _("%(actor)s added a note to an alert about you")),
        _action("alert.raised", _("Alert raised"), _("%(actor)s raised an alert so someone would reach out to you")),
        _action("alert.reopened", _("Alert reopened"), _("%(actor)s reopened an alert about you")),
        _action("alert.repeated", _("Alert raised again"), _("%(actor)s raised an alert about you again")),
        _action("alert.resolved", _("Alert resolved"), _("%(actor)s closed an alert about you")),
        _action(
            "alert.undeliverable_alarm",
            _("Alert could not reach anyone"),
            _("%(actor)s could not reach anyone about an alert about you and warned the program"),
        ),
        _action("alert.viewed", _("Alert read"), _("%(actor)s read an alert about you")),
        _action("alert.withdrawn", _("Alert withdrawn"), _("%(actor)s withdrew an alert about you")),
        _action("auth.logged_in", _("Signed in"), _("%(actor)s signed in to your account")),
        _action("auth.logged_out", _("Signed out"), _("%(actor)s signed out of your account")),
        _action(
            "auth.logged_out_everywhere", _("Signed out everywhere"), _("%(actor)s signed your account out everywhere")
        ),
        _action("auth.login_failed", _("Sign-in failed"), _("Someone tried to sign in to your account and failed")),
        _action("auth.password_changed", _("Password changed"), _("%(actor)s changed your password")),
        _action(
            "auth.password_reset_requested", _("Password reset requested"), _("%(actor)s asked to reset your password")
        ),
        _action(
            "auth.password_reset_throttled",
            _("Too many password reset requests"),
            _("Password resets for your account were paused after too many requests"),
        ),
        _action(
            "auth.reauthentication_failed",
            _("Password check failed"),
            _("%(actor)s entered a wrong password when asked to confirm it"),
        ),
        _action("auth.recovery_code_used", _("Recovery code used"), _("%(actor)s signed in with a recovery code")),
        _action(
            "auth.recovery_codes_regenerated",
            _("New recovery codes made"),
            _("%(actor)s made new recovery codes for your account"),
        ),
        _action(
            "auth.two_factor_enrolled",
            _("Two-step sign-in turned on"),
            _("%(actor)s turned on two-step sign-in for your account"),
        ),
        _action(
            "auth.two_factor_paused",
            _("Two-step sign-in paused"),
            _("Two-step sign-in codes for your account were paused after too many wrong codes"),
        ),
        _action(
            "auth.two_factor_replaced",
            _("Authenticator app replaced"),
            _("%(actor)s moved your account to a new authenticator app"),
        ),
        _action(
            "auth.two_factor_throttled",
            _("Too many wrong sign-in codes"),
            _("Someone entered too many wrong sign-in codes for your account"),
        ),
        _action(
            "boundary_concern.acknowledged",
            _("Boundary concern acknowledged"),
            _("%(actor)s responded to a boundary concern"),
        ),
        _action(
            "boundary_concern.reported", _("Boundary concern reported"), _("%(actor)s reported a boundary concern")
        ),
        _action("boundary_concern.viewed", _("Boundary concerns read"), _("%(actor)s read boundary concerns")),
        _action(
            "breakglass.closed", _("Emergency access closed"), _("%(actor)s closed emergency access to your record")
        ),
        _action(
            "breakglass.opened", _("Emergency access opened"), _("%(actor)s opened emergency access to your record")
        ),
        _action(
            "breakglass.read",
            _("Read under emergency access"),
            _("%(actor)s read your information under emergency access"),
        ),
        _action("caseload.viewed", _("Caseload read"), _("%(actor)s saw you on their list of people they support")),
        _action("checkin.recorded", _("Check-in recorded"), _("%(actor)s recorded a check-in for you")),
        _action("checkin.updated", _("Check-in changed"), _("%(actor)s changed one of your check-ins")),
        _action("checkin.viewed", _("Check-ins read"), _("%(actor)s read your check-ins")),
        _action("consent.revoked", _("Consent revoked"), _("%(actor)s withdrew one of your consents")),
        _action("consent.signed", _("Consent signed"), _("%(actor)s signed a consent for you")),
        _action("consent.viewed", _("Consents read"), _("%(actor)s read your consents")),
        _action(
            "contact.addendum_added",
            _("Addition to a contact note"),
            _("%(actor)s added to a note about a contact with you"),
        ),
        _action("contact.created", _("Contact note written"), _("%(actor)s wrote a note about a contact with you")),
        _action("contact.updated", _("Contact note changed"), _("%(actor)s changed a note about a contact with you")),
        _action("contact.viewed", _("Contact notes read"), _("%(actor)s read the notes about contacts with you")),
        _action(
            "coping.activity_deleted",
            _("Coping activity deleted"),
            _("%(actor)s deleted one of your coping activities"),
        ),
        _action("coping.activity_logged", _("Coping activity logged"), _("%(actor)s logged a coping activity for you")),
        _action(
            "coping.strategy_added", _("Coping strategy added"), _("%(actor)s added a coping strategy to your list")
        ),
        _action("coping.strategy_moved", _("Coping strategy moved"), _("%(actor)s reordered your coping strategies")),
        _action(
            "coping.strategy_removed",
            _("Coping strategy removed"),
            _("%(actor)s removed a coping strategy from your list"),
        ),
        _action(
            "coping.viewed", _("Coping strategies read"), _("%(actor)s read your coping strategies and activities")
        ),
        _action(
            "crisis_language.detected",
            _("Crisis language noticed"),
            _("%(actor)s noticed words in your writing that may mean you are in crisis and told your support team"),
        ),
        _action(
            "crisis_lines.updated",
            _("Crisis lines changed"),
            _("%(actor)s changed the crisis lines your program shows"),
        ),
        _action(
            "enrollment.sharing_acknowledged",
            _("What is shared was explained"),
            _("%(actor)s confirmed you were told what your program shares"),
        ),
        _action(
            "escalation_playbook.updated",
            _("Escalation steps changed"),
            _("%(actor)s changed who is told when an alert is not answered"),
        ),
        _action("goal.accepted", _("Goal accepted"), _("%(actor)s accepted a goal")),
        _action("goal.achieved", _("Goal achieved"), _("%(actor)s marked one of your goals achieved")),
        _action("goal.created", _("Goal created"), _("%(actor)s created a goal for you")),
        _action("goal.edited", _("Goal changed"), _("%(actor)s changed one of your goals")),
        _action("goal.proposed", _("Goal suggested"), _("%(actor)s suggested a goal to you")),
        _action("goal.set_aside", _("Goal set aside"), _("%(actor)s set one of your goals aside")),
        _action("goal.step_done", _("Goal step done"), _("%(actor)s marked a step of one of your goals done")),
        _action(
            "goal.step_undone",
            _("Goal step marked not done"),
            _("%(actor)s marked a step of one of your goals not done yet"),
        ),
        _action("goals.viewed", _("Goals read"), _("%(actor)s read your goals")),
        _action("invitation.accepted", _("Invitation accepted"), _("%(actor)s accepted an invitation")),
        _action("invitation.created", _("Invitation sent"), _("%(actor)s sent an invitation")),
        _action("invitation.revoked", _("Invitation withdrawn"), _("%(actor)s withdrew an invitation")),
        _action("journal.created", _("Journal entry written"), _("%(actor)s wrote a journal entry for you")),
        _action("journal.deleted", _("Journal entry deleted"), _("%(actor)s deleted one of your journal entries")),
        _action("journal.shared", _("Journal entry shared"), _("%(actor)s shared one of your journal entries")),
        _action(
            "journal.unshared",
            _("Journal entry no longer shared"),
            _("%(actor)s stopped sharing one of your journal entries"),
        ),
        _action("journal.updated", _("Journal entry changed"), _("%(actor)s changed one of your journal entries")),
        _action("journal.viewed", _("Shared journal read"), _("%(actor)s read the journal entries you shared")),
        _action("match.created", _("Mentor matched"), _("%(actor)s matched you with a mentor")),
        _action("match.ended", _("Match ended"), _("%(actor)s ended your match with a mentor")),
        _action("match.reassigned", _("Match reassigned"), _("%(actor)s moved you to a different mentor")),
        _action("membership.deactivated", _("Membership ended"), _("%(actor)s ended your membership in the program")),
        _action(
            "mentor.caseload_cap_changed",
            _("Mentor's caseload limit changed"),
            _("%(actor)s changed how many people a mentor may support"),
        ),
        _action(
            "mentor.supervisor_assigned",
            _("Mentor's supervisor assigned"),
            _("%(actor)s assigned a mentor's supervisor"),
        ),
        _action(
            "mentor.wellbeing_interval_changed",
            _("Mentor's wellbeing check interval changed"),
            _("%(actor)s changed how often a mentor is asked about their wellbeing"),
        ),
        _action("message.sent", _("Message sent"), _("%(actor)s sent you a message")),
        _action("message.viewed", _("Messages read"), _("%(actor)s read your messages")),
        _action("on_call_shift.added", _("On-call shift added"), _("%(actor)s added an on-call shift")),
        _action("on_call_shift.removed", _("On-call shift removed"), _("%(actor)s removed an on-call shift")),
        _action(
            "participant.phone_sharing_changed",
            _("Phone number sharing changed"),
            _("%(actor)s changed whether your phone number is shared"),
        ),
        _action("participant.phone_viewed", _("Phone number read"), _("%(actor)s read your phone number")),
        _action("participant.viewed", _("Participant record opened"), _("%(actor)s opened your record")),
        _action(
            "program.contact_expectation_changed",
            _("Program's contact expectation changed"),
            _("%(actor)s changed how often your program expects contact"),
        ),
        _action("program.created", _("Program created"), _("%(actor)s created a program")),
        _action("reminder.updated", _("Reminder changed"), _("%(actor)s changed your reminder")),
        _action("safety_plan.shared", _("Safety plan shared"), _("%(actor)s shared your safety plan with your mentor")),
        _action(
            "safety_plan.unshared", _("Safety plan no longer shared"), _("%(actor)s stopped sharing your safety plan")
        ),
        _action("safety_plan.updated", _("Safety plan changed"), _("%(actor)s changed your safety plan")),
        _action("safety_plan.viewed", _("Safety plan read"), _("%(actor)s read your safety plan")),
        _action(
            "session.crisis_press_after_timeout",
            _("Crisis button pressed after the session ended"),
            _("%(actor)s pressed the crisis button after your session had ended"),
        ),
        _action(
            "signals.settings_updated",
            _("Early-warning settings changed"),
            _("%(actor)s changed your program's early-warning settings"),
        ),
        _action("signals.viewed", _("Early-warning signs read"), _("%(actor)s read your early-warning signs")),
        _action(
            "supervision_session.recorded",
            _("Supervision session recorded"),
            _("%(actor)s recorded a supervision session"),
        ),
        _action(
            "support_contact.created",
            _("Support contact added"),
            _("%(actor)s added a support contact to your safety plan"),
        ),
        _action(
            "support_contact.deleted",
            _("Support contact removed"),
            _("%(actor)s removed a support contact from your safety plan"),
        ),
        _action(
            "support_contact.updated",
            _("Support contact changed"),
            _("%(actor)s changed a support contact in your safety plan"),
        ),
        _action("team.viewed", _("Team page read"), _("%(actor)s saw you on their team page")),
        _action("thread.created", _("Conversation started"), _("%(actor)s started a conversation with you")),
        _action(
            "thread.supervisor_added",
            _("Supervisor added to a conversation"),
            _("%(actor)s added a supervisor to a conversation with you"),
        ),
        _action(
            "timeline.setback_recorded",
            _("Setback recorded"),
            _("%(actor)s recorded a setback on your recovery timeline"),
        ),
        _action(
            "timeline.start_added",
            _("Recovery start date added"),
            _("%(actor)s added a start date to your recovery timeline"),
        ),
        _action(
            "timeline.start_changed",
            _("Recovery start date changed"),
            _("%(actor)s changed a start date on your recovery timeline"),
        ),
        _action(
            "timeline.start_removed",
            _("Recovery start date removed"),
            _("%(actor)s removed a start date from your recovery timeline"),
        ),
        _action("timeline.viewed", _("Recovery timeline read"), _("%(actor)s read your recovery timeline")),
        _action("token.created", _("API token created"), _("%(actor)s created an API token")),
        _action("token.revoked", _("API token revoked"), _("%(actor)s revoked an API token")),
        _action("trends.viewed", _("Trends read"), _("%(actor)s read the trends of your check-ins")),
        _action("wellbeing.checked", _("Mentor wellbeing check answered"), _("%(actor)s answered a wellbeing check")),
        _action("wellbeing.viewed", _("Mentor wellbeing read"), _("%(actor)s read a mentor's wellbeing checks")),
        _action(
            "working_hours.updated",
            _("Messaging hours changed"),
            _("%(actor)s changed the hours when messages are answered"),
        ),
    )
}


class UnknownAuditAction(LookupError):
    pass


def is_registered(code: str) -> bool:
    return code in ACTIONS or (code.endswith(REFUSED_SUFFIX) and len(code) > len(REFUSED_SUFFIX))


def action_named(code: str) -> AuditAction:
    """The registered action for ``code``; raises UnknownAuditAction for a code never registered."""
    if code in ACTIONS:
        return ACTIONS[code]
    if is_registered(code):
        return REFUSED
    raise UnknownAuditAction(f"Audit action {code!r} is not registered in alongside/audit/actions.py")


def label_of(code: str) -> str:
    """The label of ``code`` in the active language; for an entry whose code has since been
    removed from the registry, a neutral label (the code is always shown beside it to staff)."""
    try:
        return str(action_named(code).label)
    except UnknownAuditAction:
        return str(_("Other action"))
