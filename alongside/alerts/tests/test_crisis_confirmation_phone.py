"""On a 360x740 phone, in distress: the confirmation is the first thing on screen and has focus; a second tap
says "already sent"; a tap made by mistake can be taken back, which stops the escalation and keeps the history."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from alongside.alerts.models import Alert, AlertEvent, AlertStatus
from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import PHONE, assert_no_axe_violations, login

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def press(page: Page, scope: str = "aside.crisis-bar") -> None:
    with page.expect_navigation():
        page.locator(f"{scope} form.crisis-alert-form button[type=submit]").first.click()
    page.wait_for_load_state()


def assert_in_view_and_focused(page: Page, text: str) -> None:
    heading = page.locator("#crisis-sent-title")
    assert text in heading.inner_text()
    box = heading.bounding_box()
    assert box is not None and box["y"] >= -1 and box["y"] + box["height"] <= PHONE["height"], box
    status = page.locator("#crisis-sent-status")
    status_box = status.bounding_box()
    assert status_box is not None and status_box["y"] < PHONE["height"], status_box
    assert page.evaluate("document.activeElement && document.activeElement.id") == "crisis-sent-title"


def test_the_confirmation_is_on_screen_focused_and_a_second_tap_says_already_sent(
    phone_page: Page, live_server: LiveServer, personas: Personas
) -> None:
    login(phone_page, live_server, personas.participant, PASSWORD)
    phone_page.goto(f"{live_server.url}/coping/")
    press(phone_page)
    assert urlsplit(phone_page.url).path == reverse("alerts:crisis_alerted")
    assert_in_view_and_focused(phone_page, "Your mentor has been alerted")
    assert "What happens next" in phone_page.locator("main").inner_text()
    assert phone_page.locator("main a[href='tel:988']").count() >= 1
    assert phone_page.locator(f"main a[href='{reverse('safety:plan')}']").count() >= 1
    assert_no_axe_violations(phone_page)

    # Pressing again from the crisis page joins the same alert and says so.
    phone_page.goto(f"{live_server.url}{reverse('crisis:help')}")
    press(phone_page, scope="main")
    assert_in_view_and_focused(phone_page, "Your mentor has been alerted")
    assert "already sent" in phone_page.locator("#crisis-sent-status").inner_text().lower()
    assert Alert.objects.count() == 1
    assert_no_axe_violations(phone_page)


def test_i_pressed_it_by_mistake_stops_escalation_and_keeps_the_history(
    phone_page: Page, live_server: LiveServer, personas: Personas
) -> None:
    login(phone_page, live_server, personas.participant, PASSWORD)
    press(phone_page)
    alert = Alert.objects.get()
    assert alert.escalation_due_at is not None
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="I pressed it by mistake").click()
    phone_page.wait_for_load_state()
    main = phone_page.locator("main").inner_text()
    assert "told your mentor it was a mistake" in main
    # The crisis lines stay.
    assert phone_page.locator("main a[href='tel:988']").count() >= 1
    assert_no_axe_violations(phone_page)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED and alert.escalation_due_at is None
    kinds = list(AlertEvent.objects.filter(alert=alert).values_list("kind", flat=True))
    assert kinds[0] == "raised" and kinds[-1] == "withdrawn"


def test_in_spanish_the_confirmation_is_on_screen_and_taking_it_back_keeps_the_lines(
    phone_page: Page, live_server: LiveServer, personas: Personas
) -> None:
    personas.participant.user.language = "es"
    personas.participant.user.save()
    login(phone_page, live_server, personas.participant, PASSWORD)
    phone_page.goto(f"{live_server.url}/coping/")
    press(phone_page)
    assert_in_view_and_focused(phone_page, "Le avisamos a tu mentor/a")
    assert phone_page.locator("html").get_attribute("lang") == "es"
    assert_no_axe_violations(phone_page)
    press_again_from = reverse("crisis:help")
    phone_page.goto(f"{live_server.url}{press_again_from}")
    press(phone_page, scope="main")
    assert "ya se envió" in phone_page.locator("#crisis-sent-status").inner_text().lower()
    with phone_page.expect_navigation():
        phone_page.get_by_role("button", name="La presioné por error").click()
    phone_page.wait_for_load_state()
    assert "Le dijimos a tu mentor que fue un error" in phone_page.locator("main").inner_text()
    assert phone_page.locator("main a[href='tel:988']").count() >= 1
    assert_no_axe_violations(phone_page)
