"""Alerts: something about a participant that a person should respond to.

One open alert per participant and kind: a new reason for the same kind joins the open alert's
history instead of piling up beside it. Open → acknowledged → resolved (with a closing note).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField

REASON_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 2000


class AlertKind(models.TextChoices):
    """Why an alert was raised. Extensible: add kinds here (the early-warning signals add theirs)."""

    OUTREACH_REQUESTED = "outreach_requested", _("Asked for outreach")
    CRISIS_BUTTON = "crisis_button", _("Crisis button")
    CRISIS_LANGUAGE = "crisis_language", _("Crisis language")
    REPORTED_USE = "reported_use", _("Reported use")
    SIGNAL = "signal", _("Early-warning signal")


class AlertSeverity(models.TextChoices):
    """How fast a person must answer: it sets the escalation's acknowledgement timer."""

    CRISIS = "crisis", _("Crisis")
    HIGH = "high", _("High risk")
    NORMAL = "normal", _("Normal")


# The severity an alert gets from its kind unless the caller says otherwise.
SEVERITY_BY_KIND: dict[str, str] = {
    AlertKind.CRISIS_BUTTON: AlertSeverity.CRISIS,
    AlertKind.CRISIS_LANGUAGE: AlertSeverity.CRISIS,
    AlertKind.REPORTED_USE: AlertSeverity.HIGH,
    AlertKind.SIGNAL: AlertSeverity.HIGH,
    AlertKind.OUTREACH_REQUESTED: AlertSeverity.NORMAL,
}


def severity_for_kind(kind: str) -> str:
    return SEVERITY_BY_KIND.get(kind, AlertSeverity.NORMAL)


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


# Statuses in which an alert still needs someone: at most one such alert per participant and kind.
OPEN_STATUSES = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


class AlertEventKind(models.TextChoices):
    RAISED = "raised", _("Raised")
    REPEATED = "repeated", _("Raised again")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    NOTE = "note", _("Note")
    RESOLVED = "resolved", _("Resolved")
    ESCALATED = "escalated", _("Passed on: no one had acknowledged it in time")
    REOPENED = "reopened", _("Opened again: a new crisis")
    WITHDRAWN = "withdrawn", _("Taken back by the participant: pressed by mistake")


