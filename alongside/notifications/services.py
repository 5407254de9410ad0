"""Notifications: in-app always; email and text messages through the transactional outbox.

``notify`` must be called inside the transaction of the event it reports, so the event and
its notification commit together. Delivery is the worker's job (``outbox_deliver_due``):

- The external messages of one notification form a fallback chain. Normal: email, then a
  text message if asked for. Urgent (crisis): a text message first when the person has a
  mobile number and SMS is configured, then email. Only the first link still pending is
  due; when a link fails for good (urgent: after ``OUTBOX_URGENT_ATTEMPTS`` quick attempts;
  normal: after ``OUTBOX_MAX_ATTEMPTS`` with exponential backoff) the next becomes due at
  once. When one is sent the rest are skipped: a person is told once.
- Non-urgent messages wait for the end of the recipient's quiet hours (their time zone);
  urgent ones never wait.
- When every link of an urgent notification has failed, the hook
  ``alongside.notifications.hooks.delivery_exhausted`` is sent (alerts subscribes, so that
  someone else is reached), in the transaction that records the failure.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput
from alongside.core.localtime import zone_named
from alongside.notifications.hooks import delivery_exhausted_send
from alongside.notifications.models import Channel, Notification, OutboxMessage, OutboxStatus, WorkerHeartbeat
from alongside.notifications.sms import normalize_phone_number, send_sms, sms_configured

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.alerts.models import Alert
    from alongside.organizations.models import Membership, Organization

logger = logging.getLogger(__name__)

SMS_MAX_LENGTH = 320  # two SMS segments: the title and the link, never details
# Outbox rows still on their way (or already there): a person told of an alert by one of
# these is not told again.
_LIVE_STATUSES = (OutboxStatus.PENDING, OutboxStatus.WAITING, OutboxStatus.SENDING, OutboxStatus.SENT)


def _enqueue_delivery() -> None:
    """Ask the worker to deliver soon, once the outbox row has committed. The task is enqueued
    after the commit (not with it), so enqueueing can fail on its own: that is logged and
    harmless (``robust``), the saved event stands, and the worker's sweep finds the pending
    rows anyway."""
    from alongside.notifications.tasks import deliver_outbox

    transaction.on_commit(lambda: deliver_outbox.enqueue(), robust=True)


# --- Quiet hours ---------------------------------------------------------------------------


def _zone_for_user(user: User, organization: Organization | None) -> ZoneInfo:
    """The person's chosen time zone, else their program's in this organization, else UTC.
    The program is looked up only when the person has not chosen a zone."""
    if (user.time_zone and user.time_zone != "UTC") or organization is None:
        return zone_named(user.time_zone)
    from alongside.organizations.models import Membership

    program_zone = (
        Membership.objects.filter(user=user, organization=organization, is_active=True, program__isnull=False)
        .values_list("program__time_zone", flat=True)
        .first()
    )
    return zone_named(user.time_zone, program_zone)


def quiet_hours_until(*, user: User, at: datetime, organization: Organization | None = None) -> datetime | None:
    """When the quiet hours that ``at`` falls in end, or None when ``at`` is not in quiet hours.

    Quiet hours are wall-clock times in the person's time zone and may span midnight
    (22:00–07:00). The start is inside, the end is not.
    """
    start, end = user.quiet_hours_start, user.quiet_hours_end
    if start is None or end is None or start == end:
        return None
    zone = _zone_for_user(user, organization)
    local = at.astimezone(zone)
    now_time = local.time()
    if start < end:
        if not start <= now_time < end:
            return None
        day = local.date()
    elif now_time >= start:
        day = local.date() + timedelta(days=1)
    elif now_time < end:
        day = local.date()
    else:
        return None
    return datetime.combine(day, end, tzinfo=zone).astimezone(dt.UTC)


# --- Writing notifications -----------------------------------------------------------------


def _already_told_of(recipient: User, alert: Alert) -> Notification | None:
    """A notification of this alert to this person that reached them or is still on its way."""
    outbox = OutboxMessage.objects.filter(notification=OuterRef("pk"))
    return (
        Notification.objects.filter(recipient=recipient, alert=alert)
        .filter(Q(Exists(outbox.filter(status__in=_LIVE_STATUSES))) | ~Q(Exists(outbox)))
        .order_by("created_at", "pk")
        .first()
    )


def _external_links(*, recipient: User, email: bool, sms_asked: bool, urgent: bool) -> list[Channel]:
    """The channels to try, in order. In-app is not among them: it is always there."""
    if not recipient.is_active:
        return []
    can_text = bool(recipient.phone_number) and sms_configured()
    links: list[Channel] = []
    if urgent and can_text:
        links.append(Channel.SMS)
    if email and recipient.email:
        links.append(Channel.EMAIL)
    if not urgent and sms_asked and can_text:
        links.append(Channel.SMS)
    return links


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
    urgent: bool = False,
    sms: bool = False,
    alert: Alert | None = None,
    now: datetime | None = None,
    tell_again: bool = False,
    outside_text: str = "",
) -> Notification:
    """Create an in-app notification and queue its delivery by email and/or text message.

    Channels, in fallback order: normal — email (if ``email``), then a text message (if
    ``sms`` and the person has a mobile number and SMS is configured); urgent — a text message
    (whenever possible), then email (if ``email``). Non-urgent messages are held until the
    recipient's quiet hours end; urgent ones go now.

    Idempotent on (recipient, dedupe_key): a repeated call returns the first notification
    and queues nothing more. With ``alert``, a person already told of that alert (delivered,
    or still on its way) is not told again: the earlier notification is returned — unless
    ``tell_again`` (escalation starting over: a new crisis, or no one acknowledged). Title and
    body leave the building: never put private text in them. ``outside_text`` is a short
    sentence written to be read outside the app even when details are off (no private details,
    no one's full name): it replaces the generic subject and text message.
    """
    now = now or timezone.now()
    if dedupe_key:
        existing = Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    if alert is not None and not tell_again:
        told = _already_told_of(recipient, alert)
        if told is not None:
            return told
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
                urgent=urgent,
                alert=alert,
                created_at=now,
            )
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key)
    links = _external_links(recipient=recipient, email=email, sms_asked=sms, urgent=urgent)
    if not links:
        return notification
    due = now if urgent else (quiet_hours_until(user=recipient, at=now, organization=organization) or now)
    subject, email_text, sms_text = _external_text(
        recipient=recipient, title=title, body=body, urgent=urgent, link=link, outside_text=outside_text
    )
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                notification=notification,
                channel=channel,
                to_address=recipient.phone_number if channel == Channel.SMS else recipient.email,
                subject=subject,
                body=sms_text if channel == Channel.SMS else email_text,
                urgent=urgent,
                chain_position=position,
                status=OutboxStatus.PENDING if position == 0 else OutboxStatus.WAITING,
                next_attempt_at=due,
                created_at=now,
            )
            for position, channel in enumerate(links)
        ]
    )
    _enqueue_delivery()
    return notification


def _external_text(
    *, recipient: User, title: str, body: str, urgent: bool, link: str, outside_text: str = ""
) -> tuple[str, str, str]:
    """(subject, email body, text message) for what leaves the app.

    By default (EXTERNAL_NOTIFICATION_DETAILS="none") no names and no details: an email or a text
    can be read over a shoulder, on a shared screen or by a mail provider, and a name next to
    "Alongside" says someone is in a recovery program (42 CFR Part 2). The outside message only
    says there is something to see, and where; the title and body are read in the app.
    """
    if settings.EXTERNAL_NOTIFICATION_DETAILS == "titles":
        url = f"{settings.SITE_URL}{link}" if link else ""
        email_text = f"{body}\n\n{url}" if body and url else body or url
        return title, email_text, " ".join(part for part in (f"Alongside: {title}", url) if part)[:SMS_MAX_LENGTH]
    url = f"{settings.SITE_URL}{link or '/notifications/'}"
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        if urgent:
            subject = _("Alongside: urgent, please open the app now")
            lead = _("Something urgent is waiting for you in Alongside. Please open it now:")
        else:
            subject = _("Alongside: you have a new notification")
            lead = _("You have a new notification in Alongside. Open it here:")
        privacy = _("For privacy, the details are shown only after you log in.")
    if outside_text:
        subject = f"Alongside: {outside_text}"[:200]
        return subject, f"{outside_text}\n{url}\n\n{privacy}", f"{subject} {url}"[:SMS_MAX_LENGTH]
    return subject, f"{lead}\n{url}\n\n{privacy}", f"{subject} {url}"[:SMS_MAX_LENGTH]


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


@transaction.atomic
def delivery_settings_update(
    *, user: User, phone_number: str | None, quiet_hours_start: dt.time | None, quiet_hours_end: dt.time | None
) -> User:
    """Set the person's own mobile number and quiet hours.

    ``phone_number``: None keeps the current number, "" removes it, anything else must be an
    E.164 number once spaces, dashes and brackets are taken out. Quiet hours need both ends
    (or neither), and different ones. Audits ``account.delivery_settings_changed`` without
    the number.
    """
    errors: dict[str, list[str]] = {}
    number = user.phone_number
    if phone_number is not None:
        try:
            number = normalize_phone_number(phone_number)
        except ValueError:
            errors["phone_number"] = [_("Enter the number with + and the country code, for example +1 555 010 1234.")]
    if (quiet_hours_start is None) != (quiet_hours_end is None):
        field = "quiet_hours_end" if quiet_hours_end is None else "quiet_hours_start"
        errors[field] = [_("Choose when quiet hours start and when they end, or leave both empty.")]
    elif quiet_hours_start is not None and quiet_hours_start == quiet_hours_end:
        errors["quiet_hours_end"] = [_("Quiet hours need to end at a different time than they start.")]
    if errors:
        raise InvalidInput(_("Please correct the highlighted fields."), field_errors=errors)
    phone_change = "unchanged" if number == user.phone_number else "removed" if not number else "set"
    user.phone_number = number
    user.quiet_hours_start = quiet_hours_start.replace(second=0, microsecond=0) if quiet_hours_start else None
    user.quiet_hours_end = quiet_hours_end.replace(second=0, microsecond=0) if quiet_hours_end else None
    user.save(update_fields=["phone_number", "quiet_hours_start", "quiet_hours_end"])
    log_action(
        "account.delivery_settings_changed",
        actor=user,
        target=user,
        extra={"phone_number": phone_change, "quiet_hours": quiet_hours_start is not None},
    )
    return user


# --- Delivering ------------------------------------------------------------------------------


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _send(message: OutboxMessage) -> None:
    if message.channel == Channel.SMS:
        send_sms(to=message.to_address, body=message.body, idempotency_key=message.idempotency_key)
        return
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


def _claim(*, now: datetime, limit: int) -> tuple[str, list[int]]:
    """Lease up to ``limit`` due messages to this worker, urgent ones first. SKIP LOCKED on
    PostgreSQL lets many workers share the outbox without taking the same row. A row whose
    worker died mid-delivery (still "sending" after its lease) is due again."""
    token = uuid.uuid4().hex
    lease = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = Q(status=OutboxStatus.PENDING, next_attempt_at__lte=now) | Q(status=OutboxStatus.SENDING, lease_until__lt=now)
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("-urgent", "next_attempt_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            OutboxMessage.objects.filter(pk__in=ids).update(
                status=OutboxStatus.SENDING, lease_until=lease, lease_token=token
            )
    return token, ids


def _delivery_exhausted(notification_id: int, now: datetime) -> None:
    """Every channel failed for an urgent notification: send ``delivery_exhausted`` (escalation
    subscribes and reaches the next person). Runs in the transaction that records the last
    failure; a failing receiver is logged and rolled back alone, never blocking the outbox."""
    logger.error("urgent notification %s could not be delivered by any channel", notification_id)
    delivery_exhausted_send(notification_id=notification_id, now=now)


def _advance_chain(message: OutboxMessage, now: datetime) -> None:
    """This link is over without success: make the next one due now, or, when none is
    left and nothing was delivered, report an urgent notification as undeliverable."""
    if message.notification_id is None:
        return
    siblings = OutboxMessage.objects.select_for_update().filter(notification_id=message.notification_id)
    if siblings.filter(status=OutboxStatus.SENT).exists():
        # Another channel already reached them: nothing more is due, ever.
        siblings.filter(status=OutboxStatus.WAITING).update(
            status=OutboxStatus.SKIPPED, last_error="delivered by another channel"
        )
        return
    following = siblings.filter(status=OutboxStatus.WAITING).order_by("chain_position", "id").first()
    if following is not None:
        following.status = OutboxStatus.PENDING
        following.next_attempt_at = now
        following.save(update_fields=["status", "next_attempt_at"])
        _enqueue_delivery()
        return
    if message.urgent and not siblings.filter(status__in=_LIVE_STATUSES).exists():
        _delivery_exhausted(message.notification_id, now)


def _give_up(message: OutboxMessage, *, token: str, now: datetime, status: str, reason: str, attempts: int) -> bool:
    """Close this link (failed or skipped) and move on along the chain, in one transaction."""
    with transaction.atomic():
        closed = OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING, lease_token=token).update(
            status=status, attempts=attempts, last_error=reason[:500], lease_until=None, lease_token=""
        )
        if closed:
            _advance_chain(message, now)
    return bool(closed)


def _skip(message: OutboxMessage, *, token: str, now: datetime, reason: str) -> str:
    """This link is not needed or cannot be tried: skip it (attempts unchanged) and move on."""
    _give_up(message, token=token, now=now, status=OutboxStatus.SKIPPED, reason=reason, attempts=message.attempts)
    return "skipped"


def _record_sent(message: OutboxMessage, now: datetime) -> None:
    """It reached the person: whatever happens to our lease, it is sent, and the other
    channels of the notification are skipped."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).exclude(status=OutboxStatus.SENT).update(
            status=OutboxStatus.SENT,
            attempts=F("attempts") + 1,
            sent_at=now,
            last_error="",
            lease_until=None,
            lease_token="",
        )
        if message.notification_id is not None:
            OutboxMessage.objects.filter(
                notification_id=message.notification_id,
                status__in=(OutboxStatus.PENDING, OutboxStatus.WAITING),
            ).exclude(pk=message.pk).update(
                status=OutboxStatus.SKIPPED, last_error=f"delivered by {message.channel} (#{message.pk})"
            )


