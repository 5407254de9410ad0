"""Check-in submission under 50 concurrent clients, on PostgreSQL behind gunicorn.

Baseline, same server, same run: a bare Django view doing one INSERT. Load comes from wrk
(Debian package) with a Lua script that gives every request its own participant session,
so each request is a real check-in (first of the day, then an edit of it).

Bar (issue 3): throughput ratio >= 0.5 and p95 latency <= 50 ms. The ratio is measured at
saturation (closed loop, no think time). Latency at saturation is just queueing (Little's law:
50 clients / throughput), so p95 is also measured at a sustainable load: the same 50 clients
with think time, offering about half of the measured capacity.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "alongside_bench"
# Two groups of participants, so that both check-in runs measure the same thing, the day's first
# check-in for each (a later submission the same day is an edit: a lookup, a lock and an UPDATE
# more): the saturated runs (warm-up and measured) use the first group, the paced run the second.
# Each group is larger than its runs send, so no one checks in twice (the bench counts edits).
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "10000"))
PACED_PARTICIPANTS = int(os.environ.get("BENCH_PACED_PARTICIPANTS", "5000"))
CONNECTIONS = 50
DURATION = os.environ.get("BENCH_DURATION", "15s")
WORKERS = os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 2) * 2 + 1))
# gthread keeps HTTP keep-alive connections on a selector thread, the way a phone's connection
# is served behind no buffering proxy. A sync worker would sit blocked on a client that opened a
# connection and has not sent yet (which the paced run does), measuring that instead of the app.
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
THREADS = os.environ.get("BENCH_THREADS", "4" if WORKER_CLASS == "gthread" else "1")


def server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DATABASE_URL=f"{PG_ADMIN_URL}/{DB_NAME}",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        FIELD_ENCRYPTION_KEYS="YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="bench.settings",  # the app's settings plus the baseline routes (bench/urls.py)
    )
    return env


def psql(sql: str, db: str = "postgres") -> None:
    subprocess.run(
        ["psql", f"{PG_ADMIN_URL}/{db}", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        stdout=subprocess.DEVNULL,
    )


SETUP = r"""
import django, time, json
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from alongside.websessions.store import SessionStore
from django.db import connection
from alongside.accounts.models import User
from alongside.organizations.models import Organization, Program, Membership, ParticipantProfile, Role
N = int(__import__("sys").argv[1])
org = Organization.objects.create(name="Bench", slug="bench")
program = Program.objects.create(organization=org, name="Bench", setting_type="recovery_center", time_zone="America/Chicago", languages=["en"])
users = User.objects.bulk_create([User(email=f"p{i}@bench.test", display_name=f"P {i}", password="!", time_zone="America/Chicago") for i in range(N)])
members = Membership.objects.bulk_create([Membership(user=u, organization=org, role=Role.PARTICIPANT, program=program) for u in users])
ParticipantProfile.objects.bulk_create([ParticipantProfile(membership=m) for m in members])
with connection.cursor() as c:
    c.execute("CREATE TABLE bench_insert (id bigserial primary key, payload text, created_at timestamptz default now())")
now = time.time()
csrf = "benchcsrfsecretbenchcsrfsecret12"
lines = []
for u, m in zip(users, members):
    s = SessionStore()
    s[SESSION_KEY] = str(u.pk); s[BACKEND_SESSION_KEY] = "alongside.accounts.backends.EmailBackend"
    s[HASH_SESSION_KEY] = u.get_session_auth_hash()
    # As if each had just opened the app: the page they opened made the once-a-minute "last seen"
    # write (accounts.middleware.SessionPolicyMiddleware), which is not due again during the runs.
    s["alongside_auth_at"] = now; s["alongside_last_seen"] = now + 600; s["alongside_is_staff"] = False
    s["alongside_membership_id"] = m.pk
    s.create()
    lines.append(f"alongside_session={s.session_key}; csrftoken={csrf}")
