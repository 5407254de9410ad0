"""Notifications: in-app always, email through the transactional outbox.

``notify`` must be called inside the transaction of the event it reports, so the event and
its notification commit together. Delivery is the worker's job (``outbox_deliver_due``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from alongside.notifications.models import Channel, Notification, OutboxMessage, OutboxStatus, WorkerHeartbeat

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.organizations.models import Membership, Organization

logger = logging.getLogger(__name__)


def _enqueue_delivery() -> None:
    """Ask the worker to deliver soon. With the database task backend the task row commits
    with the outbox row; even without it, the worker's sweep finds pending rows."""
    from alongside.notifications.tasks import deliver_outbox

    transaction.on_commit(lambda: deliver_outbox.enqueue())


def notify(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    organization: Organization | None = None,
    email: bool = True,
    dedupe_key: str = "",
) -> Notification:
    """Create an in-app notification and, if ``email``, an outbox email to the recipient.

    Idempotent on (recipient, dedupe_key): a repeated call returns the first notification
    and queues nothing more.
    """
    if dedupe_key:
        existing = Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                organization=organization,
                kind=kind,
                title=title,
                body=body,
                link=link,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key)
    if email and recipient.is_active:
        text = body
        if link:
            text = f"{body}\n\n{settings.SITE_URL}{link}" if body else f"{settings.SITE_URL}{link}"
        OutboxMessage.objects.create(
            notification=notification, channel=Channel.EMAIL, to_address=recipient.email, subject=title, body=text
        )
        _enqueue_delivery()
    return notification


def email_enqueue(*, to_address: str, subject: str, body: str) -> OutboxMessage:
    """Queue an email to someone who may not have an account yet (invitations, resets)."""
    message = OutboxMessage.objects.create(channel=Channel.EMAIL, to_address=to_address, subject=subject, body=body)
    _enqueue_delivery()
    return message


def notification_mark_read(*, recipient: User, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, viewer: Membership) -> int:
    """Mark read what the viewer sees while acting in this organization (not another's)."""
    return (
        Notification.objects.filter(recipient_id=viewer.user_id, read_at__isnull=True)
        .filter(Q(organization_id=viewer.organization_id) | Q(organization__isnull=True))
        .update(read_at=timezone.now())
    )


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _send(message: OutboxMessage) -> None:
    if message.channel != Channel.EMAIL:
        raise ValueError(f"no transport for channel {message.channel!r}")
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        # A stable Message-ID lets a receiving server drop the duplicate if a crash
        # between sending and recording makes us send twice.
        headers={"Message-ID": f"<outbox-{message.pk}-{uuid.uuid5(uuid.NAMESPACE_OID, str(message.pk))}@alongside>"},
    )
    with get_connection(fail_silently=False) as connection:
        connection.send_messages([email])


def _claim(*, now: datetime, limit: int) -> list[int]:
    """Lease up to ``limit`` due messages to this worker. SKIP LOCKED on PostgreSQL lets many
    workers share the outbox without taking the same row."""
    lease = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(status=OutboxStatus.SENDING, lease_until__lt=now)
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(status=OutboxStatus.SENDING, lease_until=lease)
    return ids


def outbox_deliver_due(*, limit: int = 50) -> dict[str, int]:
    """Deliver every due outbox message once; failures are retried later with backoff.

    Returns counts of sent, retried and failed messages. Safe to run in many processes.
    """
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message_id in _claim(now=timezone.now(), limit=limit):
        message = OutboxMessage.objects.get(pk=message_id)
        try:
            _send(message)
        except Exception as exc:  # any transport failure is retried, never lost
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            message.lease_until = None
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
                counts["failed"] += 1
                logger.error("outbox message %s failed for good: %s", message.pk, message.last_error)
            else:
                message.status = OutboxStatus.PENDING
                message.next_attempt_at = timezone.now() + _backoff(message.attempts)
                counts["retry"] += 1
                logger.warning("outbox message %s will be retried: %s", message.pk, message.last_error)
            message.save(update_fields=["attempts", "last_error", "lease_until", "status", "next_attempt_at"])
            continue
        message.attempts += 1
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        message.lease_until = None
        message.save(update_fields=["attempts", "status", "sent_at", "lease_until"])
        counts["sent"] += 1
    return counts


def worker_heartbeat(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"last_seen": timezone.now()})
