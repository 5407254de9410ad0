#!/usr/bin/env python
"""A mentor's caseload page ("today") on PostgreSQL, in an organization of 5,000 participants with
1,000,000 check-ins.

The data: 5,000 participants with 200 days of check-ins each (bulk-loaded with one INSERT … SELECT
over generate_series), contact notes, goals with steps, recovery timelines, open alerts and message
threads, matched with 126 mentors. The mentor measured has 40 participants; a second mentor has 10,
for the query count. The database (``alongside_bench_caseload``) is kept and reused when it already
holds the same size, built within the last week; ``BENCH_REBUILD=1`` forces a fresh one.

The page reads the caseload state (``alongside.caseload``): after a build, the state is rebuilt from
history (``rebuild_caseload_state``, as after any bulk import: the bulk INSERTs mark nothing), and
before measuring the worker's job is run until nothing is left to recompute, as a running worker
would have it (on a reused database, rows whose day is over are recomputed here).

Measured in-process (Django's test client, warm, DEBUG off, 200 requests each): GET /workspace/today/
for the 40-participant caseload, with baselines in the same run: GET /healthz (one SELECT), a
one-row primary-key read through the ORM (no request), and one participant's 30 days of check-ins
over the API (policy check, audit entry, one list query).

Bar (issue 13): p95 server time <= 25 ms; the same number of queries for caseloads of 10 and 40.
The script exits 1 when the bar is missed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import _set_session, percentile, timed  # noqa: E402

PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "alongside_bench_caseload"
PARTICIPANTS = int(os.environ.get("BENCH_CASELOAD_PARTICIPANTS", "5000"))
DAYS = 200  # check-ins per participant: 5,000 x 200 = 1,000,000
CASELOAD = 40
SMALL_CASELOAD = 10
ITERATIONS = 200
WARMUP = 20
REUSE_DAYS = 7
BAR_MS = 25.0
SIZE_KEY = f"{PARTICIPANTS} participants x {DAYS} days of check-ins"
TIME_ZONE = "America/Chicago"


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", f"{PG_ADMIN_URL}/{db}", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def configure_environment() -> None:
    os.environ.update(
        DATABASE_URL=f"{PG_ADMIN_URL}/{DB_NAME}",
        DJANGO_SETTINGS_MODULE="alongside.settings",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        # The same key every run: a reused database must decrypt what an earlier run wrote.
        FIELD_ENCRYPTION_KEYS="YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
    )


def database_is_reusable() -> bool:
    if os.environ.get("BENCH_REBUILD") == "1":
        return False
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"):
        return False
    try:
        found = psql("SELECT value || '|' || built_on FROM bench_caseload_meta WHERE key = 'size'", db=DB_NAME)
    except subprocess.CalledProcessError:
        return False
    if "|" not in found:
        return False
    value, built_on = found.rsplit("|", 1)
    return value == SIZE_KEY and dt.date.fromisoformat(built_on) >= dt.date.today() - dt.timedelta(days=REUSE_DAYS)


# Building the organization --------------------------------------------------------------------------


def build() -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from alongside.accounts.models import User
    from alongside.alerts.models import Alert
    from alongside.contacts.models import ContactNote
    from alongside.core.crypto import encrypt_text
    from alongside.core.localtime import local_today
    from alongside.goals.models import Goal, GoalStep
    from alongside.messaging.models import Message, Thread
    from alongside.organizations.models import Match, Membership, Organization, ParticipantProfile, Program, Role
    from alongside.recovery.models import RecoveryStart, Setback

    started = time.perf_counter()
    now = timezone.now()
    mentors_needed = 2 + -(-(PARTICIPANTS - CASELOAD - SMALL_CASELOAD) // CASELOAD)
    with transaction.atomic():
        org = Organization.objects.create(name="Bench Caseload", slug="bench-caseload")
        program = Program.objects.create(
            organization=org, name="Bench", setting_type="recovery_center", time_zone=TIME_ZONE, languages=["en"]
        )

        def people(prefix: str, n: int, role: str, **kw: Any) -> list[Membership]:
            users = User.objects.bulk_create(
                [
                    User(email=f"{prefix}{i}@bench.test", display_name=f"{prefix.title()} {i:04d}", password="!")
                    for i in range(n)
                ],
                batch_size=2000,
            )
            return Membership.objects.bulk_create(
                [Membership(user=u, organization=org, role=role, program=program, **kw) for u in users],
                batch_size=2000,
            )

        (supervisor,) = people("supervisor", 1, Role.SUPERVISOR)
        mentors = people("mentor", mentors_needed, Role.MENTOR, supervisor=supervisor)
        participants = people("participant", PARTICIPANTS, Role.PARTICIPANT)
        ParticipantProfile.objects.bulk_create(
            [ParticipantProfile(membership=p) for p in participants], batch_size=2000
        )

        # The measured mentor has the first 40, the second mentor the next 10, the rest share the others.
        def mentor_of(i: int) -> Membership:
            if i < CASELOAD:
                return mentors[0]
            if i < CASELOAD + SMALL_CASELOAD:
                return mentors[1]
            return mentors[2 + (i - CASELOAD - SMALL_CASELOAD) % (len(mentors) - 2)]

        Match.objects.bulk_create(
            [
                Match(
                    organization=org,
                    mentor=mentor_of(i),
                    participant=p,
                    started_at=now - dt.timedelta(days=90 + i % 60),
                    created_by=supervisor,
                )
                for i, p in enumerate(participants)
            ],
            batch_size=2000,
        )
    today = local_today(participants[0])
    empty = encrypt_text("")  # one token for every blank encrypted note: decrypts to "" on read
    with transaction.atomic(), connection.cursor() as cursor:
        # 200 days for everyone; every fourth person skipped the last 3 days (and has 3 older ones
        # instead), so the missed-check-in reason has work to do. Mood, craving, use and asks for
        # outreach vary with the person and the day.
        cursor.execute(
            """
            INSERT INTO checkins_checkin (
                organization_id, participant_id, local_date, mood, craving, sleep_quality, halt, triggers,
                coping, used, substance, amount, note, wants_outreach, made_at, filled_late, client_id,
                created_at, updated_at, signals_pending
            )
            SELECT %(org)s, m.id, day.local_date,
                   1 + (m.id * 7 + day.n * 3) %% 5, (m.id * 11 + day.n * 5) %% 11, 1 + (m.id + day.n) %% 5,
                   '[]'::jsonb, '[]'::jsonb, '[]'::jsonb,
                   (m.id + day.n) %% 23 = 0, '', '', %(note)s, (m.id * 3 + day.n) %% 31 = 0,
                   (day.local_date::timestamp + interval '20 hours') AT TIME ZONE %(tz)s,
                   false, gen_random_uuid(), now(), now(), false
            FROM organizations_membership m
            CROSS JOIN LATERAL (
                SELECT d AS n,
                       %(today)s::date - (CASE WHEN m.id %% 4 = 0 AND d < 3 THEN d + %(days)s ELSE d END) AS local_date
                FROM generate_series(0, %(days)s - 1) AS d
            ) AS day
            WHERE m.organization_id = %(org)s AND m.role = 'participant'
            """,
            {"org": org.pk, "note": empty, "tz": TIME_ZONE, "today": today, "days": DAYS},
        )
    with transaction.atomic():
        ContactNote.objects.bulk_create(
            [
                ContactNote(
                    organization=org,
                    mentor=mentor_of(i),
                    participant=p,
                    occurred_on=today - dt.timedelta(days=days_ago + i % 5),
                    duration_minutes=30,
                    mode="phone",
                    topics=["goals"],
                    summary="Talked about the week.",
                    follow_up_on=today - dt.timedelta(days=days_ago + i % 5 - 7) if days_ago == 10 else None,
                )
                for i, p in enumerate(participants)
                for days_ago in (3, 10, 40)
            ],
            batch_size=2000,
        )
        goals = Goal.objects.bulk_create(
            [Goal(organization=org, participant=p, title="Go to a meeting each week") for p in participants],
            batch_size=2000,
        )
        GoalStep.objects.bulk_create(
            [
                GoalStep(
                    goal=g, order=n, title=f"Step {n + 1}", target_date=today + dt.timedelta(days=(n - 1) * 7 + i % 5)
                )
                for i, g in enumerate(goals)
                for n in range(3)
            ],
            batch_size=2000,
        )
        starts = RecoveryStart.objects.bulk_create(
            [
                RecoveryStart(
                    organization=org,
                    participant=p,
                    pathway="mutual_help",
                    started_on=today - dt.timedelta(days=20 + (i * 37) % 700),
                )
                for i, p in enumerate(participants)
            ],
            batch_size=2000,
        )
        Setback.objects.bulk_create(
            [
                Setback(organization=org, start=s, occurred_on=s.started_on + dt.timedelta(days=10))
                for i, s in enumerate(starts)
                if i % 7 == 0
            ],
            batch_size=2000,
        )
        Alert.objects.bulk_create(
            [
                Alert(organization=org, participant=p, kind="outreach_requested", reason="Asked for outreach")
                for i, p in enumerate(participants)
                if i % 10 == 0
            ],
            batch_size=2000,
        )
        threads = Thread.objects.bulk_create(
            [Thread(organization=org, participant=p) for p in participants[: CASELOAD + SMALL_CASELOAD]]
        )
        Message.objects.bulk_create(
            [
                Message(organization=org, thread=t, sender=t.participant, body="How are you doing?")
                for t in threads
                for _n in range(5)
            ]
        )
    # Fresh statistics, and a visibility map so the check-in counts can be index-only scans.
    psql("VACUUM ANALYZE", db=DB_NAME)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_caseload_meta (key text PRIMARY KEY, value text NOT NULL, built_on date NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO bench_caseload_meta VALUES ('size', %s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, built_on = EXCLUDED.built_on",
            [SIZE_KEY, dt.date.today()],
        )
    print(f"  built in {time.perf_counter() - started:.1f} s")
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("rebuild_caseload_state")
    print(f"  caseload state rebuilt in {time.perf_counter() - started:.1f} s")


def worker_caught_up() -> None:
    """Run the worker's caseload job until nothing is left to recompute (what a running worker does)."""
    from alongside.caseload.state import recompute_stale

    started = time.perf_counter()
    recomputed = 0
    while n := recompute_stale(batch_size=500)["recomputed"]:
        recomputed += n
    if recomputed:
        print(f"  worker caught up: {recomputed:,} caseload rows recomputed in {time.perf_counter() - started:.1f} s")


