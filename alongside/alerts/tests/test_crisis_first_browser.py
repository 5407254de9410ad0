"""On a 360x740 phone: Paz presses the crisis button while Pat is having a hard day with strong
cravings. Maria, their mentor, sees Paz first on her "today", marked as a crisis, calls her from
the alert (Paz shares her number), and acknowledges; Paz's page then says Maria is on it.
axe-core checks every page on the way."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from alongside.alerts.models import Alert, AlertStatus
from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import DEFAULT_TIMEOUT_MS, assert_no_axe_violations, login, url
from alongside.organizations.services import participant_phone_sharing_set
from alongside.workspace.tests.conftest import checkin, contact

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from alongside.core.testing.browser import OriginGuard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PHONE = "+15550104444"
SMALL_PHONE = {"width": 360, "height": 740}


def _phone_page(browser: Browser, origin_guard: OriginGuard) -> Page:
    context = browser.new_context(bypass_csp=True, locale="en-US", viewport=SMALL_PHONE, service_workers="block")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route("**/*", origin_guard.handle)
    page = context.new_page()
    page.on("response", origin_guard.on_response)
    return page


def _go(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()
    page.wait_for_load_state()


def test_the_mentor_sees_the_crisis_first_acknowledges_and_the_person_is_told(
    browser: Browser,
    live_server: LiveServer,
    origin_guard: OriginGuard,
    personas: Personas,
    compiled_translations: None,
) -> None:
    paz, pat = personas.participant2, personas.participant
    paz.user.phone_number = PHONE
    paz.user.save(update_fields=["phone_number"])
    participant_phone_sharing_set(participant=paz, share=True)
    checkin(pat, 0, craving=9, mood=1, wants_outreach=True, used=True)  # the most reasons, but no crisis
    contact(personas.mentor, paz, 1)

    person = _phone_page(browser, origin_guard)
    mentor = _phone_page(browser, origin_guard)
    try:
        login(person, live_server, paz, PASSWORD)
        _go(person, "aside.crisis-bar form.crisis-alert-form button[type=submit]")
        alert = Alert.objects.get(participant=paz)
        assert alert.severity == "crisis"

        login(mentor, live_server, personas.mentor, PASSWORD)
        # Home: the crisis leads, with words, not colour alone.
        crisis_box = mentor.locator("main section.crisis-callout")
        assert "Paz Participant" in crisis_box.inner_text() and "Crisis" in crisis_box.inner_text()
        assert crisis_box.bounding_box()["y"] < SMALL_PHONE["height"]  # type: ignore[index]
        assert_no_axe_violations(mentor)

        mentor.goto(url(live_server, reverse("workspace:today")))
        first = mentor.locator("main ol.caseload > li").first
        assert first.locator("h2").inner_text() == "Paz Participant"
        assert "Crisis — open since" in first.inner_text() and "not yet acknowledged" in first.inner_text()
        assert_no_axe_violations(mentor)

        mentor.goto(url(live_server, reverse("alerts:list")))
        assert mentor.locator("main table tbody tr").first.locator("th").inner_text() == "Paz Participant"
        assert "1 crisis not yet acknowledged" in mentor.locator("main").inner_text()
        assert_no_axe_violations(mentor)

        _go(mentor, f"main a[href='{reverse('alerts:detail', args=[alert.pk])}']")
        assert mentor.locator(f"main a[href='tel:{PHONE}']").count() == 1
        assert mentor.locator(f"main a[href='sms:{PHONE}']").count() == 1
        assert_no_axe_violations(mentor)
        _go(mentor, f"main form[action='{reverse('alerts:acknowledge', args=[alert.pk])}'] button")
        assert "Acknowledged by Maria Mentor" in mentor.locator("main").inner_text()
        assert_no_axe_violations(mentor)
        alert.refresh_from_db()
        assert alert.status == AlertStatus.ACKNOWLEDGED

        # Paz's page now says who is on it, by first name.
        person.goto(url(live_server, reverse("alerts:crisis_alerted")))
        main = person.locator("main").inner_text()
        assert "Maria saw your alert and will contact you soon." in main
        assert "Maria Mentor" not in main
        assert_no_axe_violations(person)
        person.goto(url(live_server, reverse("notifications:list")))
        assert "Maria saw your alert and will contact you soon." in person.locator("main").inner_text()
        assert_no_axe_violations(person)
    finally:
        person.context.close()
        mentor.context.close()
    origin_guard.check()
