from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from alongside.core.crypto import EncryptedTextField


class Notification(models.Model):
    """An in-app notification. Always created; other channels are outbox messages beside it."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, null=True, related_name="+"
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    body = EncryptedTextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    # Makes a repeated event (a retried request, a re-run job) create one notification.
    dedupe_key = models.CharField(max_length=200, blank=True)
    # Urgent (crisis) notifications ignore quiet hours and fall back from channel to channel at once.
    urgent = models.BooleanField(default=False)
    # The alert this tells someone about: a person is told of one alert once (see ``notify``).
    alert = models.ForeignKey("alerts.Alert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_dedupe"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"


class OutboxStatus(models.TextChoices):
    # Due at next_attempt_at.
    PENDING = "pending", "Pending"
    # A later link of a fallback chain: due only once every earlier link has failed.
    WAITING = "waiting", "Waiting"
    # Leased by a worker until lease_until.
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    # Every attempt failed; the next link of the chain (if any) took over.
    FAILED = "failed", "Failed"
    # Never attempted: another channel already delivered it, or this channel was unavailable.
    SKIPPED = "skipped", "Skipped"


class OutboxMessage(models.Model):
    """A message to deliver outside the app, written in the same transaction as its event.

    The worker claims due rows with a lease, delivers them and marks them sent; a crash
    leaves the row pending (or its lease expires), so it is retried, never lost.

    The external messages of one notification form a fallback chain ordered by
    ``chain_position``: the first link is pending, the others wait. When a link fails for
    good the next one becomes due; when one is sent the rest are skipped, so a person
    receives a notification once, by whichever channel reached them first.
    """

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    to_address = EncryptedTextField()
    subject = models.CharField(max_length=200)
    body = EncryptedTextField()
    status = models.CharField(max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    urgent = models.BooleanField(default=False)
    chain_position = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    # Which claim holds the lease, so a worker whose lease was taken over never overwrites the result.
    lease_token = models.CharField(max_length=32, blank=True)
    # Why the last attempt failed or why the message was skipped; never the address or the text.
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.status})"

    @property
    def idempotency_key(self) -> str:
        """The same for every attempt: a provider that honours it sends a retried message once."""
        return f"outbox-{self.pk}"


class WorkerHeartbeat(models.Model):
    """Last time each worker ran its scheduler loop, so a stopped worker can be noticed."""

    worker_id = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField(default=timezone.now)
    # The sweep's jobs that raised in its last pass (names only): the worker runs, but these
    # jobs do not get done, and /healthz/worker says so.
    failing_jobs = models.JSONField(default=list, blank=True)
