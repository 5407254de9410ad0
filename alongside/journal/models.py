from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.access.models import ParticipantOwned
from alongside.core.crypto import EncryptedTextField

TEXT_MAX_LENGTH = 10_000
SEARCH_MAX_LENGTH = 200


class Prompt(models.TextChoices):
    """Optional starters; the key is stored so the entry can show which one it answered."""

    GRATITUDE = "gratitude", _("Something I'm grateful for today")
    TRIGGERS = "triggers", _("Something that was hard, or a trigger I noticed")
    WINS = "wins", _("A win, big or small")
    WHAT_HELPED = "what_helped", _("What helped me today")


class JournalEntry(ParticipantOwned):
    """A participant's journal entry: private unless they share it with their mentor."""

    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="journal_entries"
    )
    prompt = models.CharField(max_length=20, choices=Prompt.choices, blank=True)
    text = EncryptedTextField()
    shared_with_mentor = models.BooleanField(default=False)
    shared_at = models.DateTimeField(null=True, blank=True)
    client_id = models.UUIDField(default=uuid.uuid4)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "client_id"], name="journal_client_id_unique"),
        ]
        indexes = [models.Index(fields=["participant", "shared_with_mentor"])]

    def __str__(self) -> str:
        # Never the text: this label is written to the audit log.
        return f"Journal entry {self.pk}"