print("\n".join(lines))
"""

LUA = r"""
local cookies = {}
for line in io.lines("__COOKIES__") do cookies[#cookies + 1] = line end
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end
function init(args)
  -- Start after the participants an earlier run (the warm-up) already checked in.
  counter = id + 2 * math.floor(tonumber(os.getenv("BENCH_OFFSET") or "0") / 2)
end
local body = '{"mood": 4, "craving": 3, "sleep_quality": 4, "halt": ["tired"], "triggers": ["stress"], "coping": ["called"], "note": "benchmark check-in"}'
local think_ms = tonumber(os.getenv("BENCH_THINK_MS") or "0")
local path = os.getenv("BENCH_PATH") or "/api/v1/checkins"
function delay()
  -- Think time between one client's submissions (0 = as fast as possible), jittered +-50%.
  if think_ms <= 0 then return 0 end
  return math.random(math.floor(think_ms / 2), math.floor(think_ms * 3 / 2))
end
function request()
  counter = counter + 2
  local cookie = cookies[(counter % #cookies) + 1]
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Cookie"] = cookie,
    ["X-CSRFToken"] = "benchcsrfsecretbenchcsrfsecret12",
    ["Host"] = "127.0.0.1",
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d non2xx=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""

BASE_LUA = r"""
wrk.method = "POST"
wrk.body = '{"mood": 4, "craving": 3, "sleep_quality": 4, "halt": ["tired"], "triggers": ["stress"], "coping": ["called"], "note": "benchmark check-in"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = "127.0.0.1"
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_wrk(
    url: str,
    script: Path,
    think_ms: int = 0,
    duration: str = DURATION,
    path: str = "/api/v1/checkins",
    offset: int = 0,
) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}", "--timeout", "5s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCH_THINK_MS": str(think_ms), "BENCH_PATH": path, "BENCH_OFFSET": str(offset)},
    ).stdout
    match = re.search(r"RESULT (.*)", out)
    if not match:
        raise RuntimeError(out)
    fields = {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    fields["rps"] = fields["requests"] / (fields["duration_us"] / 1e6)
    return fields


def main() -> int:
    if shutil.which("wrk") is None:
        print("checkin_load: needs wrk (apt-get install wrk); skipped")
        return 0
    try:
        psql("SELECT 1")
    except (subprocess.CalledProcessError, FileNotFoundError):
        print(f"checkin_load: PostgreSQL not reachable at {PG_ADMIN_URL}; skipped")
        return 0
    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    env = server_env()
    work = Path(tempfile.mkdtemp(prefix="alongside-bench-"))
    server = None
    try:
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        cookies = subprocess.run(
            [PY, "-c", SETUP, str(PARTICIPANTS + PACED_PARTICIPANTS)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        (work / "cookies.txt").write_text("\n".join(cookies[:PARTICIPANTS]) + "\n")
        (work / "paced.txt").write_text("\n".join(cookies[PARTICIPANTS:]) + "\n")
        (work / "checkin.lua").write_text(LUA.replace("__COOKIES__", str(work / "cookies.txt")))
        (work / "paced.lua").write_text(LUA.replace("__COOKIES__", str(work / "paced.txt")))
        (work / "base.lua").write_text(BASE_LUA + LUA[LUA.index("function done") :])
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "alongside.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                WORKERS,
                "--preload",
                "--worker-class",
                WORKER_CLASS,
                "--threads",
                THREADS,
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        base_url = f"http://127.0.0.1:{port}"
        run_wrk(base_url + "/bench/insert", work / "base.lua")  # warm-up
        baseline = run_wrk(base_url + "/bench/insert", work / "base.lua")
        # Not the bar's baseline, but what it costs to be signed in at all: the same INSERT
        # behind the session, user and membership lookups and the CSRF check (same cookies).
        floor_path = "/bench/signed-in-insert"
        run_wrk(base_url + floor_path, work / "checkin.lua", duration="4s", path=floor_path)
        floor = run_wrk(base_url + floor_path, work / "checkin.lua", path=floor_path)
        # Nor this: the check-in's own work (the API's schema, the service's rules, encrypting and
        # screening the note) with the same one INSERT in place of its writes (lock, row, audit).
        work_path = "/bench/checkin-work"
        run_wrk(base_url + work_path, work / "checkin.lua", duration="4s", path=work_path)
        checkin_work = run_wrk(base_url + work_path, work / "checkin.lua", path=work_path)
        # Warm-up for the endpoint too, as for the baseline: every worker has loaded what a
        # check-in touches (code paths, the database connection) before the measured run.
        warm = run_wrk(base_url + "/api/v1/checkins", work / "checkin.lua", duration="4s")
        checkin = run_wrk(base_url + "/api/v1/checkins", work / "checkin.lua", offset=2 * int(warm["requests"]))
        # Latency at a sustainable load: the same 50 clients, each pausing between submissions so
        # that together they offer about half of the capacity just measured.
        think_ms = max(1, int(CONNECTIONS / (checkin["rps"] * 0.5) * 1000))
        paced = run_wrk(base_url + "/api/v1/checkins", work / "paced.lua", think_ms=think_ms)
        stored = subprocess.run(
            [
                "psql",
                f"{PG_ADMIN_URL}/{DB_NAME}",
                "-tAc",
                "SELECT (SELECT count(*) FROM checkins_checkin) || ' check-ins stored, ' || count(*) "
                "|| ' edits by a later submission' FROM audit_auditentry WHERE action = 'checkin.updated'",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    ratio = checkin["rps"] / baseline["rps"]
    print(
        f"check-in submission, {CONNECTIONS} concurrent clients, gunicorn ({WORKERS} {WORKER_CLASS} workers x {THREADS} threads)"
        f" on PostgreSQL, {DURATION}:"
    )
    for label, r in (
        ("baseline: bare view, one INSERT", baseline),
        ("same INSERT, signed in (reference)", floor),
        ("check-in's work, one INSERT (ref.)", checkin_work),
        ("POST /api/v1/checkins", checkin),
    ):
        print(
            f"  {label:<34} {r['rps']:8.1f} req/s  p50={r['p50_us'] / 1000:6.1f} ms  p95={r['p95_us'] / 1000:6.1f} ms"
            f"  p99={r['p99_us'] / 1000:6.1f} ms  non-2xx={int(r['non2xx'])} errors={int(r['errors'])}"
        )
    print(
        f"  {'POST /api/v1/checkins, paced':<34} {paced['rps']:8.1f} req/s  p50={paced['p50_us'] / 1000:6.1f} ms  "
        f"p95={paced['p95_us'] / 1000:6.1f} ms  p99={paced['p99_us'] / 1000:6.1f} ms  (think time ~{think_ms} ms per client)"
    )
    print(
        f"  throughput ratio {ratio:.2f} (bar >= 0.50: {'met' if ratio >= 0.5 else 'NOT met'}); "
        f"check-in p95 at saturation {checkin['p95_us'] / 1000:.1f} ms, at half capacity {paced['p95_us'] / 1000:.1f} ms "
        f"(bar <= 50 ms: {'met' if paced['p95_us'] <= 50000 else 'NOT met'})"
    )
    print(
        f"  for reference: signing in alone (session, user, membership, CSRF) brings the bare view to "
        f"{floor['rps'] / baseline['rps']:.2f} of itself; the check-in's work before any of its writes, to "
        f"{checkin_work['rps'] / baseline['rps']:.2f}; a check-in reaches {checkin['rps'] / floor['rps']:.2f} of the first"
    )
    print(f"  {stored}, for {PARTICIPANTS + PACED_PARTICIPANTS} participants (one per participant per day)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
