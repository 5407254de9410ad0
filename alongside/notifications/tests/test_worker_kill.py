"""A real worker process killed while it is sending: after a restart the message is
delivered exactly once (issue 5 fault tests).

The worker runs as a subprocess (``manage.py worker``) against the test database, so the test
rows must be committed (``transaction=True``) and the subprocess is given the same database,
keys and SMS provider through its environment. The local SMS provider hangs the first request;
the worker is SIGKILLed while it waits for the answer, the provider is switched to accept, and a
second worker takes the message over once the dead worker's lease (10 s, the least allowed) runs
out. PostgreSQL only: two processes sharing an SQLite test database is not what production runs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

from alongside.conftest import Personas
from alongside.notifications.models import Channel, OutboxMessage, OutboxStatus
from alongside.notifications.services import notify
from alongside.notifications.testing import ACCOUNT_SID, AUTH_TOKEN, SENDER, FakeSmsProvider

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a second process sharing the test database needs PostgreSQL (SQLite test databases are per process)",
    ),
    pytest.mark.django_db(transaction=True),
]

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"
PHONE = "+15555550123"
LEASE_SECONDS = 10


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker_env(provider: FakeSmsProvider) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=_database_url(),
        SECRET_KEY=django_settings.SECRET_KEY,
        FIELD_ENCRYPTION_KEYS=",".join(django_settings.FIELD_ENCRYPTION_KEYS),
        SMS_API_BASE_URL=provider.base_url,
        SMS_ACCOUNT_SID=ACCOUNT_SID,
        SMS_AUTH_TOKEN=AUTH_TOKEN,
        SMS_FROM=SENDER,
        SMS_TIMEOUT_SECONDS="30",  # longer than the test: the first worker is still waiting when killed
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
        WORKER_SWEEP_SECONDS="1",
        EMAIL_URL="smtp://127.0.0.1:9",  # never used: the notification is text only
    )
    env.pop("SECRET_KEY_FILE", None)
    env.pop("FIELD_ENCRYPTION_KEYS_FILE", None)
    return env


@pytest.fixture
def start_worker() -> Iterator[Callable[[dict[str, str]], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str]) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, str(MANAGE), "worker", "--interval", "0.2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        started.append(process)
        return process

    yield start
    for process in started:  # only the processes this test started
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def _wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_a_worker_killed_while_sending_delivers_exactly_once_after_restart(
    personas: Personas,
    sms_provider: FakeSmsProvider,
    start_worker: Callable[[dict[str, str]], subprocess.Popen[bytes]],
) -> None:
    user = personas.mentor.user
    user.phone_number = PHONE
    user.save()
    notification = notify(
        recipient=user, kind="k", title="Your participant needs you", urgent=True, sms=True, email=False
    )
    message = OutboxMessage.objects.get(notification=notification)
    assert message.channel == Channel.SMS
    env = _worker_env(sms_provider)

    # 1. The provider hangs; the first worker claims the message and blocks in the request.
    sms_provider.mode = "hang"
    first = start_worker(env)
    _wait_for(lambda: len(sms_provider.requests) == 1, timeout=45, what="the first worker to call the provider")
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENDING and message.lease_until is not None
    first.send_signal(signal.SIGKILL)
    assert first.wait(timeout=10) == -signal.SIGKILL
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENDING  # the dead worker never recorded anything

    # 2. The provider accepts again; a new worker takes over once the dead worker's lease ends.
    sms_provider.mode = "ok"
    second = start_worker(env)
    _wait_for(
        lambda: OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENT).exists(),
        timeout=LEASE_SECONDS + 30,
        what="the restarted worker to deliver the message",
    )
    assert second.poll() is None, second.stderr.read().decode() if second.stderr else ""
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=15) == 0

    # Exactly once: one idempotency key across both attempts, one accepted request after the
    # kill, one text in the person's phone, and nothing more queued for them.
    after_kill = sms_provider.requests[1:]
    assert sms_provider.unique_keys == 1 and sms_provider.requests[0].idempotency_key == f"outbox-{message.pk}"
    assert len(after_kill) == 1
    assert [r.form["To"] for r in sms_provider.delivered] == [PHONE]
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.sent_at is not None
    assert OutboxMessage.objects.filter(notification=notification).count() == 1
