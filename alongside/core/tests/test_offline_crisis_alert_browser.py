"""The worst moments with no connection, on a phone: the crisis button pressed offline says plainly
that no one was told and gives lines to call or text now; a session that ended without a logout
leaves no safety plan behind; the offline pages show the program's own crisis lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.db.models import F

from alongside.accounts.models import User
from alongside.alerts.models import Alert
from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import assert_no_axe_violations, login, url
from alongside.core.testing.browser import kept_on_phone as kept
from alongside.core.testing.browser import wait_for_db as wait_for
from alongside.core.testing.browser import wait_until_controlled as controlled
from alongside.crisis.services import LineInput, crisis_lines_replace

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_alert_not_sent_page(page: Page) -> None:
    page.wait_for_load_state()
    heading = page.locator("h1").inner_text()
    assert "not sent" in heading.lower(), heading
    assert "no connection" in page.locator("main").inner_text().lower()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main a[href='tel:988']").first.is_visible()
    assert page.locator("main a[href^='sms:']").first.is_visible()
    assert page.locator("main a[href='/crisis/overdose/']").first.is_visible()
    assert "queued" not in page.locator("body").inner_text().lower()
    assert_no_axe_violations(page)


def test_the_crisis_button_pressed_offline_says_the_alert_was_not_sent_and_gives_lines_to_call(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    controlled(page)
    assert wait_for(lambda: kept(page, "/crisis/") and kept(page, "/crisis/overdose/"))

    phone.set_offline(True)
    page.locator(".crisis-bar form.crisis-alert-form button[type=submit]").click()
    assert_alert_not_sent_page(page)

    page.goto(url(live_server, "/crisis/"))  # the kept crisis page's own button
    assert page.locator("h1").inner_text() == "Get help now"
    page.locator("main form.crisis-alert-form button[type=submit]").click()
    assert_alert_not_sent_page(page)
    assert Alert.objects.count() == 0

    # Back online, the same button reaches a person.
    phone.set_offline(False)
    page.goto(url(live_server, "/crisis/"))
    page.locator("main form.crisis-alert-form button[type=submit]").click()
    page.wait_for_load_state()
    assert wait_for(lambda: Alert.objects.count() == 1)


def test_a_session_that_ends_without_logout_leaves_no_safety_plan_on_the_phone(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    controlled(page)
    assert wait_for(lambda: kept(page, "/safety/"))

    # Idle timeout, or a password change on another device: no logout on this phone.
    User.objects.filter(pk=personas.participant.user_id).update(session_generation=F("session_generation") + 1)
    page.goto(url(live_server, "/safety/"))
    assert "/accounts/login/" in page.url
    assert wait_for(lambda: not kept(page, "/safety/")), "the plan must go when its session does"
    assert wait_for(lambda: kept(page, "/crisis/") and kept(page, "/crisis/overdose/"))

    phone.set_offline(True)
    page.goto(url(live_server, "/safety/"))
    assert page.locator("h1").inner_text() != "My safety plan"
    assert page.locator("a[href='tel:988']").first.is_visible()


def test_a_session_that_ends_forgets_the_plan_when_any_page_opens(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    controlled(page)
    assert wait_for(lambda: kept(page, "/safety/"))
    User.objects.filter(pk=personas.participant.user_id).update(session_generation=F("session_generation") + 1)
    page.goto(url(live_server, "/journal/"))  # lands on the login page
    assert "/accounts/login/" in page.url
    assert wait_for(lambda: not kept(page, "/safety/"))
    phone.set_offline(True)
    page.goto(url(live_server, "/safety/"))
    assert page.locator("h1").inner_text() != "My safety plan"


def test_the_offline_pages_show_the_programs_own_crisis_lines(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    crisis_lines_replace(
        viewer=personas.admin,
        program=None,
        lines=[
            LineInput(name={"en": "Samaritans"}, how={"en": "Call 116 123, free, any time."}, phone="116 123"),
            LineInput(name={"en": "Shout"}, text_number="85258", text_body={"en": "SHOUT"}),
            LineInput(name={"en": "Emergency"}, phone="999", is_emergency=True),
        ],
    )
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    controlled(page)
    assert wait_for(lambda: kept(page, "/crisis/"))
    page.goto(url(live_server, "/checkin/"))  # kept, so a check-in can be saved offline

    phone.set_offline(True)
    page.goto(url(live_server, "/journal/"))
    assert "offline" in page.locator("h1").inner_text().lower()
    assert page.locator("a[href='tel:116123']").first.is_visible()
    assert page.locator("a[href='tel:988']").count() == 0, "not the US lines for a program that set its own"
    assert_no_axe_violations(page)

    page.goto(url(live_server, "/checkin/"))
    page.locator("input[name=mood][value='3']").check()
    page.locator("input[name=craving][value='2']").check()
    page.locator("#checkin-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Saved on this device"
    assert page.locator("a[href='tel:116123']").first.is_visible()
    assert page.locator("a[href='tel:988']").count() == 0

    page.goto(url(live_server, "/crisis/"))
    page.locator("main form.crisis-alert-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main a[href='tel:116123']").first.is_visible()
    assert page.locator("a[href='tel:988']").count() == 0