def _record_failure(message: OutboxMessage, exc: Exception, *, token: str, now: datetime) -> str:
    attempts = message.attempts + 1
    error = f"{type(exc).__name__}: {exc}"
    if "to_address" not in message.get_deferred_fields() and message.to_address:
        error = error.replace(message.to_address, "<recipient>")  # addresses stay in the encrypted column
    limit = settings.OUTBOX_URGENT_ATTEMPTS if message.urgent else settings.OUTBOX_MAX_ATTEMPTS
    if getattr(exc, "permanent", False) or attempts >= limit:
        _give_up(message, token=token, now=now, status=OutboxStatus.FAILED, reason=error, attempts=attempts)
        logger.error("outbox message %s failed for good: %s", message.pk, error)
        return "failed"
    delay = timedelta(seconds=settings.OUTBOX_URGENT_RETRY_SECONDS) if message.urgent else _backoff(attempts)
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING, lease_token=token).update(
        status=OutboxStatus.PENDING,
        attempts=attempts,
        last_error=error[:500],
        next_attempt_at=now + delay,
        lease_until=None,
        lease_token="",
    )
    logger.warning("outbox message %s will be retried: %s", message.pk, error)
    return "retry"


def _record_unexpected_failure(message_id: int, exc: Exception, *, token: str, now: datetime) -> str:
    """Processing a leased row raised outside the transport (which ``_deliver_one`` handles):
    record it as a failed attempt without reading the row's encrypted columns."""
    message = (
        OutboxMessage.objects.only("id", "attempts", "urgent", "notification_id")
        .filter(pk=message_id, status=OutboxStatus.SENDING, lease_token=token)
        .first()
    )
    if message is None:
        return "lost"
    return _record_failure(message, exc, token=token, now=now)


