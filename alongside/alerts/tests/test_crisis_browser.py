"""In a real browser: Pat presses "Alert my mentor now", is reassured, and Maria, the mentor,
sees the alert and acknowledges it. axe-core checks every page on the way."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from alongside.alerts.models import Alert, AlertStatus
from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import DEFAULT_TIMEOUT_MS, assert_no_axe_violations, login, url

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from alongside.core.testing.browser import OriginGuard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def click_and_wait(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()
    page.wait_for_load_state()


def test_crisis_button_to_alert_to_mentor_acknowledgement(
    page: Page, browser: Browser, live_server: LiveServer, origin_guard: OriginGuard, personas: Personas
) -> None:
    login(page, live_server, personas.participant, PASSWORD)
    assert_no_axe_violations(page)
    # One tap in the crisis bar, on whatever page they are on.
    click_and_wait(page, "aside.crisis-bar form.crisis-alert-form button[type=submit]")
    assert path_of(page) == reverse("alerts:crisis_alerted"), page.url
    main = page.locator("main").inner_text()
    assert "Your mentor has been alerted" in main and "If you are in danger now, call 911." in main
    assert page.locator(f"main a[href='{reverse('safety:plan')}']").count() >= 1
    assert page.locator("main a[href='tel:988']").count() == 1
    assert_no_axe_violations(page)
    alert = Alert.objects.get()
    assert (alert.kind, alert.severity, alert.status) == ("crisis_button", "crisis", AlertStatus.OPEN)

    context = browser.new_context(
        bypass_csp=True, locale="en-US", viewport={"width": 390, "height": 844}, service_workers="block"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route("**/*", origin_guard.handle)
    try:
        mentor_page = context.new_page()
        mentor_page.on("response", origin_guard.on_response)
        login(mentor_page, live_server, personas.mentor, PASSWORD)
        assert_no_axe_violations(mentor_page)
        click_and_wait(mentor_page, f"nav a[href='{reverse('alerts:list')}']")
        assert "Pat Participant" in mentor_page.locator("main").inner_text()
        assert_no_axe_violations(mentor_page)
        click_and_wait(mentor_page, f"main a[href='{reverse('alerts:detail', args=[alert.pk])}']")
        assert "Pressed the crisis button" in mentor_page.locator("main").inner_text()
        assert_no_axe_violations(mentor_page)
        click_and_wait(mentor_page, f"main form[action='{reverse('alerts:acknowledge', args=[alert.pk])}'] button")
        assert path_of(mentor_page) == reverse("alerts:detail", args=[alert.pk])
        assert "Acknowledged by Maria Mentor" in mentor_page.locator("main").inner_text()
        assert_no_axe_violations(mentor_page)
    finally:
        context.close()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.acknowledged_by == personas.mentor

    # Pat's page now says the alert was seen.
    page.goto(url(live_server, reverse("alerts:crisis_alerted")))
    assert "Your alert has been seen" in page.locator("main").inner_text()
    assert_no_axe_violations(page)


def test_the_escalation_pages_are_accessible(page: Page, live_server: LiveServer, personas: Personas) -> None:
    # No worker has run: the admin sees the stopped-worker banner on every page.
    login(page, live_server, personas.admin, PASSWORD)
    assert "the background worker has stopped" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    click_and_wait(page, f"nav a[href='{reverse('alerts:escalation')}']")
    assert_no_axe_violations(page)
    click_and_wait(page, f"main a[href='{reverse('alerts:playbook', args=[personas.program.pk])}']")
    page.locator("main input[name=crisis_amount]").fill("0")
    click_and_wait(page, "main form button[type=submit]")
    assert "between 1 minute and 7 days" in page.locator("main").inner_text()  # the error, accessibly
    assert_no_axe_violations(page)
    page.goto(url(live_server, reverse("alerts:rota", args=[personas.program.pk])))
    assert_no_axe_violations(page)
