"""Contact notes: what a peer mentor records about time spent with a participant they walk alongside.

Nonclinical and short: when, how long, how (mode), what about (topics), what happened and what
was agreed, and when to follow up. The free text is encrypted at rest. A note can be changed by
its author for 24 hours; after that it stands, and anything more is an addendum.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField

SUMMARY_MAX_LENGTH = 4000
AGREED_MAX_LENGTH = 2000
ADDENDUM_MAX_LENGTH = 4000
MAX_DURATION_MINUTES = 600
MAX_DAYS_BACK = 90
EDIT_WINDOW = dt.timedelta(hours=24)


class ContactMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    TEXT = "text", _("Text messages")
    GROUP = "group", _("Group")


class ContactTopic(models.TextChoices):
    GOALS = "goals", _("Goals")
    COPING = "coping", _("Coping")
    RESOURCES = "resources", _("Resources")
    RECOVERY_SUPPORT = "recovery_support", _("Recovery support")
    CRISIS = "crisis", _("Crisis")


class ContactNote(models.Model):
    """One contact between a mentor and a participant, as the mentor recorded it."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(
        "organizations.Membership", on_delete=models.PROTECT, related_name="contact_notes_written"
    )
    participant = models.ForeignKey("organizations.Membership", on_delete=models.PROTECT, related_name="contact_notes")
    occurred_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=16, choices=ContactMode.choices)
    topics = models.JSONField(default=list)
    summary = EncryptedTextField()
    agreed = EncryptedTextField(blank=True, default="")
    follow_up_on = models.DateField(null=True, blank=True)
    # The follow-up date the mentor was reminded of (a new date, after an edit, is reminded again).
    follow_up_reminded_for = models.DateField(null=True, blank=True)
    client_id = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "client_id"], name="contact_note_client_id_unique"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=MAX_DURATION_MINUTES),
                name="contact_note_duration_range",
            ),
            models.CheckConstraint(
                condition=models.Q(follow_up_on__isnull=True) | models.Q(follow_up_on__gte=models.F("occurred_on")),
                name="contact_note_follow_up_after_contact",
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "occurred_on"]),
            models.Index(fields=["mentor", "occurred_on"]),
            models.Index(fields=["follow_up_on"], name="contact_note_follow_up_idx"),
        ]

    def __str__(self) -> str:
        # Never the text: this label is written to the audit log.
        return f"Contact note {self.pk}"

    def editable_until(self) -> dt.datetime:
        return self.created_at + EDIT_WINDOW

    def is_editable(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) < self.editable_until()

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(ContactTopic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class ContactAddendum(models.Model):
    """Something added to a note after its 24 hours: the note itself stays as it was."""

    note = models.ForeignKey(ContactNote, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey("organizations.Membership", on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    client_id = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["note", "client_id"], name="contact_addendum_client_id_unique"),
        ]

    def __str__(self) -> str:
        return f"Addendum {self.pk} to contact note {self.note_id}"
