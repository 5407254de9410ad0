from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.access.models import ParticipantOwned
from alongside.core.crypto import EncryptedTextField

STRATEGY_MAX_LENGTH = 200
MAX_STRATEGIES = 50
ACTIVITY_NOTE_MAX_LENGTH = 500
ACTIVITY_BACKFILL_DAYS = 30
ACTIVITY_MAX_MINUTES = 600


class ActivityKind(models.TextChoices):
    EXERCISE = "exercise", _("Exercise")
    VOLUNTEERING = "volunteering", _("Volunteering")
    MINDFULNESS = "mindfulness", _("Mindfulness")
    MEETING = "meeting", _("Meeting attended")
    SERVICE = "service", _("Service")


class CopingStrategy(ParticipantOwned):
    """Something that helps this participant, in their own words, in the order they chose."""

    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="coping_strategies"
    )
    # Encrypted: people name substances, places and people here.
    text = EncryptedTextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["participant", "position"])]

    def __str__(self) -> str:
        return f"Coping strategy {self.pk}"


class Activity(models.Model):
    """One healthy activity the participant did on a day (counts toward goals)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    local_date = models.DateField()
    minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(ACTIVITY_MAX_MINUTES)]
    )
    note = EncryptedTextField(blank=True)
    client_id = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-local_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "client_id"], name="activity_client_id_unique"),
        ]
        indexes = [models.Index(fields=["participant", "local_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.local_date}"
