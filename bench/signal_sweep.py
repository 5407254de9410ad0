#!/usr/bin/env python
"""Nightly early-warning signal sweep: 100,000 participants with 30 days of check-ins each.

PostgreSQL, its own database (``alongside_bench_signals``, kept between runs: the 3,000,000
check-ins are loaded once with one INSERT ... SELECT over generate_series, and reused when the
database already holds them). Then ``signals_nightly_sweep`` runs end to end: the same batches
the worker's ``signals_sweep_due`` runs, without its per-program bookkeeping: participants in batches, features in SQL, rules in Python, evaluations written
in bulk, alerts raised for those crossing their program's threshold.

Baseline, same run, same rows: one plain ``SELECT participant_id, avg(mood), avg(craving) ...
GROUP BY participant_id`` over the 30 days, fetched to Python.

Bar (issue 5): the sweep takes <= 60 s. Needs PostgreSQL (BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432); skips itself when it cannot connect.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "alongside_bench_signals"
PARTICIPANTS = int(os.environ.get("BENCH_SIGNAL_PARTICIPANTS", "100000"))
DAYS = 30
PER_MENTOR = 20
BAR_SECONDS = 60.0
# The night swept: 09:00 UTC on 11 June 2025 is after 2 a.m. in every program's zone below, and
# "yesterday" (the day evaluated) is 10 June everywhere.
NOW = dt.datetime(2025, 6, 11, 9, 0, tzinfo=dt.UTC)
AS_OF = dt.date(2025, 6, 10)
PROGRAM_ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]
ORG_SLUG = "bench-signals-v2"  # bump when the cast below changes: the data is reloaded


def _environment() -> None:
    os.environ.update(
        DATABASE_URL=f"{PG_ADMIN_URL}/{DB_NAME}",
        DJANGO_SETTINGS_MODULE="alongside.settings",
        DEBUG="0",  # no query log growing in memory
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        ALLOWED_HOSTS="127.0.0.1",
        FIELD_ENCRYPTION_KEYS=os.environ.get("FIELD_ENCRYPTION_KEYS", "YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE="),
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
    )


def _ensure_database() -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True, connect_timeout=5) as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
            if not exists:
                admin.execute(f'CREATE DATABASE "{DB_NAME}"')
    except psycopg.OperationalError as exc:
        print(f"signal sweep benchmark skipped: PostgreSQL not reachable at {PG_ADMIN_URL} ({exc})")
        return False
    return True


def _loaded() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM organizations_membership m JOIN organizations_organization o "
            "ON o.id = m.organization_id WHERE o.slug LIKE %s AND m.role = 'participant'",
            [f"{ORG_SLUG}%"],
        )
        participants = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM checkins_checkin c JOIN organizations_organization o ON o.id = c.organization_id "
            "WHERE o.slug LIKE %s",
            [f"{ORG_SLUG}%"],
        )
        checkins = cursor.fetchone()[0]
    return participants == PARTICIPANTS and checkins == PARTICIPANTS * DAYS


def _load() -> None:
    """Wipe and load: organizations with one program each, mentors, participants matched 20 to a
    mentor (people and matches with bulk_create), then every check-in in one INSERT ... SELECT."""
    from django.db import connection, transaction

    from alongside.accounts.models import User
    from alongside.checkins.models import CheckIn
    from alongside.organizations.models import Match, Membership, Organization, Program, Role

    started = time.perf_counter()
    with connection.cursor() as cursor:
        # A dedicated database: start from empty tables (cascading to everything that refers to them).
        cursor.execute(
            "TRUNCATE organizations_organization, accounts_user, signals_signalevaluation, "
            "signals_signalsweeprun RESTART IDENTITY CASCADE"
        )
    orgs = len(PROGRAM_ZONES)
    with transaction.atomic():
        programs = []
        for i, zone in enumerate(PROGRAM_ZONES):
            org = Organization.objects.create(name=f"Bench Signals {i}", slug=f"{ORG_SLUG}-{i}")
            programs.append(
                Program.objects.create(
                    organization=org, name="Bench Program", setting_type="recovery_center", time_zone=zone
                )
            )
        mentors_needed = -(-PARTICIPANTS // PER_MENTOR)
        mentor_users = User.objects.bulk_create(
            [
                User(email=f"mentor{i}@bench.test", display_name=f"Mentor {i}", password="!")
                for i in range(mentors_needed)
            ],
            batch_size=5000,
        )
        mentors = Membership.objects.bulk_create(
            [
                Membership(
                    user=u,
                    organization_id=programs[i % orgs].organization_id,
                    role=Role.MENTOR,
                    program=programs[i % orgs],
                )
                for i, u in enumerate(mentor_users)
            ],
            batch_size=5000,
        )
        users = User.objects.bulk_create(
            [User(email=f"p{i}@bench.test", display_name=f"Person {i}", password="!") for i in range(PARTICIPANTS)],
            batch_size=5000,
        )
        # Participant i is matched with mentor i // PER_MENTOR, in that mentor's organization.
        participants = Membership.objects.bulk_create(
            [
                Membership(
                    user=u,
                    organization_id=mentors[i // PER_MENTOR].organization_id,
                    role=Role.PARTICIPANT,
                    program_id=mentors[i // PER_MENTOR].program_id,
                )
                for i, u in enumerate(users)
            ],
            batch_size=5000,
        )
        Match.objects.bulk_create(
            [
                Match(organization_id=p.organization_id, mentor=mentors[i // PER_MENTOR], participant=p)
                for i, p in enumerate(participants)
            ],
            batch_size=5000,
        )
    people = time.perf_counter() - started
    empty_note = CheckIn._meta.get_field("note").get_prep_value("")
    # Who is who, from a hash of the participant id (a reload gives the same cast), per 1,000:
    #   0-9     struggling the last three days (craving up, mood down, sleep poor): alert
    #   10-14   stopped checking in three days ago, after a week of poor sleep and the same
    #           trigger again and again: missed check-ins + sleep + trigger: alert
    #   15-44   stopped checking in three days ago (missed check-ins alone: under the threshold)
    #   45-94   poor sleep lately (one signal, under the threshold)
    #   the rest  steady days with ordinary ups and downs
    # So about 1.5% of participants newly cross their threshold on the night swept.
    insert = f"""
    INSERT INTO checkins_checkin (organization_id, participant_id, local_date, mood, craving, sleep_quality,
        halt, triggers, coping, used, substance, amount, note, wants_outreach, made_at, filled_late,
        client_id, created_at, updated_at, signals_pending)
    SELECT organization_id, participant_id, day,
        CASE WHEN cohort < 10 AND back < 3 THEN 2 ELSE 3 + floor(random() * 3)::int END,
        CASE WHEN cohort < 10 AND back < 3 THEN 8 + floor(random() * 2)::int ELSE floor(random() * 5)::int END,
        CASE WHEN (cohort < 15 OR cohort BETWEEN 45 AND 94) AND back < 7 THEN 1 + floor(random() * 2)::int
             ELSE 3 + floor(random() * 3)::int END,
        CASE WHEN random() < 0.15 THEN '["tired"]'::jsonb ELSE '[]'::jsonb END,
        CASE WHEN cohort BETWEEN 10 AND 14 THEN '["stress"]'::jsonb
             WHEN random() < 0.3 THEN jsonb_build_array((ARRAY['stress','conflict','people','places','boredom',
                'money','pain','celebration','alone','cues'])[1 + floor(random() * 10)::int])
             ELSE '[]'::jsonb END,
        '[]'::jsonb, false, '', '', %s, false, day + time '20:00', false, gen_random_uuid(),
        day + time '20:00', day + time '20:00', false
    FROM (
        SELECT m.organization_id, m.id AS participant_id, d::date AS day, (%s::date - d::date) AS back,
               ((m.id * 2654435761::bigint) %% 1000) AS cohort
        FROM organizations_membership m
        CROSS JOIN generate_series(%s::date - {DAYS - 1}, %s::date, interval '1 day') AS d
        WHERE m.role = 'participant'
    ) s
    WHERE NOT (cohort BETWEEN 10 AND 44 AND back < 3)
    """
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT setseed(0.42)")
        cursor.execute(insert, [empty_note, AS_OF, AS_OF, AS_OF])
        inserted = cursor.rowcount
        # Top the stopped-checking-in cohort up to exactly DAYS check-ins each with older days,
        # so the database always holds PARTICIPANTS * DAYS rows (what _loaded() recognises).
        cursor.execute(
            f"""
            INSERT INTO checkins_checkin (organization_id, participant_id, local_date, mood, craving, sleep_quality,
                halt, triggers, coping, used, substance, amount, note, wants_outreach, made_at, filled_late,
                client_id, created_at, updated_at, signals_pending)
            SELECT m.organization_id, m.id, d::date, 4, 2, 4, '[]'::jsonb, '[]'::jsonb, '[]'::jsonb, false, '', '',
                %s, false, d::date + time '20:00', false, gen_random_uuid(), d::date + time '20:00', d::date + time '20:00',
                false
            FROM organizations_membership m
            CROSS JOIN generate_series(%s::date - {DAYS + 2}, %s::date - {DAYS}, interval '1 day') AS d
            WHERE m.role = 'participant' AND ((m.id * 2654435761::bigint) %% 1000) BETWEEN 10 AND 44
            """,
            [empty_note, AS_OF, AS_OF],
        )
        inserted += cursor.rowcount
        cursor.execute("ANALYZE")
    print(
        f"  loaded {PARTICIPANTS:,} participants, {mentors_needed:,} mentors, {orgs} organizations in {people:.1f} s; "
        f"{inserted:,} check-ins in {time.perf_counter() - started:.1f} s"
    )


def _reset_results() -> None:
    """Forget the previous run's evaluations and alerts, so each run sweeps a fresh night."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE signals_signalevaluation, signals_signalsweeprun, alerts_alert CASCADE")
        cursor.execute("VACUUM ANALYZE signals_signalevaluation")


