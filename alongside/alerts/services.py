"""Raising and responding to alerts.

An alert is raised by the system (a check-in asking for outreach, reported use, the crisis
button, crisis language, early-warning signals) and answered by the people in the participant's
care — their current matched mentor and that mentor's supervisor — and by anyone the alert's
escalation reached (``alerts.escalation``). Every change adds an AlertEvent to the alert's
history and is audited.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.alerts.escalation import NoticeFor, escalation_reopen, escalation_start, escalation_stop
from alongside.alerts.models import (
    ACK_MINUTES_MAX,
    ACK_MINUTES_MIN,
    MAX_REPEAT_WEEKS,
    MAX_SHIFT_DAYS,
    NOTE_MAX_LENGTH,
    OPEN_STATUSES,
    REASON_MAX_LENGTH,
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertKind,
    AlertSeverity,
    AlertStatus,
    EscalationPlaybook,
    EscalationStep,
    OnCallShift,
    PlaybookStep,
    severity_for_kind,
)
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput, NotFound
from alongside.organizations.locking import participant_lock
from alongside.organizations.models import Membership, Program, Role

SOURCE_MAX_LENGTH = 64


@transaction.atomic
def alert_raise(
    *,
    participant: Membership,
    kind: str,
    reason: str,
    source: str = "",
    raised_by: Membership | None = None,
    notify_mentor: bool = True,
    severity: str | None = None,
    now: datetime | None = None,
    notice: NoticeFor | None = None,
) -> Alert:
    """Raise an alert about ``participant``, or join the one already open for this kind.

    At most one open (or acknowledged) alert exists per participant and kind: raising again
    returns that alert and adds the new reason to its history as a "repeated" event (nothing
    at all when the same ``source`` already raised it, so a retried caller is harmless). The
    participant's row is locked while this runs, so concurrent raises make one alert.

    Called by the system on the participant's behalf (``raised_by`` is who triggered it, if
    anyone), so there is no viewer to authorize. ``reason`` is the short plain-language reason
    the mentor sees: never private text. ``severity`` defaults from the kind (crisis for the
    crisis button and crisis language, high for reported use and signals, normal otherwise).

    A new alert starts its escalation (``alerts.escalation.escalation_start``): the current
    matched mentor is told (without the reason) and its acknowledgement timer starts; when no
    one acknowledges in time it reaches their supervisor, the on-call person, the admins.
    ``notice`` gives the first people told the caller's own words (see ``escalation.Notice``).
    ``notify_mentor=False`` means the caller already told the mentor: the timer still runs.

    A new crisis-severity raise that joins an ACKNOWLEDGED alert opens it again and starts its
    escalation over from the mentor (``escalation_reopen``): a new crisis always reaches
    someone. Audits ``alert.raised`` (or ``alert.repeated`` / ``alert.reopened``).
    """
    reason = reason.strip()[:REASON_MAX_LENGTH]
    source = source[:SOURCE_MAX_LENGTH]
    if participant.role != Role.PARTICIPANT:
        raise InvalidInput(_("Alerts are about participants."), field_errors={"participant": [_("Not a participant.")]})
    if kind not in AlertKind.values:
        raise InvalidInput(_("Unknown kind of alert."), field_errors={"kind": [_("Choose a known kind of alert.")]})
    if not reason:
        raise InvalidInput(_("Say why, in plain words."), field_errors={"reason": [_("Give a reason.")]})
    severity = severity or severity_for_kind(kind)
    if severity not in AlertSeverity.values:
        raise InvalidInput(_("Unknown severity."), field_errors={"severity": [_("Choose a known severity.")]})
    now = now or timezone.now()
    participant_lock(participant)
    existing = (
        Alert.objects.select_for_update(of=("self",))
        .filter(participant=participant, kind=kind, status__in=OPEN_STATUSES)
        .first()
    )
    if existing is not None:
        if source and existing.events.filter(source=source).exists():
            return existing  # the same event again: already part of this alert's history
        if severity == AlertSeverity.CRISIS and existing.status == AlertStatus.ACKNOWLEDGED:
            # A new crisis after someone acknowledged the last one: it must reach a person again.
            escalation_reopen(alert=existing, reason=reason, source=source, actor=raised_by, now=now, notice=notice)
            return existing
        AlertEvent.objects.create(
            alert=existing, kind=AlertEventKind.REPEATED, actor=raised_by, text=reason, source=source, occurred_at=now
        )
        log_action(
            "alert.repeated",
            actor=raised_by,
            target=existing,
            organization=participant.organization,
            subject=participant,
            extra={"kind": kind, "source": source},
        )
        return existing
    alert = Alert.objects.create(
        organization=participant.organization,
        participant=participant,
        kind=kind,
        severity=severity,
        reason=reason,
        source=source,
        raised_by=raised_by,
        raised_at=now,
    )
    AlertEvent.objects.create(
        alert=alert,
        kind=AlertEventKind.RAISED,
        actor=raised_by,
        text=reason,
        source=source,
        occurred_at=alert.raised_at,
    )
    log_action(
        "alert.raised",
        actor=raised_by,
        target=alert,
        organization=participant.organization,
        subject=participant,
        extra={"kind": kind, "severity": severity, "source": source},
    )
    escalation_start(alert=alert, now=now, notify_first=notify_mentor, notice=notice)
    return alert


def _locked(alert: Alert) -> Alert:
    """The alert re-read under a row lock, so two people answering at once see each other."""
    return Alert.objects.select_for_update(of=("self",)).select_related("participant__user").get(pk=alert.pk)


@transaction.atomic
def alert_acknowledge(*, viewer: Membership, alert: Alert, now: datetime | None = None) -> Alert:
    """Say "I've seen this and I'm on it". Only an open alert can be acknowledged; it stops the
    alert's escalation.

    The current matched mentor or their supervisor, or someone the escalation told about this
    alert. Audits ``alert.acknowledged``. For a crisis alert the participant is told at once
    (``_tell_participant_someone_is_on_it``), in the same transaction.
    """
    policy.authorize(viewer, policy.ALERT_RESPOND, alert)
    alert = _locked(alert)
    if alert.status != AlertStatus.OPEN:
        message = (
            _("This alert was already acknowledged.")
            if alert.status == AlertStatus.ACKNOWLEDGED
            else _("This alert is already resolved.")
        )
        raise InvalidInput(message, field_errors={"status": [message]})
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_at = now or timezone.now()
    alert.acknowledged_by = viewer
    alert.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    escalation_stop(alert=alert)
    AlertEvent.objects.create(
        alert=alert, kind=AlertEventKind.ACKNOWLEDGED, actor=viewer, occurred_at=alert.acknowledged_at
    )
    log_action("alert.acknowledged", actor=viewer, target=alert, subject=alert.participant)
    if alert.severity == AlertSeverity.CRISIS:
        _tell_participant_someone_is_on_it(alert=alert, by=viewer)
    return alert


def _tell_participant_someone_is_on_it(*, alert: Alert, by: Membership) -> None:
    """ "Dana saw your alert and will contact you soon": in the app, and by text message when they
    have a mobile number (urgent: quiet hours do not hold it back). In the participant's language,
    with the first name of who acknowledged and nothing else: no reason, no kind, no surname."""
    from alongside.crisis.selectors import in_danger_sentence
    from alongside.notifications.services import notify

    participant = alert.participant
    user = participant.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        words = _("%(name)s saw your alert and will contact you soon.") % {"name": by.user.get_short_name()}
        body = in_danger_sentence(participant)  # their program's emergency number
    notify(
        recipient=user,
        organization=alert.organization,
        kind="alert.acknowledged_for_participant",
        title=words,
        body=body,
        link="",  # the text's link is the neutral notifications page: no "crisis" in an address on a lock screen
        email=False,
        urgent=True,
        # Not linked to the alert: the alert's notifications are the escalation's (who was told).
        # Once per acknowledgement: a new crisis on the same alert, acknowledged again, is told again.
        dedupe_key=f"alert:{alert.pk}:acknowledged:{alert.escalation_round}",
        outside_text=words,
    )


def _clean_note(note: str, field: str) -> str:
    note = note.strip()
    if not note:
        message = _("Write a short note on what was done.")
        raise InvalidInput(message, field_errors={field: [message]})
    if len(note) > NOTE_MAX_LENGTH:
        message = _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX_LENGTH}
        raise InvalidInput(message, field_errors={field: [message]})
    return note


@transaction.atomic
def alert_resolve(*, viewer: Membership, alert: Alert, note: str) -> Alert:
    """Close an open or acknowledged alert with a note on what was done (required).

    The current matched mentor or their supervisor, or someone the escalation told about this
    alert. A resolved alert stays resolved: a
    later raise of the same kind opens a new alert. Audits ``alert.resolved``.
    """
    policy.authorize(viewer, policy.ALERT_RESPOND, alert)
    note = _clean_note(note, "note")
    alert = _locked(alert)
    if alert.status == AlertStatus.RESOLVED:
        message = _("This alert is already resolved.")
        raise InvalidInput(message, field_errors={"status": [message]})
    alert.status = AlertStatus.RESOLVED
    alert.resolved_at = timezone.now()
    alert.resolved_by = viewer
    alert.resolution_note = note
    alert.save(update_fields=["status", "resolved_at", "resolved_by", "resolution_note"])
    escalation_stop(alert=alert)
    AlertEvent.objects.create(
        alert=alert, kind=AlertEventKind.RESOLVED, actor=viewer, text=note, occurred_at=alert.resolved_at
    )
    log_action("alert.resolved", actor=viewer, target=alert, subject=alert.participant)
    return alert


@transaction.atomic
def alert_note_add(*, viewer: Membership, alert: Alert, text: str) -> AlertEvent:
    """Add a note to an alert's history (for example "called, left a message").

    The current matched mentor or their supervisor, or someone the escalation told about this
    alert; on an open, acknowledged or resolved alert.
    Audits ``alert.noted``.
    """
    policy.authorize(viewer, policy.ALERT_RESPOND, alert)
    text = _clean_note(text, "text")
    alert = _locked(alert)
    event = AlertEvent.objects.create(alert=alert, kind=AlertEventKind.NOTE, actor=viewer, text=text)
    log_action("alert.noted", actor=viewer, target=alert, subject=alert.participant)
    return event


@transaction.atomic
def crisis_button_press(
    *, participant: Membership, client_id: uuid.UUID | None = None, now: datetime | None = None
) -> Alert:
    """The participant pressed "Alert my mentor now": raise a crisis alert (severity crisis),
    which tells their mentor at once, urgently, and escalates after the crisis timer.

    Only the participant themself. The same ``client_id`` twice (a double tap, a retried
    request) adds nothing; pressing again while the alert is open joins it. Audited by
    ``alert_raise``.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    return alert_raise(
        participant=participant,
        kind=AlertKind.CRISIS_BUTTON,
        reason=_("Pressed the crisis button"),
        source=f"crisis_button:{client_id}" if client_id else "",
        raised_by=participant,
        now=now,
    )


