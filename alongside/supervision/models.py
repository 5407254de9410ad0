"""Support for the people who support: supervision sessions, mentor wellbeing, caseload caps and
boundary concerns.

Who sees what (decided in ``access.policy``): a supervision session is read by its supervisor and
the mentors in it (peer supervision is shared, notes included); a mentor's wellbeing answers and
boundary concerns are read by the mentor and their supervisor only — never by an admin.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField

NOTES_MAX_LENGTH = 10_000
FOLLOW_UPS_MAX_LENGTH = 5_000
WELLBEING_NOTE_MAX_LENGTH = 2_000
CONCERN_MAX_LENGTH = 5_000
RESPONSE_MAX_LENGTH = 5_000
REASON_MAX_LENGTH = 500

DEFAULT_CASELOAD_CAP = 15
CASELOAD_CAP_MIN, CASELOAD_CAP_MAX = 1, 60
DEFAULT_WELLBEING_INTERVAL_DAYS = 14
WELLBEING_INTERVAL_MIN, WELLBEING_INTERVAL_MAX = 7, 60
SESSION_MINUTES_MIN, SESSION_MINUTES_MAX = 5, 480


# Supervision sessions -------------------------------------------------------------------------


class SessionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual (one mentor)")
    GROUP = "group", _("Group")


class SupervisionTopic(models.TextChoices):
    ETHICS_BOUNDARIES = "ethics_boundaries", _("Ethics and boundaries")
    SELF_CARE = "self_care", _("Self-care")
    DIFFICULT_SITUATIONS = "difficult_situations", _("Difficult situations")
    CASELOAD_REVIEW = "caseload_review", _("Caseload review")
    SKILLS_TRAINING = "skills_training", _("Skills and training")
    RECOVERY_SUPPORT = "recovery_support", _("Recovery support")
    CRISIS_DEBRIEF = "crisis_debrief", _("Crisis debrief")


class SupervisionSession(models.Model):
    """A supervision session a supervisor held with one mentor (individual) or several (group)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(
        "organizations.Membership", on_delete=models.PROTECT, related_name="supervision_sessions_led"
    )
    kind = models.CharField(max_length=16, choices=SessionKind.choices)
    mentors = models.ManyToManyField(
        "organizations.Membership", through="SessionAttendance", related_name="supervision_sessions"
    )
    occurred_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SESSION_MINUTES_MIN), MaxValueValidator(SESSION_MINUTES_MAX)]
    )
    topics = models.JSONField(default=list)
    notes = EncryptedTextField()
    follow_ups = EncryptedTextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    client_id = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "client_id"], name="supervision_client_id_unique"),
        ]
        indexes = [models.Index(fields=["supervisor", "occurred_on"])]

    def __str__(self) -> str:
        # Never the notes: this label is written to the audit log.
        return f"Supervision session {self.pk}"

    @property
    def topic_labels(self) -> list[str]:
        return [str(SupervisionTopic(t).label) for t in self.topics if t in SupervisionTopic.values]


class SessionAttendance(models.Model):
    """A mentor in a supervision session: what supervision hours add up from."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="attendances")
    mentor = models.ForeignKey("organizations.Membership", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "mentor"], name="one_attendance_per_mentor")]
        indexes = [models.Index(fields=["mentor", "session"])]


# Caseload cap and wellbeing rhythm ------------------------------------------------------------


class MentorSupport(models.Model):
    """Per-mentor settings that protect the mentor: how many participants at most, and how often
    the wellbeing self-check comes round. A mentor without a row has the defaults."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    mentor = models.OneToOneField("organizations.Membership", on_delete=models.CASCADE, related_name="mentor_support")
    caseload_cap = models.PositiveSmallIntegerField(
        default=DEFAULT_CASELOAD_CAP,
        validators=[MinValueValidator(CASELOAD_CAP_MIN), MaxValueValidator(CASELOAD_CAP_MAX)],
    )
    # Why the cap was last changed, shown to the mentor (and their supervisor).
    caseload_cap_reason = EncryptedTextField(blank=True)
    wellbeing_interval_days = models.PositiveSmallIntegerField(
        default=DEFAULT_WELLBEING_INTERVAL_DAYS,
        validators=[MinValueValidator(WELLBEING_INTERVAL_MIN), MaxValueValidator(WELLBEING_INTERVAL_MAX)],
    )
    # The due date whose reminder went out: one reminder per due period.
    wellbeing_reminded_for = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Mentor support settings {self.pk}"


