"""Escalation: an alert always reaches a person within its time limit.

Each program has a playbook (``EscalationPlaybook``): an ordered ladder of steps — the
participant's mentor, that mentor's supervisor, the program's on-call person, the org's admins —
and an acknowledgement timer per severity (5 minutes for a crisis, 4 hours for high risk, 24 hours
otherwise, unless the admin changed them). Raising an alert notifies the first step that has
anyone to tell (``escalation_start``); when the step's timer runs out without an acknowledgement
the worker moves it to the next step (``escalations_advance_due``), and when every outside channel
fails for an urgent notification the alert moves on at once (``on_delivery_exhausted``).
Acknowledging or resolving an alert stops it. Each person told is an ``EscalationStep`` row, which
also lets them open and answer that alert (access policy: ``ALERT_RESPOND``).

The worker's heartbeat tells whether any of this is running (``scheduler_health``).

Every function takes ``now`` so tests drive the clock; the worker passes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.alerts.models import (
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertSeverity,
    AlertStatus,
    EscalationPlaybook,
    EscalationStep,
    OnCallShift,
    PlaybookStep,
    SchedulerAlarm,
)
from alongside.audit.services import log_action
from alongside.notifications.models import WorkerHeartbeat
from alongside.notifications.services import notify, quiet_hours_until
from alongside.organizations.models import Membership, Program, Role
from alongside.organizations.selectors import current_mentor

logger = logging.getLogger(__name__)

# The worker beats every few seconds; two minutes of silence means it has stopped.
SCHEDULER_STALE_AFTER = dt.timedelta(minutes=2)
# Alerts moved per sweep; the rest wait for the next sweep a few seconds later.
ADVANCE_BATCH = 200


# --- The playbook and who each step reaches. ---


def playbook_for(program: Program | None) -> EscalationPlaybook:
    """The program's playbook, or an unsaved one with the defaults (also for no program)."""
    if program is not None:
        saved = EscalationPlaybook.objects.filter(program=program).first()
        if saved is not None:
            return saved
        return EscalationPlaybook(program=program, organization_id=program.organization_id)
    return EscalationPlaybook()


def ack_timer(*, playbook: EscalationPlaybook, severity: str) -> dt.timedelta:
    return dt.timedelta(minutes=playbook.ack_minutes(severity))


def on_call_now(*, program: Program, now: dt.datetime | None = None) -> list[Membership]:
    """Everyone whose on-call shift for ``program`` covers ``now`` (shifts may overlap)."""
    now = now or timezone.now()
    shifts = (
        OnCallShift.objects.select_related("person__user")
        .filter(program=program, starts_at__lte=now, ends_at__gt=now)
        .order_by("starts_at", "pk")
    )
    people: dict[int, Membership] = {}
    for shift in shifts:
        people.setdefault(shift.person_id, shift.person)
    return list(people.values())


def _reachable(member: Membership | None, alert: Alert) -> bool:
    return (
        member is not None
        and member.is_active
        and member.user.is_active
        and member.organization_id == alert.organization_id
        and member.role != Role.PARTICIPANT
    )


def _people_for(step: str, alert: Alert, now: dt.datetime) -> list[Membership]:
    participant = alert.participant
    if step in (PlaybookStep.MENTOR, PlaybookStep.SUPERVISOR):
        mentor = current_mentor(participant=participant)
        person = mentor if step == PlaybookStep.MENTOR else (mentor.supervisor if mentor else None)
        if person is not None and step == PlaybookStep.SUPERVISOR and person.role != Role.SUPERVISOR:
            person = None
        candidates = [person] if person is not None else []
    elif step == PlaybookStep.ON_CALL:
        candidates = list(on_call_now(program=participant.program, now=now)) if participant.program else []
    elif step == PlaybookStep.ADMIN:
        candidates = list(
            Membership.objects.select_related("user")
            .filter(organization_id=alert.organization_id, role=Role.ADMIN, is_active=True, user__is_active=True)
            .order_by("pk")
        )
    else:
        candidates = []
    return [m for m in candidates if _reachable(m, alert)]


# --- Telling people. ---


@dataclass(frozen=True)
class Notice:
    """A caller's own words for the first people told of a new alert (say, where crisis
    language was found); built per recipient, in their language. Never private text."""

    kind: str
    title: str
    body: str
    link: str = ""


NoticeFor = Callable[[Membership], Notice]


