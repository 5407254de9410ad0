from __future__ import annotations

import uuid

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.journal.models import JournalEntry
from alongside.journal.services import journal_entry_create


def entry_of(personas: Personas, share: bool = True) -> JournalEntry:
    return journal_entry_create(participant=personas.participant, text="a hard day, but I got through", share=share)[0]


def test_it_writes_lists_and_searches_entries_over_the_api(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = client.post(
        "/api/v1/journal", {"text": "Grateful for coffee", "prompt": "gratitude"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert_valid_response(response)
    assert response.json()["shared_with_mentor"] is False
    client.post("/api/v1/journal", {"text": "Long walk"}, content_type="application/json")
    listing = client.get("/api/v1/journal?q=COFFEE")
    assert_valid_response(listing)
    assert [e["text"] for e in listing.json()] == ["Grateful for coffee"]
    page = client.get("/api/v1/journal?limit=1&offset=1")
    assert [e["text"] for e in page.json()] == ["Grateful for coffee"]


def test_a_replayed_post_is_stored_once(personas: Personas) -> None:
    client = login_client(personas.participant)
    body = {"text": "sent twice", "client_id": str(uuid.uuid4())}
    first = client.post("/api/v1/journal", body, content_type="application/json")
    second = client.post("/api/v1/journal", body, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert_valid_response(second)
    key = str(uuid.uuid4())
    third = client.post("/api/v1/journal", {"text": "keyed"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    fourth = client.post(
        "/api/v1/journal", {"text": "keyed"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert third.json() == fourth.json()
    assert JournalEntry.objects.count() == 2


@pytest.mark.parametrize(
    "bad", [{"text": ""}, {"text": "x" * 10_001}, {"prompt": "regrets"}, {"client_id": "not-a-uuid"}, {"text": "   "}]
)
def test_bad_input_gets_a_problem_json_and_saves_nothing(personas: Personas, bad: dict) -> None:
    response = login_client(personas.participant).post(
        "/api/v1/journal", {"text": "ok", **bad}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"] == next(iter(bad))
    assert not JournalEntry.objects.exists()


def test_the_participant_edits_shares_unshares_and_deletes_over_the_api(personas: Personas) -> None:
    entry = entry_of(personas, share=False)
    client = login_client(personas.participant)
    patched = client.patch(f"/api/v1/journal/{entry.pk}", {"prompt": "wins"}, content_type="application/json")
    assert_valid_response(patched)
    assert (patched.json()["prompt"], patched.json()["text"]) == ("wins", "a hard day, but I got through")
    patched = client.patch(f"/api/v1/journal/{entry.pk}", {"text": "better now"}, content_type="application/json")
    assert patched.json()["text"] == "better now"
    bad = client.patch(f"/api/v1/journal/{entry.pk}", {"text": "y" * 10_001}, content_type="application/json")
    assert bad.status_code == 422
    assert_valid_response(bad)
    shared = client.post(f"/api/v1/journal/{entry.pk}/share")
    assert_valid_response(shared)
    assert shared.json()["shared_with_mentor"] is True
    assert login_client(personas.mentor).get(f"/api/v1/journal/{entry.pk}").status_code == 200
    unshared = client.post(f"/api/v1/journal/{entry.pk}/unshare")
    assert_valid_response(unshared)
    assert unshared.json()["shared_with_mentor"] is False
    assert login_client(personas.mentor).get(f"/api/v1/journal/{entry.pk}").status_code == 404
    own = client.get(f"/api/v1/journal/{entry.pk}")
    assert_valid_response(own)
    deleted = client.delete(f"/api/v1/journal/{entry.pk}")
    assert deleted.status_code == 204
    assert_valid_response(deleted)
    assert not JournalEntry.objects.exists()
    assert client.get(f"/api/v1/journal/{entry.pk}").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),
        ("participant2", 404),
        ("mentor", 200),
        ("mentor2", 404),
        ("supervisor", 200),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_who_may_read_shared_entries_over_the_api(personas: Personas, persona: str, status: int) -> None:
    entry = entry_of(personas)
    entry_of(personas, share=False)
    client = login_client(getattr(personas, persona))
    listing = client.get(f"/api/v1/participants/{personas.participant.pk}/journal")
    assert listing.status_code == status
    assert_valid_response(listing)
    if status == 200:
        assert [e["id"] for e in listing.json()] == [entry.pk]
    one = client.get(f"/api/v1/journal/{entry.pk}")
    assert one.status_code == status
    assert_valid_response(one)


@pytest.mark.parametrize("persona", ["participant2", "mentor", "mentor2", "supervisor", "admin", "outsider"])
def test_only_the_participant_may_change_an_entry_over_the_api(personas: Personas, persona: str) -> None:
    entry = entry_of(personas)
    client = login_client(getattr(personas, persona))
    responses = [
        client.patch(f"/api/v1/journal/{entry.pk}", {"text": "hijack"}, content_type="application/json"),
        client.post(f"/api/v1/journal/{entry.pk}/share"),
        client.post(f"/api/v1/journal/{entry.pk}/unshare"),
        client.delete(f"/api/v1/journal/{entry.pk}"),
    ]
    for response in responses:
        assert response.status_code in {403, 404}
        assert_valid_response(response)
    entry.refresh_from_db()
    assert (entry.text, entry.shared_with_mentor) == ("a hard day, but I got through", True)


def test_staff_and_the_outsider_cannot_write_journal_entries(personas: Personas) -> None:
    for persona in ("mentor", "outsider"):
        response = login_client(getattr(personas, persona)).post(
            "/api/v1/journal", {"text": "x"}, content_type="application/json"
        )
        assert response.status_code == 403
        assert_valid_response(response)
    assert login_client(personas.outsider).get("/api/v1/journal").status_code == 403
    assert not JournalEntry.objects.exists()


def test_reads_by_the_mentor_are_audited(personas: Personas) -> None:
    entry = entry_of(personas)
    login_client(personas.participant).get(f"/api/v1/journal/{entry.pk}")
    assert not AuditEntry.objects.filter(action="journal.viewed").exists()
    login_client(personas.mentor).get(f"/api/v1/participants/{personas.participant.pk}/journal")
    login_client(personas.mentor).get(f"/api/v1/journal/{entry.pk}")
    assert AuditEntry.objects.filter(action="journal.viewed", actor=personas.mentor.user).count() == 2
