from __future__ import annotations

import uuid

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.coping.models import Activity, CopingStrategy
from alongside.coping.services import activity_log, strategy_add
from alongside.core.testing.openapi import assert_valid_response


def test_a_participant_manages_strategies_over_the_api(personas: Personas) -> None:
    client = login_client(personas.participant)
    created = client.post("/api/v1/coping/strategies", {"text": "Text my sponsor"}, content_type="application/json")
    assert created.status_code == 201
    assert_valid_response(created)
    client.post("/api/v1/coping/strategies", {"text": "Cold water on my face"}, content_type="application/json")
    listing = client.get("/api/v1/coping/strategies")
    assert_valid_response(listing)
    assert [s["text"] for s in listing.json()] == ["Text my sponsor", "Cold water on my face"]
    deleted = client.delete(f"/api/v1/coping/strategies/{created.json()['id']}")
    assert deleted.status_code == 204
    assert [s.text for s in CopingStrategy.objects.all()] == ["Cold water on my face"]


@pytest.mark.parametrize("bad", [{"text": ""}, {"text": "x" * 201}, {}])
def test_a_bad_strategy_gets_a_problem_json(personas: Personas, bad: dict) -> None:
    response = login_client(personas.participant).post(
        "/api/v1/coping/strategies", bad, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"] == "text"
    assert not CopingStrategy.objects.exists()


def test_a_participant_logs_activities_idempotently_over_the_api(personas: Personas) -> None:
    client = login_client(personas.participant)
    body = {"kind": "meeting", "minutes": 60, "note": "Tuesday group", "client_id": str(uuid.uuid4())}
    first = client.post("/api/v1/activities", body, content_type="application/json")
    second = client.post("/api/v1/activities", body, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert_valid_response(first)
    assert_valid_response(second)
    assert first.json()["id"] == second.json()["id"]
    key = str(uuid.uuid4())
    replay = [
        client.post(
            "/api/v1/activities", {"kind": "exercise"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
        )
        for _ in range(2)
    ]
    assert replay[0].json() == replay[1].json()
    assert Activity.objects.count() == 2
    listing = client.get("/api/v1/activities")
    assert_valid_response(listing)
    assert {a["kind"] for a in listing.json()} == {"meeting", "exercise"}
    deleted = client.delete(f"/api/v1/activities/{first.json()['id']}")
    assert deleted.status_code == 204
    assert Activity.objects.count() == 1


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"kind": "party"}, "kind"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"note": "n" * 501}, "note"),
        ({"local_date": "2999-01-01"}, "local_date"),
        ({"local_date": "2000-01-01"}, "local_date"),
    ],
)
def test_a_bad_activity_gets_a_problem_json_naming_the_field(personas: Personas, bad: dict, field: str) -> None:
    response = login_client(personas.participant).post(
        "/api/v1/activities", {"kind": "exercise", **bad}, content_type="application/json"
    )
    assert response.status_code == 422
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"] == field
    assert not Activity.objects.exists()


@pytest.mark.parametrize("persona", ["participant2", "mentor", "supervisor", "admin", "outsider"])
def test_nobody_else_deletes_a_participants_strategy_or_activity(personas: Personas, persona: str) -> None:
    strategy = strategy_add(participant=personas.participant, text="mine")
    activity, _ = activity_log(participant=personas.participant, kind="exercise")
    client = login_client(getattr(personas, persona))
    for url in (f"/api/v1/coping/strategies/{strategy.pk}", f"/api/v1/activities/{activity.pk}"):
        response = client.delete(url)
        assert response.status_code in {403, 404}
        assert_valid_response(response)
    assert CopingStrategy.objects.count() == 1 and Activity.objects.count() == 1


def test_staff_cannot_post_strategies_or_activities(personas: Personas) -> None:
    client = login_client(personas.mentor)
    assert client.post("/api/v1/coping/strategies", {"text": "x"}, content_type="application/json").status_code == 403
    assert client.post("/api/v1/activities", {"kind": "exercise"}, content_type="application/json").status_code == 403
    assert client.get("/api/v1/coping/strategies").status_code == 403
    assert client.get("/api/v1/activities").status_code == 403
    assert not CopingStrategy.objects.exists() and not Activity.objects.exists()


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
def test_who_may_read_a_participants_activities_over_the_api(personas: Personas, persona: str, status: int) -> None:
    activity_log(participant=personas.participant, kind="service", note="set up chairs")
    response = login_client(getattr(personas, persona)).get(
        f"/api/v1/participants/{personas.participant.pk}/activities"
    )
    assert response.status_code == status
    assert_valid_response(response)
    if status == 200:
        assert response.json()[0]["note"] == "set up chairs"
    audited = AuditEntry.objects.filter(action="coping.viewed", subject=personas.participant).exists()
    assert audited is (status == 200 and persona != "participant")


def test_an_unauthenticated_request_is_refused(personas: Personas) -> None:
    from django.test import Client

    response = Client().get(f"/api/v1/participants/{personas.participant.pk}/activities")
    assert response.status_code == 401
    assert_valid_response(response)
