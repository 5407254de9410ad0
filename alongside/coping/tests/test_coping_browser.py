"""The coping exercises really run in the browser, and every toolkit page passes axe-core."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import assert_no_axe_violations, login, url

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytest_plugins = ["alongside.core.testing.browser"]
pytestmark = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]


def test_box_breathing_counts_down_pauses_and_stops(page: Page, live_server: LiveServer, personas: Personas) -> None:
    page.clock.install()
    login(page, live_server, personas.participant, PASSWORD)
    page.goto(url(live_server, reverse("coping:breathing")))
    exercise = page.locator("[data-exercise=breathing]")
    status = exercise.locator("[data-status]")
    square = exercise.locator(".breath-square")
    assert exercise.is_visible()
    assert_no_axe_violations(page)

    exercise.get_by_role("button", name="Start").click()
    assert status.inner_text() == "Breathe in: 4"
    assert "is-in" in (square.get_attribute("class") or "")
    page.clock.run_for(4000)
    assert status.inner_text() == "Hold: 4"
    assert "is-hold-full" in (square.get_attribute("class") or "")
    page.clock.run_for(9000)
    assert status.inner_text() == "Hold: 3"  # 4 in, 4 hold, 4 out, then the second hold
    assert "is-hold-empty" in (square.get_attribute("class") or "")

    exercise.get_by_role("button", name="Pause").click()
    page.clock.run_for(5000)
    assert status.inner_text().startswith("Paused")
    exercise.get_by_role("button", name="Start").click()
    assert status.inner_text() == "Hold: 3"
    exercise.get_by_role("button", name="Stop").click()
    assert status.inner_text().startswith("Stopped")
    assert exercise.get_by_role("button", name="Stop").is_disabled()


def test_grounding_goes_one_sense_at_a_time(page: Page, live_server: LiveServer, personas: Personas) -> None:
    login(page, live_server, personas.participant, PASSWORD)
    page.goto(url(live_server, reverse("coping:grounding")))
    assert page.get_by_role("heading", name="5 things you can see").is_visible()
    assert not page.get_by_role("heading", name="4 things you can touch").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Thing 1 you can see").fill("a window")
    for _ in range(4):
        page.locator("[data-step].is-current").get_by_role("button", name="Next").click()
    assert page.get_by_role("heading", name="1 thing you can taste").is_visible()
    page.locator("[data-step].is-current").get_by_role("button", name="Finish").click()
    assert page.get_by_role("heading", name="Well done").is_visible()
    assert page.evaluate("() => document.activeElement.textContent") == "Well done"


def test_urge_surfing_prompts_every_minute_until_time_is_up(
    page: Page, live_server: LiveServer, personas: Personas
) -> None:
    page.clock.install()
    login(page, live_server, personas.participant, PASSWORD)
    page.goto(url(live_server, reverse("coping:urge_surfing")))
    exercise = page.locator("[data-exercise=urge-surfing]")
    status = exercise.locator("[data-status]")
    assert_no_axe_violations(page)
    exercise.get_by_label("5 minutes", exact=True).check()
    exercise.get_by_role("button", name="Start").click()
    assert "5 minutes left." in status.inner_text()
    assert exercise.locator("[data-clock]").inner_text() == "5:00"
    page.clock.run_for(60_000)
    assert "Notice the urge rise" in status.inner_text() and "4 minutes left." in status.inner_text()
    page.clock.run_for(4 * 60_000)
    assert status.inner_text().startswith("Time is up.")
    assert exercise.get_by_label("10 minutes").is_enabled()


def _checkins(personas: Personas) -> None:
    import datetime as dt

    from alongside.checkins.models import CheckIn
    from alongside.core.localtime import local_today

    today = local_today(personas.participant)
    for back, craving, triggers in [(0, 6, ["stress"]), (1, 4, ["stress"]), (4, 2, []), (5, 3, ["boredom"])]:
        CheckIn.objects.create(
            organization=personas.org,
            participant=personas.participant,
            local_date=today - dt.timedelta(days=back),
            mood=3,
            craving=craving,
            sleep_quality=4,
            triggers=triggers,
        )


def test_breathing_keeps_still_for_people_who_ask_for_reduced_motion(
    page: Page, live_server: LiveServer, personas: Personas
) -> None:
    page.emulate_media(reduced_motion="reduce")
    login(page, live_server, personas.participant, PASSWORD)
    page.goto(url(live_server, reverse("coping:breathing")))
    page.locator("[data-exercise=breathing]").get_by_role("button", name="Start").click()
    square = page.locator(".breath-square")
    assert "is-still" in (square.get_attribute("class") or "")
    assert square.evaluate("el => getComputedStyle(el).transform") == "none"


@pytest.mark.parametrize(
    "name", ["coping:toolbox", "coping:strategies", "coping:activities", "trends:mine", "reminders:settings"]
)
def test_toolkit_pages_have_no_axe_violations(
    page: Page, live_server: LiveServer, personas: Personas, name: str
) -> None:
    from alongside.coping.services import activity_log, strategy_add

    strategy_add(participant=personas.participant, text="Call my sister")
    strategy_add(participant=personas.participant, text="Walk the dog")
    activity_log(participant=personas.participant, kind="meeting", minutes=60)
    _checkins(personas)
    login(page, live_server, personas.participant, PASSWORD)
    page.goto(url(live_server, reverse(name)))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("name", ["coping:participant_toolkit", "trends:participant"])
def test_the_mentors_views_have_no_axe_violations(
    page: Page, live_server: LiveServer, personas: Personas, name: str
) -> None:
    from alongside.coping.services import strategy_add

    strategy_add(participant=personas.participant, text="Call my sister")
    _checkins(personas)
    login(page, live_server, personas.mentor, PASSWORD)
    page.goto(url(live_server, reverse(name, args=[personas.participant.pk])))
    assert page.locator("main h1").inner_text().endswith("Pat Participant")
    assert_no_axe_violations(page)