def _dedupe_key(alert: Alert, index: int, person: Membership) -> str:
    round_part = f"-round-{alert.escalation_round}" if alert.escalation_round else ""
    return f"alert-{alert.pk}{round_part}-step-{index}-user-{person.user_id}"


def _notify_step(
    alert: Alert,
    person: Membership,
    index: int,
    *,
    first: bool,
    now: dt.datetime,
    notice: NoticeFor | None = None,
) -> int:
    """Notify one person at one step; returns the notification's id. No private details: the
    title names the person who may need help, never the alert's kind or reason."""
    name = alert.participant.user.display_name
    kind, link = "alert.escalation", reverse("alerts:detail", args=[alert.pk])
    # In the recipient's own language: the worker that sends later steps has no request.
    with translation.override(person.user.language or None):
        if first and notice is not None:
            words = notice(person)
            kind, title, body, link = words.kind, words.title, words.body, words.link or link
        elif first:
            title = (
                _("%(name)s may need you now") if alert.severity == AlertSeverity.CRISIS else _("%(name)s may need you")
            ) % {"name": name}
            body = _("There is a new alert for someone you support. Open Alongside to see why and respond.")
        else:
            title = _("An alert about %(name)s needs someone now") % {"name": name}
            body = _(
                "No one has acknowledged this alert yet, so it was passed to you. Open Alongside to see it and "
                "acknowledge it if you can respond."
            )
    notification = notify(
        recipient=person.user,
        organization=alert.organization,
        kind=kind,
        title=title,
        body=body,
        link=link,
        urgent=alert.severity == AlertSeverity.CRISIS,
        sms=alert.severity in {AlertSeverity.CRISIS, AlertSeverity.HIGH},
        alert=alert,
        dedupe_key=_dedupe_key(alert, index, person),
        # A new round (a new crisis, or no one acknowledged after the last step) tells people again.
        tell_again=alert.escalation_round > 0,
        now=now,
    )
    return notification.pk


def _record_step(
    alert: Alert,
    person: Membership,
    index: int,
    step: str,
    notification_id: int | None,
    now: dt.datetime,
    due_at: dt.datetime,
) -> None:
    EscalationStep.objects.create(
        alert=alert,
        index=index,
        round=alert.escalation_round,
        step=step,
        recipient=person,
        notification_id=notification_id,
        notified_at=now,
        due_at=due_at,
    )


def _timer_start(alert: Alert, person: Membership, now: dt.datetime) -> dt.datetime:
    """When this person can first see the step's notification: now, or for a non-urgent one
    held by their quiet hours, when those end."""
    if alert.severity == AlertSeverity.CRISIS:
        return now
    until = quiet_hours_until(user=person.user, at=now, organization=alert.organization)
    return until if until is not None and until > now else now


def _climb(
    alert: Alert,
    *,
    from_index: int,
    now: dt.datetime,
    why: str,
    notify_first: bool = True,
    notice: NoticeFor | None = None,
) -> bool:
    """Tell the people of the first step at or after ``from_index`` that has anyone new to tell
    (in this round).

    Updates the alert's escalation state (the caller holds its row lock). Returns True when
    someone was told. When the ladder has run out, the whole ladder is told again (a new
    round, ``escalation_step`` past the last step) and the timer keeps running, so it is told
    again every acknowledgement period until someone acknowledges (``_tell_whole_ladder``).
    """
    playbook = playbook_for(alert.participant.program)
    steps = [str(s) for s in playbook.steps]
    already = set(
        EscalationStep.objects.filter(alert=alert, round=alert.escalation_round).values_list("recipient_id", flat=True)
    )
    period = ack_timer(playbook=playbook, severity=alert.severity)
    due_at = now + period
    for index in range(from_index, len(steps) + 1):
        step = steps[index - 1]
        people = [p for p in _people_for(step, alert, now) if p.pk not in already]
        if not people:
            continue
        # A non-urgent notification waits out the person's quiet hours: their timer starts then.
        due_at = max(_timer_start(alert, person, now) for person in people) + period
        for person in people:
            # The first step of an alert whose caller already told the mentor records them
            # without telling them a second time.
            told_already = index == 1 and not notify_first and from_index == 1
            notification_id = (
                None
                if told_already
                else _notify_step(alert, person, index, first=from_index == 1, now=now, notice=notice)
            )
            _record_step(alert, person, index, step, notification_id, now, due_at)
        alert.escalation_step = index
        alert.escalation_due_at = due_at
        alert.save(update_fields=["escalation_step", "escalation_due_at"])
        if from_index > 1:
            AlertEvent.objects.create(
                alert=alert,
                kind=AlertEventKind.ESCALATED,
                text=", ".join(p.user.display_name for p in people),
                source=f"escalation:{index}",
                occurred_at=now,
            )
        log_action(
            "alert.escalated" if from_index > 1 else "alert.escalation_started",
            actor=None,
            target=alert,
            organization=alert.organization,
            subject=alert.participant,
            extra={"step": index, "kind": step, "to": [p.pk for p in people], "why": why},
        )
        return True
    return _tell_whole_ladder(alert, steps, now=now, why=why, due_at=due_at)


