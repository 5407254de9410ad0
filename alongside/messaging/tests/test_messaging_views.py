from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.messaging.models import MentorWorkingHours, Message, Thread
from alongside.messaging.services import thread_add_supervisor
from alongside.messaging.tests.helpers import WEDNESDAY_8PM, WEDNESDAY_10AM, send, thread_of, weekday_hours
from alongside.organizations.services import match_end


def thread_url(thread: Thread, name: str = "messaging:thread") -> str:
    return reverse(name, args=[thread.pk])


def test_a_participant_goes_from_messages_straight_to_their_thread(personas: Personas) -> None:
    response = login_client(personas.participant).get(reverse("messaging:inbox"))
    thread = Thread.objects.get(participant=personas.participant)
    assert response.status_code == 302 and response["Location"] == thread_url(thread)


def test_the_mentor_sees_their_conversations_with_unread_counts(personas: Personas) -> None:
    send(personas, "participant", "hi Maria")
    page = login_client(personas.mentor).get(reverse("messaging:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pat Participant" in html and "Paz Participant" in html
    assert re.search(r'class="badge">1<span class="visually-hidden"> unread', html)
    assert reverse("messaging:working_hours") in html


def test_admins_are_told_they_do_not_read_messages(personas: Personas) -> None:
    send(personas, "participant", "private words")
    page = login_client(personas.admin).get(reverse("messaging:inbox"))
    assert page.status_code == 200
    assert b"don't read them" in page.content and b"Pat Participant" not in page.content


def test_a_conversation_with_a_plain_form_post_and_redirect(personas: Personas) -> None:
    thread = thread_of(personas)
    client = login_client(personas.participant)
    page = client.get(thread_url(thread))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Messages with Maria Mentor" in html and "Refresh" in html and 'name="client_id"' in html
    assert f'hx-get="{thread_url(thread, "messaging:poll")}?after=0' in html and 'hx-trigger="every 2s"' in html
    response = client.post(thread_url(thread, "messaging:send"), {"body": "Hello!", "client_id": str(uuid.uuid4())})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{thread_url(thread)}?sent={message.pk}#message-{message.pk}"
    assert (message.body, message.sender) == ("Hello!", personas.participant)
    assert "Hello!" in login_client(personas.mentor).get(thread_url(thread)).content.decode()


def test_a_double_submit_of_the_form_makes_one_message(personas: Personas) -> None:
    thread = thread_of(personas)
    client = login_client(personas.participant)
    form = {"body": "once", "client_id": str(uuid.uuid4())}
    client.post(thread_url(thread, "messaging:send"), form)
    client.post(thread_url(thread, "messaging:send"), form)
    assert Message.objects.count() == 1


def test_bad_input_is_shown_next_to_the_field(personas: Personas) -> None:
    thread = thread_of(personas)
    response = login_client(personas.participant).post(thread_url(thread, "messaging:send"), {"body": "x" * 4001})
    assert response.status_code == 400
    assert b"id_body_error" in response.content
    assert not Message.objects.exists()


def test_markup_in_a_message_is_shown_escaped(personas: Personas) -> None:
    message = send(personas, "participant", "<script>alert(1)</script>")
    client = login_client(personas.mentor)
    for url in [thread_url(message.thread), thread_url(message.thread, "messaging:poll") + "?after=0"]:
        html = client.get(url).content
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in html and b"<script>alert(1)" not in html


def test_no_email_or_phone_of_either_side_is_shown(personas: Personas) -> None:
    thread = thread_of(personas)
    thread_add_supervisor(viewer=personas.mentor, thread=thread)
    send(personas, "participant", "hello")
    send(personas, "mentor", "hi")
    people = (personas.participant, personas.mentor, personas.supervisor)
    for n, person in enumerate(people):
        person.user.phone_number = f"+1555010{n:04d}"
        person.user.save(update_fields=["phone_number"])
    emails = [p.user.email for p in people]
    phones = [p.user.phone_number for p in people] + [p.user.phone_number[2:] for p in people]
    crisis_lines = {"tel:988", "tel:18006624357", "tel:911"}
    for persona in ("participant", "mentor", "supervisor"):
        client = login_client(getattr(personas, persona))
        for url in [
            thread_url(thread),
            thread_url(thread, "messaging:poll") + "?after=0",
            reverse("messaging:inbox"),
            reverse("messaging:thread_for_participant", args=[personas.participant.pk]),
        ]:
            html = client.get(url, follow=True).content.decode()
            assert not any(email in html for email in emails), (persona, url)
            assert not any(phone in html for phone in phones), (persona, url)
            assert set(re.findall(r'href="(tel:[^"]*)"', html)) <= crisis_lines


def test_the_poll_returns_only_newer_messages(personas: Personas) -> None:
    first = send(personas, "participant", "first words")
    client = login_client(personas.mentor)
    poll = thread_url(first.thread, "messaging:poll")
    page = client.get(thread_url(first.thread)).content.decode()
    seen_key = re.search(r"seen=([^\"&]*)", page)
    assert seen_key is not None
    unchanged = client.get(f"{poll}?after={first.pk}&from={first.pk}&seen={seen_key.group(1)}")
    assert unchanged.status_code == 204 and unchanged.content == b""
    second = send(personas, "participant", "second words")
    fragment = client.get(f"{poll}?after={first.pk}&from={first.pk}&seen={seen_key.group(1)}")
    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "second words" in html and "first words" not in html
    assert f"after={second.pk}" in html and 'hx-swap-oob="beforeend:#message-list"' in html
    assert client.get(poll).status_code == 400


def test_reading_marks_read_and_the_participant_sees_seen(personas: Personas) -> None:
    message = send(personas, "participant", "are you there?")
    participant = login_client(personas.participant)
    assert b"Seen by" not in participant.get(thread_url(message.thread)).content
    login_client(personas.mentor).get(thread_url(message.thread))
    assert b"Seen by Maria Mentor" in participant.get(thread_url(message.thread)).content
    assert AuditEntry.objects.filter(action="message.viewed", actor=personas.mentor.user).exists()


def test_a_crisis_message_shows_the_sender_the_crisis_lines_and_safety_plan(personas: Personas) -> None:
    thread = thread_of(personas)
    client = login_client(personas.participant)
    response = client.post(thread_url(thread, "messaging:send"), {"body": "I can't go on anymore"}, follow=True)
    html = response.content.decode()
    assert "You are not alone" in html and "Your mentor has been told you may be going through something hard" in html
    assert reverse("safety:plan") in html and "tel:988" in html
    assert Message.objects.get().is_crisis
    staff_view = login_client(personas.mentor).get(thread_url(thread)).content.decode()
    assert "May need support now" in staff_view


def test_outside_working_hours_the_participant_sees_when_to_expect_an_answer(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    weekday_hours(personas)
    thread = thread_of(personas)
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY_8PM)
    client = login_client(personas.participant)
    html = client.get(thread_url(thread)).content.decode()
    assert (
        "Maria Mentor usually replies between 9:00 and 17:00 on weekdays; your message will be waiting for them."
        in html
    )
    assert "Their next working hours start Thursday, 09:00" in html
    assert reverse("safety:plan") in html and reverse("crisis:help") in html
    response = client.post(thread_url(thread, "messaging:send"), {"body": "talk tomorrow?"}, follow=True)
    assert "Your message is saved" in response.content.decode()
    assert "Waiting for their working hours" in response.content.decode()
    assert Message.objects.get().held_until is not None


def test_inside_working_hours_there_is_no_notice(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    weekday_hours(personas)
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY_10AM)
    html = login_client(personas.participant).get(thread_url(thread_of(personas))).content.decode()
    assert "usually replies" not in html


def test_ending_the_match_refuses_the_old_mentor_on_an_open_session(personas: Personas) -> None:
    message = send(personas, "participant", "hello")
    client = login_client(personas.mentor)
    assert client.get(thread_url(message.thread)).status_code == 200
    match_end(viewer=personas.supervisor, match=personas.match)
    assert client.get(thread_url(message.thread)).status_code == 404
    assert client.get(thread_url(message.thread, "messaging:poll") + "?after=0").status_code == 404
    assert client.post(thread_url(message.thread, "messaging:send"), {"body": "still?"}).status_code == 404
    assert client.get(f"/api/v1/threads/{message.thread_id}/messages").status_code == 404
    assert Message.objects.count() == 1


def test_the_supervisor_is_asked_before_joining_and_the_participant_sees_it(personas: Personas) -> None:
    send(personas, "participant", "hello")
    thread = thread_of(personas)
    client = login_client(personas.supervisor)
    join = client.get(reverse("messaging:thread_for_participant", args=[personas.participant.pk]))
    assert join.status_code == 200 and b"Join this conversation" in join.content and b"hello" not in join.content
    assert client.get(thread_url(thread)).status_code == 403
    response = client.post(thread_url(thread, "messaging:add_supervisor"))
    assert response.status_code == 302 and response["Location"] == thread_url(thread)
    assert b"hello" in client.get(thread_url(thread)).content
    participant_view = login_client(personas.participant).get(thread_url(thread)).content.decode()
    assert "Sam Supervisor, Maria Mentor’s supervisor, was added to this conversation" in participant_view


def test_the_mentor_is_offered_to_add_their_supervisor(personas: Personas) -> None:
    thread = thread_of(personas)
    client = login_client(personas.mentor)
    assert b"Add Sam Supervisor to this conversation" in client.get(thread_url(thread)).content
    client.post(thread_url(thread, "messaging:add_supervisor"))
    thread.refresh_from_db()
    assert thread.supervisor == personas.supervisor
    assert b"Add Sam Supervisor" not in client.get(thread_url(thread)).content


def test_adding_a_missing_supervisor_says_why(personas: Personas) -> None:
    personas.mentor.supervisor = None
    personas.mentor.save()
    thread = thread_of(personas)
    response = login_client(personas.mentor).post(thread_url(thread, "messaging:add_supervisor"), follow=True)
    assert b"There is no supervisor to add" in response.content


def test_a_mentor_sets_working_hours(personas: Personas) -> None:
    client = login_client(personas.mentor)
    page = client.get(reverse("messaging:working_hours"))
    assert page.status_code == 200 and b"America/Chicago" in page.content
    form = {"day_0_on": "on", "day_0_start": "09:00", "day_0_end": "17:00", "day_5_on": "on"}
    bad = client.post(reverse("messaging:working_hours"), {**form, "day_5_start": "12:00", "day_5_end": "10:00"})
    assert bad.status_code == 400 and b"id_day_5_end_error" in bad.content
    assert not MentorWorkingHours.objects.exists()
    response = client.post(reverse("messaging:working_hours"), {**form, "day_5_start": "10:00", "day_5_end": "12:00"})
    assert response.status_code == 302
    assert [(h.weekday, h.start, h.end) for h in MentorWorkingHours.objects.all()] == [
        (0, dt.time(9), dt.time(17)),
        (5, dt.time(10), dt.time(12)),
    ]
    again = client.get(reverse("messaging:working_hours")).content.decode()
    assert "you usually reply between 9:00 and 17:00 on Monday and between 10:00 and 12:00 on Saturday" in again
    client.post(reverse("messaging:working_hours"), {})
    assert not MentorWorkingHours.objects.exists()


# --- Access matrix: every route, every persona ---------------------------------------------

OK = {200, 204, 302}
ROUTES = ["thread", "poll", "send", "add_supervisor", "thread_for_participant"]
# persona → expected status class per route ("ok", 403, 404); supervisor before being added.
MATRIX = {
    "participant": {"thread": "ok", "poll": "ok", "send": "ok", "add_supervisor": 403, "thread_for_participant": "ok"},
    "participant2": dict.fromkeys(ROUTES, 404),
    "mentor": dict.fromkeys(ROUTES, "ok"),
    "mentor2": dict.fromkeys(ROUTES, 404),
    "supervisor": {"thread": 403, "poll": 403, "send": 403, "add_supervisor": "ok", "thread_for_participant": "ok"},
    "supervisor2": dict.fromkeys(ROUTES, 404),
    "admin": dict.fromkeys(ROUTES, 404),  # a conversation is not for an admin to know of
    "outsider": dict.fromkeys(ROUTES, 404),
}


def request_route(client, route: str, thread: Thread, personas: Personas):  # type: ignore[no-untyped-def]
    if route == "thread":
        return client.get(thread_url(thread))
    if route == "poll":
        return client.get(thread_url(thread, "messaging:poll") + "?after=0")
    if route == "send":
        return client.post(thread_url(thread, "messaging:send"), {"body": "hello"})
    if route == "add_supervisor":
        return client.post(thread_url(thread, "messaging:add_supervisor"))
    return client.get(reverse("messaging:thread_for_participant", args=[personas.participant.pk]))


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("persona", list(MATRIX))
def test_who_may_use_each_route(personas: Personas, persona: str, route: str) -> None:
    thread = thread_of(personas)
    send(personas, "participant", "the private words")
    response = request_route(login_client(getattr(personas, persona)), route, thread, personas)
    expected = MATRIX[persona][route]
    if expected == "ok":
        assert response.status_code in OK, response.status_code
    else:
        assert response.status_code == expected
        assert b"the private words" not in response.content


@pytest.mark.parametrize("route", ["thread", "poll", "send"])
def test_the_supervisor_takes_part_once_added(personas: Personas, route: str) -> None:
    thread = thread_of(personas)
    thread_add_supervisor(viewer=personas.mentor, thread=thread)
    response = request_route(login_client(personas.supervisor), route, thread, personas)
    assert response.status_code in OK
    supervisor2 = request_route(login_client(personas.supervisor2), route, thread, personas)
    assert supervisor2.status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor", 200), ("mentor2", 200), ("outsider", 200), ("participant", 403), ("supervisor", 403), ("admin", 403)],
)
def test_only_mentors_set_working_hours(personas: Personas, persona: str, status: int) -> None:
    assert login_client(getattr(personas, persona)).get(reverse("messaging:working_hours")).status_code == status


@pytest.mark.parametrize("persona", list(MATRIX))
def test_everyone_with_a_membership_may_open_messages(personas: Personas, persona: str) -> None:
    response = login_client(getattr(personas, persona)).get(reverse("messaging:inbox"))
    assert response.status_code in OK


def test_logged_out_visitors_are_sent_to_log_in(personas: Personas, client) -> None:  # type: ignore[no-untyped-def]
    thread = thread_of(personas)
    response = client.get(thread_url(thread, "messaging:poll") + "?after=0")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_poll_costs_the_same_few_queries_however_long_the_conversation(personas: Personas) -> None:
    first = send(personas, "participant", "hi")
    client = login_client(personas.mentor)
    poll = thread_url(first.thread, "messaging:poll")

    def queries_for_an_empty_poll(after: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{poll}?after={after}&from={after}&seen=").status_code == 204
        return len(queries)

    short = queries_for_an_empty_poll(first.pk)
    for n in range(30):
        last = send(personas, "participant", f"message {n}")
    assert queries_for_an_empty_poll(last.pk) == short <= 10