# Wellbeing self-check -------------------------------------------------------------------------

SCALE_MAX = 4
STRAIN_MAX = 16
STRAIN_FLAG_AT = 10
WORSENING_FLAG_AT = 3


class Exhaustion(models.IntegerChoices):
    NOT_AT_ALL = 0, _("Not at all")
    A_LITTLE = 1, _("A little")
    SOMEWHAT = 2, _("Somewhat")
    QUITE_A_LOT = 3, _("Quite a lot")
    COMPLETELY = 4, _("Completely drained")


class BoundaryStrain(models.IntegerChoices):
    EASY = 0, _("Easy")
    MOSTLY_EASY = 1, _("Mostly easy")
    SOMETIMES_HARD = 2, _("Sometimes hard")
    OFTEN_HARD = 3, _("Often hard")
    VERY_HARD = 4, _("Very hard")


class Workload(models.IntegerChoices):
    LIGHT = 0, _("Light")
    COMFORTABLE = 1, _("Comfortable")
    FULL = 2, _("Full")
    HEAVY = 3, _("Heavy")
    TOO_MUCH = 4, _("Too much")


class SupportFelt(models.IntegerChoices):
    NOT_AT_ALL = 0, _("Not at all")
    A_LITTLE = 1, _("A little")
    SOMEWHAT = 2, _("Somewhat")
    WELL = 3, _("Well supported")
    VERY_WELL = 4, _("Very well supported")


def _scale() -> list[MinValueValidator | MaxValueValidator]:
    return [MinValueValidator(0), MaxValueValidator(SCALE_MAX)]


class WellbeingCheck(models.Model):
    """A mentor's short self-check. Higher means harder, except ``support_felt``."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="wellbeing_checks")
    answered_on = models.DateField()
    emotional_exhaustion = models.PositiveSmallIntegerField(choices=Exhaustion.choices, validators=_scale())
    boundary_strain = models.PositiveSmallIntegerField(choices=BoundaryStrain.choices, validators=_scale())
    workload = models.PositiveSmallIntegerField(choices=Workload.choices, validators=_scale())
    support_felt = models.PositiveSmallIntegerField(choices=SupportFelt.choices, validators=_scale())
    # "Anything you want your supervisor to know": only the mentor and their supervisor read it.
    note = EncryptedTextField(blank=True)
    client_id = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-answered_on", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "client_id"], name="wellbeing_client_id_unique"),
        ]
        indexes = [models.Index(fields=["mentor", "answered_on"])]

    def __str__(self) -> str:
        return f"Wellbeing check {self.pk}"

    @property
    def strain_score(self) -> int:
        """0 (all well) … 16 (every answer at its hardest): support counts the other way round."""
        return self.emotional_exhaustion + self.boundary_strain + self.workload + (SCALE_MAX - self.support_felt)


# Boundary concerns ----------------------------------------------------------------------------


class ConcernKind(models.TextChoices):
    OUTSIDE_CHANNELS = "outside_channels", _("Contact outside program channels")
    MONEY_OR_FAVOURS = "money_or_favours", _("A request for money or favours")
    PERSONAL_RELATIONSHIP = "personal_relationship", _("A romantic or personal relationship")
    CONTACT_DETAILS = "contact_details", _("Pressure about personal contact details")
    OTHER = "other", _("Something else")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Waiting for your supervisor")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class BoundaryConcern(models.Model):
    """A mentor telling their supervisor about a boundary worry, so they are not carrying it alone."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="boundary_concerns")
    # Optional: the participant it is about, from the mentor's caseload when reported.
    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=ConcernKind.choices)
    details = EncryptedTextField()
    status = models.CharField(max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    response = EncryptedTextField(blank=True)
    acknowledged_by = models.ForeignKey(
        "organizations.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    client_id = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "client_id"], name="concern_client_id_unique"),
        ]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self) -> str:
        return f"Boundary concern {self.pk}"
