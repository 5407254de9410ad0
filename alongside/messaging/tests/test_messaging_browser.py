"""Messages really arrive without a reload, receipts move, and every messaging page passes axe-core."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import assert_no_axe_violations, login, url
from alongside.messaging.services import thread_open

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

pytest_plugins = ["alongside.core.testing.browser"]
pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_a_conversation_updates_on_both_screens_without_a_reload(
    page: Page, browser: Browser, live_server: LiveServer, personas: Personas
) -> None:
    thread = thread_open(viewer=personas.participant, participant=personas.participant)
    thread_url = url(live_server, reverse("messaging:thread", args=[thread.pk]))
    participant_errors = console_errors(page)
    login(page, live_server, personas.participant, PASSWORD)
    page.goto(url(live_server, reverse("messaging:inbox")))
    assert page.url == thread_url
    assert page.get_by_role("heading", name="Messages with Maria Mentor").is_visible()
    assert_no_axe_violations(page)

    mentor_context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    mentor_page = mentor_context.new_page()
    mentor_errors = console_errors(mentor_page)
    try:
        login(mentor_page, live_server, personas.mentor, PASSWORD)
        mentor_page.goto(url(live_server, reverse("messaging:inbox")))
        assert_no_axe_violations(mentor_page)
        mentor_page.goto(thread_url)
        mentor_page.get_by_label("Your message").fill("Good morning, Pat. How did last night go?")
        mentor_page.get_by_role("button", name="Send").click()
        mentor_page.wait_for_load_state()
        assert_no_axe_violations(mentor_page)

        # The participant's open page shows it within a poll or two, without a reload.
        page.locator("#message-list").get_by_text("How did last night go?").wait_for(timeout=10_000)
        # Their page read it, so the mentor's open page shows "Seen" under it, again without a reload.
        mentor_page.locator("#message-list .msg-seen").get_by_text("Seen by Pat Participant").wait_for(timeout=10_000)

        page.get_by_label("Your message").fill("Better than I thought <b>really</b>")
        page.get_by_role("button", name="Send").click()
        page.wait_for_load_state()
        assert page.locator("#message-list").get_by_text("Better than I thought <b>really</b>").is_visible()
        mentor_page.locator("#message-list").get_by_text("Better than I thought").wait_for(timeout=10_000)
        assert mentor_page.locator("#message-list li").count() == 2
        assert_no_axe_violations(page)
    finally:
        mentor_context.close()
    assert not [e for e in participant_errors + mentor_errors if "htmx" in e.lower() or "poll" in e.lower()]


def test_the_working_hours_page_passes_axe(page: Page, live_server: LiveServer, personas: Personas) -> None:
    login(page, live_server, personas.mentor, PASSWORD)
    page.goto(url(live_server, reverse("messaging:working_hours")))
    page.get_by_label("I usually reply on Monday").check()
    page.locator("#id_day_0_start").fill("09:00")
    page.locator("#id_day_0_end").fill("08:00")
    page.get_by_role("button", name="Save working hours").click()
    page.wait_for_load_state()
    assert page.get_by_text("The end time must be after the start time.").is_visible()
    assert_no_axe_violations(page)
    page.locator("#id_day_0_end").fill("17:00")
    page.get_by_role("button", name="Save working hours").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your working hours are saved.").is_visible()
    assert_no_axe_violations(page)
