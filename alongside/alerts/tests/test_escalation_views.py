"""Escalated alerts on the pages and the API: the person told may open and answer that alert."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.alerts.escalation import escalations_advance_due
from alongside.alerts.models import Alert, AlertStatus
from alongside.alerts.services import crisis_button_press
from alongside.alerts.tests.conftest import CHICAGO, put_on_call
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response


def escalated_to_everyone(personas: Personas) -> Alert:
    """A crisis raised 20 minutes ago that nobody acknowledged: supervisor2 was on call."""
    now = timezone.now()
    local_now = now.astimezone(CHICAGO)
    put_on_call(personas, personas.supervisor2, local_now - dt.timedelta(hours=2), local_now + dt.timedelta(hours=2))
    alert = crisis_button_press(participant=personas.participant, now=now - dt.timedelta(minutes=20))
    for n in (15, 10, 5):
        escalations_advance_due(now=now - dt.timedelta(minutes=n))
    alert.refresh_from_db()
    return alert


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 200),
        ("supervisor", 200),
        ("supervisor2", 200),
        ("admin", 200),
        ("mentor2", 404),
        ("participant2", 404),
        ("participant", 404),
        ("outsider", 404),
    ],
)
def test_who_may_open_an_escalated_alert(personas: Personas, persona: str, status: int) -> None:
    alert = escalated_to_everyone(personas)
    response = login_client(getattr(personas, persona)).get(reverse("alerts:detail", args=[alert.pk]))
    assert response.status_code == status


def test_the_on_call_person_sees_who_was_told_and_acknowledges(personas: Personas) -> None:
    alert = escalated_to_everyone(personas)
    client = login_client(personas.supervisor2)
    page = client.get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert "Who has been told" in page and "Maria Mentor" in page and "Ada Admin" in page
    assert "passed to you because no one had acknowledged it" in page
    assert reverse("organizations:participant_detail", args=[personas.participant.pk]) not in page
    assert "Crisis" in page
    listing = client.get(reverse("alerts:list")).content.decode()
    assert reverse("alerts:detail", args=[alert.pk]) in listing
    response = client.post(reverse("alerts:acknowledge", args=[alert.pk]))
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.acknowledged_by == personas.supervisor2


def test_the_mentor_still_gets_the_record_link(personas: Personas) -> None:
    alert = escalated_to_everyone(personas)
    page = login_client(personas.mentor).get(reverse("alerts:detail", args=[alert.pk])).content.decode()
    assert reverse("organizations:participant_detail", args=[personas.participant.pk]) in page


def test_the_api_shows_severity_and_the_escalation(personas: Personas) -> None:
    alert = escalated_to_everyone(personas)
    ladder = [
        (1, "mentor", personas.mentor.pk),
        (2, "supervisor", personas.supervisor.pk),
        (3, "on_call", personas.supervisor2.pk),
        (4, "admin", personas.admin.pk),
    ]
    # The admins' timer ran out too: nobody further, so the whole ladder is told again.
    assert escalations_advance_due() == 1
    client = login_client(personas.admin)
    response = client.get(f"/api/v1/alerts/{alert.pk}")
    assert response.status_code == 200
    body = assert_valid_response(response)
    assert body["severity"] == "crisis" and body["escalation_due_at"] is not None
    assert [(s["index"], s["step"], s["recipient"]["id"]) for s in body["escalation"]] == ladder + ladder
    acknowledged = client.post(f"/api/v1/alerts/{alert.pk}/acknowledge")
    assert acknowledged.status_code == 200 and assert_valid_response(acknowledged)["status"] == "acknowledged"


def test_an_open_alert_says_when_it_passes_on(personas: Personas) -> None:
    alert = crisis_button_press(participant=personas.participant)
    body = assert_valid_response(login_client(personas.mentor).get("/api/v1/alerts"))
    assert body[0]["severity"] == "crisis"
    assert body[0]["escalation_due_at"] is not None
    assert alert.escalation_due_at is not None
    due = dt.datetime.fromisoformat(body[0]["escalation_due_at"])
    assert abs(due - alert.escalation_due_at) < dt.timedelta(milliseconds=1)
