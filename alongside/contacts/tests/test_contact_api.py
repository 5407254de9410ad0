from __future__ import annotations

import datetime as dt
import uuid

from alongside.conftest import Personas, login_client
from alongside.contacts.models import ContactAddendum, ContactNote
from alongside.contacts.tests.factories import note_of
from alongside.core.localtime import local_today
from alongside.core.testing.openapi import assert_valid_response


def body(personas: Personas, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "occurred_on": local_today(personas.mentor).isoformat(),
        "duration_minutes": 40,
        "mode": "video",
        "topics": ["recovery_support"],
        "summary": "Planned the first week back at work.",
        "agreed": "Text me after the first shift.",
    }
    data.update(overrides)
    return data


def test_a_mentor_records_and_reads_contacts_over_the_api(personas: Personas) -> None:
    client = login_client(personas.mentor)
    url = f"/api/v1/participants/{personas.participant.pk}/contacts"
    created = client.post(url, body(personas), content_type="application/json")
    assert created.status_code == 201, created.content
    note = assert_valid_response(created)
    assert (note["mode"], note["topics"], note["duration_minutes"]) == ("video", ["recovery_support"], 40)
    listing = client.get(url)
    history = assert_valid_response(listing)
    assert history["total_minutes"] == 40 and [n["id"] for n in history["notes"]] == [note["id"]]
    detail = client.get(f"/api/v1/contacts/{note['id']}")
    assert assert_valid_response(detail)["summary"] == "Planned the first week back at work."


def test_a_replayed_post_is_stored_once(personas: Personas) -> None:
    client = login_client(personas.mentor)
    url = f"/api/v1/participants/{personas.participant.pk}/contacts"
    payload = body(personas, client_id=str(uuid.uuid4()))
    first = client.post(url, payload, content_type="application/json")
    second = client.post(url, payload, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert_valid_response(second)
    key = str(uuid.uuid4())
    third = client.post(url, body(personas), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    fourth = client.post(url, body(personas), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert third.json() == fourth.json()
    assert ContactNote.objects.count() == 2


def test_bad_input_gets_a_problem_json_and_saves_nothing(personas: Personas) -> None:
    client = login_client(personas.mentor)
    url = f"/api/v1/participants/{personas.participant.pk}/contacts"
    tomorrow = (local_today(personas.mentor) + dt.timedelta(days=1)).isoformat()
    for bad, field in [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"mode": "fax"}, "mode"),
        ({"topics": []}, "topics"),
        ({"summary": ""}, "summary"),
        ({"occurred_on": tomorrow}, "occurred_on"),
        ({"follow_up_on": "2000-01-01"}, "follow_up_on"),
    ]:
        response = client.post(url, body(personas, **bad), content_type="application/json")
        assert response.status_code == 422, bad
        assert response["Content-Type"] == "application/problem+json"
        assert_valid_response(response)
        assert response.json()["errors"][0]["field"].startswith(field)
    assert not ContactNote.objects.exists()


def test_the_author_patches_within_24_hours_then_gets_a_409(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    client = login_client(personas.mentor)
    patched = client.patch(
        f"/api/v1/contacts/{note.pk}", {"duration_minutes": 55, "follow_up_on": None}, content_type="application/json"
    )
    assert assert_valid_response(patched)["duration_minutes"] == 55
    bad = client.patch(
        f"/api/v1/contacts/{note.pk}",
        {"follow_up_on": (note.occurred_on - dt.timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert_valid_response(bad)
    ContactNote.objects.filter(pk=note.pk).update(created_at=note.created_at - dt.timedelta(hours=24, seconds=1))
    late = client.patch(f"/api/v1/contacts/{note.pk}", {"summary": "rewritten"}, content_type="application/json")
    assert late.status_code == 409
    assert_valid_response(late)
    assert "Add an addendum" in late.json()["detail"]
    note.refresh_from_db()
    assert (note.duration_minutes, note.summary) == (55, "Talked through the week; the new job is going well.")


def test_addenda_over_the_api_are_idempotent(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    client = login_client(personas.mentor)
    payload = {"text": "Checked in again by phone", "client_id": str(uuid.uuid4())}
    first = client.post(f"/api/v1/contacts/{note.pk}/addenda", payload, content_type="application/json")
    again = client.post(f"/api/v1/contacts/{note.pk}/addenda", payload, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert assert_valid_response(first)["text"] == "Checked in again by phone"
    assert ContactAddendum.objects.count() == 1
    empty = client.post(f"/api/v1/contacts/{note.pk}/addenda", {"text": ""}, content_type="application/json")
    assert empty.status_code == 422
    assert_valid_response(empty)
    detail = assert_valid_response(client.get(f"/api/v1/contacts/{note.pk}"))
    assert [a["text"] for a in detail["addenda"]] == ["Checked in again by phone"]


def test_service_hours_over_the_api(personas: Personas) -> None:
    note_of(personas.mentor, personas.participant, duration_minutes=35, mode="text")
    for viewer in [personas.mentor, personas.supervisor, personas.admin]:
        response = login_client(viewer).get(f"/api/v1/mentors/{personas.mentor.pk}/service-hours")
        hours = assert_valid_response(response)
        assert hours["total_minutes"]["last_90_days"] == 35
        assert {m["mode"]: m["last_90_days"] for m in hours["by_mode"]}["text"] == 35
