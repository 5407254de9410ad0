from __future__ import annotations

from django.db import models
from django.utils import timezone

from alongside.core.crypto import EncryptedTextField


class BreakGlassGrant(models.Model):
    """Time-limited emergency access by a supervisor or admin to one participant's record."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    holder = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="break_glass_grants")
    participant = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="+")
    reason = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["holder", "participant", "expires_at"])]

    def __str__(self) -> str:
        return f"Emergency access to {self.participant.user} by {self.holder.user}"

    def is_active(self) -> bool:
        return self.ended_at is None and self.expires_at > timezone.now()


class ParticipantOwned(models.Model):
    """A record that belongs to one participant (a goal, a check-in, a journal entry …).

    Its organization, its participant and when it was made; declared once as a
    ``alongside.access.records.RecordType``, it is read by the participant themself, their
    matched mentor, that mentor's supervisor, and a break-glass holder (``BREAK_GLASS_OPENS``),
    and listed for exactly those people (``policy.scope``). A subclass may redeclare
    ``participant`` to give it a ``related_name`` (``participant.goals``); a new one inherits
    ``Meta`` (``class Meta(ParticipantOwned.Meta)``) for the index on participant and date.
    """

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["participant", "created_at"], name="%(app_label)s_%(class)s_pc")]
