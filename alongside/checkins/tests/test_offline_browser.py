"""Offline check-in in a real browser: cut the network, check in, close the page, restore the
network, reopen — the check-in is stored once, with the time it was made on the phone."""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING

import pytest

from alongside.checkins.models import CheckIn
from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import DEFAULT_TIMEOUT_MS, assert_no_axe_violations, login, url
from alongside.core.testing.browser import wait_for_db as wait_for

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_checkin_made_offline_is_sent_once_when_the_connection_returns(
    browser: Browser, live_server: LiveServer, personas: Personas, compiled_translations: None
) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        login(page, live_server, personas.participant, PASSWORD)
        page.goto(url(live_server, "/checkin/"))
        # Wait until the service worker controls the page (first visit installs it).
        page.evaluate("() => navigator.serviceWorker.ready")
        if not page.evaluate("() => !!navigator.serviceWorker.controller"):
            page.reload()
        assert page.evaluate("() => !!navigator.serviceWorker.controller"), (
            "the service worker should control /checkin/"
        )
        assert_no_axe_violations(page)

        context.set_offline(True)
        page.locator("input[name=mood][value='2']").check()
        page.locator("input[name=craving][value='6']").check()
        page.locator("textarea[name=note]").fill("written on the bus, no signal")
        before = dt.datetime.now(dt.UTC)
        page.locator("#checkin-form button[type=submit]").click()
        page.wait_for_load_state()
        assert "Saved on this device" in page.locator("h1").inner_text()
        page.close()
        assert CheckIn.objects.count() == 0, "nothing can reach the server while offline"

        time.sleep(1.5)  # time passes before the connection returns
        context.set_offline(False)
        reopened = context.new_page()
        reopened.goto(url(live_server, "/checkin/"))
        assert wait_for(lambda: CheckIn.objects.count() == 1), "the queued check-in should be sent when back online"
        reopened.reload()
        reopened.goto(url(live_server, "/checkin/"))  # a second flush must not double it
        time.sleep(1.0)
        assert CheckIn.objects.count() == 1
        checkin = CheckIn.objects.get()
        assert (checkin.mood, checkin.craving, checkin.note) == (2, 6, "written on the bus, no signal")
        # The time it was made on the phone, not the time it arrived.
        assert before - dt.timedelta(seconds=5) <= checkin.made_at <= before + dt.timedelta(seconds=1)
        assert not checkin.filled_late
        reopened.goto(url(live_server, "/checkin/history/"))
        assert reopened.locator("tbody tr").count() == 1
        assert "written on the bus" in reopened.locator("tbody").inner_text()
    finally:
        context.close()