# Measuring ------------------------------------------------------------------------------------------


def describe(label: str, samples: list[float]) -> str:
    return (
        f"  {label:<50} n={len(samples):<4} p50={statistics.median(samples):7.2f} ms  "
        f"p95={percentile(samples, 95):7.2f} ms"
    )


def logged_in(membership: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(membership.user, backend="alongside.accounts.backends.EmailBackend")
    _set_session(client, membership)
    return client


def measure() -> bool:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from alongside.caseload.models import CaseloadState
    from alongside.checkins.models import CheckIn
    from alongside.organizations.models import Match, MatchStatus, Membership, Role

    mentors = Membership.objects.select_related("user", "organization", "program")
    big = mentors.get(user__email="mentor0@bench.test")  # 40 participants
    small = mentors.get(user__email="mentor1@bench.test")  # 10 participants
    participant = Match.objects.filter(mentor=big, status=MatchStatus.ACTIVE).values_list("participant_id", flat=True)[
        0
    ]
    total_checkins = CheckIn.objects.count()
    total_participants = Membership.objects.filter(organization__slug="bench-caseload", role=Role.PARTICIPANT).count()

    url = reverse("workspace:today")
    big_client, small_client = logged_in(big), logged_in(small)
    for client, n in ((big_client, CASELOAD), (small_client, SMALL_CASELOAD)):
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code
        assert response.content.count(b'class="caseload-name"') == n
    counts = {}
    for client, n in ((big_client, CASELOAD), (small_client, SMALL_CASELOAD)):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, secure=True)
        counts[n] = len(queries.captured_queries)

    # /healthz answers 503 here (no background worker beats in this process); it is still one
    # SELECT and a JSON body, which is what the baseline is for. Its "service unavailable" log
    # lines are not news.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    checkins_api = f"/api/v1/participants/{participant}/checkins?days=30"
    assert big_client.get(checkins_api, secure=True).status_code == 200
    for _ in range(WARMUP):
        big_client.get(url, secure=True)
        big_client.get("/healthz", secure=True)
        big_client.get(checkins_api, secure=True)
    healthz = timed(lambda: big_client.get("/healthz", secure=True), ITERATIONS)
    pk_read = timed(lambda: CaseloadState.objects.get(pk=participant), ITERATIONS)
    one_list = timed(lambda: big_client.get(checkins_api, secure=True), ITERATIONS)
    page = timed(lambda: big_client.get(url, secure=True), ITERATIONS)

    from alongside.workspace.selectors import caseload_today

    selector = timed(lambda: caseload_today(viewer=big), ITERATIONS)

    p95 = percentile(page, 95)
    print(
        f"caseload page, {CASELOAD} participants, in an organization of {total_participants:,} participants "
        f"and {total_checkins:,} check-ins (PostgreSQL, in-process, warm, DEBUG off):"
    )
    print(describe("baseline: GET /healthz (one SELECT)", healthz))
    print(describe("baseline: one-row primary-key read (ORM, no request)", pk_read))
    print(describe("baseline: one participant's 30 days of check-ins (API)", one_list))
    print(describe(f"GET /workspace/today/ ({CASELOAD} participants)", page))
    print(describe("  of which the selector alone (caseload_today)", selector))
    same = counts[CASELOAD] == counts[SMALL_CASELOAD]
    print(
        f"  queries per page: {counts[SMALL_CASELOAD]} for {SMALL_CASELOAD} participants, {counts[CASELOAD]} for "
        f"{CASELOAD} ({'the same' if same else 'NOT the same'})"
    )
    print(
        f"  p95 {p95:.1f} ms (bar <= {BAR_MS:.0f} ms: {'met' if p95 <= BAR_MS else 'NOT met'}); "
        f"median {statistics.median(page) / statistics.median(healthz):.1f}x /healthz, "
        f"{statistics.median(page) / statistics.median(pk_read):.1f}x a one-row read"
    )
    return same and p95 <= BAR_MS


def main() -> int:
    try:
        psql("SELECT 1")
    except (subprocess.CalledProcessError, FileNotFoundError):
        print(f"caseload: PostgreSQL not reachable at {PG_ADMIN_URL}; skipped")
        return 0
    reuse = database_is_reusable()
    if not reuse:
        psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
        psql(f"CREATE DATABASE {DB_NAME}")
    configure_environment()
    import django

    django.setup()
    from django.core.management import call_command

    # No setup_test_environment(): its template instrumentation would be timed too. The test
    # client only needs "testserver" in ALLOWED_HOSTS (set above).
    call_command("migrate", verbosity=0)
    # DEBUG is off, so pages name static files through the manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    if reuse:
        print(f"caseload: reusing {DB_NAME} ({SIZE_KEY})")
    else:
        print(f"caseload: building {DB_NAME} ({SIZE_KEY}) …")
        build()
    worker_caught_up()
    return 0 if measure() else 1


if __name__ == "__main__":
    sys.exit(main())
