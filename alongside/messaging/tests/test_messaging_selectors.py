from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.messaging.selectors import (
    last_message_dates,
    thread_for_viewer,
    thread_messages,
    thread_page,
    thread_poll,
    threads_for,
    unread_counts_for,
)
from alongside.messaging.services import message_send, thread_add_supervisor, thread_mark_read, thread_open
from alongside.messaging.tests.helpers import WEDNESDAY_10AM, send, thread_of
from alongside.organizations.services import match_end


def test_unread_counts_are_per_participant_for_the_viewer_in_one_query(personas: Personas) -> None:
    send(personas, "participant", "one")
    send(personas, "mentor", "a reply")  # replying: read up to here; their own message is never unread
    send(personas, "participant", "two")
    send(personas, "participant", "three")
    thread2 = thread_open(viewer=personas.participant2, participant=personas.participant2)
    message_send(viewer=personas.participant2, thread=thread2, body="hi")
    with CaptureQueriesContext(connection) as queries:
        counts = unread_counts_for(viewer=personas.mentor)
    assert len(queries) == 1
    assert counts == {personas.participant.pk: 2, personas.participant2.pk: 1}
    thread_mark_read(viewer=personas.mentor, thread=thread_of(personas))
    assert unread_counts_for(viewer=personas.mentor) == {personas.participant2.pk: 1}
    assert unread_counts_for(viewer=personas.participant) == {}  # wrote after the reply: read it
    assert unread_counts_for(viewer=personas.participant2) == {}


def test_unread_counts_for_the_participant_and_the_added_supervisor(personas: Personas) -> None:
    send(personas, "mentor", "how are you?")
    assert unread_counts_for(viewer=personas.participant) == {personas.participant.pk: 1}
    assert unread_counts_for(viewer=personas.supervisor) == {}  # not added yet
    thread_add_supervisor(viewer=personas.mentor, thread=thread_of(personas))
    assert unread_counts_for(viewer=personas.supervisor) == {personas.participant.pk: 1}
    assert unread_counts_for(viewer=personas.admin) == {}
    assert unread_counts_for(viewer=personas.mentor2) == {}


def test_unread_counts_stop_when_the_match_ends(personas: Personas) -> None:
    send(personas, "participant", "hello")
    match_end(viewer=personas.supervisor, match=personas.match)
    assert unread_counts_for(viewer=personas.mentor) == {}


def test_last_message_dates_in_one_query(personas: Personas) -> None:
    send(personas, "participant", "earlier", now=WEDNESDAY_10AM)
    send(personas, "mentor", "later", now=WEDNESDAY_10AM + dt.timedelta(hours=2))
    ids = [personas.participant.pk, personas.participant2.pk]
    with CaptureQueriesContext(connection) as queries:
        dates = last_message_dates(participant_ids=ids)
    assert len(queries) == 1
    assert dates == {personas.participant.pk: WEDNESDAY_10AM + dt.timedelta(hours=2)}


def test_the_thread_list_has_a_fixed_number_of_queries(personas: Personas) -> None:
    send(personas, "participant", "one")
    with CaptureQueriesContext(connection) as few:
        threads_for(viewer=personas.mentor)
    thread2 = thread_open(viewer=personas.participant2, participant=personas.participant2)
    message_send(viewer=personas.participant2, thread=thread2, body="hi")
    with CaptureQueriesContext(connection) as more:
        summaries = threads_for(viewer=personas.mentor)
    assert len(few) == len(more)
    assert [s.participant for s in summaries] == [personas.participant2, personas.participant]
    assert [s.unread for s in summaries] == [1, 1]
    assert summaries[0].mentor == personas.mentor


def test_a_staff_member_reading_a_thread_is_audited_the_participant_is_not(personas: Personas) -> None:
    send(personas, "participant", "hello")
    thread = thread_of(personas)
    thread_page(viewer=personas.participant, thread=thread)
    assert not AuditEntry.objects.filter(action="message.viewed").exists()
    thread_page(viewer=personas.mentor, thread=thread)
    thread_messages(viewer=personas.mentor, thread=thread)
    entries = AuditEntry.objects.filter(action="message.viewed", subject=personas.participant)
    assert entries.count() == 2


def test_the_poll_returns_only_newer_messages_and_nothing_when_nothing_changed(personas: Personas) -> None:
    first = send(personas, "participant", "one")
    thread = thread_for_viewer(viewer=personas.mentor, thread_id=first.thread_id)
    page = thread_page(viewer=personas.mentor, thread=thread)
    assert thread_poll(viewer=personas.mentor, thread=thread, after=page.last_id, seen_key=page.seen_key) is None
    second = send(personas, "participant", "two")
    result = thread_poll(viewer=personas.mentor, thread=thread, after=page.last_id, seen_key=page.seen_key)
    assert result is not None
    assert [i.message.pk for i in result.items] == [second.pk] and result.last_id == second.pk


def test_seen_appears_under_the_last_message_the_other_side_read(personas: Personas) -> None:
    first = send(personas, "participant", "one")
    second = send(personas, "participant", "two")
    thread = first.thread
    page = thread_page(viewer=personas.participant, thread=thread)
    assert all(not i.seen_by for i in page.items)
    thread_mark_read(viewer=personas.mentor, thread=thread, message_id=first.pk)
    result = thread_poll(
        viewer=personas.participant, thread=thread, after=second.pk, first=first.pk, seen_key=page.seen_key
    )
    assert result is not None and not result.items
    assert [(i.message.pk, i.seen_by) for i in result.changed] == [(first.pk, ["Maria Mentor"])]
    thread_mark_read(viewer=personas.mentor, thread=thread)
    later = thread_poll(
        viewer=personas.participant, thread=thread, after=second.pk, first=first.pk, seen_key=result.seen_key
    )
    assert later is not None
    assert [(i.message.pk, i.seen_by) for i in later.changed] == [(first.pk, []), (second.pk, ["Maria Mentor"])]


def test_seen_stays_under_the_last_message_they_read_after_they_reply(personas: Personas) -> None:
    question = send(personas, "mentor", "how was the meeting?")
    send(personas, "participant", "good!")  # replying reads everything before it
    page = thread_page(viewer=personas.mentor, thread=question.thread)
    assert [(i.message.body, i.seen_by) for i in page.items] == [
        ("how was the meeting?", ["Pat Participant"]),
        ("good!", []),
    ]
