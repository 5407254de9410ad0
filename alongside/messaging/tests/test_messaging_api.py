from __future__ import annotations

import json
import uuid

import pytest

from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.messaging.models import MentorWorkingHours, Message, Thread
from alongside.messaging.services import thread_add_supervisor
from alongside.messaging.tests.helpers import send, thread_of


def messages_url(thread: Thread) -> str:
    return f"/api/v1/threads/{thread.pk}/messages"


def test_the_participant_lists_threads_sends_and_polls_over_the_api(personas: Personas) -> None:
    client = login_client(personas.participant)
    listing = client.get("/api/v1/threads")
    assert_valid_response(listing)
    [thread] = listing.json()
    assert thread["participant"]["display_name"] == "Pat Participant"
    assert thread["mentor"]["display_name"] == "Maria Mentor" and thread["supervisor"] is None
    sent = client.post(f"/api/v1/threads/{thread['id']}/messages", {"text": "hi"}, content_type="application/json")
    assert sent.status_code == 201, sent.content
    assert_valid_response(sent)
    assert (sent.json()["mine"], sent.json()["is_crisis"], sent.json()["held_until"]) == (True, False, None)
    reply = send(personas, "mentor", "hello Pat")
    newer = client.get(f"/api/v1/threads/{thread['id']}/messages?after={sent.json()['id']}")
    assert_valid_response(newer)
    assert [(m["id"], m["text"], m["mine"]) for m in newer.json()] == [(reply.pk, "hello Pat", False)]
    everything = client.get(f"/api/v1/threads/{thread['id']}/messages?limit=1")
    assert [m["id"] for m in everything.json()] == [reply.pk]


def test_the_mentor_sees_a_thread_for_each_participant_with_unread_counts(personas: Personas) -> None:
    send(personas, "participant", "one")
    response = login_client(personas.mentor).get("/api/v1/threads")
    assert_valid_response(response)
    by_name = {t["participant"]["display_name"]: t for t in response.json()}
    assert set(by_name) == {"Pat Participant", "Paz Participant"}
    assert (by_name["Pat Participant"]["unread"], by_name["Paz Participant"]["unread"]) == (1, 0)
    assert login_client(personas.admin).get("/api/v1/threads").json() == []


