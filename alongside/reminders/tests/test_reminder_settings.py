from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.reminders.models import CheckinReminder


def test_a_participant_turns_on_a_reminder_with_a_plain_form(personas: Personas) -> None:
    client = login_client(personas.participant)
    page = client.get(reverse("reminders:settings"))
    assert page.status_code == 200
    assert b"America/Chicago" in page.content and b"tel:988" in page.content
    response = client.post(
        reverse("reminders:settings"), {"enabled": "on", "local_time": "19:30", "channels": ["in_app", "email"]}
    )
    assert response["Location"] == reverse("reminders:settings")
    reminder = CheckinReminder.objects.get(participant=personas.participant)
    assert (reminder.local_time, reminder.in_app, reminder.email) == (dt.time(19, 30), True, True)
    assert AuditEntry.objects.filter(action="reminder.updated", subject=personas.participant).exists()
    assert b'value="19:30"' in client.get(reverse("reminders:settings")).content


def test_a_participant_turns_the_reminder_off(personas: Personas) -> None:
    client = login_client(personas.participant)
    client.post(reverse("reminders:settings"), {"enabled": "on", "local_time": "07:00", "channels": ["in_app"]})
    client.post(reverse("reminders:settings"), {"enabled": "off", "local_time": "", "channels": ["in_app"]})
    assert CheckinReminder.objects.get().local_time is None


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"enabled": "on", "local_time": "25:00", "channels": ["in_app"]}, "local_time"),
        ({"enabled": "on", "local_time": "", "channels": ["in_app"]}, "local_time"),
        ({"enabled": "on", "local_time": "08:00"}, "channels"),
        ({"enabled": "maybe", "local_time": "08:00", "channels": ["in_app"]}, "enabled"),
        ({"enabled": "on", "local_time": "08:00", "channels": ["sms"]}, "channels"),
    ],
)
def test_bad_settings_are_explained_next_to_the_field_and_nothing_is_saved(
    personas: Personas, form: dict, field: str
) -> None:
    response = login_client(personas.participant).post(reverse("reminders:settings"), form)
    assert response.status_code == 400
    assert f'id="id_{field}_error"'.encode() in response.content
    assert not CheckinReminder.objects.exists()


@pytest.mark.parametrize("persona", ["mentor", "mentor2", "supervisor", "admin", "outsider"])
def test_staff_have_no_checkin_reminder(personas: Personas, persona: str) -> None:
    client = login_client(getattr(personas, persona))
    assert client.get(reverse("reminders:settings")).status_code in {403, 404}
    form = {"enabled": "on", "local_time": "08:00", "channels": ["in_app"]}
    assert client.post(reverse("reminders:settings"), form).status_code in {403, 404}
    assert not CheckinReminder.objects.exists()


def test_a_participant_reads_and_sets_the_reminder_over_the_api(personas: Personas) -> None:
    client = login_client(personas.participant)
    empty = client.get("/api/v1/reminders")
    assert assert_valid_response(empty) == {
        "time": None,
        "time_zone": "America/Chicago",
        "in_app": True,
        "email": False,
    }
    response = client.put(
        "/api/v1/reminders", {"time": "20:15", "in_app": False, "email": True}, content_type="application/json"
    )
    assert response.status_code == 200
    assert assert_valid_response(response)["time"] == "20:15"
    reminder = CheckinReminder.objects.get()
    assert (reminder.local_time, reminder.in_app, reminder.email) == (dt.time(20, 15), False, True)
    off = client.put("/api/v1/reminders", {"time": None}, content_type="application/json")
    assert assert_valid_response(off)["time"] is None
    assert CheckinReminder.objects.get().local_time is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"time": "24:00"}, "time"),
        ({"time": "7pm"}, "time"),
        ({"time": "08:00", "in_app": False, "email": False}, "channels"),
    ],
)
def test_bad_reminder_settings_get_a_problem_json(personas: Personas, body: dict, field: str) -> None:
    response = login_client(personas.participant).put("/api/v1/reminders", body, content_type="application/json")
    assert response.status_code == 422
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"] == field
    assert not CheckinReminder.objects.exists()


@pytest.mark.parametrize("persona", ["mentor", "supervisor", "admin", "outsider"])
def test_staff_cannot_read_or_set_a_reminder_over_the_api(personas: Personas, persona: str) -> None:
    client = login_client(getattr(personas, persona))
    for response in (
        client.get("/api/v1/reminders"),
        client.put("/api/v1/reminders", {"time": "08:00"}, content_type="application/json"),
    ):
        assert response.status_code in {403, 404}
        assert_valid_response(response)
    assert not CheckinReminder.objects.exists()
