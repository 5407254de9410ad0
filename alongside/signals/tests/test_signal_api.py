"""Signals over the API: a participant's signals, and a program's settings."""

from __future__ import annotations

from typing import Any

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.signals.models import SignalSettings
from alongside.signals.rules import DEFAULT_WEIGHTS
from alongside.signals.tests.test_signal_views import PARTICIPANT_ACCESS, SETTINGS_ACCESS, evaluated


def test_the_mentor_reads_the_signals_with_their_reasons(personas: Personas) -> None:
    evaluated(personas)
    response = login_client(personas.mentor).get(f"/api/v1/participants/{personas.participant.pk}/signals")
    body = assert_valid_response(response)
    assert response.status_code == 200
    assert body["participant"] == {"id": personas.participant.pk, "display_name": "Pat Participant"}
    assert body["alert_threshold"] == 4 and "missed_checkins" in body["enabled"]
    latest = body["latest"]
    assert (latest["score"], latest["over_threshold"], latest["alerted"], latest["origin"]) == (
        4,
        True,
        True,
        "checkin",
    )
    assert [(s["code"], s["weight"]) for s in latest["signals"]] == [("craving_rising", 3), ("poor_sleep", 1)]
    assert latest["signals"][0]["reason"] == "Craving has been 8 or higher for three days, above their usual 3."
    assert body["history"] == [latest]
    assert AuditEntry.objects.filter(action="signals.viewed", actor=personas.mentor.user).count() == 1


def test_without_signals_the_latest_is_null(personas: Personas) -> None:
    response = login_client(personas.supervisor).get(f"/api/v1/participants/{personas.participant.pk}/signals")
    body = assert_valid_response(response)
    assert body["latest"] is None and body["history"] == []


@pytest.mark.parametrize(("persona", "status"), PARTICIPANT_ACCESS)
def test_who_reads_a_participants_signals_over_the_api(personas: Personas, persona: str, status: int) -> None:
    evaluated(personas)
    response = login_client(getattr(personas, persona)).get(f"/api/v1/participants/{personas.participant.pk}/signals")
    assert response.status_code == status
    body = assert_valid_response(response)
    assert ("latest" in body) is (status == 200)


def settings_payload(**overrides: Any) -> dict[str, Any]:
    return {
        "alert_threshold": 5,
        "enabled": [code for code in DEFAULT_WEIGHTS if code != "quiet_messages"],
        "weights": {"mood_drop": 4},
        "thresholds": {"craving_rise": 2.5, "quiet_days": 21},
        **overrides,
    }


def test_an_admin_reads_and_replaces_the_settings(personas: Personas) -> None:
    client = login_client(personas.admin)
    url = f"/api/v1/programs/{personas.program.pk}/signal-settings"
    before = assert_valid_response(client.get(url))
    assert before["customized"] is False and before["alert_threshold"] == 4 and before["weights"]["craving_rising"] == 3
    response = client.put(url, settings_payload(), content_type="application/json")
    assert response.status_code == 200
    after = assert_valid_response(response)
    assert after["customized"] is True and after["alert_threshold"] == 5
    assert after["weights"]["mood_drop"] == 4 and after["weights"]["craving_rising"] == 3  # left out: the default
    assert after["thresholds"]["craving_rise"] == 2.5 and after["thresholds"]["quiet_days"] == 21
    assert "quiet_messages" not in after["enabled"]
    assert assert_valid_response(client.get(url)) == after


def test_bad_settings_are_refused_field_by_field(personas: Personas) -> None:
    client = login_client(personas.admin)
    url = f"/api/v1/programs/{personas.program.pk}/signal-settings"
    response = client.put(
        url,
        settings_payload(weights={"mood_drop": 12, "sideways": 1}, thresholds={"poor_sleep_nights": 2.5}),
        content_type="application/json",
    )
    assert response.status_code == 422
    body = assert_valid_response(response)
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields["weight_mood_drop"] == "The weight of “Mood lower than usual” must be a whole number from 0 to 10."
    assert fields["weights"] == "Unknown signal: sideways."
    assert fields["threshold_poor_sleep_nights"] == (
        "“Poor nights among the last four check-ins” must be a whole number from 1 to 4."
    )
    unreachable = client.put(url, settings_payload(enabled=["poor_sleep"]), content_type="application/json")
    assert (
        unreachable.status_code == 422
        and "can reach at most 1" in assert_valid_response(unreachable)["errors"][0]["message"]
    )
    schema_error = client.put(url, settings_payload(alert_threshold=0), content_type="application/json")
    assert schema_error.status_code == 422 and assert_valid_response(schema_error)
    assert not SignalSettings.objects.exists()


@pytest.mark.parametrize(("persona", "status"), SETTINGS_ACCESS)
def test_who_reads_and_replaces_settings_over_the_api(personas: Personas, persona: str, status: int) -> None:
    client = login_client(getattr(personas, persona))
    url = f"/api/v1/programs/{personas.program.pk}/signal-settings"
    read = client.get(url)
    write = client.put(url, settings_payload(), content_type="application/json")
    assert (read.status_code, write.status_code) == (status, status)
    assert_valid_response(read)
    assert_valid_response(write)
    assert SignalSettings.objects.exists() is (status == 200)


def test_another_organizations_program_is_not_found(personas: Personas) -> None:
    other_program = personas.outsider.program
    assert other_program is not None
    response = login_client(personas.admin).get(f"/api/v1/programs/{other_program.pk}/signal-settings")
    assert response.status_code == 404 and assert_valid_response(response)
