"""The crisis button: one tap on any participant page alerts their mentor (and, if no one
acknowledges, the rest of the escalation chain)."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from alongside.alerts.models import Alert, AlertEvent, EscalationStep
from alongside.alerts.services import alert_acknowledge
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.notifications.models import Notification
from alongside.organizations.models import MatchStatus

CRISIS_URL = "/api/v1/crisis/alert"


def press(client: Client, client_id: str | None = None) -> object:
    data = {"client_id": client_id} if client_id is not None else {}
    return client.post(reverse("alerts:crisis_alert"), data)


@pytest.mark.parametrize("path", ["/", "/checkin/", "/crisis/"])
def test_every_participant_page_has_the_button(personas: Personas, path: str) -> None:
    page = login_client(personas.participant).get(path).content.decode()
    assert f'action="{reverse("alerts:crisis_alert")}"' in page
    assert "Alert my mentor now" in page and 'name="client_id"' in page and "csrfmiddlewaretoken" in page
    assert "tel:988" in page and reverse("safety:plan") in page


@pytest.mark.parametrize("persona", ["mentor", "admin", None])
def test_others_do_not_get_the_button(personas: Personas, persona: str | None) -> None:
    client = login_client(getattr(personas, persona)) if persona else Client()
    page = client.get("/crisis/").content.decode()
    assert "Alert my mentor now" not in page and "tel:988" in page


def test_one_tap_raises_a_crisis_alert_and_tells_the_mentor_urgently(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = press(client, str(uuid.uuid4()))
    assert (
        response.status_code == 302 and response["Location"] == reverse("alerts:crisis_alerted") + "#crisis-sent-title"
    )  # type: ignore[index]
    alert = Alert.objects.get()
    assert (alert.kind, alert.severity, alert.status) == ("crisis_button", "crisis", "open")
    assert alert.raised_by == personas.participant and alert.reason == "Pressed the crisis button"
    note = Notification.objects.get(recipient=personas.mentor.user)
    assert note.urgent and note.alert_id == alert.pk
    assert EscalationStep.objects.get(alert=alert).recipient == personas.mentor
    page = client.get(reverse("alerts:crisis_alerted")).content.decode()
    assert "Your mentor has been alerted" in page and "If you are in danger now, call 911." in page
    for resource in ("tel:988", "sms:988", "tel:18006624357", "741741", "tel:911", reverse("safety:plan")):
        assert resource in page


def test_a_double_tap_makes_one_alert(personas: Personas) -> None:
    client = login_client(personas.participant)
    key = str(uuid.uuid4())
    press(client, key)
    press(client, key)
    assert Alert.objects.count() == 1 and AlertEvent.objects.count() == 1
    assert Notification.objects.count() == 1


def test_pressing_again_joins_the_open_alert(personas: Personas) -> None:
    client = login_client(personas.participant)
    press(client, str(uuid.uuid4()))
    press(client)  # no key at all still alerts
    alert = Alert.objects.get()
    assert list(alert.events.values_list("kind", flat=True)) == ["raised", "repeated"]


def test_the_page_says_when_the_alert_was_seen(personas: Personas) -> None:
    client = login_client(personas.participant)
    press(client, str(uuid.uuid4()))
    alert_acknowledge(viewer=personas.mentor, alert=Alert.objects.get())
    page = client.get(reverse("alerts:crisis_alerted")).content.decode()
    assert "Your alert has been seen" in page


def test_without_a_mentor_the_support_team_is_alerted(personas: Personas) -> None:
    personas.match.status = MatchStatus.ENDED
    personas.match.save()
    client = login_client(personas.participant)
    press(client, str(uuid.uuid4()))
    page = client.get(reverse("alerts:crisis_alerted")).content.decode()
    assert "Your support team has been alerted" in page
    assert EscalationStep.objects.get().recipient == personas.admin


def test_before_pressing_the_page_offers_the_button(personas: Personas) -> None:
    page = login_client(personas.participant).get(reverse("alerts:crisis_alerted")).content.decode()
    assert "Alert my mentor now" in page and "has been alerted" not in page


def test_it_needs_the_csrf_token(personas: Personas) -> None:
    client = login_client(personas.participant)
    client.handler.enforce_csrf_checks = True
    assert press(client, str(uuid.uuid4())).status_code == 403  # type: ignore[attr-defined]
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 302),
        ("participant2", 302),
        ("mentor", 403),
        ("mentor2", 403),
        ("supervisor", 403),
        ("supervisor2", 403),
        ("admin", 403),
        ("outsider", 403),
    ],
)
def test_only_a_participant_presses_it(personas: Personas, persona: str, status: int) -> None:
    client = login_client(getattr(personas, persona))
    assert press(client, str(uuid.uuid4())).status_code == status  # type: ignore[attr-defined]
    assert Alert.objects.exists() is (status == 302)
    assert client.get(reverse("alerts:crisis_alerted")).status_code == (200 if status == 302 else 403)
    # A GET (a press made while logged out, replayed after login) shows the button or the
    # crisis page: never a blank "method not allowed".
    landing = reverse("alerts:crisis_alerted") if status == 302 else reverse("crisis:help")
    assert client.get(reverse("alerts:crisis_alert"))["Location"] == landing


def test_anonymous_visitors_are_asked_to_log_in(db: None) -> None:
    assert press(Client(), str(uuid.uuid4())).status_code == 302  # type: ignore[attr-defined]
    assert Client().get(reverse("alerts:crisis_alerted")).status_code == 302
    assert not Alert.objects.exists()


# --- API ---


def test_the_api_alerts_the_mentor_once_per_idempotency_key(personas: Personas) -> None:
    client = login_client(personas.participant)
    first = client.post(CRISIS_URL, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="sos-1")
    replay = client.post(CRISIS_URL, {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="sos-1")
    assert first.status_code == replay.status_code == 201
    body = assert_valid_response(first)
    assert body == replay.json()
    alert = Alert.objects.get()
    assert body["alert_id"] == alert.pk and body["has_mentor"] is True and body["status"] == "open"
    assert "Your mentor has been alerted." in body["message"] and "call 911" in body["message"]
    assert [line["href"] for line in body["help_now"]] == [
        "tel:988",
        "tel:18006624357",
        "sms:741741?&body=HOME",
        "tel:911",
    ]
    assert AlertEvent.objects.count() == 1 and Notification.objects.count() == 1


def test_the_api_works_without_a_body(personas: Personas) -> None:
    response = login_client(personas.participant).post(CRISIS_URL)
    assert response.status_code == 201 and assert_valid_response(response)["alert_id"] == Alert.objects.get().pk


@pytest.mark.parametrize(
    ("persona", "status"), [("mentor", 403), ("supervisor", 403), ("admin", 403), ("outsider", 403)]
)
def test_the_api_is_for_participants(personas: Personas, persona: str, status: int) -> None:
    response = login_client(getattr(personas, persona)).post(CRISIS_URL, {}, content_type="application/json")
    assert response.status_code == status and not Alert.objects.exists()
    assert_valid_response(response)


def test_the_api_refuses_anonymous_callers(db: None) -> None:
    response = Client().post(CRISIS_URL, {}, content_type="application/json")
    assert response.status_code == 401 and not Alert.objects.exists()