def _tell_whole_ladder(alert: Alert, steps: list[str], *, now: dt.datetime, why: str, due_at: dt.datetime) -> bool:
    """The ladder ran out and no one acknowledged: tell everyone on it again, at once (a new
    round), and keep the timer running so this repeats every acknowledgement period. When the
    last step could not be reached either (or no one can be), the org's admins also get a
    direct email (``undeliverable_alarm_send``)."""
    everyone: dict[int, tuple[int, str, Membership]] = {}
    for index, step in enumerate(steps, start=1):
        for person in _people_for(step, alert, now):
            everyone.setdefault(person.pk, (index, step, person))
    if everyone:
        alert.escalation_round += 1
        for index, step, person in everyone.values():
            notification_id = _notify_step(alert, person, index, first=False, now=now)
            _record_step(alert, person, index, step, notification_id, now, due_at)
    alert.escalation_step = len(steps) + 1  # past the last step: the whole ladder, every period
    alert.escalation_due_at = due_at
    alert.save(update_fields=["escalation_step", "escalation_due_at", "escalation_round"])
    log_action(
        "alert.escalation_exhausted",
        actor=None,
        target=alert,
        organization=alert.organization,
        subject=alert.participant,
        extra={"why": why, "round": alert.escalation_round, "to": list(everyone)},
    )
    if why == "delivery_failed" or not everyone:
        undeliverable_alarm_send(alert=alert, now=now)
    return bool(everyone)


def escalation_start(
    *, alert: Alert, now: dt.datetime | None = None, notify_first: bool = True, notice: NoticeFor | None = None
) -> bool:
    """Start a new alert's escalation: tell the first step that has someone (normally the
    participant's mentor) and start its acknowledgement timer.

    Called by ``alert_raise`` inside its transaction. ``notice`` gives the first people told
    the caller's own words. With ``notify_first=False`` the caller has already told the mentor:
    they are recorded as step 1 (their timer runs) without a second notification — but then a
    failed delivery cannot move the alert on at once, so prefer ``notice``. Audits
    ``alert.escalation_started``.
    """
    now = now or timezone.now()
    return _climb(alert, from_index=1, now=now, why="raised", notify_first=notify_first, notice=notice)


def escalation_reopen(
    *,
    alert: Alert,
    reason: str,
    source: str = "",
    actor: Membership | None = None,
    now: dt.datetime | None = None,
    notice: NoticeFor | None = None,
) -> bool:
    """A new crisis joined an acknowledged alert: open it again and start its escalation over
    from the first step (normally the mentor, told again) with a fresh timer. The caller holds
    the alert's row lock. Audits ``alert.reopened``."""
    now = now or timezone.now()
    alert.status = AlertStatus.OPEN
    alert.escalation_round += 1
    alert.escalation_step = 0
    alert.escalation_due_at = None
    alert.save(update_fields=["status", "escalation_round", "escalation_step", "escalation_due_at"])
    AlertEvent.objects.create(
        alert=alert, kind=AlertEventKind.REOPENED, actor=actor, text=reason, source=source, occurred_at=now
    )
    log_action(
        "alert.reopened",
        actor=actor,
        target=alert,
        organization=alert.organization,
        subject=alert.participant,
        extra={"kind": alert.kind, "source": source, "round": alert.escalation_round},
    )
    return _climb(alert, from_index=1, now=now, why="reopened", notice=notice)


def escalation_stop(*, alert: Alert) -> None:
    """Acknowledged or resolved: no further steps. The caller holds the alert's row lock."""
    if alert.escalation_due_at is not None:
        alert.escalation_due_at = None
        alert.save(update_fields=["escalation_due_at"])


