"""An overdose in progress written anywhere (a check-in note, a journal entry, a message) shows "what to do" at
once and raises a crisis alert; words about a crisis of another kind show the usual crisis support."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from alongside.alerts.models import Alert, AlertSeverity
from alongside.conftest import PASSWORD, Personas, login_client
from alongside.core.testing.browser import assert_no_axe_violations, login

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

OVERDOSE_EN = "my friend is blue and not breathing"
OVERDOSE_ES = "creo que tomé demasiado y no puedo respirar"
OTHER_CRISIS = "I don't want to be alive anymore"


def _checkin(client, note: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/checkins", data=json.dumps({"mood": 2, "craving": 3, "note": note}), content_type="application/json"
    )


@pytest.mark.parametrize("note", [OVERDOSE_EN, OVERDOSE_ES])
def test_a_check_in_about_an_overdose_answers_with_the_overdose_response_and_a_crisis_alert(
    personas: Personas, note: str
) -> None:
    response = _checkin(login_client(personas.participant), note)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["show_crisis_support"] is True and body["show_overdose_response"] is True
    alert = Alert.objects.get(participant=personas.participant)
    assert alert.severity == AlertSeverity.CRISIS


def test_other_crisis_words_do_not_claim_an_overdose(personas: Personas) -> None:
    body = _checkin(login_client(personas.participant), OTHER_CRISIS).json()
    assert body["show_crisis_support"] is True and body["show_overdose_response"] is False


def test_the_journal_page_after_saving_shows_what_to_do_first(personas: Personas) -> None:
    client = login_client(personas.participant)
    saved = client.post(reverse("journal:new"), {"text": OVERDOSE_EN}, follow=True)
    html = saved.content.decode()
    assert "If someone may be overdosing: call 911 now" in html
    assert reverse("crisis:overdose") in html and 'href="tel:911"' in html
    assert html.index("call 911 now") < html.index("You are not alone")


def test_a_message_about_an_overdose_shows_what_to_do(personas: Personas) -> None:
    from alongside.messaging.tests.helpers import thread_of

    thread = thread_of(personas)
    client = login_client(personas.participant)
    sent = client.post(reverse("messaging:send", args=[thread.pk]), {"body": OVERDOSE_EN}, follow=True)
    assert "If someone may be overdosing: call 911 now" in sent.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_on_a_phone_the_overdose_steps_are_the_first_thing_after_saving(
    page: Page, live_server: LiveServer, personas: Personas
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, live_server, personas.participant, PASSWORD)
    page.goto(f"{live_server.url}{reverse('journal:new')}")
    page.locator("main textarea[name=text]").fill(OVERDOSE_EN)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    heading = page.get_by_role("heading", name="If someone may be overdosing: call 911 now")
    heading.scroll_into_view_if_needed()
    assert page.locator("a[href='tel:911']").first.is_visible()
    assert page.locator(f"a[href='{reverse('crisis:overdose')}']").first.is_visible()
    assert_no_axe_violations(page)