class Alert(models.Model):
    """An alert about one participant, seen by their matched mentor and that mentor's supervisor."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=32, choices=AlertKind.choices)
    severity = models.CharField(max_length=8, choices=AlertSeverity.choices, default=AlertSeverity.NORMAL)
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    # The plain-language reason the mentor sees; never private journal text. Encrypted: it may
    # carry check-in details.
    reason = EncryptedTextField()
    source = models.CharField(max_length=64, blank=True)  # what raised it, e.g. "checkin:123"
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution_note = EncryptedTextField(blank=True)
    # Escalation state (see alerts.escalation): the playbook step reached (0 = not started) and
    # when that step's acknowledgement timer runs out; null once acknowledged, resolved or the
    # last step has been reached.
    escalation_step = models.PositiveSmallIntegerField(default=0)
    escalation_due_at = models.DateTimeField(null=True, blank=True)
    # How many times the ladder started again: a new crisis joining an acknowledged alert, or
    # the whole ladder told again because no one acknowledged after its last step.
    escalation_round = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"],
                condition=Q(status__in=["open", "acknowledged"]),
                name="one_open_alert_per_participant_and_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "status"]),
            models.Index(fields=["organization", "status", "raised_at"]),
            models.Index(fields=["status", "escalation_due_at"]),
        ]

    def __str__(self) -> str:
        return f"Alert {self.pk} ({self.kind}, {self.status})"

    @property
    def from_checkin(self) -> bool:
        return self.source.startswith("checkin:")


class AlertEvent(models.Model):
    """The alert's history, for its timeline: one row per change, never edited or deleted."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=AlertEventKind.choices)
    actor = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField(blank=True)  # the reason raised, a note, or the closing note
    source = models.CharField(max_length=64, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"


# --- Escalation: who is told next when no one acknowledges an alert in time. ---

ACK_MINUTES_MIN = 1
ACK_MINUTES_MAX = 7 * 24 * 60  # a week
MAX_SHIFT_DAYS = 14
MAX_REPEAT_WEEKS = 12
DEFAULT_ACK_MINUTES: dict[str, int] = {
    AlertSeverity.CRISIS: 5,
    AlertSeverity.HIGH: 4 * 60,
    AlertSeverity.NORMAL: 24 * 60,
}


class PlaybookStep(models.TextChoices):
    """One rung of the escalation ladder: whom it reaches."""

    MENTOR = "mentor", _("The participant's mentor")
    SUPERVISOR = "supervisor", _("The mentor's supervisor")
    ON_CALL = "on_call", _("The program's on-call person")
    ADMIN = "admin", _("The organization's admins")


# Steps that reach people outside the participant's care. Being told at one of them is what
# lets that person open and answer the alert; the mentor and supervisor steps add no access
# (theirs follows the match, so it ends when the match ends).
STEPS_GRANTING_ACCESS = (PlaybookStep.ON_CALL, PlaybookStep.ADMIN)

DEFAULT_PLAYBOOK_STEPS: list[str] = [
    PlaybookStep.MENTOR,
    PlaybookStep.SUPERVISOR,
    PlaybookStep.ON_CALL,
    PlaybookStep.ADMIN,
]


def default_playbook_steps() -> list[str]:
    return [str(step) for step in DEFAULT_PLAYBOOK_STEPS]


class EscalationPlaybook(models.Model):
    """A program's escalation ladder and its acknowledgement timers, set by the org admin.

    A program without a saved playbook uses the defaults (every step; 5 minutes for a crisis,
    4 hours for high risk, 24 hours otherwise).
    """

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    program = models.OneToOneField(
        "organizations.Program", on_delete=models.CASCADE, related_name="escalation_playbook"
    )
    steps = models.JSONField(default=default_playbook_steps)  # PlaybookStep values, in order
    crisis_ack_minutes = models.PositiveIntegerField(default=DEFAULT_ACK_MINUTES[AlertSeverity.CRISIS])
    high_ack_minutes = models.PositiveIntegerField(default=DEFAULT_ACK_MINUTES[AlertSeverity.HIGH])
    normal_ack_minutes = models.PositiveIntegerField(default=DEFAULT_ACK_MINUTES[AlertSeverity.NORMAL])
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Escalation playbook for program {self.program_id}"

    def ack_minutes(self, severity: str) -> int:
        if severity == AlertSeverity.CRISIS:
            return self.crisis_ack_minutes
        if severity == AlertSeverity.HIGH:
            return self.high_ack_minutes
        return self.normal_ack_minutes


class OnCallShift(models.Model):
    """Someone on call for a program from ``starts_at`` to ``ends_at`` (aware datetimes; entered
    in the program's time zone). Shifts may overlap: everyone on call at the time is told."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("organizations.Program", on_delete=models.CASCADE, related_name="on_call_shifts")
    person = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="on_call_shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The form's key: a double submit adds the shift (and its weekly repeats) once.
    client_id = models.UUIDField(null=True, blank=True)
    created_by = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="on_call_shift_ends_after_start"
            )
        ]
        indexes = [
            models.Index(fields=["program", "starts_at", "ends_at"]),
            models.Index(fields=["program", "client_id"]),
        ]

    def __str__(self) -> str:
        return f"On call {self.person_id} {self.starts_at:%Y-%m-%d %H:%M}"


class EscalationStep(models.Model):
    """One person told about an alert at one step of its escalation. Told at an on-call or admin
    step, that person may open and answer this alert (and no other) though they are not in the
    participant's care, and keeps that when the alert moves on (see STEPS_GRANTING_ACCESS)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="escalation_steps")
    index = models.PositiveSmallIntegerField()  # 1-based position in the playbook's steps
    round = models.PositiveSmallIntegerField(default=0)  # the alert's escalation_round when told
    step = models.CharField(max_length=16, choices=PlaybookStep.choices)
    recipient = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(
        "notifications.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_at = models.DateTimeField()
    due_at = models.DateTimeField()
    # Every outside channel failed for this person's notification: the alert moved on at once.
    delivery_failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "index", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "round", "recipient"], name="escalation_step_one_per_recipient_per_round"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "alert"])]

    def __str__(self) -> str:
        return f"Alert {self.alert_id} step {self.index} → {self.recipient_id}"


class SchedulerAlarm(models.Model):
    """When ``check_scheduler`` last emailed the admins that the worker had stopped, so one
    outage sends one alarm (and a reminder every few hours), not one per cron run."""

    sent_at = models.DateTimeField(default=timezone.now)
    last_heartbeat = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
