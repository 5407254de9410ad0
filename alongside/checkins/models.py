from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField

NOTE_MAX_LENGTH = 2000
BACKFILL_DAYS = 7


class Mood(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


class Sleep(models.IntegerChoices):
    VERY_POOR = 1, _("Very poor")
    POOR = 2, _("Poor")
    FAIR = 3, _("Fair")
    GOOD = 4, _("Good")
    VERY_GOOD = 5, _("Very good")


class Halt(models.TextChoices):
    HUNGRY = "hungry", _("Hungry")
    ANGRY = "angry", _("Angry")
    LONELY = "lonely", _("Lonely")
    TIRED = "tired", _("Tired")


class CommonTrigger(models.TextChoices):
    STRESS = "stress", _("Stress")
    CONFLICT = "conflict", _("Conflict with someone")
    PEOPLE = "people", _("People I used with")
    PLACES = "places", _("Places I used")
    BOREDOM = "boredom", _("Boredom")
    MONEY = "money", _("Money worries")
    PAIN = "pain", _("Pain or feeling unwell")
    CELEBRATION = "celebration", _("A celebration or party")
    ALONE = "alone", _("Being alone")
    CRAVING_CUES = "cues", _("Seeing or smelling it")


class CommonCoping(models.TextChoices):
    CALLED_SOMEONE = "called", _("Called or texted someone")
    MEETING = "meeting", _("Went to a meeting")
    EXERCISE = "exercise", _("Moved my body")
    BREATHING = "breathing", _("Breathing or grounding")
    JOURNAL = "journal", _("Wrote it down")
    REST = "rest", _("Rested or slept")
    FAITH = "faith", _("Prayer or meditation")
    DISTRACTION = "distraction", _("Kept busy")
    MEDICATION = "medication", _("Took my medication as prescribed")


class CheckIn(models.Model):
    """A participant's daily check-in: one per local day, editable until that day ends."""

    # Their lookups use the (organization, local_date) index and the (participant, local_date)
    # unique constraint: no single-column index to keep up on every check-in.
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="checkins", db_index=False
    )
    local_date = models.DateField()
    mood = models.PositiveSmallIntegerField(
        choices=Mood.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    craving = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    sleep_quality = models.PositiveSmallIntegerField(
        choices=Sleep.choices, null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    halt = models.JSONField(default=list, blank=True)
    triggers = models.JSONField(default=list, blank=True)
    coping = models.JSONField(default=list, blank=True)
    # None: the participant chose not to say. Asked without judgment; never required.
    used = models.BooleanField(null=True, blank=True)
    substance = models.CharField(max_length=100, blank=True)
    amount = models.CharField(max_length=100, blank=True)
    note = EncryptedTextField(blank=True)
    wants_outreach = models.BooleanField(default=False)
    # When the participant made it (on their device, possibly offline), and when we stored it.
    made_at = models.DateTimeField(default=timezone.now)
    filled_late = models.BooleanField(default=False)
    client_id = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set by every write; the worker evaluates the participant's early-warning signals and clears
    # it (signals.services.signals_evaluate_pending), so the check-in request never waits for them.
    signals_pending = models.BooleanField(default=True)

    # Not stored: set by checkins.services when it has just looked at the note for crisis
    # language (True/False), so the page or API answer after saving need not look again.
    crisis_found: bool | None = None

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "local_date"], name="one_checkin_per_local_day"),
            models.UniqueConstraint(fields=["participant", "client_id"], name="checkin_client_id_unique"),
        ]
        indexes = [
            models.Index(fields=["organization", "local_date"]),
            # The worker's queue: only the few rows still waiting, found by participant.
            models.Index(
                fields=["participant", "updated_at"], condition=Q(signals_pending=True), name="checkin_signals_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.local_date}"

    def halt_labels(self) -> list[str]:
        labels = dict(Halt.choices)
        return [str(labels.get(value, value)) for value in self.halt]


class PersonalTrigger(models.Model):
    """A trigger the participant named themselves, offered again on later check-ins."""

    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="personal_triggers"
    )
    label = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["participant", "label"], name="personal_trigger_unique")]

    def __str__(self) -> str:
        return self.label
