"""A participant's whole day in a real browser, in English and in Spanish.

Pat logs in, checks in, sets a goal from a template and checks a step off from the check-in page,
writes a journal entry shared with the mentor, breathes along with the box-breathing exercise, and
fills in the safety plan reached from the crisis bar. Then Maria, the mentor, logs in (with her
authenticator code) and sees the shared entry and the check-in. axe-core checks every page on the
way, and every page is checked to speak the chosen language.

Locators use names, values, URLs and data attributes, never visible English text, so the same steps
run in both languages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from alongside.checkins.models import CheckIn, Mood
from alongside.conftest import PASSWORD, Personas
from alongside.core.localtime import local_today
from alongside.core.testing.browser import (
    DEFAULT_TIMEOUT_MS,
    assert_no_axe_violations,
    login,
    switch_language,
    url,
)
from alongside.goals.models import Goal, GoalStatus, GoalStep
from alongside.journal.models import JournalEntry
from alongside.safety.models import SafetyPlan, Section
from alongside.safety.selectors import safety_plan_for_owner

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from pytest_django.live_server_helper import LiveServer

    from alongside.core.testing.browser import OriginGuard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LANGUAGES = ["en", "es"]
# The footer's log-out button, a string long in the catalogue: proves the page rendered from the
# Spanish catalogue, not only that <html lang> changed.
LOG_OUT = {"en": "Log out", "es": "Cerrar sesión"}

MOOD = Mood.GOOD  # 4
CRAVING = 3
HALT = "lonely"
OWN_STEP = "Call my sponsor after work"
WARNING_SIGN = "Skipping meals and staying in my room"
REASON = "My daughter's graduation in June"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def assert_language(page: Page, language: str) -> None:
    lang = page.locator("html").get_attribute("lang")
    assert lang == language, f"{page.url} is in {lang!r}, not {language!r}"
    log_out = page.locator("form[data-logout] button[type=submit]").inner_text().strip()
    assert log_out == LOG_OUT[language], f"{page.url}: the log-out button reads {log_out!r}"


def check_page(page: Page, language: str, path: str | None) -> None:
    """Where we are, in which language, and nothing for axe-core to flag."""
    if path is not None:
        assert path_of(page) == path, f"expected to be on {path}, landed on {page.url}"
    assert_language(page, language)
    assert_no_axe_violations(page)


def open_page(page: Page, live_server: LiveServer, path: str, language: str) -> None:
    response = page.goto(url(live_server, path))
    assert response is not None and response.ok, f"{path} answered {response.status if response else 'nothing'}"
    check_page(page, language, path)


def submit(page: Page, button_selector: str) -> None:
    """Press a submit button and wait for the page the POST redirects to."""
    with page.expect_navigation():
        page.locator(button_selector).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_participants_whole_day(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    origin_guard: OriginGuard,
    personas: Personas,
    language: str,
) -> None:
    from playwright.sync_api import expect

    participant = personas.participant

    # 1. Log in; the home page, in the chosen language.
    login(page, live_server, participant, PASSWORD)
    if language != "en":
        switch_language(page, language)
    check_page(page, language, "/")
    assert page.locator(".crisis-bar").is_visible()

    # 2. The daily check-in.
    open_page(page, live_server, reverse("checkins:checkin"), language)
    form = page.locator("#checkin-form")
    form.locator(f"input[name=mood][value='{MOOD.value}']").check()
    form.locator(f"input[name=craving][value='{CRAVING}']").check()
    form.locator(f"input[name=halt][value={HALT}]").check()
    submit(page, "#checkin-form button[type=submit]")
    check_page(page, language, reverse("checkins:history"))
    assert page.locator("main .messages").is_visible(), "a saved check-in should be confirmed"
    assert page.locator("main tbody tr").count() == 1
    checkin = CheckIn.objects.get(participant=participant)
    assert (checkin.mood, checkin.craving, checkin.halt) == (MOOD.value, CRAVING, [HALT])
    assert checkin.local_date == local_today(participant)

    # 3. A goal from a template, with one more step of my own, due today.
    open_page(page, live_server, reverse("goals:new"), language)
    with page.expect_navigation():
        page.locator("main nav.goal-templates a[href='?template=meetings']").click()
    check_page(page, language, reverse("goals:new"))
    goal_form = page.locator("main form.goal-form")
    assert goal_form.locator("input[name=title]").input_value(), "the template should prefill the title"
    assert goal_form.locator("input[name=step_1_title]").input_value(), "the template should prefill steps"
    today = local_today(participant)
    goal_form.locator("input[name=step_4_title]").fill(OWN_STEP)
    goal_form.locator("input[name=step_4_target]").fill(today.isoformat())
    submit(page, "main form.goal-form button[type=submit]")
    goal = Goal.objects.get(participant=participant)
    check_page(page, language, reverse("goals:detail", args=[goal.pk]))
    assert goal.status == GoalStatus.ACTIVE
    assert goal.template_key == "meetings"
    assert goal.steps.count() == 4
    own_step = GoalStep.objects.get(goal=goal, title=OWN_STEP)
    assert own_step.target_date == today and not own_step.is_done

    # ... and check it off from the check-in page's "Goal steps for today".
    open_page(page, live_server, reverse("checkins:checkin"), language)
    today_steps = page.locator("main section.today-steps")
    toggle = f"form[action='{reverse('goals:step_toggle', args=[own_step.pk])}']"
    assert today_steps.locator(toggle).count() == 1, "a step due today should be offered on the check-in page"
    submit(page, f"main section.today-steps {toggle} button[type=submit]")
    check_page(page, language, reverse("checkins:checkin"))
    own_step.refresh_from_db()
    assert own_step.is_done, "the step should be stored as done"
    assert page.locator(f"main section.today-steps {toggle}").count() == 0
    assert not GoalStep.objects.filter(goal=goal, done_at__isnull=False).exclude(pk=own_step.pk).exists()

    # 4. A journal entry, shared with the mentor from the form.
    journal_text = f"Today felt steadier ({language}). The meeting helped."
    open_page(page, live_server, reverse("journal:new"), language)
    journal_form = page.locator("main form")
    journal_form.locator("input[name=prompt][value=what_helped]").check()
    journal_form.locator("textarea[name=text]").fill(journal_text)
    journal_form.locator("input[name=share]").check()
    submit(page, "main form button[type=submit]")
    entry = JournalEntry.objects.get(participant=participant)
    check_page(page, language, reverse("journal:detail", args=[entry.pk]))
    assert entry.shared_with_mentor and entry.shared_at is not None
    assert (entry.text, entry.prompt) == (journal_text, "what_helped")
    # The page offers to make it private again, so it knows it is shared.
    share_form = page.locator(f"main form[action='{reverse('journal:share', args=[entry.pk])}']")
    assert share_form.locator("input[name=shared]").get_attribute("value") == "0"

    # 5. Box breathing: start, hear the count change, stop.
    open_page(page, live_server, reverse("coping:breathing"), language)
    exercise = page.locator("[data-exercise=breathing]")
    expect(exercise).to_be_visible()  # the script unhides the exercise
    status = exercise.locator("[data-status][aria-live=polite]")
    exercise.locator("[data-action=start]").click()
    expect(status).to_have_text(re.compile(r": 4$"))
    first = status.inner_text()
    expect(status).not_to_have_text(first, timeout=5_000)  # the live region announces the next count
    expect(exercise.locator("[data-count]")).to_have_text("3")
    exercise.locator("[data-action=stop]").click()
    stopped = exercise.get_attribute("data-stopped")
    assert stopped
    expect(status).to_have_text(stopped)
    expect(exercise.locator("[data-action=stop]")).to_be_disabled()
    expect(exercise.locator("[data-action=start]")).to_be_focused()
    check_page(page, language, reverse("coping:breathing"))

    # 6. The safety plan, one tap away in the crisis bar.
    with page.expect_navigation():
        page.locator(f".crisis-bar a[href='{reverse('safety:plan')}']").click()
    check_page(page, language, reverse("safety:plan"))
    with page.expect_navigation():
        page.locator(f"main a[href='{reverse('safety:edit')}']").click()
    check_page(page, language, reverse("safety:edit"))
    plan_form = page.locator("main form.safety-plan-form")
    plan_form.locator(f"input[name={Section.WARNING_SIGNS.value}-0]").fill(WARNING_SIGN)
    plan_form.locator(f"input[name={Section.REASONS.value}-0]").fill(REASON)
    submit(page, "main form.safety-plan-form .form-actions button[type=submit] >> nth=-1")  # the one below the form
    check_page(page, language, reverse("safety:plan"))
    plan_text = page.locator("main").inner_text()
    assert WARNING_SIGN in plan_text and REASON in plan_text
    assert "988" in plan_text
    expect(page.locator("main a[href='tel:988']").first).to_be_visible()
    stored = SafetyPlan.objects.get(participant=participant)
    assert stored.version == 1
    assert stored.sections()[Section.WARNING_SIGNS] == [WARNING_SIGN]
    assert stored.sections()[Section.REASONS] == [REASON]
    with connection.cursor() as cursor:  # at rest the plan is ciphertext; the field decrypts it
        cursor.execute(f"SELECT content FROM {SafetyPlan._meta.db_table} WHERE id = %s", [stored.pk])
        (raw,) = cursor.fetchone()
    assert WARNING_SIGN not in str(raw) and REASON not in str(raw)
    items = {s.key: s.items for s in safety_plan_for_owner(participant=participant).sections}
    assert items[Section.WARNING_SIGNS] == [WARNING_SIGN] and items[Section.REASONS] == [REASON]

    # The mentor, in a context of her own, sees what was shared.
    context = browser.new_context(
        bypass_csp=True, locale="en-US", viewport={"width": 390, "height": 844}, service_workers="block"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route("**/*", origin_guard.handle)
    try:
        mentor_page = context.new_page()
        mentor_page.on("response", origin_guard.on_response)
        login(mentor_page, live_server, personas.mentor, PASSWORD)
        if language != "en":
            switch_language(mentor_page, language)
        check_page(mentor_page, language, "/")

        open_page(mentor_page, live_server, reverse("journal:participant_shared", args=[participant.pk]), language)
        entries = mentor_page.locator("main .journal-entries > li")
        assert entries.count() == 1
        assert journal_text in entries.first.inner_text()

        open_page(
            mentor_page,
            live_server,
            reverse("checkins:participant_history", args=[participant.pk]),
            language,
        )
        rows = mentor_page.locator("main tbody tr")
        assert rows.count() == 1
        cells = [c.strip() for c in rows.first.locator("td").all_inner_texts()]
        with translation.override(language):
            mood_label = str(MOOD.label)
        assert cells[0] == mood_label, f"mood shown as {cells[0]!r}, expected {mood_label!r}"
        assert cells[1] == str(CRAVING)
    finally:
        context.close()