def test_a_replayed_send_is_stored_once(personas: Personas) -> None:
    thread = thread_of(personas)
    client = login_client(personas.participant)
    body = {"text": "sent twice", "client_id": str(uuid.uuid4())}
    first = client.post(messages_url(thread), body, content_type="application/json")
    second = client.post(messages_url(thread), body, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert_valid_response(second)
    key = str(uuid.uuid4())
    third = client.post(messages_url(thread), {"text": "k"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    fourth = client.post(messages_url(thread), {"text": "k"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert third.json() == fourth.json()
    assert Message.objects.count() == 2


@pytest.mark.parametrize("bad", [{"text": ""}, {"text": "x" * 4001}, {"text": "   "}, {"client_id": "nope"}])
def test_bad_messages_get_a_problem_json(personas: Personas, bad: dict) -> None:
    thread = thread_of(personas)
    response = login_client(personas.participant).post(
        messages_url(thread), {"text": "ok", **bad}, content_type="application/json"
    )
    assert response.status_code == 422
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"] == next(iter(bad))
    assert not Message.objects.exists()


def test_a_crisis_message_says_so_in_the_response(personas: Personas) -> None:
    thread = thread_of(personas)
    response = login_client(personas.participant).post(
        messages_url(thread), {"text": "I keep thinking about suicide"}, content_type="application/json"
    )
    assert_valid_response(response)
    assert response.json()["is_crisis"] is True


def test_read_receipts_over_the_api(personas: Personas) -> None:
    message = send(personas, "participant", "hello")
    response = login_client(personas.mentor).post(
        f"/api/v1/threads/{message.thread_id}/read", {}, content_type="application/json"
    )
    assert_valid_response(response)
    reads = {r["member"]["display_name"]: r["last_read_message_id"] for r in response.json()}
    assert reads == {"Pat Participant": message.pk, "Maria Mentor": message.pk}
    bad = login_client(personas.mentor).post(
        f"/api/v1/threads/{message.thread_id}/read", {"message_id": 999_999}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert_valid_response(bad)


def test_no_email_or_phone_of_either_side_is_in_the_api(personas: Personas) -> None:
    thread = thread_of(personas)
    thread_add_supervisor(viewer=personas.mentor, thread=thread)
    send(personas, "participant", "hello")
    send(personas, "mentor", "hi")
    people = (personas.participant, personas.mentor, personas.supervisor)
    for n, person in enumerate(people):
        person.user.phone_number = f"+1555010{n:04d}"
        person.user.save(update_fields=["phone_number"])
    private = [p.user.email for p in people] + [p.user.phone_number[2:] for p in people]
    for persona in ("participant", "mentor", "supervisor"):
        client = login_client(getattr(personas, persona))
        responses = [
            client.get("/api/v1/threads"),
            client.get(messages_url(thread)),
            client.post(messages_url(thread), {"text": "and you?"}, content_type="application/json"),
            client.post(f"/api/v1/threads/{thread.pk}/read", {}, content_type="application/json"),
        ]
        for response in responses:
            assert_valid_response(response)
            text = json.dumps(response.json())
            assert not any(detail in text for detail in private), persona


def test_a_mentor_sets_working_hours_over_the_api(personas: Personas) -> None:
    client = login_client(personas.mentor)
    empty = client.get("/api/v1/me/working-hours")
    assert_valid_response(empty)
    assert empty.json()["always_available"] is True and empty.json()["time_zone"] == "America/Chicago"
    days = [{"weekday": d, "start": "09:00", "end": "17:00"} for d in range(5)]
    response = client.put("/api/v1/me/working-hours", {"days": days}, content_type="application/json")
    assert_valid_response(response)
    assert response.json()["always_available"] is False and len(response.json()["days"]) == 5
    assert MentorWorkingHours.objects.count() == 5
    for bad in (
        [{"weekday": 1, "start": "17:00", "end": "09:00"}],
        [{"weekday": 1, "start": "09:00", "end": "10:00"}, {"weekday": 1, "start": "11:00", "end": "12:00"}],
        [{"weekday": 7, "start": "09:00", "end": "10:00"}],
        [{"weekday": 1, "start": "9am", "end": "10:00"}],
    ):
        refused = client.put("/api/v1/me/working-hours", {"days": bad}, content_type="application/json")
        assert refused.status_code == 422
        assert_valid_response(refused)
    assert MentorWorkingHours.objects.count() == 5
    cleared = client.put("/api/v1/me/working-hours", {"days": []}, content_type="application/json")
    assert cleared.json()["always_available"] is True


# --- Access matrix over every operation ----------------------------------------------------

OPERATIONS = ["list_messages", "send", "read"]
MATRIX = {
    "participant": dict.fromkeys(OPERATIONS, "ok"),
    "participant2": dict.fromkeys(OPERATIONS, 404),
    "mentor": dict.fromkeys(OPERATIONS, "ok"),
    "mentor2": dict.fromkeys(OPERATIONS, 404),
    "supervisor": dict.fromkeys(OPERATIONS, 403),
    "supervisor2": dict.fromkeys(OPERATIONS, 404),
    "admin": dict.fromkeys(OPERATIONS, 404),  # a conversation is not for an admin to know of
    "outsider": dict.fromkeys(OPERATIONS, 404),
}


def call(client, operation: str, thread: Thread):  # type: ignore[no-untyped-def]
    if operation == "list_messages":
        return client.get(messages_url(thread))
    if operation == "send":
        return client.post(messages_url(thread), {"text": "hello"}, content_type="application/json")
    return client.post(f"/api/v1/threads/{thread.pk}/read", {}, content_type="application/json")


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("persona", list(MATRIX))
def test_who_may_use_each_operation(personas: Personas, persona: str, operation: str) -> None:
    thread = thread_of(personas)
    send(personas, "participant", "the private words")
    response = call(login_client(getattr(personas, persona)), operation, thread)
    assert_valid_response(response)
    expected = MATRIX[persona][operation]
    if expected == "ok":
        assert response.status_code in {200, 201}
    else:
        assert response.status_code == expected
        assert b"the private words" not in response.content


@pytest.mark.parametrize("operation", OPERATIONS)
def test_the_added_supervisor_may_use_each_operation(personas: Personas, operation: str) -> None:
    thread = thread_of(personas)
    thread_add_supervisor(viewer=personas.supervisor, thread=thread)
    response = call(login_client(personas.supervisor), operation, thread)
    assert_valid_response(response)
    assert response.status_code in {200, 201}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor", 200), ("outsider", 200), ("participant", 403), ("supervisor", 403), ("admin", 403)],
)
def test_only_mentors_have_working_hours_over_the_api(personas: Personas, persona: str, status: int) -> None:
    client = login_client(getattr(personas, persona))
    for response in (
        client.get("/api/v1/me/working-hours"),
        client.put("/api/v1/me/working-hours", {"days": []}, content_type="application/json"),
    ):
        assert response.status_code == status
        assert_valid_response(response)


def test_the_thread_list_is_open_to_every_member_but_shows_only_their_own(personas: Personas) -> None:
    thread_of(personas)
    for persona in ("participant2", "mentor2", "supervisor", "supervisor2", "outsider"):
        response = login_client(getattr(personas, persona)).get("/api/v1/threads")
        assert_valid_response(response)
        assert all(t["participant"]["display_name"] != "Pat Participant" for t in response.json()), persona
