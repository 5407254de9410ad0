"""In a real browser: Pat writes a private journal entry with crisis language and, on the very
next page, sees warm words, the crisis lines and their safety plan. axe-core checks the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from alongside.alerts.models import Alert
from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import assert_no_axe_violations, login, url

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

    from alongside.core.testing.browser import OriginGuard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def test_a_crisis_journal_entry_shows_help_at_once(
    page: Page, live_server: LiveServer, origin_guard: OriginGuard, personas: Personas
) -> None:
    login(page, live_server, personas.participant, PASSWORD)
    page.goto(url(live_server, reverse("journal:new")))
    page.locator("main textarea[name=text]").fill("Ya no aguanto más. I just want it all to end.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    support = page.locator("main section.crisis-support")
    assert support.count() == 1
    text = support.inner_text()
    assert "Your mentor has been told you may be going through something hard" in text
    assert "no one was shown what you wrote" in text
    for href in ("tel:988", "sms:988", "tel:18006624357", "tel:911", reverse("safety:plan")):
        assert support.locator(f"a[href='{href}']").count() == 1, href
    assert_no_axe_violations(page)
    assert Alert.objects.filter(participant=personas.participant, kind="crisis_language").count() == 1
