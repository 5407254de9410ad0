"""A mentor's morning and a supervisor's, in Chromium, with axe-core on every page they see."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.conftest import PASSWORD, Personas, make_member
from alongside.contacts.models import ContactNote
from alongside.core.testing.browser import assert_no_axe_violations, login, url
from alongside.messaging.models import Message
from alongside.organizations.models import Match, MatchStatus, Role
from alongside.supervision.models import MentorSupport
from alongside.supervision.services import wellbeing_check_record
from alongside.workspace.tests.conftest import caught_up, checkin, contact

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytest_plugins = ["alongside.core.testing.browser"]
pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def test_a_mentors_morning(page: Page, live_server: LiveServer, personas: Personas) -> None:
    # Pat was in touch yesterday; Paz asked for someone to reach out this morning, craving high.
    Match.objects.filter(organization=personas.org).update(started_at=timezone.now() - dt.timedelta(days=30))
    contact(personas.mentor, personas.participant, 1)
    contact(personas.mentor, personas.participant2, 9)
    for n in range(1, 20):
        checkin(personas.participant2, n, mood=4)
    checkin(personas.participant2, 0, mood=2, craving=8, wants_outreach=True)
    caught_up()  # the worker's caseload job, as a running worker does within seconds
    login(page, live_server, personas.mentor, PASSWORD)
    assert_no_axe_violations(page)  # home, with its way to today

    page.get_by_role("link", name="See who may need you today").click()
    names = page.locator(".caseload-name").all_inner_texts()
    assert names == ["Paz Participant", "Pat Participant"]
    first = page.locator(".caseload-item").first
    assert "Asked for someone to reach out" in first.inner_text()
    assert "The latest check-in says 8 out of 10." in first.inner_text()
    assert "Updated just now." in page.locator("main").inner_text()
    page.locator("details.weights summary").click()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Paz Participant", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Paz Participant"
    assert page.get_by_role("heading", name="Recent check-ins").is_visible()
    assert_no_axe_violations(page)

    page.locator("main").get_by_role("link", name="Message", exact=True).click()
    page.get_by_label("Your message").fill("Good morning, Paz. I saw your check-in. Free for a call at ten?")
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert page.get_by_text("Free for a call at ten?").first.is_visible()
    assert_no_axe_violations(page)
    assert Message.objects.filter(thread__participant=personas.participant2, sender=personas.mentor).count() == 1

    page.goto(url(live_server, reverse("workspace:today")))
    page.get_by_role("link", name="Log a contact with Paz Participant").click()
    assert_no_axe_violations(page)
    page.get_by_label("How long (minutes)").fill("25")
    page.get_by_label("Phone call").check()
    page.get_by_label("Recovery support").check()
    page.get_by_label("What happened").fill("Talked through the morning; made a plan for the afternoon.")
    page.get_by_role("button", name="Save").first.click()
    page.wait_for_load_state()
    assert_no_axe_violations(page)
    assert ContactNote.objects.filter(participant=personas.participant2, mentor=personas.mentor).count() == 2

    page.goto(url(live_server, reverse("workspace:today")))
    assert "Some of this is being updated" in page.locator("main").inner_text()  # the worker has not run yet
    caught_up()
    page.goto(url(live_server, reverse("workspace:today")))
    paz = page.locator(".caseload-item").filter(has_text="Paz Participant")
    assert "No contact for" not in paz.inner_text()
    assert "Last contact" in paz.inner_text()
    assert_no_axe_violations(page)


def test_a_supervisors_morning(page: Page, live_server: LiveServer, personas: Personas) -> None:
    mo = make_member(
        personas.org, "mentor3@example.test", "Mo Mentor", Role.MENTOR, personas.program, supervisor=personas.supervisor
    )
    wellbeing_check_record(
        mentor=personas.mentor, emotional_exhaustion=4, boundary_strain=3, workload=4, support_felt=1
    )
    checkin(personas.participant, 0, used=True)
    caught_up()
    login(page, live_server, personas.supervisor, PASSWORD)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Caseloads, attention and wellbeing").click()
    assert page.get_by_role("heading", name="Your team", level=1).is_visible()
    callout = page.locator(".callout").filter(has_text="wellbeing check asks for your attention")
    assert "Maria Mentor" in callout.inner_text()
    maria = page.locator("section.team-mentor").filter(has=page.get_by_role("heading", name="Maria Mentor"))
    assert "2 of 15" in maria.inner_text()
    assert "Reported use on" in maria.inner_text()
    assert_no_axe_violations(page)

    maria.get_by_role("link", name="Wellbeing and caseload cap for Maria Mentor").click()
    assert_no_axe_violations(page)
    page.get_by_label("Caseload cap (most participants at once)").fill("2")
    page.get_by_label("Why are you changing it?").fill("A lighter load while things feel heavy.")
    page.get_by_role("button", name="Save the cap").click()
    page.wait_for_load_state()
    assert MentorSupport.objects.get(mentor=personas.mentor).caseload_cap == 2
    assert_no_axe_violations(page)

    page.goto(url(live_server, reverse("workspace:team")))
    maria = page.locator("section.team-mentor").filter(has=page.get_by_role("heading", name="Maria Mentor"))
    assert "2 of 2" in maria.inner_text()
    maria.get_by_role("link", name="Move to another mentor Pat Participant").click()
    assert_no_axe_violations(page)
    page.get_by_label("New peer mentor").select_option(label="Mo Mentor")
    page.get_by_label("Why is this change being made?").fill("Maria's caseload is full; Mo has evenings free.")
    page.get_by_role("button", name="Move to the new mentor").click()
    page.wait_for_load_state()
    assert page.url.endswith(reverse("workspace:team"))
    assert "Mo Mentor is now walking alongside Pat Participant" in page.locator(".messages").inner_text()
    mo_section = page.locator("section.team-mentor").filter(has=page.get_by_role("heading", name="Mo Mentor"))
    assert "Pat Participant" in mo_section.inner_text()
    assert_no_axe_violations(page)
    assert Match.objects.get(participant=personas.participant, status=MatchStatus.ACTIVE).mentor == mo
