from __future__ import annotations

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response


def test_a_participant_reads_their_trends_over_the_api(personas: Personas, add_checkin) -> None:  # type: ignore[no-untyped-def]
    add_checkin(0, mood=5, craving=1, triggers=["stress"])
    add_checkin(2, mood=3, craving=5, triggers=["stress"])
    response = login_client(personas.participant).get("/api/v1/trends", {"days": 7})
    assert response.status_code == 200
    body = assert_valid_response(response)
    assert body["days"] == 7 and body["checkin_count"] == 2
    craving = next(s for s in body["series"] if s["metric"] == "craving")
    assert craving["average"] == 3.0 and len(craving["points"]) == 7
    assert craving["points"][-2]["value"] is None  # yesterday: a gap
    assert body["triggers"][0]["trigger"] == "stress" and body["triggers"][0]["difference"] is None


def test_the_default_period_is_30_days(personas: Personas) -> None:
    response = login_client(personas.participant).get("/api/v1/trends")
    assert assert_valid_response(response)["days"] == 30


@pytest.mark.parametrize("days", ["8", "abc", "0"])
def test_another_period_gets_a_problem_json(personas: Personas, days: str) -> None:
    response = login_client(personas.participant).get("/api/v1/trends", {"days": days})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"] == "days"


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
def test_who_may_read_a_participants_trends_over_the_api(
    personas: Personas, add_checkin, persona: str, status: int
) -> None:  # type: ignore[no-untyped-def]
    add_checkin(1, craving=6)
    response = login_client(getattr(personas, persona)).get(f"/api/v1/participants/{personas.participant.pk}/trends")
    assert response.status_code == status
    assert_valid_response(response)
    audited = AuditEntry.objects.filter(action="trends.viewed", subject=personas.participant).exists()
    assert audited is (status == 200 and persona != "participant")
