"""Secure messaging between a participant and their peer mentor.

One thread per participant. Who is in it is not stored but derived: the participant, their
current matched mentor (from the active match, so a reassignment moves the thread to the new
mentor and an ended match ends the old mentor's access at once), and that mentor's supervisor
once added. Message text is encrypted at rest.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.core.crypto import EncryptedTextField

BODY_MAX_LENGTH = 4000


class Thread(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="message_threads"
    )
    # The supervisor added to the conversation (by the mentor or by themselves). They take
    # part only while they supervise the participant's current mentor.
    supervisor = models.ForeignKey(
        "organizations.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supervisor_added_at = models.DateTimeField(null=True, blank=True)
    supervisor_added_by = models.ForeignKey(
        "organizations.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "participant"], name="one_thread_per_participant"),
        ]

    def __str__(self) -> str:
        return f"Message thread {self.pk}"


class Message(models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey("organizations.Membership", on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField()
    # Set by the sending device or form: a double submit or retry stores one message.
    client_id = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)
    is_crisis = models.BooleanField(default=False)
    # Written outside the mentor's working hours: their notification waits until this time.
    held_until = models.DateTimeField(null=True, blank=True)
    # When the other side was told (at once, or when the hold was released).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "sender", "client_id"], name="message_client_id_unique"),
        ]
        indexes = [
            # "Messages after id N in this thread": the poll every two seconds.
            models.Index(fields=["thread", "id"], name="message_thread_id_idx"),
            # The release job: held notifications that are due.
            models.Index(
                fields=["held_until"],
                name="message_held_idx",
                condition=Q(held_until__isnull=False, notified_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        # Never the text: this label is written to the audit log.
        return f"Message {self.pk}"


class ThreadRead(models.Model):
    """How far one person has read in a thread (read receipts, unread counts)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="+")
    last_read_message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "member"], name="one_read_marker_per_member")]
        indexes = [models.Index(fields=["member", "thread"], name="threadread_member_idx")]


class MentorWorkingHours(models.Model):
    """When a mentor usually replies: one window per weekday, in the mentor's own time zone.

    No rows at all means "always available" (nothing is held).
    """

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(6)], help_text=_("0 is Monday, 6 is Sunday.")
    )
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "weekday"], name="one_window_per_weekday"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="working_hours_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="working_hours_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"Working hours {self.pk}"