def crisis_press_can_withdraw(*, alert: Alert | None, now: datetime | None = None) -> bool:
    """Whether the participant may still say their crisis press was a mistake: a crisis-button
    alert that nobody has acknowledged, never reopened, and first pressed no longer than
    CRISIS_MISTAKE_MINUTES ago. A crisis someone is already answering is never closed this way."""
    if alert is None or alert.kind != AlertKind.CRISIS_BUTTON or alert.status != AlertStatus.OPEN:
        return False
    if alert.acknowledged_at is not None or alert.escalation_round > 0:
        return False
    now = now or timezone.now()
    if now - alert.raised_at > timedelta(minutes=settings.CRISIS_MISTAKE_MINUTES):
        return False
    return not alert.events.filter(kind=AlertEventKind.REOPENED).exists()


@transaction.atomic
def crisis_press_withdraw(*, participant: Membership, now: datetime | None = None) -> Alert:
    """ "I pressed it by mistake": within CRISIS_MISTAKE_MINUTES of their last press, the
    participant closes their own crisis-button alert. Everyone it reached is told at once (by
    text where they were texted), the escalation stops, and the alert keeps its whole history
    (nothing is deleted; a new press opens a new alert). Audits ``alert.withdrawn``.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    now = now or timezone.now()
    participant_lock(participant)
    alert = (
        Alert.objects.select_for_update(of=("self",))
        .filter(participant=participant, kind=AlertKind.CRISIS_BUTTON, status__in=OPEN_STATUSES)
        .first()
    )
    if alert is None:
        raise NotFound(_("There is no crisis alert to take back."))
    if not crisis_press_can_withdraw(alert=alert, now=now):
        message = _(
            "It is too late to take this alert back here: someone may already be on their way. "
            "If you are safe, send your mentor a message to let them know."
        )
        raise InvalidInput(message, field_errors={"status": [message]})
    note = _("The participant said they pressed the crisis button by mistake.")
    alert.status = AlertStatus.RESOLVED
    alert.resolved_at = now
    alert.resolved_by = participant
    alert.resolution_note = note
    alert.save(update_fields=["status", "resolved_at", "resolved_by", "resolution_note"])
    escalation_stop(alert=alert)
    AlertEvent.objects.create(alert=alert, kind=AlertEventKind.WITHDRAWN, actor=participant, text=note, occurred_at=now)
    _tell_everyone_reached(alert, now=now)
    log_action("alert.withdrawn", actor=participant, target=alert, subject=participant)
    return alert


def _tell_everyone_reached(alert: Alert, *, now: datetime) -> None:
    from alongside.notifications.services import notify

    told = (
        EscalationStep.objects.filter(alert=alert).select_related("recipient__user").order_by("recipient_id").distinct()
    )
    seen: set[int] = set()
    name = alert.participant.user.display_name
    for step in told:
        person = step.recipient
        if person.user_id in seen:
            continue
        seen.add(person.user_id)
        with translation.override(person.user.language or None):
            notify(
                recipient=person.user,
                organization=alert.organization,
                kind="alert.withdrawn",
                title=_("%(name)s pressed the crisis button by mistake") % {"name": name},
                body=_(
                    "They said so themselves a few minutes later, and the alert was closed. No urgent response "
                    "is needed; you may still want to check in with them."
                ),
                link=reverse("alerts:detail", args=[alert.pk]),
                # It reaches them the way the alert did: now, and by text where the alert was texted.
                urgent=True,
                sms=True,
                alert=alert,
                tell_again=True,
                dedupe_key=f"alert-{alert.pk}-withdrawn-user-{person.user_id}",
                now=now,
            )


# --- Escalation settings: a program's playbook and its on-call rota. ---


@transaction.atomic
def playbook_update(
    *, viewer: Membership, program: Program, steps: list[str], ack_minutes: dict[str, int]
) -> EscalationPlaybook:
    """Set a program's escalation ladder (1–4 distinct steps, in order) and its acknowledgement
    timers per severity (each between a minute and a week).

    The org admin only. Alerts already escalating follow the new ladder from their next step.
    Audits ``escalation_playbook.updated``.
    """
    policy.authorize(viewer, policy.ORG_MANAGE_ESCALATION, program.organization)
    errors: dict[str, list[str]] = {}
    if not steps:
        errors["step_1"] = [_("Choose at least one step.")]
    elif any(step not in PlaybookStep.values for step in steps):
        errors["step_1"] = [_("Choose steps from the list.")]
    elif len(set(steps)) != len(steps):
        errors["step_1"] = [_("Each step can appear once.")]
    for severity in AlertSeverity.values:
        minutes = ack_minutes.get(severity)
        if minutes is None or not ACK_MINUTES_MIN <= minutes <= ACK_MINUTES_MAX:
            errors[f"{severity}_amount"] = [_("Choose a time between 1 minute and 7 days.")]
    if errors:
        raise InvalidInput(_("Please check the playbook."), field_errors=errors)
    playbook = EscalationPlaybook.objects.select_for_update().filter(program=program).first()
    if playbook is None:
        playbook = EscalationPlaybook(program=program, organization=program.organization)
    before = {"steps": list(playbook.steps), **{s: playbook.ack_minutes(s) for s in AlertSeverity.values}}
    playbook.steps = list(steps)
    playbook.crisis_ack_minutes = ack_minutes[AlertSeverity.CRISIS]
    playbook.high_ack_minutes = ack_minutes[AlertSeverity.HIGH]
    playbook.normal_ack_minutes = ack_minutes[AlertSeverity.NORMAL]
    playbook.updated_at = timezone.now()
    playbook.updated_by = viewer
    playbook.save()
    after = {"steps": list(playbook.steps), **{s: playbook.ack_minutes(s) for s in AlertSeverity.values}}
    log_action(
        "escalation_playbook.updated",
        actor=viewer,
        target=playbook,
        organization=program.organization,
        extra={"program": program.pk, "before": before, "after": after},
    )
    return playbook


def program_local_datetime(*, program: Program, day: date, time: dt_time, field: str) -> datetime:
    """A wall-clock day and time in the program's time zone, as an aware datetime. A time the
    clocks skip (spring forward) is refused rather than silently moved."""
    zone = ZoneInfo(program.time_zone)
    naive = datetime.combine(day, time)
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        message = _("The clocks change at that time, so it does not exist on that day. Choose another time.")
        raise InvalidInput(message, field_errors={field: [message]})
    return aware


def _weeks_later(moment: datetime, weeks: int, zone: ZoneInfo) -> datetime:
    """The same wall-clock time ``weeks`` later in ``zone`` (so a 10 pm shift stays at 10 pm
    across a clock change)."""
    local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(weeks=weeks)
    # A skipped wall time lands an hour later, as the clock on the wall would show.
    return local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


@transaction.atomic
def on_call_shift_add(
    *,
    viewer: Membership,
    program: Program,
    person: Membership,
    starts_at: datetime,
    ends_at: datetime,
    repeat_weeks: int = 0,
    client_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> list[OnCallShift]:
    """Put ``person`` (an active mentor or supervisor of the program's organization) on call
    for ``program`` from ``starts_at`` to ``ends_at`` (aware; at most 14 days), and the same
    wall-clock shift in each of the next ``repeat_weeks`` weeks (0–12).

    Supervisors and admins. Shifts may overlap (everyone on call is told). The same
    ``client_id`` twice adds nothing more. Audits ``on_call_shift.added``.
    """
    policy.authorize(viewer, policy.ORG_MANAGE_ON_CALL, program.organization)
    now = now or timezone.now()
    # Serialize adds for one program, so a double submit cannot slip past the client_id check.
    Program.objects.select_for_update().filter(pk=program.pk).values_list("pk", flat=True).first()
    if client_id is not None:
        same = list(OnCallShift.objects.filter(program=program, client_id=client_id).order_by("starts_at"))
        if same:
            return same
    errors: dict[str, list[str]] = {}
    if (
        person.organization_id != program.organization_id
        or person.role not in {Role.MENTOR, Role.SUPERVISOR}
        or not person.is_active
    ):
        errors["person"] = [_("Choose an active mentor or supervisor of this organization.")]
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("shift times must be aware datetimes")
    if ends_at <= starts_at:
        errors["ends_on"] = [_("The shift must end after it starts.")]
    elif ends_at - starts_at > timedelta(days=MAX_SHIFT_DAYS):
        errors["ends_on"] = [_("Keep one shift to %(n)s days or less.") % {"n": MAX_SHIFT_DAYS}]
    elif ends_at <= now:
        errors["ends_on"] = [_("This shift is already over.")]
    if not 0 <= repeat_weeks <= MAX_REPEAT_WEEKS:
        errors["repeat_weeks"] = [_("Repeat for 0 to %(n)s weeks.") % {"n": MAX_REPEAT_WEEKS}]
    if errors:
        raise InvalidInput(_("Please check the shift."), field_errors=errors)
    zone = ZoneInfo(program.time_zone)
    shifts = [
        OnCallShift.objects.create(
            organization_id=program.organization_id,
            program=program,
            person=person,
            starts_at=_weeks_later(starts_at, week, zone),
            ends_at=_weeks_later(ends_at, week, zone),
            client_id=client_id,
            created_by=viewer,
            created_at=now,
        )
        for week in range(repeat_weeks + 1)
    ]
    log_action(
        "on_call_shift.added",
        actor=viewer,
        target=shifts[0],
        organization=program.organization,
        extra={"program": program.pk, "person": person.pk, "shifts": [s.pk for s in shifts]},
    )
    return shifts


@transaction.atomic
def on_call_shift_remove(*, viewer: Membership, shift: OnCallShift) -> None:
    """Take a shift off the rota. Supervisors and admins. Audits ``on_call_shift.removed``."""
    policy.authorize(viewer, policy.ORG_MANAGE_ON_CALL, shift.program.organization)
    log_action(
        "on_call_shift.removed",
        actor=viewer,
        target=shift,
        organization=shift.program.organization,
        extra={
            "program": shift.program_id,
            "person": shift.person_id,
            "starts_at": shift.starts_at.isoformat(),
            "ends_at": shift.ends_at.isoformat(),
        },
    )
    shift.delete()
