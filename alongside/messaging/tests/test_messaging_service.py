from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.urls import reverse

from alongside.alerts.models import Alert
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotAllowed, NotFound
from alongside.crisis_language import CrisisCategory
from alongside.messaging.models import Message, Thread, ThreadRead
from alongside.messaging.services import (
    message_send,
    messages_release_held,
    thread_add_supervisor,
    thread_mark_read,
    thread_open,
)
from alongside.messaging.tests.helpers import (
    THURSDAY_9AM,
    WEDNESDAY_8PM,
    WEDNESDAY_10AM,
    send,
    thread_of,
    weekday_hours,
)
from alongside.notifications.models import Notification, OutboxMessage
from alongside.organizations.models import Match, MatchStatus
from alongside.organizations.services import match_create, match_end


def message_notifications(personas: Personas, who: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=getattr(personas, who).user, kind="message.new"))


def test_it_sends_a_message_and_tells_the_mentor_without_the_text(personas: Personas) -> None:
    message = send(personas, "participant", "Rough morning, but I went to my meeting")
    assert (message.sender, message.is_crisis, message.held_until) == (personas.participant, False, None)
    assert message.notified_at is not None
    [note] = message_notifications(personas, "mentor")
    assert note.title == "New message from Pat Participant"
    assert "meeting" not in note.title + note.body
    assert all("meeting" not in o.body and "meeting" not in o.subject for o in OutboxMessage.objects.all())
    assert not message_notifications(personas, "participant")  # never told about your own message
    assert AuditEntry.objects.filter(action="message.sent", subject=personas.participant).count() == 1


def test_the_text_is_encrypted_at_rest(personas: Personas) -> None:
    message = send(personas, "participant", "my sister's number changed")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM messaging_message WHERE id = %s", [message.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("enc1:") and "sister" not in raw
    assert Message.objects.get(pk=message.pk).body == "my sister's number changed"


def test_a_double_submit_stores_one_message(personas: Personas) -> None:
    thread = thread_of(personas)
    key = uuid.uuid4()
    first, created = message_send(viewer=personas.participant, thread=thread, body="hello", client_id=key)
    again, created_again = message_send(viewer=personas.participant, thread=thread, body="hello", client_id=key)
    assert (created, created_again, first.pk) == (True, False, again.pk)
    assert Message.objects.count() == 1
    assert len(message_notifications(personas, "mentor")) == 1


@pytest.mark.parametrize("body", ["", "   ", "x" * 4001])
def test_it_refuses_empty_or_overlong_messages(personas: Personas, body: str) -> None:
    with pytest.raises(InvalidInput) as info:
        message_send(viewer=personas.participant, thread=thread_of(personas), body=body)
    assert "body" in info.value.field_errors
    assert not Message.objects.exists()


def test_a_message_of_exactly_4000_characters_is_fine(personas: Personas) -> None:
    assert len(send(personas, "participant", "y" * 4000).body) == 4000


def test_one_thread_per_participant(personas: Personas) -> None:
    first = thread_open(viewer=personas.participant, participant=personas.participant)
    second = thread_open(viewer=personas.mentor, participant=personas.participant)
    assert first.pk == second.pk and Thread.objects.count() == 1


@pytest.mark.parametrize(("persona", "error"), [("mentor2", NotFound), ("participant2", NotFound), ("admin", NotFound)])
def test_people_outside_the_conversation_cannot_open_or_write(personas: Personas, persona: str, error: type) -> None:
    thread = thread_of(personas)
    with pytest.raises(error):
        thread_open(viewer=getattr(personas, persona), participant=personas.participant)
    with pytest.raises(error):
        message_send(viewer=getattr(personas, persona), thread=thread, body="hi")
    assert not Message.objects.exists()


def test_the_outsider_cannot_open_a_thread_in_another_organization(personas: Personas) -> None:
    with pytest.raises(NotFound):
        thread_open(viewer=personas.outsider, participant=personas.participant)
    assert not Thread.objects.exists()


def test_a_participant_without_a_mentor_is_told_there_is_nobody_to_write_to_yet(personas: Personas) -> None:
    thread = thread_of(personas)
    match_end(viewer=personas.supervisor, match=personas.match)
    with pytest.raises(InvalidInput):
        message_send(viewer=personas.participant, thread=thread, body="anyone there?")


