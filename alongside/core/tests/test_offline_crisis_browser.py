"""Crisis help with no connection, on a phone: once the app has been opened, the crisis page, the
overdose steps and the participant's own safety plan open offline; logging out, or turning the
setting off on a shared phone, leaves no copy of the plan behind."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import assert_no_axe_violations, login, url
from alongside.core.testing.browser import kept_on_phone as kept
from alongside.core.testing.browser import wait_for_db as wait_for
from alongside.core.testing.browser import wait_until_controlled as controlled

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def open_offline(page: Page, live_server: LiveServer, path: str) -> str:
    page.goto(url(live_server, path))
    return page.locator("h1").inner_text()


def test_crisis_help_overdose_steps_and_my_plan_open_offline(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    controlled(page)
    # Opening the app once is enough: nobody should have had to visit these pages before the crisis.
    assert wait_for(lambda: kept(page, "/crisis/") and kept(page, "/crisis/overdose/") and kept(page, "/safety/"))

    phone.set_offline(True)
    assert open_offline(page, live_server, "/crisis/") == "Get help now"
    assert page.locator("a[href='tel:988']").first.is_visible()
    assert_no_axe_violations(page)
    page.locator("main a[href='/crisis/overdose/']").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Overdose: what to do"
    assert page.locator("main a[href='tel:911']").first.is_visible()
    assert_no_axe_violations(page)
    assert open_offline(page, live_server, "/safety/") == "My safety plan"
    assert_no_axe_violations(page)
    # Somewhere never opened still answers with the crisis lines, not the browser's error page.
    assert "offline" in open_offline(page, live_server, "/journal/").lower()
    assert page.locator("a[href='tel:988']").first.is_visible()
    assert_no_axe_violations(page)


def test_after_logout_the_plan_is_gone_but_crisis_help_still_opens_offline(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    controlled(page)
    assert wait_for(lambda: kept(page, "/safety/"))

    page.locator("form[data-logout] button").click()
    # The worker first tries to send any check-in still waiting, then the form logs out.
    page.wait_for_url("**/accounts/login/")
    assert not kept(page, "/safety/"), "the plan must not stay on the phone after logout"
    controlled(page)
    assert wait_for(lambda: kept(page, "/crisis/") and kept(page, "/crisis/overdose/"))
    assert not kept(page, "/safety/")

    phone.set_offline(True)
    assert open_offline(page, live_server, "/safety/") != "My safety plan"
    assert open_offline(page, live_server, "/crisis/overdose/") == "Overdose: what to do"


def test_with_the_setting_off_the_plan_is_never_kept(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    controlled(page)
    assert wait_for(lambda: kept(page, "/safety/"))

    page.goto(url(live_server, "/accounts/settings/"))
    box = page.get_by_label("Keep my safety plan on this phone for when I am offline")
    assert box.is_checked(), "on by default"
    box.uncheck()
    page.locator("form:has(input[name=offline_safety_plan]) button[type=submit]").click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    assert wait_for(lambda: not kept(page, "/safety/")), "turning it off forgets the copy already kept"

    page.goto(url(live_server, "/safety/"))  # opened online: still not kept
    assert page.locator("h1").inner_text() == "My safety plan"
    page.goto(url(live_server, "/"))
    assert wait_for(lambda: kept(page, "/crisis/overdose/"))
    assert not kept(page, "/safety/")
    phone.set_offline(True)
    assert open_offline(page, live_server, "/safety/") != "My safety plan"