def _baseline() -> tuple[float, int]:
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT participant_id, avg(mood), avg(craving), count(*) FROM checkins_checkin "
            "WHERE local_date BETWEEN %s AND %s GROUP BY participant_id",
            [AS_OF - dt.timedelta(days=DAYS), AS_OF],
        )
        rows = cursor.fetchall()
    return time.perf_counter() - start, len(rows)


def main() -> int:
    _environment()
    if not _ensure_database():
        return 0
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from alongside.signals.services import signals_nightly_sweep

    call_command("migrate", verbosity=0)
    print(
        f"signal sweep: {PARTICIPANTS:,} participants x {DAYS} days of check-ins, PostgreSQL ({DB_NAME}); "
        f"machine: {os.cpu_count()} cores"
    )
    if _loaded():
        print("  reusing the data already loaded")
    else:
        _load()
    _reset_results()
    queries = 0

    def count_queries(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    base_seconds, base_rows = _baseline()
    base_seconds = min(base_seconds, _baseline()[0])  # warm: the same cache state as the sweep
    with connection.execute_wrapper(count_queries):
        start = time.perf_counter()
        counts = signals_nightly_sweep(now=NOW)
        seconds = time.perf_counter() - start
    sweep_queries, queries = queries, 0
    with connection.execute_wrapper(count_queries):
        start = time.perf_counter()
        rerun = signals_nightly_sweep(now=NOW)
        rerun_seconds = time.perf_counter() - start
    print(
        f"  baseline: SELECT participant_id, avg(mood), avg(craving) ... GROUP BY ({base_rows:,} rows)  "
        f"{base_seconds:6.2f} s"
    )
    print(
        f"  signals_nightly_sweep, end to end                                       {seconds:6.2f} s  "
        f"({counts['participants'] / seconds:,.0f} participants/s; {seconds / base_seconds:.1f}x the baseline)"
    )
    print(
        f"    participants {counts['participants']:,}; with signals {counts['evaluations']:,}; "
        f"signals {counts['signals']:,}; alerts raised {counts['alerts']:,}; batches {counts['batches']}; "
        f"queries {sweep_queries:,}"
    )
    alert_queries = sweep_queries - queries  # the re-run does everything but raise alerts
    print(
        f"    queries per batch without alerts {queries / max(rerun['batches'], 1):.0f}; "
        f"per alert raised {alert_queries / max(counts['alerts'], 1):.0f} (alerts.services.alert_raise + escalation)"
    )
    print(
        f"  the same night again (idempotent: nothing new)                          {rerun_seconds:6.2f} s  "
        f"(alerts raised {rerun['alerts']}; queries {queries:,})"
    )
    verdict = "PASS" if seconds <= BAR_SECONDS else "FAIL"
    print(f"  bar: sweep <= {BAR_SECONDS:.0f} s -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
