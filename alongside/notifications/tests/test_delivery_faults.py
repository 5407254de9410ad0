"""Fault tests for delivery, on a controllable clock, over real SMTP and a real HTTP SMS provider.

An urgent (crisis) notification must reach the person when email is down, when SMS is down,
hand over to escalation when both are, go out in quiet hours, survive a worker killed in the
middle of delivering (exactly once) and a web process that died between commit and enqueue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from alongside.accounts.models import User
from alongside.conftest import Mailbox, Personas
from alongside.notifications import services
from alongside.notifications.hooks import delivery_exhausted
from alongside.notifications.models import Channel, Notification, OutboxMessage, OutboxStatus
from alongside.notifications.services import notify, outbox_deliver_due
from alongside.notifications.sms import send_sms
from alongside.notifications.testing import FakeSmsProvider

T0 = dt.datetime(2026, 3, 10, 23, 30, tzinfo=ZoneInfo("America/Chicago"))
PHONE = "+15550101234"


def _reachable(user: User, *, quiet: bool = False) -> User:
    user.phone_number = PHONE
    user.time_zone = "America/Chicago"
    user.quiet_hours_start, user.quiet_hours_end = (dt.time(22), dt.time(7)) if quiet else (None, None)
    user.save()
    return user


def _statuses(notification: Notification) -> dict[str, str]:
    return dict(OutboxMessage.objects.filter(notification=notification).values_list("channel", "status"))


def _urgent(user: User) -> Notification:
    return notify(
        recipient=user, kind="alert.escalation", title="Sam may need you now", link="/alerts/1/", urgent=True, now=T0
    )


@pytest.fixture
def exhausted_calls() -> Iterator[list[int]]:
    """Records the ``delivery_exhausted`` hook, as a subscriber (escalation's own receiver runs too)."""
    calls: list[int] = []

    def spy(sender: object, *, notification_id: int, now: dt.datetime, **kwargs: object) -> None:
        calls.append(notification_id)

    delivery_exhausted.connect(spy, dispatch_uid="test-spy")
    yield calls
    delivery_exhausted.disconnect(dispatch_uid="test-spy")


def test_an_urgent_alert_reaches_the_person_by_text_when_email_is_down(
    personas: Personas, sms_provider: FakeSmsProvider
) -> None:
    # No SMTP server: email goes to a closed port. The text goes first and is not held back.
    notification = _urgent(_reachable(personas.mentor.user))
    assert outbox_deliver_due(now=T0) == {"sent": 1, "retry": 0, "failed": 0}
    assert [r.form["To"] for r in sms_provider.delivered] == [PHONE]
    assert _statuses(notification) == {Channel.SMS: OutboxStatus.SENT, Channel.EMAIL: OutboxStatus.SKIPPED}
    assert OutboxMessage.objects.get(channel=Channel.EMAIL).attempts == 0  # never tried: never twice


def test_an_urgent_alert_reaches_the_person_by_email_when_sms_fails(
    personas: Personas, sms_provider: FakeSmsProvider, smtp_server: Mailbox
) -> None:
    sms_provider.mode = "fail"
    notification = _urgent(_reachable(personas.mentor.user))
    assert outbox_deliver_due(now=T0) == {"sent": 0, "retry": 1, "failed": 0}
    assert outbox_deliver_due(now=T0 + dt.timedelta(seconds=10)) == {"sent": 0, "retry": 0, "failed": 0}
    # Second quick attempt 30 s later fails too: email takes over in the same sweep.
    assert outbox_deliver_due(now=T0 + dt.timedelta(seconds=30)) == {"sent": 1, "retry": 0, "failed": 1}
    assert len(sms_provider.requests) == 2 and not sms_provider.delivered
    assert [m["Subject"] for m in smtp_server.to(personas.mentor.user.email)] == ["Sam may need you now"]
    assert _statuses(notification) == {Channel.SMS: OutboxStatus.FAILED, Channel.EMAIL: OutboxStatus.SENT}
    text = OutboxMessage.objects.get(channel=Channel.SMS)
    assert "HTTP 500" in text.last_error and PHONE not in text.last_error


def test_a_refused_number_falls_back_to_email_at_once(
    personas: Personas, sms_provider: FakeSmsProvider, smtp_server: Mailbox
) -> None:
    sms_provider.mode = "refuse"
    notification = _urgent(_reachable(personas.mentor.user))
    assert outbox_deliver_due(now=T0) == {"sent": 1, "retry": 0, "failed": 1}
    assert len(sms_provider.requests) == 1 and len(smtp_server.messages) == 1
    assert _statuses(notification) == {Channel.SMS: OutboxStatus.FAILED, Channel.EMAIL: OutboxStatus.SENT}


def test_a_provider_that_hangs_is_given_up_on_and_email_takes_over(
    personas: Personas,
    sms_provider: FakeSmsProvider,
    smtp_server: Mailbox,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    sms_provider.mode = "hang"
    settings.SMS_TIMEOUT_SECONDS = 0.3
    _urgent(_reachable(personas.mentor.user))
    outbox_deliver_due(now=T0)
    assert outbox_deliver_due(now=T0 + dt.timedelta(seconds=30))["sent"] == 1
    assert len(smtp_server.messages) == 1


def test_when_every_channel_fails_escalation_is_told_once(
    personas: Personas, sms_provider: FakeSmsProvider, exhausted_calls: list[int]
) -> None:
    sms_provider.mode = "fail"  # and SMTP goes to a closed port
    notification = _urgent(_reachable(personas.mentor.user))
    for seconds in (0, 30, 60, 90, 600):
        outbox_deliver_due(now=T0 + dt.timedelta(seconds=seconds))
    assert _statuses(notification) == {Channel.SMS: OutboxStatus.FAILED, Channel.EMAIL: OutboxStatus.FAILED}
    assert OutboxMessage.objects.get(channel=Channel.EMAIL).attempts == 2
    assert exhausted_calls == [notification.pk]


def test_a_failing_escalation_hook_does_not_stop_the_outbox(
    personas: Personas, sms_provider: FakeSmsProvider, smtp_server: Mailbox, exhausted_calls: list[int]
) -> None:
    def broken(sender: object, *, notification_id: int, now: dt.datetime, **kwargs: object) -> None:
        notify(recipient=personas.admin.user, kind="k", title="Half done", now=now)  # then it breaks
        raise RuntimeError("escalation is broken")

    delivery_exhausted.connect(broken, dispatch_uid="test-broken")
    try:
        sms_provider.mode = "fail"
        user = _reachable(personas.mentor.user)
        urgent = notify(recipient=user, kind="k", title="Urgent", urgent=True, email=False, now=T0)
        normal = notify(recipient=personas.supervisor.user, kind="k", title="Normal", now=T0)
        for seconds in (0, 30, 60):
            outbox_deliver_due(now=T0 + dt.timedelta(seconds=seconds))
    finally:
        delivery_exhausted.disconnect(dispatch_uid="test-broken")
    assert _statuses(urgent) == {Channel.SMS: OutboxStatus.FAILED}  # the failure is recorded ...
    assert _statuses(normal) == {Channel.EMAIL: OutboxStatus.SENT}  # ... the outbox goes on ...
    assert not Notification.objects.filter(title="Half done").exists()  # ... the broken receiver rolled back alone
    assert exhausted_calls == [urgent.pk]  # and the other receivers were told


def test_the_exhausted_hook_commits_with_the_failure_or_not_at_all(
    personas: Personas, sms_provider: FakeSmsProvider, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after the hook's receivers ran but before the failure is committed loses
    neither: both roll back, the message stays leased, and the next worker fails it again and
    tells escalation then."""
    told: list[int] = []

    def escalate(sender: object, *, notification_id: int, now: dt.datetime, **kwargs: object) -> None:
        notify(recipient=personas.supervisor.user, kind="k", title="Next step", now=now)
        told.append(notification_id)

    def crash(notification_id: int, now: dt.datetime) -> None:
        real(notification_id, now)
        raise SystemExit("the worker died before committing")

    real = services._delivery_exhausted
    sms_provider.mode = "fail"
    urgent = notify(recipient=_reachable(personas.mentor.user), kind="k", title="U", urgent=True, email=False, now=T0)
    delivery_exhausted.connect(escalate, dispatch_uid="test-escalate")
    try:
        outbox_deliver_due(now=T0)  # first quick attempt: retry
        monkeypatch.setattr(services, "_delivery_exhausted", crash)
        with pytest.raises(SystemExit):
            outbox_deliver_due(now=T0 + dt.timedelta(seconds=30))
        assert told == [urgent.pk]
        assert not Notification.objects.filter(title="Next step").exists()  # rolled back with the failure
        assert _statuses(urgent) == {Channel.SMS: OutboxStatus.SENDING}  # still leased: not lost
        monkeypatch.undo()
        lease = dt.timedelta(seconds=django_settings.OUTBOX_LEASE_SECONDS + 1)
        outbox_deliver_due(now=T0 + dt.timedelta(seconds=30) + lease)
    finally:
        delivery_exhausted.disconnect(dispatch_uid="test-escalate")
    assert _statuses(urgent) == {Channel.SMS: OutboxStatus.FAILED}
    assert told == [urgent.pk, urgent.pk]
    assert Notification.objects.filter(title="Next step").count() == 1


def test_a_normal_notification_retries_email_with_backoff_then_texts(
    personas: Personas, sms_provider: FakeSmsProvider
) -> None:
    user = _reachable(personas.mentor.user)
    notification = notify(recipient=user, kind="k", title="A message", sms=True, now=T0)
    now = T0
    for attempt in range(1, django_settings.OUTBOX_MAX_ATTEMPTS):
        assert outbox_deliver_due(now=now)["retry"] == 1
        email = OutboxMessage.objects.get(channel=Channel.EMAIL)
        assert email.next_attempt_at - now == dt.timedelta(seconds=30 * 2 ** (attempt - 1))
        assert outbox_deliver_due(now=email.next_attempt_at - dt.timedelta(seconds=1)) == {
            "sent": 0,
            "retry": 0,
            "failed": 0,
        }
        now = email.next_attempt_at
    assert outbox_deliver_due(now=now) == {"sent": 1, "retry": 0, "failed": 1}
    assert _statuses(notification) == {Channel.EMAIL: OutboxStatus.FAILED, Channel.SMS: OutboxStatus.SENT}
    assert len(sms_provider.delivered) == 1


def test_quiet_hours_hold_normal_mail_but_not_urgent(
    personas: Personas, sms_provider: FakeSmsProvider, smtp_server: Mailbox
) -> None:
    user = _reachable(personas.mentor.user, quiet=True)
    normal = notify(recipient=user, kind="k", title="Weekly summary", now=T0)
    urgent = _urgent(user)
    assert outbox_deliver_due(now=T0)["sent"] == 1
    assert len(sms_provider.delivered) == 1 and smtp_server.messages == []
    assert _statuses(urgent)[Channel.SMS] == OutboxStatus.SENT
    morning = dt.datetime(2026, 3, 11, 7, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert outbox_deliver_due(now=morning - dt.timedelta(minutes=1))["sent"] == 0
    assert outbox_deliver_due(now=morning)["sent"] == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Weekly summary"]
    assert _statuses(normal) == {Channel.EMAIL: OutboxStatus.SENT}


def test_quiet_hours_set_after_queueing_still_hold_the_message(personas: Personas, smtp_server: Mailbox) -> None:
    notification = notify(recipient=personas.mentor.user, kind="k", title="T", now=T0)
    _reachable(personas.mentor.user, quiet=True)
    assert outbox_deliver_due(now=T0)["sent"] == 0
    message = OutboxMessage.objects.get(notification=notification)
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    assert message.next_attempt_at == dt.datetime(2026, 3, 11, 7, 0, tzinfo=ZoneInfo("America/Chicago"))


def test_a_worker_killed_mid_delivery_delivers_exactly_once_after_its_lease(
    personas: Personas, sms_provider: FakeSmsProvider
) -> None:
    notification = _urgent(_reachable(personas.mentor.user))
    services._claim(now=T0, limit=50)  # a worker leased the message ... and was killed
    assert OutboxMessage.objects.get(channel=Channel.SMS).status == OutboxStatus.SENDING
    assert outbox_deliver_due(now=T0 + dt.timedelta(seconds=60)) == {"sent": 0, "retry": 0, "failed": 0}
    after_lease = T0 + dt.timedelta(seconds=django_settings.OUTBOX_LEASE_SECONDS + 1)
    assert outbox_deliver_due(now=after_lease)["sent"] == 1
    assert outbox_deliver_due(now=after_lease + dt.timedelta(hours=1)) == {"sent": 0, "retry": 0, "failed": 0}
    assert len(sms_provider.requests) == 1 and len(sms_provider.delivered) == 1
    assert _statuses(notification) == {Channel.SMS: OutboxStatus.SENT, Channel.EMAIL: OutboxStatus.SKIPPED}


def test_a_worker_killed_after_the_provider_accepted_is_not_sent_twice(
    personas: Personas, sms_provider: FakeSmsProvider
) -> None:
    _urgent(_reachable(personas.mentor.user))
    services._claim(now=T0, limit=50)
    message = OutboxMessage.objects.get(channel=Channel.SMS)
    # The first worker got as far as the provider, then died before recording it.
    send_sms(to=message.to_address, body=message.body, idempotency_key=message.idempotency_key)
    after_lease = T0 + dt.timedelta(seconds=django_settings.OUTBOX_LEASE_SECONDS + 1)
    assert outbox_deliver_due(now=after_lease)["sent"] == 1
    assert (len(sms_provider.requests), sms_provider.unique_keys, len(sms_provider.delivered)) == (2, 1, 1)


def test_an_email_redelivered_after_a_crash_keeps_its_message_id(
    personas: Personas, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    notify(recipient=personas.mentor.user, kind="k", title="T", now=T0)
    message = OutboxMessage.objects.get()
    services._claim(now=T0, limit=50)
    services._send(message)  # sent, then the worker died
    after_lease = T0 + dt.timedelta(seconds=django_settings.OUTBOX_LEASE_SECONDS + 1)
    assert outbox_deliver_due(now=after_lease)["sent"] == 1
    ids = {m["Message-ID"] for m in smtp_server.messages}
    assert len(smtp_server.messages) == 2 and len(ids) == 1  # a receiving server can drop the second


@pytest.mark.django_db(transaction=True)  # a real commit
def test_a_notification_whose_enqueue_was_lost_is_delivered_by_the_sweep(
    personas: Personas, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The web process commits the event and its outbox row, then dies before enqueueing the task.
    monkeypatch.setattr(services, "_enqueue_delivery", lambda: None)
    notify(recipient=personas.mentor.user, kind="k", title="Committed, never enqueued", now=T0)
    assert not DBTaskResult.objects.exists()
    assert outbox_deliver_due(now=T0)["sent"] == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Committed, never enqueued"]


def test_sms_switched_off_after_queueing_skips_to_email_with_a_reason(
    personas: Personas,
    sms_provider: FakeSmsProvider,
    smtp_server: Mailbox,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    notification = _urgent(_reachable(personas.mentor.user))
    settings.SMS_API_BASE_URL = ""
    assert outbox_deliver_due(now=T0)["sent"] == 1
    text = OutboxMessage.objects.get(channel=Channel.SMS)
    assert (text.status, text.last_error, text.attempts) == (OutboxStatus.SKIPPED, "SMS is not configured", 0)
    assert _statuses(notification)[Channel.EMAIL] == OutboxStatus.SENT and len(smtp_server.messages) == 1


def test_urgent_messages_are_claimed_before_a_backlog(personas: Personas, smtp_server: Mailbox) -> None:
    for i in range(5):
        notify(recipient=personas.supervisor.user, kind="k", title=f"backlog {i}", now=T0 - dt.timedelta(hours=1))
    notify(recipient=personas.mentor.user, kind="k", title="Crisis", urgent=True, now=T0)
    assert outbox_deliver_due(now=T0, limit=1)["sent"] == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Crisis"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers need PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_deliver_each_message_once(personas: Personas, sms_provider: FakeSmsProvider) -> None:
    import threading

    from django.db import connections

    users = [_reachable(m.user) for m in (personas.mentor, personas.mentor2, personas.supervisor)]
    for i in range(30):
        notify(recipient=users[i % 3], kind="k", title=f"n{i}", urgent=True, now=T0)
    results: list[dict[str, int]] = []

    def worker() -> None:
        try:
            results.append(outbox_deliver_due(limit=7, now=T0))
            results.append(outbox_deliver_due(limit=50, now=T0))
        finally:
            connections.close_all()  # this thread's own connections

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r["sent"] for r in results) == 30
    assert len(sms_provider.requests) == 30 and sms_provider.unique_keys == 30
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 30


def test_a_link_that_became_due_after_another_delivered_is_skipped_with_the_rest(
    personas: Personas, sms_provider: FakeSmsProvider, smtp_server: Mailbox
) -> None:
    user = _reachable(personas.mentor.user)
    notification = notify(recipient=user, kind="k", title="T", sms=True, now=T0)
    # A race left the chain odd: the email went out, yet the text is pending too.
    OutboxMessage.objects.filter(channel=Channel.EMAIL).update(status=OutboxStatus.SENT)
    OutboxMessage.objects.filter(channel=Channel.SMS).update(status=OutboxStatus.PENDING)
    assert outbox_deliver_due(now=T0) == {"sent": 0, "retry": 0, "failed": 0}
    assert _statuses(notification) == {Channel.EMAIL: OutboxStatus.SENT, Channel.SMS: OutboxStatus.SKIPPED}
    assert sms_provider.requests == []


def test_an_account_closed_before_delivery_is_skipped_and_escalated(
    personas: Personas, sms_provider: FakeSmsProvider, exhausted_calls: list[int]
) -> None:
    user = _reachable(personas.mentor.user)
    notification = _urgent(user)
    user.is_active = False
    user.save()
    assert outbox_deliver_due(now=T0) == {"sent": 0, "retry": 0, "failed": 0}
    assert _statuses(notification) == {Channel.SMS: OutboxStatus.SKIPPED, Channel.EMAIL: OutboxStatus.SKIPPED}
    assert sms_provider.requests == [] and exhausted_calls == [notification.pk]


def test_a_row_that_cannot_be_processed_does_not_hold_up_the_others(
    personas: Personas, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = notify(recipient=personas.mentor.user, kind="k", title="Broken", now=T0)
    notify(recipient=personas.supervisor.user, kind="k", title="Fine", now=T0)
    real = services.quiet_hours_until

    def explode_for_one(*, user: User, at: dt.datetime, organization: object = None) -> dt.datetime | None:
        if user.pk == broken.recipient_id:
            raise RuntimeError("cannot read this row")
        return real(user=user, at=at, organization=organization)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "quiet_hours_until", explode_for_one)
    assert outbox_deliver_due(now=T0)["sent"] == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Fine"]
    # Counted as a failed attempt like any other: retried later, then failed for good.
    row = OutboxMessage.objects.get(notification=broken)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)


def test_a_row_that_always_breaks_fails_for_good_and_reaches_escalation(
    personas: Personas, sms_provider: FakeSmsProvider, exhausted_calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a transport failure but an unexpected error around it, every time: each one is an
    attempt, so the chain still ends and escalation hears of it (not "sending" forever)."""
    notification = _urgent(_reachable(personas.mentor.user))

    def broken(message_id: int, *, token: str, clock: object) -> str:
        raise RuntimeError("cannot read this row")

    monkeypatch.setattr(services, "_deliver_one", broken)
    for seconds in (0, 30, 60, 90, 600):
        outbox_deliver_due(now=T0 + dt.timedelta(seconds=seconds))
    assert _statuses(notification) == {Channel.SMS: OutboxStatus.FAILED, Channel.EMAIL: OutboxStatus.FAILED}
    assert set(OutboxMessage.objects.filter(notification=notification).values_list("attempts", flat=True)) == {2}
    assert exhausted_calls == [notification.pk]
    assert sms_provider.requests == []
