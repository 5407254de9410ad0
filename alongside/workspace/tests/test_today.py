"""A mentor's "today": their caseload ordered by need, with plain reasons, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import NotAllowed
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership
from alongside.signals.needs import ReasonCode
from alongside.signals.rules import SignalCode
from alongside.workspace.selectors import caseload_today
from alongside.workspace.tests.conftest import caught_up, checkin, contact, goal_with_overdue_step, recovery_start

AsPersona = Callable[[str], Client]
URL = reverse("workspace:today")


def _names_in_order(content: bytes) -> list[str]:
    return re.findall(r'<h2 class="caseload-name"[^>]*><a [^>]*>([^<]+)</a>', content.decode())


def test_it_ranks_the_caseload_by_need(personas: Personas, as_persona: AsPersona) -> None:
    contact(personas.mentor, personas.participant, 1)
    contact(personas.mentor, personas.participant2, 1)
    checkin(personas.participant2, 0, wants_outreach=True, craving=8)
    caught_up()
    response = as_persona("mentor").get(URL)
    assert response.status_code == 200
    assert _names_in_order(response.content) == ["Paz Participant", "Pat Participant"]
    content = response.content.decode()
    assert "Asked for someone to reach out" in content
    assert "The latest check-in says 8 out of 10." in content  # the program's craving threshold: 8 by default
    assert "Nothing stands out today." in content  # Pat


def test_it_shows_every_kind_of_reason(personas: Personas) -> None:
    p = personas.participant
    personas.match.started_at = timezone.now() - dt.timedelta(days=40)
    personas.match.save()
    for n in range(3, 35):
        checkin(p, n, mood=5)
    checkin(p, 0, mood=2, craving=9, used=True, wants_outreach=True)
    goal_with_overdue_step(p)
    recovery_start(p, 29)
    from alongside.alerts.services import alert_raise

    alert_raise(participant=p, kind="outreach_requested", reason="Asked for outreach", notify_mentor=False)
    caught_up()
    row = next(r for r in caseload_today(viewer=personas.mentor).rows if r.participant == p)
    # The check-in's signs are the early-warning signals, weighed with the program's weights (x10);
    # the alert for the ask for outreach is that ask, counted once (no second "open alert" reason).
    assert [r.code for r in row.need.reasons] == [
        ReasonCode.OUTREACH,
        SignalCode.CRAVING_RISING,
        SignalCode.REPORTED_USE,
        SignalCode.MOOD_DROP,
        SignalCode.MISSED_CHECKINS,
        ReasonCode.NO_CONTACT,
        ReasonCode.STEP_OVERDUE,
        ReasonCode.MILESTONE,
    ]
    assert row.score == 50 + 30 + 30 + 20 + 20 + 10 + 5 + 3


def test_no_contact_is_counted_from_the_match_when_there_has_been_none(personas: Personas) -> None:
    personas.match.started_at = timezone.now() - dt.timedelta(days=10)
    personas.match.save()
    caught_up()
    rows = {r.participant.pk: r for r in caseload_today(viewer=personas.mentor).rows}
    assert [r.text for r in rows[personas.participant.pk].need.reasons] == ["No contact yet, matched 10 days ago"]
    contact(personas.mentor, personas.participant, 2)
    caught_up()
    rows = {r.participant.pk: r for r in caseload_today(viewer=personas.mentor).rows}
    assert rows[personas.participant.pk].need.reasons == []


def test_the_programs_expected_days_between_contacts_apply(personas: Personas) -> None:
    personas.match.started_at = timezone.now() - dt.timedelta(days=30)
    personas.match.save()
    contact(personas.mentor, personas.participant, 4)
    caught_up()
    row = next(r for r in caseload_today(viewer=personas.mentor).rows if r.participant == personas.participant)
    assert row.need.reasons == []  # the default: 7 days
    personas.program.contact_expected_days = 3
    personas.program.save()
    caught_up()
    row = next(r for r in caseload_today(viewer=personas.mentor).rows if r.participant == personas.participant)
    assert [r.text for r in row.need.reasons] == ["No contact for 4 days"]


def test_each_person_is_one_click_from_a_message_or_a_contact_note(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    content = as_persona("mentor").get(URL).content.decode()
    for p in (personas.participant, personas.participant2):
        assert reverse("messaging:thread_for_participant", args=[p.pk]) in content
        assert reverse("contacts:new", args=[p.pk]) in content
        assert reverse("workspace:participant", args=[p.pk]) in content


def test_it_shows_unread_messages(personas: Personas, as_persona: AsPersona) -> None:
    from alongside.messaging.services import message_send, thread_open

    thread = thread_open(viewer=personas.participant, participant=personas.participant)
    message_send(viewer=personas.participant, thread=thread, body="Are you free later?")
    caught_up()
    content = as_persona("mentor").get(URL).content.decode()
    assert "1 unread message" in content
    assert "Are you free later?" not in content


def test_it_explains_the_order(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    content = as_persona("mentor").get(URL).content.decode()
    assert "How this list is ordered" in content
    assert "Asked for someone to reach out (today or yesterday)" in content


def test_it_audits_the_caseload_view_for_each_participant_in_one_insert(
    personas: Personas, as_persona: AsPersona, grow_caseload: Callable[..., list[Membership]]
) -> None:
    extra = grow_caseload(3)
    caught_up()
    as_persona("mentor").get(URL)
    entries = list(AuditEntry.objects.filter(action="caseload.viewed"))
    assert {e.actor for e in entries} == {personas.mentor.user}
    assert sorted(e.subject_id for e in entries) == sorted(
        [personas.participant.pk, personas.participant2.pk, *(p.pk for p in extra)]
    )
    assert not AuditEntry.objects.filter(action__in=["checkin.viewed", "contact.viewed", "goals.viewed"]).exists()


def test_it_runs_the_same_number_of_queries_for_3_and_12_participants(
    personas: Personas, as_persona: AsPersona, grow_caseload: Callable[..., list[Membership]]
) -> None:
    mentor = as_persona("mentor")
    grow_caseload(1)  # 3 in all
    caught_up()
    mentor.get(URL)  # warm the session and anything cached per process
    with CaptureQueriesContext(connection) as three:
        response = mentor.get(URL)
    assert len(_names_in_order(response.content)) == 3
    grow_caseload(9)  # 12 in all
    with CaptureQueriesContext(connection) as twelve:
        response = mentor.get(URL)
    assert len(_names_in_order(response.content)) == 12
    assert len(twelve.captured_queries) == len(three.captured_queries)


# The caseload, one query; each person's caseload state, one; their crisis alerts read live, one;
# the program's signal weights (for "how this list is ordered"), one; and the one audit entry.
CASELOAD_QUERIES = 5


@pytest.mark.parametrize("size", [3, 12])
def test_the_selector_runs_a_pinned_number_of_queries(
    personas: Personas,
    grow_caseload: Callable[..., list[Membership]],
    django_assert_num_queries: Callable[[int], AbstractContextManager[object]],
    size: int,
) -> None:
    grow_caseload(size - 2)
    with django_assert_num_queries(CASELOAD_QUERIES):
        caseload = caseload_today(viewer=personas.mentor)
    assert len(caseload.rows) == size


def test_participants_in_other_time_zones_are_judged_by_their_own_day(personas: Personas) -> None:
    user = personas.participant2.user
    user.time_zone = "Pacific/Kiritimati"  # UTC+14: often already tomorrow
    user.save()
    now = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)  # Chicago 06:00 on the 10th, Kiritimati 02:00 on the 11th
    personas.participant2.refresh_from_db()
    assert local_today(personas.participant2, now) == dt.date(2026, 3, 11)
    from alongside.checkins.models import CheckIn

    CheckIn.objects.create(
        organization=personas.org,
        participant=personas.participant2,
        local_date=dt.date(2026, 3, 10),
        mood=3,
        craving=2,
        wants_outreach=True,
    )
    CheckIn.objects.create(
        organization=personas.org,
        participant=personas.participant,
        local_date=dt.date(2026, 3, 8),
        mood=3,
        craving=2,
        wants_outreach=True,
    )
    caught_up(now)
    rows = {r.participant.pk: r for r in caseload_today(viewer=personas.mentor, now=now).rows}
    # Yesterday for the participant in Kiritimati still counts; two days ago in Chicago does not.
    assert ReasonCode.OUTREACH in [r.code for r in rows[personas.participant2.pk].need.reasons]
    assert ReasonCode.OUTREACH not in [r.code for r in rows[personas.participant.pk].need.reasons]


@pytest.mark.parametrize("persona", ["supervisor", "supervisor2", "admin", "participant", "participant2"])
def test_it_is_for_mentors(as_persona: AsPersona, persona: str) -> None:
    caught_up()
    assert as_persona(persona).get(URL).status_code == 403


def test_it_refuses_non_mentors_in_the_selector(personas: Personas) -> None:
    with pytest.raises(NotAllowed):
        caseload_today(viewer=personas.supervisor)


def test_another_mentor_sees_only_their_own_caseload(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    response = as_persona("mentor2").get(URL)
    assert response.status_code == 200
    assert b"Pat Participant" not in response.content and b"Nobody is matched with you yet" in response.content
    caught_up()
    outsider = as_persona("outsider").get(URL)  # a mentor in another organization: their own caseload
    assert outsider.status_code == 200
    assert b"Omar Other" in outsider.content and b"Pat Participant" not in outsider.content


def test_the_mentors_home_leads_to_today(personas: Personas, as_persona: AsPersona) -> None:
    content = as_persona("mentor").get(reverse("pages:home")).content.decode()
    assert reverse("workspace:today") in content
