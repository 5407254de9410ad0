"""The page shell in a real browser: logging in, each role's home, settings and consent pages, in
English and Spanish, with axe-core finding nothing, the crisis bar on every participant page, and
no request ever leaving this server."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from alongside.conftest import PASSWORD, Personas
from alongside.core.testing.browser import (
    assert_no_axe_violations,
    current_totp_code,
    enroll_known_totp,
    login,
    switch_language,
    url,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = [
    pytest.mark.browser,
    # WhiteNoise warns when STATIC_ROOT (var/static) has not been collected yet; the live server
    # serves static files from the finders instead, so a fresh clone needs no collectstatic.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LANGUAGES = ["en", "es"]
# The footer button of the page shell, to prove the page really rendered from our catalogue in that
# language (not only that html[lang] changed).
CHANGE_LANGUAGE = {"en": "Change language", "es": "Cambiar idioma"}
CRISIS_NUMBERS = ["988", "1-800-662-4357", "741741", "911"]


def in_language(page: Page, language: str) -> None:
    """Switch with the footer form when needed, then check the shell speaks that language."""
    if page.locator("html").get_attribute("lang") != language:
        switch_language(page, language)
    assert page.locator("form.language-form button").inner_text().strip() == CHANGE_LANGUAGE[language]


def open_page(page: Page, live_server: LiveServer, path: str, language: str) -> None:
    response = page.goto(url(live_server, path))
    assert response is not None and response.ok, f"{path} answered {response.status if response else 'nothing'}"
    in_language(page, language)


def assert_crisis_bar(page: Page) -> None:
    bar = page.locator(".crisis-bar")
    assert bar.is_visible(), f"no visible crisis bar on {page.url}"
    text = bar.inner_text()
    for number in CRISIS_NUMBERS:
        assert number in text, f"the crisis bar on {page.url} does not show {number}: {text!r}"
    assert bar.locator('a[href="tel:988"]').count() == 1
    assert bar.locator('a[href="tel:18006624357"]').count() == 1
    assert bar.locator('a[href^="sms:741741"]').count() == 1
    assert bar.locator('a[href="tel:911"]').count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_is_accessible_and_shows_crisis_help(
    page: Page, live_server: LiveServer, db: None, language: str
) -> None:
    open_page(page, live_server, reverse("accounts:login"), language)

    assert page.locator("main h1").is_visible()
    assert page.locator("label[for=id_email]").is_visible()
    assert_crisis_bar(page)
    assert_no_axe_violations(page)


def test_skip_link_appears_on_focus_and_moves_to_main(page: Page, live_server: LiveServer, db: None) -> None:
    page.goto(url(live_server, reverse("accounts:login")))
    skip = page.locator(".skip-link")
    assert not _in_viewport(page, ".skip-link")

    page.keyboard.press("Tab")

    assert skip.evaluate("el => el === document.activeElement")
    assert _in_viewport(page, ".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def _in_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] + box["height"] > 0 and box["x"] + box["width"] > 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_participant_logs_in_with_email_and_password(
    page: Page, live_server: LiveServer, personas: Personas, language: str
) -> None:
    login(page, live_server, personas.participant, PASSWORD)

    in_language(page, language)
    assert "Pat" in page.locator("main h1").inner_text()
    assert_crisis_bar(page)
    assert_no_axe_violations(page)


def test_mentor_logs_in_with_password_and_authenticator_code(
    page: Page, live_server: LiveServer, personas: Personas
) -> None:
    secret = enroll_known_totp(personas.mentor.user)
    page.goto(url(live_server, reverse("accounts:login")))
    page.locator("main form input[name=email]").fill(personas.mentor.user.email)
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/accounts/login/verify/$"))
    assert_no_axe_violations(page)
    page.locator("main form input[name=code]").fill(current_totp_code(secret))
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/$"))
    assert "Maria" in page.locator("main h1").inner_text()
    assert_no_axe_violations(page)


def test_a_wrong_authenticator_code_is_refused_accessibly(
    page: Page, live_server: LiveServer, personas: Personas
) -> None:
    enroll_known_totp(personas.mentor.user)
    page.goto(url(live_server, reverse("accounts:login")))
    page.locator("main form input[name=email]").fill(personas.mentor.user.email)
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/$"))

    page.locator("main form input[name=code]").fill("000000" if current_totp_code() != "000000" else "111111")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url.endswith("/accounts/login/verify/")
    assert page.locator(".field-invalid .error").is_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ["participant", "mentor", "supervisor", "admin"])
def test_each_role_home_page_is_accessible(
    page: Page, live_server: LiveServer, personas: Personas, role: str, language: str
) -> None:
    membership = getattr(personas, role)
    login(page, live_server, membership, PASSWORD)

    in_language(page, language)
    assert page.locator("main h1").is_visible()
    assert page.locator("nav .nav a").count() >= 3
    if role == "participant":
        assert_crisis_bar(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ["participant", "mentor"])
def test_settings_page_is_accessible(
    page: Page, live_server: LiveServer, personas: Personas, role: str, language: str
) -> None:
    login(page, live_server, getattr(personas, role), PASSWORD)

    open_page(page, live_server, reverse("accounts:settings"), language)
    assert page.locator("main form input[name=display_name]").is_visible()
    if role == "participant":
        assert_crisis_bar(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_settings_form_errors_are_accessible(
    page: Page, live_server: LiveServer, personas: Personas, language: str
) -> None:
    login(page, live_server, personas.participant, PASSWORD)
    open_page(page, live_server, reverse("accounts:settings"), language)

    page.locator("main form input[name=display_name]").fill("")
    with page.expect_navigation():
        page.locator("main form").first.locator("button[type=submit]").click()

    assert page.locator(".field-invalid").first.is_visible()
    assert_crisis_bar(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("route", ["consent:list", "consent:new", "consent:sharing"])
def test_consent_pages_are_accessible(
    page: Page, live_server: LiveServer, personas: Personas, route: str, language: str
) -> None:
    login(page, live_server, personas.participant, PASSWORD)

    open_page(page, live_server, reverse(route), language)
    assert page.locator("main h1").is_visible()
    assert_crisis_bar(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_incomplete_consent_form_explains_what_is_missing(
    page: Page, live_server: LiveServer, personas: Personas, language: str
) -> None:
    login(page, live_server, personas.participant, PASSWORD)
    open_page(page, live_server, reverse("consent:new"), language)

    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.locator(".field-invalid").count() >= 3
    assert_crisis_bar(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_participant_signs_a_consent_and_sees_it_listed(
    page: Page, live_server: LiveServer, personas: Personas, language: str
) -> None:
    import datetime as dt

    from alongside.consent.models import Consent

    login(page, live_server, personas.participant, PASSWORD)
    open_page(page, live_server, reverse("consent:new"), language)
    form = page.locator("main form")
    form.locator("input[name=recipient_type]").first.check()
    form.locator("input[name=recipient_name]").fill("Northside Housing Services")
    form.locator("input[name=information]").first.check()
    form.locator("textarea[name=purpose]").fill("So they can help me find housing")
    form.locator("input[name=expires_on]").fill((dt.date.today() + dt.timedelta(days=180)).isoformat())
    form.locator("input[name=signature_name]").fill(personas.participant.user.display_name)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    consent = Consent.objects.get(participant=personas.participant)
    assert consent.recipient_name == "Northside Housing Services"
    assert page.url.endswith(reverse("consent:detail", args=[consent.pk]))
    assert page.locator(".messages").is_visible()
    assert_crisis_bar(page)
    assert_no_axe_violations(page)

    open_page(page, live_server, reverse("consent:list"), language)
    assert page.locator("main table").get_by_text("Northside Housing Services").is_visible()
    assert_no_axe_violations(page)