def _deliver_one(message_id: int, *, token: str, clock: Callable[[], datetime]) -> str:
    """Deliver one leased message; returns what happened to it."""
    now = clock()
    # Renew the lease just before sending: a long batch never lets a message's lease run out
    # while it is still to come, and a lease another worker took over is left alone.
    renewed = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.SENDING, lease_token=token).update(
        lease_until=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    )
    if not renewed:
        return "lost"
    message = OutboxMessage.objects.select_related("notification__recipient").get(pk=message_id)
    notification = message.notification
    if notification is not None:
        delivered = (
            OutboxMessage.objects.filter(notification=notification, status=OutboxStatus.SENT)
            .exclude(pk=message.pk)
            .exists()
        )
        if delivered:
            return _skip(message, token=token, now=now, reason="delivered by another channel")
        if not notification.recipient.is_active:
            return _skip(message, token=token, now=now, reason="the account is no longer active")
        if not message.urgent:
            held_until = quiet_hours_until(user=notification.recipient, at=now, organization=notification.organization)
            if held_until is not None and held_until > now:
                OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING, lease_token=token).update(
                    status=OutboxStatus.PENDING, next_attempt_at=held_until, lease_until=None, lease_token=""
                )
                return "held"
    if message.channel == Channel.SMS and not sms_configured():
        return _skip(message, token=token, now=now, reason="SMS is not configured")
    try:
        _send(message)
    except Exception as exc:  # any transport failure is retried or falls back, never lost
        return _record_failure(message, exc, token=token, now=clock())
    _record_sent(message, clock())
    return "sent"


