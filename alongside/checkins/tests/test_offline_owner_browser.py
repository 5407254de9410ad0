"""A shared phone: a check-in saved offline belongs to the person who wrote it. When their session
ends and someone else logs in on the same phone, it is neither sent as that other person nor shown
to them; it waits for its owner. Logging out never silently drops a check-in that was not sent."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.db.models import F

from alongside.accounts.models import User
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
from alongside.core.testing.browser import wait_for_db as wait_for

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page
    from pytest_django.live_server_helper import LiveServer

    from alongside.organizations.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("alongside-offline");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("checkins")) { resolve([]); return; }
    const all = db.transaction("checkins").objectStore("checkins").getAll();
    all.onsuccess = () => resolve(all.result.map((i) => ({owner: i.owner || "", status: i.status || "pending",
      note: i.body ? i.body.note : ""})));
    all.onerror = () => reject(all.error);
  };
})"""


def open_checkin(page: Page, live_server: LiveServer) -> None:
    page.goto(url(live_server, "/checkin/"))
    wait_until_controlled(page)


def save_offline(page: Page, note: str, day: str = "") -> None:
    page.locator("input[name=mood][value='3']").check()
    page.locator("input[name=craving][value='2']").check()
    page.locator("textarea[name=note]").fill(note)
    if day:
        page.locator("select[name=local_date]").select_option(day)
    page.locator("#checkin-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Saved on this device"


def queue(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate(QUEUE))


def end_sessions(membership: Membership) -> None:
    """The session ends without a logout (idle timeout, a password change elsewhere)."""
    User.objects.filter(pk=membership.user_id).update(session_generation=F("session_generation") + 1)


def notes_of(membership: Membership) -> list[str]:
    return list(CheckIn.objects.filter(participant=membership).values_list("note", flat=True))


def test_a_checkin_saved_offline_is_never_sent_as_the_next_person_on_the_phone(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    first, second = personas.participant, personas.participant2
    page = phone.new_page()
    login(page, live_server, first, PASSWORD)
    open_checkin(page, live_server)
    phone.set_offline(True)
    save_offline(page, "written by the first person")
    end_sessions(first)

    phone.set_offline(False)
    login(page, live_server, second, PASSWORD)
    open_checkin(page, live_server)
    # The second person's own offline check-in goes through: once its receipt shows, the flush is over.
    phone.set_offline(True)
    save_offline(page, "written by the second person")
    phone.set_offline(False)
    open_checkin(page, live_server)
    page.locator("#offline-queue .offline-sent").first.wait_for()
    assert "written by the first person" not in page.locator("body").inner_text()
    assert wait_for(lambda: notes_of(second) == ["written by the second person"])
    assert notes_of(first) == []
    left = queue(page)
    assert [i["note"] for i in left if i["status"] == "pending"] == ["written by the first person"]
    assert_no_axe_violations(page)

    # Its owner logs in again on this phone: now it is sent, to their record.
    end_sessions(second)
    login(page, live_server, first, PASSWORD)
    assert wait_for(lambda: notes_of(first) == ["written by the first person"])
    assert notes_of(second) == ["written by the second person"]


def test_a_refused_checkin_is_not_shown_to_the_next_person_on_the_phone(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    first, second = personas.participant, personas.participant2
    yesterday = local_today(first) - dt.timedelta(days=1)
    page = phone.new_page()
    login(page, live_server, first, PASSWORD)
    open_checkin(page, live_server)
    phone.set_offline(True)
    save_offline(page, "a private note about yesterday", day=yesterday.isoformat())
    checkin_record(participant=first, data=CheckInInput(mood=4, craving=1, local_date=yesterday))
    phone.set_offline(False)
    open_checkin(page, live_server)
    page.locator("#offline-queue .offline-refused").first.wait_for()  # its owner sees it

    end_sessions(first)
    login(page, live_server, second, PASSWORD)
    open_checkin(page, live_server)
    page.goto(url(live_server, "/checkin/history/"))
    page.evaluate("() => navigator.serviceWorker.ready")
    # Whatever the worker says about the queue has been said once the page asked for it.
    answered = page.evaluate(
        """() => new Promise((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(true);
          setTimeout(() => resolve(false), 15000);  // only when the worker never answers
          navigator.serviceWorker.controller.postMessage(
            {type: "flush", csrf: "", owner: document.body.dataset.viewer || ""}, [channel.port2]);
        })"""
    )
    assert answered, "the worker answers a flush"
    assert page.locator("#offline-queue .offline-refused").count() == 0
    assert "a private note about yesterday" not in page.locator("body").inner_text()
    assert [i["status"] for i in queue(page)] == ["refused"], "kept for its owner"
    assert notes_of(second) == []


def test_logging_out_with_checkins_waiting_says_so_and_keeps_them_for_next_time(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    participant = personas.participant
    page = phone.new_page()
    login(page, live_server, participant, PASSWORD)
    open_checkin(page, live_server)
    phone.set_offline(True)
    save_offline(page, "kept through a logout")

    # Back online, but the check-in service cannot be reached.
    phone.route("**/api/v1/checkins", lambda route: route.abort())
    phone.set_offline(False)
    page.goto(url(live_server, "/"))
    page.locator("form[data-logout] button[type=submit]").click()
    notice = page.locator(".logout-waiting")
    notice.wait_for()
    assert "1 check-in" in notice.inner_text()
    assert "/accounts/login/" not in page.url, "not logged out without a word"
    assert_no_axe_violations(page)

    notice.get_by_role("button", name="Log out anyway").click()
    page.wait_for_url("**/accounts/login/")
    assert [(i["note"], i["status"]) for i in queue(page)] == [("kept through a logout", "pending")]
    assert CheckIn.objects.count() == 0

    phone.unroute("**/api/v1/checkins")
    login(page, live_server, participant, PASSWORD)
    assert wait_for(lambda: notes_of(participant) == ["kept through a logout"])


def test_logging_out_with_nothing_waiting_just_logs_out(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    page = phone.new_page()
    login(page, live_server, personas.participant, PASSWORD)
    open_checkin(page, live_server)
    page.locator("form[data-logout] button[type=submit]").click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator(".logout-waiting").count() == 0


def test_two_checkins_saved_offline_from_the_kept_page_are_both_sent(
    phone: BrowserContext, live_server: LiveServer, personas: Personas
) -> None:
    participant = personas.participant
    yesterday = local_today(participant) - dt.timedelta(days=1)
    page = phone.new_page()
    login(page, live_server, participant, PASSWORD)
    open_checkin(page, live_server)
    phone.set_offline(True)
    save_offline(page, "yesterday, filled in on the bus", day=yesterday.isoformat())
    page.get_by_role("link", name="Back to check-in").click()  # the copy kept on the phone
    page.wait_for_load_state()
    save_offline(page, "today, still no signal")
    assert sorted(i["note"] for i in queue(page)) == ["today, still no signal", "yesterday, filled in on the bus"]

    phone.set_offline(False)
    open_checkin(page, live_server)
    assert wait_for(lambda: len(notes_of(participant)) == 2)
    assert sorted(notes_of(participant)) == ["today, still no signal", "yesterday, filled in on the bus"]