def _locked_open(alert_id: int) -> Alert | None:
    return (
        Alert.objects.select_for_update(of=("self",))
        .select_related("participant__user", "participant__program", "organization")
        .filter(pk=alert_id, status=AlertStatus.OPEN)
        .first()
    )


def escalations_advance_due(*, now: dt.datetime | None = None) -> int:
    """Move every open (unacknowledged) alert whose current step's timer has run out to its
    next step, telling the next people. Returns how many alerts moved.

    Run by the worker's sweep; safe in several processes at once (each alert is re-checked
    under its row lock) and safe to re-run (a moved alert is no longer due).
    """
    now = now or timezone.now()
    due_ids = list(
        Alert.objects.filter(status=AlertStatus.OPEN, escalation_due_at__lte=now)
        .order_by("escalation_due_at", "pk")
        .values_list("pk", flat=True)[:ADVANCE_BATCH]
    )
    moved = 0
    for alert_id in due_ids:
        try:
            # Its own transaction (a savepoint inside a caller's): one broken alert is rolled
            # back alone and logged, and every other due alert still moves on.
            with transaction.atomic():
                alert = _locked_open(alert_id)
                if alert is None or alert.escalation_due_at is None or alert.escalation_due_at > now:
                    continue  # acknowledged, resolved or moved on meanwhile
                if _climb(alert, from_index=alert.escalation_step + 1, now=now, why="no_acknowledgement"):
                    moved += 1
        except Exception:
            logger.exception("alert %s could not be escalated", alert_id)
    return moved


@transaction.atomic
def on_delivery_exhausted(*, notification_id: int, now: dt.datetime | None = None) -> bool:
    """Every outside channel (email, SMS) failed for good for this notification.

    If it told someone at the alert's current step, and everyone at that step is now out of
    reach, the alert moves to the next step at once instead of waiting for the timer.
    Idempotent: a second call (or a call for an earlier step) changes nothing. Called by the
    outbox worker. Returns True when the alert moved on.
    """
    now = now or timezone.now()
    step = EscalationStep.objects.filter(notification_id=notification_id).first()
    if step is None:
        return False
    alert = _locked_open(step.alert_id)
    if step.delivery_failed_at is None:
        step.delivery_failed_at = now
        step.save(update_fields=["delivery_failed_at"])
        log_action(
            "alert.delivery_failed",
            actor=None,
            target=step.alert,
            organization=step.alert.organization,
            extra={"step": step.index, "recipient": step.recipient_id, "notification": notification_id},
        )
    if alert is None or step.round != alert.escalation_round:
        return False
    this_round = EscalationStep.objects.filter(alert=alert, round=alert.escalation_round)
    if alert.escalation_step > len(playbook_for(alert.participant.program).steps):
        # The whole ladder was told again and no one at all could be reached: alarm the admins.
        if not this_round.filter(delivery_failed_at__isnull=True).exists():
            undeliverable_alarm_send(alert=alert, now=now)
        return False
    if alert.escalation_step != step.index:
        return False
    if this_round.filter(index=step.index, delivery_failed_at__isnull=True).exists():
        return False
    return _climb(alert, from_index=step.index + 1, now=now, why="delivery_failed")


def escalation_steps_for(*, alert: Alert) -> list[EscalationStep]:
    """Who has been told about this alert, in order (for its page; the caller checked access)."""
    return list(
        EscalationStep.objects.filter(alert=alert).select_related("recipient__user").order_by("round", "index", "pk")
    )


# --- Is the scheduler running? ---


@dataclass(frozen=True)
class SchedulerHealth:
    stale: bool
    last_heartbeat: dt.datetime | None
    # Jobs that raised in the last pass of a live worker: it runs, but these are not done.
    failing_jobs: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return "stale" if self.stale else "failing" if self.failing_jobs else "ok"

    @property
    def healthy(self) -> bool:
        return not self.stale and not self.failing_jobs


def scheduler_health(*, now: dt.datetime | None = None) -> SchedulerHealth:
    """Stale when no worker has beaten for two minutes (or none ever has): then no alert is
    being escalated and no outbox message delivered. ``failing_jobs``: what the live workers'
    last sweeps could not do (a job that raised)."""
    now = now or timezone.now()
    # One query while a worker lives (on every staff page, for the banner): the live beats,
    # newest first. Only when none is live does the last beat of all need looking up.
    live = list(
        WorkerHeartbeat.objects.filter(last_seen__gte=now - SCHEDULER_STALE_AFTER)
        .order_by("-last_seen")
        .values_list("last_seen", "failing_jobs")
    )
    last = live[0][0] if live else WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    failing = tuple(sorted({str(job) for _seen, jobs in live for job in (jobs or [])}))
    return SchedulerHealth(
        stale=last is None or now - last > SCHEDULER_STALE_AFTER, last_heartbeat=last, failing_jobs=failing
    )