def test_a_reassignment_moves_the_thread_to_the_new_mentor(personas: Personas) -> None:
    send(personas, "participant", "before the change")
    thread = thread_of(personas)
    match_create(viewer=personas.admin, mentor=personas.mentor2, participant=personas.participant)
    with pytest.raises(NotFound):
        message_send(viewer=personas.mentor, thread=thread, body="still here?")
    reply, _ = message_send(viewer=personas.mentor2, thread=thread, body="Hi, I'm Miguel")
    assert reply.thread == thread
    send(personas, "participant", "nice to meet you")
    assert len(message_notifications(personas, "mentor2")) == 1
    assert len(message_notifications(personas, "mentor")) == 1  # only the message before the change


# --- Working hours -------------------------------------------------------------------------


def test_outside_working_hours_the_mentors_notification_waits_until_their_next_start(personas: Personas) -> None:
    weekday_hours(personas)
    message = send(personas, "participant", "can we talk tomorrow?", now=WEDNESDAY_8PM)
    assert message.held_until == THURSDAY_9AM and message.notified_at is None
    assert not message_notifications(personas, "mentor")
    assert messages_release_held(now=THURSDAY_9AM.replace(hour=8)) == 0
    assert not message_notifications(personas, "mentor")
    assert messages_release_held(now=THURSDAY_9AM) == 1
    [note] = message_notifications(personas, "mentor")
    assert note.title == "New message from Pat Participant"
    message.refresh_from_db()
    assert message.notified_at == THURSDAY_9AM
    assert messages_release_held(now=THURSDAY_9AM) == 0  # released once


def test_inside_working_hours_the_mentor_is_told_at_once(personas: Personas) -> None:
    weekday_hours(personas)
    message = send(personas, "participant", "quick question", now=WEDNESDAY_10AM)
    assert message.held_until is None and len(message_notifications(personas, "mentor")) == 1


def test_the_mentors_own_messages_and_replies_to_the_participant_are_never_held(personas: Personas) -> None:
    weekday_hours(personas)
    message = send(personas, "mentor", "thinking of you tonight", now=WEDNESDAY_8PM)
    assert message.held_until is None and len(message_notifications(personas, "participant")) == 1


def test_a_held_message_the_mentor_already_read_is_released_quietly(personas: Personas) -> None:
    weekday_hours(personas)
    message = send(personas, "participant", "late thought", now=WEDNESDAY_8PM)
    thread_mark_read(viewer=personas.mentor, thread=message.thread)
    assert messages_release_held(now=THURSDAY_9AM) == 1
    assert not message_notifications(personas, "mentor")


def test_a_crisis_message_is_never_held(personas: Personas) -> None:
    weekday_hours(personas)
    message = send(personas, "participant", "I want to die tonight", now=WEDNESDAY_8PM)
    assert message.is_crisis and message.held_until is None and message.notified_at is not None
    assert len(message_notifications(personas, "mentor")) == 1


# --- Crisis language -----------------------------------------------------------------------


def test_a_crisis_message_tells_the_mentor_and_supervisor_at_once_without_the_text(personas: Personas) -> None:
    message = send(personas, "participant", "Honestly I think everyone would be better off without me")
    assert message.is_crisis
    for who in ("mentor", "supervisor"):
        [alert] = Notification.objects.filter(recipient=getattr(personas, who).user, kind="crisis_language")
        assert alert.title == "Pat Participant may need support now"
        assert "better off" not in alert.title + alert.body
    assert OutboxMessage.objects.filter(notification__kind="crisis_language").count() == 2
    entry = AuditEntry.objects.get(action="crisis_language.detected")
    assert entry.extra["source"] == "message" and entry.extra["source_id"] == message.pk
    alert = Alert.objects.get(participant=personas.participant, kind="crisis_language")
    assert "better off" not in alert.reason and alert.source == f"message:{message.pk}"


