from __future__ import annotations

from django.db import models
from django.utils import timezone


class CheckinReminder(models.Model):
    """A participant's daily check-in reminder: a local time (or off) and the channels."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.OneToOneField(
        "organizations.Membership", on_delete=models.CASCADE, related_name="checkin_reminder"
    )
    # A wall-clock time in the participant's own time zone; None means no reminder.
    local_time = models.TimeField(null=True, blank=True)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=False)
    # The participant's local day on which the last reminder went out: never twice a day.
    last_sent_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["local_time"], name="reminder_time_idx")]

    def __str__(self) -> str:
        return f"Check-in reminder {self.pk}"

    @property
    def is_on(self) -> bool:
        return self.local_time is not None
