"""No check-in is ever lost: a check-in saved on the phone that the server refuses stays there,
with the reason and a way to fix it; one that was sent says so the next time the person looks;
the day picker does not offer a day that already has a check-in."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from alongside.checkins.models import CheckIn
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import PASSWORD, Personas
from alongside.core.localtime import local_today
from alongside.core.testing.browser import (
    assert_no_axe_violations,
    login,
    url,
    wait_until_controlled,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_checkin(page: Page, live_server: LiveServer) -> None:
    page.goto(url(live_server, "/checkin/"))
    wait_until_controlled(page)


def save_offline(page: Page, day: str, note: str) -> None:
    page.locator("input[name=mood][value='3']").check()
    page.locator("input[name=craving][value='2']").check()
    page.locator("textarea[name=note]").fill(note)
    page.locator("select[name=local_date]").select_option(day)
    page.locator("#checkin-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Saved on this device"
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_axe_violations(page)


def test_a_refused_checkin_stays_on_the_phone_with_the_reason_and_a_way_to_fix_it(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    participant = personas.participant
    yesterday = local_today(participant) - dt.timedelta(days=1)
    page = phone.new_page()
    login(page, live_server, participant, PASSWORD)
    open_checkin(page, live_server)

    phone.set_offline(True)
    save_offline(page, yesterday.isoformat(), "a long day, written offline")
    # Meanwhile the same day is filled in from another device.
    checkin_record(participant=participant, data=CheckInInput(mood=4, craving=1, local_date=yesterday))

    phone.set_offline(False)
    open_checkin(page, live_server)
    refused = page.locator("#offline-queue .offline-refused")
    refused.first.wait_for()
    text = refused.first.inner_text()
    assert "already checked in" in text, text
    fix = refused.first.locator(f"a[href='/checkin/history/#day-{yesterday.isoformat()}']")
    assert fix.is_visible()
    assert "a long day, written offline" in text, "what the person wrote is still there to copy"
    assert_no_axe_violations(page)
    assert CheckIn.objects.filter(participant=participant).count() == 1

    page.reload()  # still there on the next visit: never dropped without a word
    page.locator("#offline-queue .offline-refused").first.wait_for()
    fix.click()
    page.wait_for_load_state()
    assert page.locator(f"#day-{yesterday.isoformat()}").is_visible()


def test_a_checkin_sent_later_says_so_the_next_time_the_person_looks(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    open_checkin(page, live_server)
    phone.set_offline(True)
    save_offline(page, "", "on the bus")
    page.close()

    phone.set_offline(False)
    reopened = phone.new_page()
    open_checkin(reopened, live_server)
    sent = reopened.locator("#offline-queue .offline-sent")
    sent.first.wait_for()
    assert "was sent" in sent.first.inner_text()
    assert [c.note for c in CheckIn.objects.all()] == ["on the bus"]
    assert_no_axe_violations(reopened)


def test_the_day_picker_shows_a_day_already_checked_in_and_does_not_offer_it(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    participant = personas.participant
    two_days_ago = local_today(participant) - dt.timedelta(days=2)
    checkin_record(participant=participant, data=CheckInInput(mood=4, craving=1, local_date=two_days_ago))
    page = phone.new_page()
    login(page, live_server, participant, PASSWORD)
    page.goto(url(live_server, "/checkin/"))
    option = page.locator(f"select[name=local_date] option[value='{two_days_ago.isoformat()}']")
    assert option.is_disabled()
    assert "checked in" in option.inner_text()
    assert page.locator(f"a[href='/checkin/history/#day-{two_days_ago.isoformat()}']").count() == 1
