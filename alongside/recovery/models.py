from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.access.models import ParticipantOwned
from alongside.core.crypto import EncryptedTextField
from alongside.organizations.models import RecoveryPathway

SUBSTANCE_MAX_LENGTH = 60
SETBACK_TEXT_MAX_LENGTH = 2000


class CountFrom(models.TextChoices):
    """Which number the participant sees: a setback never erases days, but they may choose a fresh count."""

    START = "start", _("All my days in recovery since I started")
    LATEST_SETBACK = "latest_setback", _("Days since my latest setback")


class RecoveryStart(ParticipantOwned):
    """One timeline: the day a participant started recovery on a pathway (and, optionally, from a substance)."""

    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="recovery_starts"
    )
    pathway = models.CharField(max_length=32, choices=RecoveryPathway.choices)
    substance = models.CharField(max_length=SUBSTANCE_MAX_LENGTH, blank=True)
    started_on = models.DateField()
    count_from = models.CharField(max_length=20, choices=CountFrom.choices, default=CountFrom.START)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "pathway", "substance"], name="recovery_start_per_pathway_substance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_pathway_display()} since {self.started_on}"


class Setback(models.Model):
    """A day of return to use. Recorded with care; it never erases the days before it."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    start = models.ForeignKey(RecoveryStart, on_delete=models.CASCADE, related_name="setbacks")
    occurred_on = models.DateField()
    # Seen only by the participant, never by their mentor or supervisor.
    private_note = EncryptedTextField(blank=True)
    learned = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"Setback {self.occurred_on}"
