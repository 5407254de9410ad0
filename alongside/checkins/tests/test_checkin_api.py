from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection, connections

from alongside.audit.models import AuditEntry
from alongside.checkins.models import CheckIn
from alongside.conftest import Personas, login_client

BODY = {"mood": 3, "craving": 5, "halt": ["angry"], "triggers": ["money"], "note": "tight week"}


def validate(response) -> None:  # type: ignore[no-untyped-def]
    from alongside.core.testing.openapi import assert_valid_response

    assert_valid_response(response)


def test_it_records_a_checkin_over_the_api(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = client.post("/api/v1/checkins", BODY, content_type="application/json")
    assert response.status_code == 201, response.content
    validate(response)
    assert response.json()["craving"] == 5
    again = client.post("/api/v1/checkins", {**BODY, "craving": 6}, content_type="application/json")
    assert again.status_code == 200 and again.json()["craving"] == 6
    assert CheckIn.objects.count() == 1
    listing = client.get("/api/v1/checkins?days=7")
    validate(listing)
    assert [c["craving"] for c in listing.json()] == [6]


def test_a_queued_offline_checkin_replayed_with_its_key_is_stored_once(personas: Personas) -> None:
    client = login_client(personas.participant)
    key = str(uuid.uuid4())
    body = {**BODY, "client_id": key, "made_at": "2026-01-01T09:30:00Z"}
    from django.utils import timezone

    body["made_at"] = timezone.now().replace(microsecond=0).isoformat()
    first = client.post("/api/v1/checkins", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    second = client.post("/api/v1/checkins", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    "bad", [{"mood": 0}, {"craving": 11}, {"halt": ["bored"]}, {"note": "n" * 2001}, {"mood": "happy"}]
)
def test_bad_input_gets_a_problem_json_naming_the_field(personas: Personas, bad: dict) -> None:
    response = login_client(personas.participant).post(
        "/api/v1/checkins", {**BODY, **bad}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"].split(".")[0] == next(iter(bad))
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("mentor", 200), ("supervisor", 200), ("mentor2", 404), ("admin", 404), ("outsider", 404)]
)
def test_who_may_read_a_participants_checkins_over_the_api(personas: Personas, persona: str, status: int) -> None:
    login_client(personas.participant).post("/api/v1/checkins", BODY, content_type="application/json")
    response = login_client(getattr(personas, persona)).get(f"/api/v1/participants/{personas.participant.pk}/checkins")
    assert response.status_code == status
    validate(response)


def test_staff_and_the_outsider_cannot_post_checkins(personas: Personas) -> None:
    response = login_client(personas.outsider).post("/api/v1/checkins", BODY, content_type="application/json")
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_identical_submissions_make_one_checkin(personas: Personas) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locking is only real on PostgreSQL (run with DATABASE_URL set)")

    client_id = uuid.uuid4()
    errors, created = _submit_at_once(personas, [client_id] * 20)
    assert errors == [] and created.count(True) == 1
    assert CheckIn.objects.filter(participant=personas.participant).count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_different_first_submissions_make_one_checkin_edited_by_the_rest(personas: Personas) -> None:
    # Twenty devices (or a retry without its id) at once: one is the day's check-in, each of the
    # others finds it (the INSERT waits for the first to commit, then the row is locked) and edits it.
    if connection.vendor != "postgresql":
        pytest.skip("row locking is only real on PostgreSQL (run with DATABASE_URL set)")
    errors, created = _submit_at_once(personas, [uuid.uuid4() for _ in range(10)] + [None] * 10)
    assert errors == [] and created.count(True) == 1
    assert CheckIn.objects.filter(participant=personas.participant).count() == 1
    assert AuditEntry.objects.filter(action="checkin.recorded").count() == 1
    assert AuditEntry.objects.filter(action="checkin.updated").count() == 19


def _submit_at_once(personas: Personas, client_ids: list[uuid.UUID | None]) -> tuple[list[BaseException], list[bool]]:
    from alongside.checkins.services import CheckInInput, checkin_record

    barrier = threading.Barrier(len(client_ids))
    errors: list[BaseException] = []
    created: list[bool] = []

    def submit(client_id: uuid.UUID | None) -> None:
        try:
            barrier.wait()
            _checkin, was_created = checkin_record(
                participant=personas.participant, data=CheckInInput(mood=3, craving=4, client_id=client_id)
            )
            created.append(was_created)
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(client_id,)) for client_id in client_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors, created