# The alarm for a stopped worker goes out once per outage, then again every few hours.
SCHEDULER_ALARM_REPEAT = dt.timedelta(hours=4)


def _email_admins(*, organization_id: int | None, subject: str, body: str) -> int:
    """Email the admins (of one organization, or of all with None) straight over SMTP, one
    message each; returns how many were sent. Raises if the mail server refuses."""
    admins = Membership.objects.filter(role=Role.ADMIN, is_active=True, user__is_active=True)
    if organization_id is not None:
        admins = admins.filter(organization_id=organization_id)
    addresses = sorted({email for email in admins.values_list("user__email", flat=True) if email})
    if not addresses:
        return 0
    messages = [
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
        for address in addresses
    ]
    with get_connection(fail_silently=False) as connection:
        return connection.send_messages(messages) or 0


def scheduler_alarm_send(
    *, now: dt.datetime | None = None, repeat_after: dt.timedelta = SCHEDULER_ALARM_REPEAT
) -> tuple[SchedulerHealth, int]:
    """When the scheduler is stale, email every organization's admins straight over SMTP
    (the outbox is what stopped, so it cannot carry this). Returns the health and how many
    emails were sent: none when it is running, or when this outage was already reported less
    than ``repeat_after`` ago. Raises if the mail server refuses (the caller exits non-zero).
    """
    now = now or timezone.now()
    health = scheduler_health(now=now)
    if not health.stale:
        return health, 0
    last_alarm = SchedulerAlarm.objects.order_by("-sent_at", "-pk").first()
    if (
        last_alarm is not None
        and last_alarm.last_heartbeat == health.last_heartbeat
        and now - last_alarm.sent_at < repeat_after
    ):
        return health, 0
    since = (
        health.last_heartbeat.strftime("%Y-%m-%d %H:%M UTC") if health.last_heartbeat else "never (it has not run yet)"
    )
    # Plain English: it goes to whoever runs the server, outside any one person's language.
    body = (
        "Alongside's background worker has stopped, so alerts are not being escalated and no\n"
        "email, text message or reminder is being delivered.\n\n"
        f"Last heartbeat: {since}.\n"
        f"Site: {settings.SITE_URL}\n\n"
        "Please restart the worker (`manage.py worker`, or its systemd service) and check its log.\n"
        "Until it runs again, look at open alerts in Alongside yourself.\n"
    )
    sent = _email_admins(
        organization_id=None,
        subject="Alongside: alerts are not being escalated (the background worker has stopped)",
        body=body,
    )
    SchedulerAlarm.objects.create(sent_at=now, last_heartbeat=health.last_heartbeat, recipients=sent)
    return health, sent


def undeliverable_alarm_send(*, alert: Alert, now: dt.datetime | None = None) -> int:
    """An alert could not be delivered to anyone: email the alert's organization's admins
    straight over SMTP (like ``scheduler_alarm_send``; the outbox may be what is failing). No
    participant details, only the link to the alert. Never raises (logged); returns how many
    emails were sent. Audits ``alert.undeliverable_alarm``."""
    now = now or timezone.now()
    body = (
        "An alert in Alongside could not be delivered to anyone: every person on its escalation\n"
        "ladder was tried, and no email or text message reached them (or there was no one to tell).\n\n"
        f"Open the alert now: {settings.SITE_URL}{reverse('alerts:detail', args=[alert.pk])}\n\n"
        "Alongside keeps telling everyone on the ladder until someone acknowledges it. Please check\n"
        "the mail server and the text message provider, and people's contact details.\n"
    )
    sent = 0
    try:
        sent = _email_admins(
            organization_id=alert.organization_id,
            subject="Alongside: an alert could not be delivered to anyone",
            body=body,
        )
    except Exception:
        logger.exception("the alarm for undeliverable alert %s could not be sent", alert.pk)
    logger.error("alert %s could not be delivered to anyone; %s admin alarm emails sent", alert.pk, sent)
    log_action(
        "alert.undeliverable_alarm",
        actor=None,
        target=alert,
        organization=alert.organization,
        extra={"sent": sent, "at": now.isoformat()},
    )
    return sent
