"""Browser test harness: Playwright driving Debian's Chromium against pytest-django's live server.

Use it from a test module with ``pytest_plugins = ["alongside.core.testing.browser"]`` and mark the
tests ``@pytest.mark.browser``. It provides:

- ``browser``: one headless Chromium for the whole session (``/usr/bin/chromium``; Playwright's own
  browser download is never used). Without Chromium the tests skip with the reason, except in CI
  (``CI`` set), where a missing browser is a failure, never a silent pass.
- ``page``: a fresh context per test (``bypass_csp`` so axe-core can be injected; locale from the
  ``browser_locale`` fixture, ``en-US`` unless a test overrides it). Every request to a host other than
  the live server is blocked, and the test fails if one was even attempted: a recovery app must never
  tell an outside host who uses it. Same-origin assets that fail to load fail the test too.
- ``login(page, live_server, membership, password)``: logs in through the real form, completing the
  two-step check for staff with a known TOTP secret.
- ``assert_no_axe_violations(page)``: runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on the current page.
- ``switch_language(page, code)``: uses the footer's language form, as a person would.

Test modules import the helpers from here as well as naming it in ``pytest_plugins``, so pytest finds
this module already imported and would warn that it cannot rewrite its asserts (an error under
``filterwarnings = error``). Every assert here carries its own message, so rewriting is switched off:
PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, ViewportSize
    from pytest_django.live_server_helper import LiveServer

    from alongside.accounts.models import User
    from alongside.organizations.models import Membership

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls (fixtures,
# TOTP devices) are still plain synchronous code, so Django's async-safety check must stand down.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# A fixed base32 secret for staff personas' authenticator "app" in browser tests.
KNOWN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Generous: CI machines and parallel (-n) runs can be slow; a real hang still fails within a minute.
DEFAULT_TIMEOUT_MS = 30_000


def chromium_missing_reason() -> str | None:
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return None
    return f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need Debian's Chromium"


def require_chromium() -> None:
    """Skip with the reason on a laptop without Chromium; fail in CI, where a skip would hide a gap."""
    reason = chromium_missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


@dataclass
class OriginGuard:
    """Blocks and records every request that leaves the live server's origin."""

    origin: str  # scheme://host:port of the live server
    attempted: list[str] = field(default_factory=list)
    failed_assets: list[str] = field(default_factory=list)

    def handle(self, route: Route, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            route.continue_()
            return
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.attempted.append(f"{request.method} {request.url}")
            route.abort("blockedbyclient")
            return
        route.continue_()

    def on_response(self, response: Any) -> None:
        if response.url.startswith(f"{self.origin}{settings.STATIC_URL}") and response.status >= 400:
            self.failed_assets.append(f"{response.status} {response.url}")

    def check(self) -> None:
        assert not self.attempted, "The page tried to contact a host other than this server:\n  " + "\n  ".join(
            self.attempted
        )
        assert not self.failed_assets, (
            "Static assets failed to load (for vendor files, copy node_modules assets to var/assets, "
            "as `make assets` does):\n  " + "\n  ".join(self.failed_assets)
        )


def _origin(live_server: LiveServer) -> str:
    parts = urlsplit(live_server.url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="session")
def compiled_translations() -> None:
    """Compile the .po catalogues as ``make install`` does (Babel's ``pybabel compile``), so
    Spanish pages render from a fresh clone."""
    from babel.messages.frontend import CommandLineInterface

    for locale_dir in settings.LOCALE_PATHS:
        status = CommandLineInterface().run(  # type: ignore[no-untyped-call]  # Babel is not typed
            ["pybabel", "-q", "compile", "--domain", "django", "--directory", str(locale_dir)]
        )
        assert status == 0, f"pybabel compile failed for {locale_dir}"
    from django.test.signals import setting_changed

    # Drop catalogues loaded before the .mo files existed (Django's own test hook does this).
    setting_changed.send(sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def browser_locale() -> str:
    """The browser's locale (Accept-Language); override in a test module or with parametrize."""
    return "en-US"


@pytest.fixture
def origin_guard(live_server: LiveServer) -> OriginGuard:
    return OriginGuard(origin=_origin(live_server))


@pytest.fixture
def page(
    browser: Browser,
    live_server: LiveServer,
    browser_locale: str,
    origin_guard: OriginGuard,
    compiled_translations: None,
) -> Iterator[Page]:
    yield from _guarded_page(browser, origin_guard, locale=browser_locale, viewport={"width": 390, "height": 844})


PHONE: ViewportSize = {"width": 360, "height": 740}  # the small phone the crisis path is tested on


@pytest.fixture
def phone_page(browser: Browser, origin_guard: OriginGuard, compiled_translations: None) -> Iterator[Page]:
    """A page on a 360x740 phone (service workers blocked), guarded like ``page``."""
    yield from _guarded_page(browser, origin_guard, locale="en-US", viewport=PHONE)


def _guarded_page(
    browser: Browser, origin_guard: OriginGuard, *, locale: str, viewport: ViewportSize
) -> Iterator[Page]:
    """A fresh browser context and page: no service worker, no request to another origin (checked
    when the test ends), axe-core injectable (the CSP itself is tested on responses)."""
    context = browser.new_context(bypass_csp=True, locale=locale, viewport=viewport, service_workers="block")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route("**/*", origin_guard.handle)
    new_page = context.new_page()
    new_page.on("response", origin_guard.on_response)
    try:
        yield new_page
    finally:
        context.close()
    origin_guard.check()


@pytest.fixture(name="phone")
def offline_phone(browser: Browser, live_server: LiveServer, compiled_translations: None) -> Iterator[BrowserContext]:
    """A 360x740 phone whose service worker runs, for the offline tests (``context.set_offline``).
    Closed before the live server and the database go, so no late request finds them gone."""
    context = browser.new_context(bypass_csp=True, viewport=PHONE)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


def wait_until_controlled(page: Page) -> None:
    """Wait until the service worker controls the page (the first visit installs it)."""
    page.evaluate("() => navigator.serviceWorker.ready")
    if not page.evaluate("() => !!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("() => !!navigator.serviceWorker.controller"), "the service worker should control the page"


def kept_on_phone(page: Page, path: str) -> bool:
    """Whether the service worker's caches hold a copy of ``path``."""
    return bool(page.evaluate("(p) => caches.match(p).then((r) => !!r)", path))


def wait_for_db(predicate: Any, timeout: float = 20.0) -> bool:
    """Poll the database while the live server writes to it. On SQLite's shared in-memory test
    database a read that meets the server's open write transaction fails at once ("table is
    locked") instead of waiting, so such a read is simply tried again."""
    from django.db import OperationalError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:
            pass
        time.sleep(0.2)
    return bool(predicate())


def url(live_server: LiveServer, path: str) -> str:
    return f"{live_server.url}{path}"


def enroll_known_totp(user: User, secret: str = KNOWN_TOTP_SECRET) -> str:
    """Give this user a confirmed authenticator with a known secret (as if they had enrolled)."""
    from django.utils import timezone

    from alongside.accounts.models import TOTPDevice

    TOTPDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now(), "last_used_step": 0}
    )
    return secret


def current_totp_code(secret: str = KNOWN_TOTP_SECRET) -> str:
    import pyotp

    return pyotp.TOTP(secret).now()


def login(page: Page, live_server: LiveServer, membership: Membership, password: str) -> None:
    """Log in through the login form as a person would; staff also pass the two-step check."""
    from alongside.organizations.models import Role

    is_staff = membership.role != Role.PARTICIPANT
    secret = enroll_known_totp(membership.user) if is_staff else None
    page.goto(url(live_server, "/accounts/login/"))
    form = page.locator("main form")
    form.locator("input[name=email]").fill(membership.user.email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    if is_staff:
        assert urlsplit(page.url).path == "/accounts/login/verify/", (
            f"a staff login should ask for the two-step code, landed on {page.url}"
        )
        assert secret is not None
        code_form = page.locator("main form")
        code_form.locator("input[name=code]").fill(current_totp_code(secret))
        code_form.locator("button[type=submit]").click()
        page.wait_for_load_state()
    if urlsplit(page.url).path != "/":
        raise AssertionError(
            f"login did not reach the home page: {page.url}\n{page.locator('body').inner_text()[:600]}"
        )


def switch_language(page: Page, code: str) -> None:
    """Change language with the footer form; waits for the reloaded page in that language."""
    footer_form = page.locator("form.language-form")
    footer_form.locator("select[name=language]").select_option(code)
    with page.expect_navigation():
        footer_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    actual = page.locator("html").get_attribute("lang")
    assert actual == code, f"after switching language the page is in {actual!r}, not {code!r}"


def _axe_source() -> str:
    if not AXE_PATH.exists():
        raise AssertionError(f"{AXE_PATH} is missing: run `npm ci` (axe-core is a devDependency in package.json)")
    return AXE_PATH.read_text(encoding="utf-8")


def format_axe_violations(violations: list[dict[str, Any]], page_url: str) -> str:
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {page_url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation.get('help', '')}")
        lines.append(f"    {violation.get('helpUrl', '')}")
        for node in violation.get("nodes", []):
            target = " ".join(json.dumps(t) if not isinstance(t, str) else t for t in node.get("target", []))
            lines.append(f"    target: {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary[:300]}")
            html = (node.get("html") or "").strip()
            if html:
                lines.append(f"      html: {html[:200]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core against the page (WCAG 2.0, 2.1 and 2.2, levels A and AA); fail listing each violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )
    if result:
        raise AssertionError(format_axe_violations(result, page.url))
