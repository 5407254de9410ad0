"""The check-in page in Chromium on a slow phone connection: bytes on first load and LCP.

Throttling (Chrome DevTools Protocol): 1.6 Mbps down, 750 kbps up, 150 ms round trip, CPU 4x
slower. Server: gunicorn with DEBUG off (compressed static files, gzip HTML), a fresh
SQLite database. Baseline in the same run: the public crisis-help page, the smallest page.

Bar (issue 3): <= 60 KB transferred (compressed) on first load; LCP <= 2.5 s.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMIUM = "/usr/bin/chromium"
RUNS = 5
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LCP_JS = """() => new Promise((resolve) => {
  let value = 0;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) { value = e.startTime; window.__lcpEl = (e.element && e.element.outerHTML || '').slice(0, 120); } })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(value), 500);
})"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SETUP = r"""
import django, time
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from alongside.websessions.store import SessionStore
from alongside.accounts.models import User
from alongside.organizations.models import Organization, Program, Membership, ParticipantProfile, Role
org = Organization.objects.create(name="Bench", slug="bench")
program = Program.objects.create(organization=org, name="Bench", setting_type="recovery_center", time_zone="America/Chicago", languages=["en"])
u = User.objects.create_user("p@bench.test", "bench-password-123", display_name="Pat Bench", time_zone="America/Chicago")
m = Membership.objects.create(user=u, organization=org, role=Role.PARTICIPANT, program=program)
ParticipantProfile.objects.create(membership=m)
s = SessionStore()
s[SESSION_KEY] = str(u.pk); s[BACKEND_SESSION_KEY] = "alongside.accounts.backends.EmailBackend"
s[HASH_SESSION_KEY] = u.get_session_auth_hash()
now = time.time()
s["alongside_auth_at"] = now; s["alongside_last_seen"] = now; s["alongside_is_staff"] = False
s["alongside_membership_id"] = m.pk
s.create()
print(s.session_key)
"""


def measure(browser, url: str, cookie: str | None) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    if cookie:
        context.add_cookies([{"name": "alongside_session", "value": cookie, "url": url}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    transferred = {"bytes": 0}
    cdp.on(
        "Network.loadingFinished",
        lambda event: transferred.__setitem__("bytes", transferred["bytes"] + int(event["encodedDataLength"])),
    )
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    lcp = float(page.evaluate(LCP_JS))
    if os.environ.get("BENCH_DEBUG"):
        print("LCP element:", page.evaluate("() => window.__lcpEl"))
        print(
            page.evaluate(
                "() => JSON.stringify(performance.getEntriesByType('resource').map(r => [r.name, Math.round(r.startTime), Math.round(r.responseEnd)]))"
            )
        )
        print(
            page.evaluate(
                "() => JSON.stringify(performance.getEntriesByType('navigation').map(r => [Math.round(r.responseStart), Math.round(r.responseEnd), Math.round(r.domContentLoadedEventEnd), Math.round(r.loadEventEnd)]))"
            )
        )
    context.close()
    return transferred["bytes"], lcp


def main() -> int:
    if not Path(CHROMIUM).exists():
        print("checkin_page: needs Debian's chromium (apt-get install chromium); skipped")
        return 0
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="alongside-page-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{work / 'bench.sqlite3'}",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-" + "y" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        FIELD_ENCRYPTION_KEYS="YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="alongside.settings",
    )
    server = None
    try:
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        session = subprocess.run(
            [PY, "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.strip()
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "alongside.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
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
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            # Warm both server workers (first requests load templates and translations); every
            # measured load is still a first load for the browser: a new context, cache disabled.
            for _ in range(2):
                measure(browser, base + "/crisis/", None)
                measure(browser, base + "/checkin/", session)
            crisis = sorted(measure(browser, base + "/crisis/", None) for _ in range(RUNS))
            pages = sorted(measure(browser, base + "/checkin/", session) for _ in range(RUNS))
            crisis_bytes, crisis_lcp = max(c[0] for c in crisis), statistics.median(c[1] for c in crisis)
            page_bytes, page_lcp = max(p[0] for p in pages), statistics.median(p[1] for p in pages)
            browser.close()
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"check-in page, Chromium throttled to 1.6 Mbps / 150 ms RTT / 4x CPU, cold browser cache, median LCP of {RUNS} loads:"
    )
    print(f"  baseline: /crisis/ (public)   {crisis_bytes / 1024:6.1f} KB transferred   LCP {crisis_lcp / 1000:.2f} s")
    print(f"  /checkin/ (logged in)         {page_bytes / 1024:6.1f} KB transferred   LCP {page_lcp / 1000:.2f} s")
    print(
        f"  bars: <= 60 KB {'met' if page_bytes <= 60 * 1024 else 'NOT met'}; LCP <= 2.5 s {'met' if page_lcp <= 2500 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
