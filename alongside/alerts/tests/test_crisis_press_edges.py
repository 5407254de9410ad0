"""The crisis button at the edges: a session that timed out, a press made while logged out
(a GET after login), and a form whose security token had expired. Each must still end with
the person seeing the crisis lines, and the first must still raise the alert."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.middleware import SESSION_AUTH_AT, SESSION_LAST_SEEN
from alongside.alerts.models import Alert
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client

RESOURCES = ("tel:988", "sms:988", "tel:18006624357", "sms:741741", "tel:911")


def _age(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def _press(client: Client) -> object:
    return client.post(reverse("alerts:crisis_alert"), {"client_id": str(uuid.uuid4())})


# --- 1. A session that timed out ---


@pytest.mark.parametrize(
    ("key", "seconds", "reason"),
    [(SESSION_LAST_SEEN, 61 * 60, "idle"), (SESSION_AUTH_AT, 13 * 3600, "absolute")],
)
def test_a_timed_out_participant_who_presses_the_button_still_alerts_then_is_logged_out(
    personas: Personas, settings, key: str, seconds: float, reason: str
) -> None:  # type: ignore[no-untyped-def]
    settings.PARTICIPANT_IDLE_TIMEOUT_MINUTES = 60
    settings.SESSION_ABSOLUTE_TIMEOUT_HOURS = 12
    client = login_client(personas.participant)
    _age(client, key, seconds)
    response = _press(client)
    assert response.status_code == 200  # type: ignore[attr-defined]
    alert = Alert.objects.get()
    assert (alert.participant, alert.kind) == (personas.participant, "crisis_button")
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "Your mentor has been alerted" in page and "Please log in again for anything else" in page
    for resource in RESOURCES:
        assert resource in page
    assert reverse("organizations:participants") not in page and "Alert my mentor now" not in page
    entry = AuditEntry.objects.get(action="session.crisis_press_after_timeout")
    assert entry.reason == reason and entry.outcome == "ok"
    # The session is over: anything else needs a new login.
    assert client.get("/")["Location"] == reverse("accounts:login")


def test_a_timed_out_staff_session_gets_no_exception(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 15
    client = login_client(personas.mentor)
    _age(client, SESSION_LAST_SEEN, 16 * 60)
    response = _press(client)
    assert response["Location"] == reverse("accounts:login")  # type: ignore[index]
    assert not Alert.objects.exists()


@pytest.mark.parametrize("path", ["/", "/checkin/"])
def test_other_requests_of_a_timed_out_participant_still_log_out(personas: Personas, settings, path: str) -> None:  # type: ignore[no-untyped-def]
    settings.PARTICIPANT_IDLE_TIMEOUT_MINUTES = 60
    client = login_client(personas.participant)
    _age(client, SESSION_LAST_SEEN, 61 * 60)
    assert client.post(path)["Location"] == reverse("accounts:login")
    assert not Alert.objects.exists()
    assert not AuditEntry.objects.filter(action="session.crisis_press_after_timeout").exists()


def test_a_timed_out_press_still_needs_a_valid_csrf_token(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PARTICIPANT_IDLE_TIMEOUT_MINUTES = 60
    client = login_client(personas.participant)
    client.handler.enforce_csrf_checks = True
    _age(client, SESSION_LAST_SEEN, 61 * 60)
    response = _press(client)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not Alert.objects.exists()
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "could not be sent" in page and all(resource in page for resource in RESOURCES)
    assert client.get("/")["Location"] == reverse("accounts:login")


# --- 2. A press made while logged out comes back as a GET after login ---


def test_a_logged_out_press_goes_to_login_and_then_to_the_button(personas: Personas) -> None:
    response = Client().post(reverse("alerts:crisis_alert"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert "next=/alerts/crisis/" in response["Location"]
    client = login_client(personas.participant)
    after_login = client.get(reverse("alerts:crisis_alert"))
    assert after_login.status_code == 302 and after_login["Location"] == reverse("alerts:crisis_alerted")
    page = client.get(after_login["Location"]).content.decode()
    assert "Alert my mentor now" in page
    for resource in RESOURCES:
        assert resource in page
    assert not Alert.objects.exists()  # a GET never raises an alert


def test_a_get_from_staff_goes_to_the_crisis_page(personas: Personas) -> None:
    response = login_client(personas.mentor).get(reverse("alerts:crisis_alert"))
    assert response.status_code == 302 and response["Location"] == reverse("crisis:help")


def test_other_methods_are_still_refused(personas: Personas) -> None:
    assert login_client(personas.participant).put(reverse("alerts:crisis_alert")).status_code == 405


# --- 3. An expired security token ---


def _strict(membership: object | None) -> Client:
    if membership is None:
        return Client(enforce_csrf_checks=True)
    client = login_client(membership)  # type: ignore[arg-type]
    client.handler.enforce_csrf_checks = True
    return client


def test_a_press_with_a_stale_token_shows_the_crisis_lines_and_a_fresh_button(personas: Personas) -> None:
    client = _strict(personas.participant)
    response = client.post(reverse("alerts:crisis_alert"), {"csrfmiddlewaretoken": "stale" * 8})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your page had expired" in page
    for resource in (*RESOURCES, reverse("safety:plan")):
        assert resource in page
    assert not Alert.objects.exists()
    # The fresh form works: its token is accepted and the alert is raised.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    client_id = re.search(r'name="client_id" value="([^"]+)"', page)
    assert token and client_id and f'action="{reverse("alerts:crisis_alert")}"' in page
    again = client.post(
        reverse("alerts:crisis_alert"),
        {"csrfmiddlewaretoken": token.group(1), "client_id": client_id.group(1)},
    )
    assert again.status_code == 302 and again["Location"].split("#")[0] == reverse("alerts:crisis_alerted")
    assert Alert.objects.filter(participant=personas.participant, kind="crisis_button").count() == 1


def test_the_expired_page_follows_the_page_shape(personas: Personas) -> None:
    page = _strict(personas.participant).post(reverse("alerts:crisis_alert")).content.decode()
    assert page.count("<h1") == 1 and page.count("<main") == 1
    main = page.split('<main id="main"', 1)[1]
    assert main.index("<h1") < main.index("<h2")  # headings in order inside the main landmark
    assert '<html lang="' in page and "<title>" in page and 'class="skip-link"' in page


@pytest.mark.parametrize("persona", ["mentor", None])
def test_others_see_the_crisis_lines_but_no_button(personas: Personas, persona: str | None) -> None:
    client = _strict(getattr(personas, persona) if persona else None)
    response = client.post(reverse("alerts:crisis_alert"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your page had expired" in page and "Alert my mentor now" not in page
    for resource in RESOURCES:
        assert resource in page
    assert reverse("safety:plan") not in page
