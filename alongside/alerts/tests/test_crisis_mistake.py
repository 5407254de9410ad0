""" "I pressed it by mistake": within minutes of pressing, the participant takes the crisis alert back. Whoever was
reached is told, the escalation stops, the history stays; after the window, or for anyone else, it is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.alerts.escalation import escalations_advance_due
from alongside.alerts.models import Alert, AlertEvent, AlertStatus, EscalationStep
from alongside.alerts.services import crisis_button_press, crisis_press_withdraw
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.exceptions import InvalidInput, NotFound
from alongside.notifications.models import Notification


def test_taking_it_back_tells_the_mentor_stops_escalation_and_keeps_history(personas: Personas) -> None:
    alert = crisis_button_press(participant=personas.participant)
    crisis_press_withdraw(participant=personas.participant)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED and alert.escalation_due_at is None
    assert alert.resolved_by == personas.participant
    assert [e.kind for e in AlertEvent.objects.filter(alert=alert)] == ["raised", "withdrawn"]
    told = Notification.objects.filter(recipient=personas.mentor.user, kind="alert.withdrawn").get()
    assert "by mistake" in told.title and told.urgent
    # Time passes: nobody further up the ladder hears of it.
    later = timezone.now() + timedelta(hours=2)
    escalations_advance_due(now=later)
    assert set(EscalationStep.objects.filter(alert=alert).values_list("step", flat=True)) == {"mentor"}
    assert AuditEntry.objects.filter(action="alert.withdrawn", subject=personas.participant).exists()
    # A new press opens a new alert.
    again = crisis_button_press(participant=personas.participant)
    assert again.pk != alert.pk and again.status == AlertStatus.OPEN


def test_the_mentor_hears_in_their_own_language(personas: Personas) -> None:
    personas.mentor.user.language = "es"
    personas.mentor.user.save()
    crisis_button_press(participant=personas.participant)
    crisis_press_withdraw(participant=personas.participant)
    told = Notification.objects.get(recipient=personas.mentor.user, kind="alert.withdrawn")
    assert "por error" in told.title


def test_after_the_window_it_cannot_be_taken_back(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRISIS_MISTAKE_MINUTES = 5
    alert = crisis_button_press(participant=personas.participant)
    with pytest.raises(InvalidInput):
        crisis_press_withdraw(participant=personas.participant, now=timezone.now() + timedelta(minutes=6))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_there_is_nothing_to_take_back_without_an_open_press(personas: Personas) -> None:
    with pytest.raises(NotFound):
        crisis_press_withdraw(participant=personas.participant)


@pytest.mark.parametrize("persona", ["mentor", "supervisor", "admin", "outsider"])
def test_only_the_participant_can_take_it_back(personas: Personas, persona: str) -> None:
    crisis_button_press(participant=personas.participant)
    client = login_client(getattr(personas, persona))
    client.post(reverse("alerts:crisis_mistake"))
    response = client.post("/api/v1/crisis/alert/mistake")
    assert response.status_code in {403, 404}
    assert Alert.objects.get().status == AlertStatus.OPEN


def test_the_page_offers_it_only_while_it_can_be_done(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    client = login_client(personas.participant)
    sent = client.post(reverse("alerts:crisis_alert"), {"client_id": "6b3bd5a4-1f0c-4c1b-9f4e-1e1f2b3c4d5e"})
    assert sent["Location"].endswith("#crisis-sent-title")
    page = client.get(reverse("alerts:crisis_alerted")).content.decode()
    assert "I pressed it by mistake" in page and "autofocus" in page
    Alert.objects.update(raised_at=timezone.now() - timedelta(minutes=settings.CRISIS_MISTAKE_MINUTES + 1))
    assert "I pressed it by mistake" not in client.get(reverse("alerts:crisis_alerted")).content.decode()


def test_a_second_press_says_already_sent(personas: Personas) -> None:
    client = login_client(personas.participant)
    client.post(reverse("alerts:crisis_alert"), {"client_id": "6b3bd5a4-1f0c-4c1b-9f4e-1e1f2b3c4d5e"})
    again = client.post(reverse("alerts:crisis_alert"), {"client_id": "0e9f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"})
    assert "again=1" in again["Location"]
    page = client.get(again["Location"].split("#")[0]).content.decode()
    assert "Already sent at" in page
    assert Alert.objects.count() == 1


def test_the_api_takes_it_back_too(personas: Personas) -> None:
    client = login_client(personas.participant)
    assert client.post("/api/v1/crisis/alert/mistake").status_code == 404
    client.post("/api/v1/crisis/alert")
    response = client.post("/api/v1/crisis/alert/mistake")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "resolved" and any(line["href"] == "tel:988" for line in body["help_now"])


def test_an_anonymous_post_is_not_a_withdrawal(personas: Personas) -> None:
    crisis_button_press(participant=personas.participant)
    Client().post(reverse("alerts:crisis_mistake"))
    assert Alert.objects.get().status == AlertStatus.OPEN


def test_a_crisis_someone_is_already_answering_cannot_be_taken_back(personas: Personas) -> None:
    """Real press, the mentor acknowledges and calls; a later accidental tap reopens it; 'mistake' must not close it."""
    from alongside.alerts.services import alert_acknowledge

    alert = crisis_button_press(participant=personas.participant)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    crisis_button_press(participant=personas.participant)  # reopens the acknowledged alert
    with pytest.raises(InvalidInput):
        crisis_press_withdraw(participant=personas.participant)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert not Notification.objects.filter(kind="alert.withdrawn").exists()


def test_the_window_runs_from_the_first_press(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRISIS_MISTAKE_MINUTES = 5
    first = timezone.now() - timedelta(minutes=20)
    crisis_button_press(participant=personas.participant, now=first)
    crisis_button_press(participant=personas.participant)  # a second tap now joins the same alert
    with pytest.raises(InvalidInput):
        crisis_press_withdraw(participant=personas.participant)