def outbox_deliver_due(*, limit: int = 50, now: datetime | None = None) -> dict[str, int]:
    """Deliver up to ``limit`` due outbox messages, urgent ones first; returns counts of sent,
    retried and failed messages.

    A link that falls back to the next channel makes that one due at once, and it is tried
    within the same call. Safe to run in many processes at once (leases with SKIP LOCKED);
    a message whose worker died mid-delivery is tried again once its lease expires, with the
    same idempotency key (SMS) or Message-ID (email), so the provider can drop a duplicate.
    ``now`` fixes the clock (tests); the worker passes nothing.
    """
    clock: Callable[[], datetime] = (lambda: now) if now is not None else timezone.now
    counts = {"sent": 0, "retry": 0, "failed": 0}
    handled = 0
    while handled < limit:
        token, ids = _claim(now=clock(), limit=limit - handled)
        if not ids:
            break
        for message_id in ids:
            try:
                outcome = _deliver_one(message_id, token=token, clock=clock)
            except Exception as exc:
                # One broken row (say, undecryptable after a key was dropped) must not hold up
                # the others. It counts as a failed attempt like any other, so it is retried a
                # few times, then fails for good and the chain moves on (urgent: escalation).
                logger.exception("outbox message %s could not be processed", message_id)
                try:
                    outcome = _record_unexpected_failure(message_id, exc, token=token, now=clock())
                except Exception:
                    logger.exception("outbox message %s: recording its failure failed too", message_id)
                    continue
            if outcome in counts:
                counts[outcome] += 1
        handled += len(ids)
    return counts


def worker_heartbeat(*, worker_id: str, now: datetime | None = None, failing_jobs: list[str] | None = None) -> None:
    """The worker's sweep ran (``failing_jobs``: the names of its jobs that raised this pass)."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": now or timezone.now(), "failing_jobs": sorted(set(failing_jobs or []))},
    )