def test_a_crisis_message_calls_the_hook(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("alongside.crisis_language.on_crisis_detected", lambda **kwargs: calls.append(kwargs))
    message = send(personas, "participant", "quiero morir")
    assert calls == [
        {
            "participant": personas.participant,
            "source": "message",
            "source_id": message.pk,
            "category": CrisisCategory.SUICIDAL_IDEATION,
            "link": reverse("messaging:thread_for_participant", args=[personas.participant.pk]),
        }
    ]


def test_a_mentors_message_is_not_checked_for_crisis_language(personas: Personas) -> None:
    message = send(personas, "mentor", "If you ever think about suicide, call or text 988 any time.")
    assert not message.is_crisis
    assert not Notification.objects.filter(kind="crisis_language").exists()


def test_the_detector_is_pluggable(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRISIS_LANGUAGE_DETECTOR = "alongside.messaging.tests.test_messaging_service.everything_is_a_crisis"
    assert send(personas, "participant", "lovely weather").is_crisis


def everything_is_a_crisis(text: str, *, language: str | None = None) -> bool:
    return True


# --- Read receipts -------------------------------------------------------------------------


def test_read_receipts_move_forward_only(personas: Personas) -> None:
    first = send(personas, "participant", "one")
    second = send(personas, "participant", "two")
    thread = first.thread
    marker = thread_mark_read(viewer=personas.mentor, thread=thread)
    assert marker is not None and marker.last_read_message_id == second.pk
    thread_mark_read(viewer=personas.mentor, thread=thread, message_id=first.pk)
    assert ThreadRead.objects.get(thread=thread, member=personas.mentor).last_read_message_id == second.pk
    with pytest.raises(InvalidInput):
        thread_mark_read(viewer=personas.mentor, thread=thread, message_id=999_999)


# --- The supervisor ------------------------------------------------------------------------


def test_the_mentor_adds_their_supervisor_and_the_participant_is_told(personas: Personas) -> None:
    thread = thread_of(personas)
    with pytest.raises(NotAllowed):
        message_send(viewer=personas.supervisor, thread=thread, body="hello")
    thread_add_supervisor(viewer=personas.mentor, thread=thread)
    thread.refresh_from_db()
    assert (thread.supervisor, thread.supervisor_added_by) == (personas.supervisor, personas.mentor)
    assert Notification.objects.filter(recipient=personas.participant.user, kind="message.supervisor_added").exists()
    assert Notification.objects.filter(recipient=personas.supervisor.user, kind="message.supervisor_added").exists()
    assert AuditEntry.objects.filter(action="thread.supervisor_added", subject=personas.participant).exists()
    message_send(viewer=personas.supervisor, thread=thread, body="Hi Pat, I'm Sam")
    assert len(message_notifications(personas, "participant")) == 1
    assert len(message_notifications(personas, "mentor")) == 1
    thread_add_supervisor(viewer=personas.supervisor, thread=thread)  # again: nothing changes
    assert AuditEntry.objects.filter(action="thread.supervisor_added").count() == 1


def test_the_supervisor_may_add_themselves_but_another_team_may_not(personas: Personas) -> None:
    thread = thread_of(personas)
    with pytest.raises(NotFound):
        thread_add_supervisor(viewer=personas.supervisor2, thread=thread)
    with pytest.raises(NotAllowed):
        thread_add_supervisor(viewer=personas.participant, thread=thread)
    thread_add_supervisor(viewer=personas.supervisor, thread=thread)
    thread.refresh_from_db()
    assert thread.supervisor == personas.supervisor


def test_a_mentor_without_a_supervisor_is_told_so(personas: Personas) -> None:
    personas.mentor.supervisor = None
    personas.mentor.save()
    with pytest.raises(InvalidInput):
        thread_add_supervisor(viewer=personas.mentor, thread=thread_of(personas))


def test_the_added_supervisor_leaves_with_a_reassignment_to_another_team(personas: Personas) -> None:
    thread = thread_of(personas)
    thread_add_supervisor(viewer=personas.mentor, thread=thread)
    match_create(viewer=personas.admin, mentor=personas.mentor2, participant=personas.participant)
    assert Match.objects.get(participant=personas.participant, status=MatchStatus.ACTIVE).mentor == personas.mentor2
    with pytest.raises(NotFound):
        message_send(viewer=personas.supervisor, thread=thread, body="still here?")
