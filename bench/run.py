#!/usr/bin/env python
"""Alongside benchmarks. Each prints its figures beside a baseline measured in the same run.

Runs on a throwaway test database of whatever DATABASE_URL names (SQLite when unset).
Usage: `make bench` (or `.venv/bin/python bench/run.py [name ...]`).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], object], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def describe(label: str, samples: list[float]) -> str:
    return (
        f"  {label:<44} n={len(samples):<5} p50={statistics.median(samples):7.2f} ms  "
        f"p95={percentile(samples, 95):7.2f} ms  ({1000 / statistics.mean(samples):8.1f} req/s)"
    )


def bench_policy_and_audit() -> None:
    """A participant record read through the policy with an audit write, against /healthz (one SELECT)."""
    from django.test import Client

    from bench.fixtures import make_cast

    cast = make_cast()
    client = Client()
    client.force_login(cast["mentor"].user, backend="alongside.accounts.backends.EmailBackend")
    _set_session(client, cast["mentor"])
    url = f"/api/v1/participants/{cast['participant'].pk}"
    assert client.get(url).status_code == 200, client.get(url).content
    base = timed(lambda: client.get("/healthz"), 300)
    real = timed(lambda: client.get(url), 300)
    print("participant record via API (policy check + audit entry) vs /healthz (one SELECT), in-process:")
    print(describe("baseline: GET /healthz", base))
    print(describe("GET /api/v1/participants/{id}", real))
    print(f"  overhead per read: {statistics.median(real) - statistics.median(base):.2f} ms at the median")


def _set_session(client, membership) -> None:  # type: ignore[no-untyped-def]
    from alongside.accounts.middleware import SESSION_AUTH_AT, SESSION_IS_STAFF, SESSION_LAST_SEEN
    from alongside.organizations.middleware import SESSION_MEMBERSHIP

    session = client.session
    session[SESSION_AUTH_AT] = session[SESSION_LAST_SEEN] = time.time()
    session[SESSION_IS_STAFF] = True
    session[SESSION_MEMBERSHIP] = membership.pk
    session.save()


def bench_outbox() -> None:
    """Outbox delivery over real SMTP to a local server, against plain send_mail of the same messages."""
    import socket

    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.mail import send_mail

    from alongside.notifications.services import notify, outbox_deliver_due
    from bench.fixtures import make_cast

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.content)
            return "250 OK"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        cast = make_cast(suffix="-outbox")
        count = 200
        start = time.perf_counter()
        for i in range(count):
            send_mail(f"baseline {i}", "body", settings.DEFAULT_FROM_EMAIL, [cast["mentor"].user.email])
        baseline = time.perf_counter() - start
        for i in range(count):
            notify(recipient=cast["mentor"].user, kind="bench", title=f"outbox {i}", body="body")
        start = time.perf_counter()
        delivered = 0
        while delivered < count:
            delivered += outbox_deliver_due(limit=50)["sent"]
        outbox = time.perf_counter() - start
    finally:
        controller.stop()
    print(f"outbox delivery of {count} emails over SMTP to a local server:")
    print(f"  baseline: send_mail, one connection each       {count / baseline:8.1f} msg/s")
    print(
        f"  outbox: claim (lease) + decrypt + send + mark  {count / outbox:8.1f} msg/s  (ratio {baseline / outbox:.2f})"
    )
    assert len(received) == 2 * count


def bench_session_load() -> None:
    """The session store's hand-written join (websessions.store._LoadQuery) against the ORM's
    ``select_related`` asking the same, interleaved on one connection: is the hand-made SQL still
    worth its cost? Every signed-in request loads its session, user and membership this way."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from django.utils import timezone

    from alongside.websessions.models import WebSession
    from alongside.websessions.store import SESSION_MEMBERSHIP, SessionStore, _LoadQuery
    from bench.fixtures import make_cast

    participant = make_cast()["participant"]
    store = SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = (
        str(participant.user_id),
        "alongside.accounts.backends.EmailBackend",
    )
    store[HASH_SESSION_KEY], store[SESSION_MEMBERSHIP] = participant.user.get_session_auth_hash(), participant.pk
    store.create()
    key = store.session_key

    def hand_written() -> object:
        return _LoadQuery.of(connection).run(key)

    def orm() -> object:
        return (
            WebSession.objects.select_related("user", "membership__organization", "membership__program")
            .filter(session_key=key, expire_date__gt=timezone.now())
            .get()
        )

    first, second = hand_written(), orm()
    assert isinstance(first, WebSession) and isinstance(second, WebSession)
    assert first.membership == second.membership == participant and first.user == second.user
    samples: dict[str, list[float]] = {"hand-written join, SQL kept per connection": [], "ORM select_related": []}
    for block in range(20):  # alternating blocks, so a change in the machine's load falls on both
        pair = [("hand-written join, SQL kept per connection", hand_written), ("ORM select_related", orm)]
        for label, load in pair if block % 2 == 0 else pair[::-1]:
            samples[label] += timed(load, 100)
    print("session load (session, user, chosen membership with organization and program), one query each, in-process:")
    for label, times in samples.items():
        print(describe(label, times))
    kept, instead = (statistics.median(t) for t in samples.values())
    print(f"  the hand-written join saves {instead - kept:.2f} ms per signed-in request at the median")


BENCHES = {"policy": bench_policy_and_audit, "outbox": bench_outbox, "session": bench_session_load}


def main(names: list[str]) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); machine: {os.cpu_count()} cores")
    try:
        for name in names or list(BENCHES):
            BENCHES[name]()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
