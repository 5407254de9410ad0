from __future__ import annotations

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.recovery.models import RecoveryStart, Setback

START = {"pathway": "twelve_step", "substance": "alcohol", "started_on": "2024-01-01"}


def test_a_participant_adds_a_start_and_a_setback_and_reads_the_summary(personas: Personas) -> None:
    client = login_client(personas.participant)
    created = client.post("/api/v1/recovery/starts", START, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s-1")
    assert created.status_code == 201, created.content
    body = assert_valid_response(created)
    assert body["pathway"] == "twelve_step" and body["milestones_reached"][0]["key"] == "d1"
    replay = client.post("/api/v1/recovery/starts", START, content_type="application/json", HTTP_IDEMPOTENCY_KEY="s-1")
    assert replay.status_code == 201 and RecoveryStart.objects.count() == 1
    setback = client.post(
        "/api/v1/recovery/setbacks",
        {
            "start_id": body["id"],
            "occurred_on": "2024-03-01",
            "private_note": "mine",
            "learned": "rest",
            "count_from": "latest_setback",
        },
        content_type="application/json",
    )
    assert setback.status_code == 201, setback.content
    assert assert_valid_response(setback)["count_from"] == "latest_setback"
    summary = client.get("/api/v1/recovery")
    start = assert_valid_response(summary)["starts"][0]
    assert start["setbacks"][0]["private_note"] == "mine"
    assert start["shown_days"] == start["current_days"] and start["total_days"] == start["shown_days"] + 59
    assert Setback.objects.get().learned == "rest"


@pytest.mark.parametrize(
    "bad",
    [
        {"started_on": "2999-01-01"},
        {"started_on": "1800-01-01"},
        {"substance": "s" * 61},
        {"pathway": "nope"},
        {"count_from": "x"},
    ],
)
def test_bad_start_input_gets_a_problem_json_naming_the_field(personas: Personas, bad: dict) -> None:
    response = login_client(personas.participant).post(
        "/api/v1/recovery/starts", {**START, **bad}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"] == next(iter(bad))
    assert not RecoveryStart.objects.exists()


def test_a_setback_on_someone_elses_timeline_is_not_found(personas: Personas) -> None:
    start = (
        login_client(personas.participant)
        .post("/api/v1/recovery/starts", START, content_type="application/json")
        .json()
    )
    for persona in (personas.participant2, personas.outsider):
        response = login_client(persona).post(
            "/api/v1/recovery/setbacks",
            {"start_id": start["id"], "occurred_on": "2024-02-01"},
            content_type="application/json",
        )
        assert response.status_code == 404
        assert_valid_response(response)
    bad = login_client(personas.participant).post(
        "/api/v1/recovery/setbacks",
        {"start_id": start["id"], "occurred_on": "2023-02-01", "learned": "l" * 2001},
        content_type="application/json",
    )
    assert bad.status_code == 422 and assert_valid_response(bad)["errors"][0]["field"] == "learned"
    assert not Setback.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),
        ("mentor", 200),
        ("supervisor", 200),
        ("participant2", 404),
        ("mentor2", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_who_may_read_a_participants_timeline_over_the_api(personas: Personas, persona: str, status: int) -> None:
    client = login_client(personas.participant)
    start = client.post("/api/v1/recovery/starts", START, content_type="application/json").json()
    client.post(
        "/api/v1/recovery/setbacks",
        {"start_id": start["id"], "occurred_on": "2024-02-01", "private_note": "mine"},
        content_type="application/json",
    )
    response = login_client(getattr(personas, persona)).get(f"/api/v1/participants/{personas.participant.pk}/recovery")
    assert response.status_code == status
    assert_valid_response(response)
    if status == 200 and persona != "participant":
        assert response.json()["starts"][0]["setbacks"][0]["private_note"] is None
        assert AuditEntry.objects.filter(action="timeline.viewed", actor=getattr(personas, persona).user).exists()


def test_staff_and_the_outsider_have_no_timeline_of_their_own(personas: Personas) -> None:
    client = login_client(personas.outsider)
    assert client.get("/api/v1/recovery").status_code == 403
    assert client.post("/api/v1/recovery/starts", START, content_type="application/json").status_code == 403
    assert not RecoveryStart.objects.exists()
