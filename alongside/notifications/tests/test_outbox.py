from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from alongside.conftest import Mailbox, Personas
from alongside.notifications.models import Notification, OutboxMessage, OutboxStatus, WorkerHeartbeat
from alongside.notifications.services import notify, outbox_deliver_due


def test_notify_writes_in_app_and_outbox_rows_in_the_callers_transaction(personas: Personas) -> None:
    try:
        with transaction.atomic():
            notify(recipient=personas.mentor.user, kind="k", title="T", body="B")
            raise RuntimeError("the event failed")
    except RuntimeError:
        pass
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()
    notify(recipient=personas.mentor.user, kind="k", title="T", body="B")
    assert Notification.objects.count() == 1 and OutboxMessage.objects.count() == 1


def test_a_repeated_event_notifies_once(personas: Personas) -> None:
    for _ in range(3):
        notify(recipient=personas.mentor.user, kind="k", title="T", dedupe_key="event-42")
    assert Notification.objects.count() == 1 and OutboxMessage.objects.count() == 1


def test_a_message_whose_worker_died_mid_delivery_is_delivered_after_its_lease(
    personas: Personas, smtp_server: Mailbox
) -> None:
    notify(recipient=personas.mentor.user, kind="k", title="Lease test", body="B")
    message = OutboxMessage.objects.get()
    # A worker claimed it and died before sending: status sending, lease not yet expired.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING, lease_until=timezone.now() + timedelta(minutes=1)
    )
    assert outbox_deliver_due()["sent"] == 0
    OutboxMessage.objects.filter(pk=message.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert outbox_deliver_due()["sent"] == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Lease test"]


def test_a_message_gives_up_after_the_maximum_attempts(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OUTBOX_MAX_ATTEMPTS = 2
    notify(recipient=personas.mentor.user, kind="k", title="T")
    for _ in range(2):
        OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        outbox_deliver_due()
    assert OutboxMessage.objects.get().status == OutboxStatus.FAILED


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections, as it must in production
def test_the_worker_command_runs_tasks_and_the_sweep(personas: Personas, smtp_server: Mailbox) -> None:
    notify(recipient=personas.mentor.user, kind="k", title="From the worker")
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "worker" in out.getvalue() and "stopped" in out.getvalue()
    # Other sweeps (reminders, ...) may notify the personas too: look at this message only.
    assert OutboxMessage.objects.get(subject="From the worker").status == OutboxStatus.SENT
    assert WorkerHeartbeat.objects.exists()
    assert [m["Subject"] for m in smtp_server.messages].count("From the worker") == 1


def test_the_delivery_task_delivers_due_messages(personas: Personas, smtp_server: Mailbox) -> None:
    from alongside.notifications.tasks import deliver_outbox

    notify(recipient=personas.mentor.user, kind="k", title="Via task")
    assert deliver_outbox.call() == {"sent": 1, "retry": 0, "failed": 0}


def test_email_bodies_are_encrypted_at_rest(personas: Personas) -> None:
    from django.db import connection

    notify(recipient=personas.mentor.user, kind="k", title="T", body="private detail")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body, to_address FROM notifications_outboxmessage")
        body, to_address = cursor.fetchone()
    assert "private detail" not in body and "mentor@example.test" not in to_address
