"""The demo's workspace: each role opens a realistic, humane day right away."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.alerts.models import Alert, AlertEventKind, AlertKind, AlertStatus, EscalationPlaybook, OnCallShift
from alongside.alerts.selectors import coverage_gaps
from alongside.conftest import login_client
from alongside.contacts.models import ContactAddendum, ContactNote
from alongside.core.localtime import local_today
from alongside.demo.care import CHRIS, CONTACTS, JORDAN_THREAD
from alongside.demo.seed import seed_demo
from alongside.messaging.models import MentorWorkingHours, Message, Thread, ThreadRead
from alongside.organizations.models import Membership, Program
from alongside.signals.models import SignalSettings
from alongside.signals.needs import ReasonCode
from alongside.signals.rules import SignalCode, SignalConfig
from alongside.supervision.models import (
    BoundaryConcern,
    ConcernStatus,
    SessionKind,
    SupervisionSession,
    WellbeingCheck,
)
from alongside.workspace.selectors import caseload_today, team_overview


@pytest.fixture
def demo(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    seed_demo()


def _member(email_local: str) -> Membership:
    return Membership.objects.select_related("user", "organization", "program").get(
        user__email=f"{email_local}@demo.alongside.test", organization__slug="riverbend"
    )


def test_the_demo_mentors_today_lists_people_with_different_reasons(demo: None) -> None:
    today = caseload_today(viewer=_member("mentor"))
    reasons = {row.participant.user.display_name: {r.code for r in row.need.reasons} for row in today.rows}
    # Lee's open outreach alert is their ask for outreach: one reason, not two.
    assert ReasonCode.OUTREACH in reasons["Lee Nguyen"] and ReasonCode.ALERT not in reasons["Lee Nguyen"]
    assert SignalCode.CRAVING_RISING in reasons["Camila Herrera"]
    assert {SignalCode.MISSED_CHECKINS, ReasonCode.STEP_OVERDUE} <= reasons["Dana Okafor"]
    assert reasons["Rosa Méndez"] == {ReasonCode.NO_CONTACT}
    assert reasons["Jordan Rivera"] == {ReasonCode.MILESTONE}
    assert len(set().union(*reasons.values())) >= 6
    rows = {row.participant.user.display_name: row for row in today.rows}
    assert rows["Rosa Méndez"].need.days_without_contact == 10
    assert rows["Jordan Rivera"].need.upcoming_milestone is not None
    assert rows["Jordan Rivera"].need.upcoming_milestone.key == "d90"
    assert rows["Jordan Rivera"].unread_messages == 1
    # Whoever needs their mentor most comes first; the celebration last.
    assert today.rows[0].participant.user.display_name == "Lee Nguyen"
    assert today.rows[-1].participant.user.display_name == "Jordan Rivera"


def test_the_supervisors_team_shows_a_wellbeing_flag_a_lighter_cap_and_an_overdue_follow_up(demo: None) -> None:
    team = team_overview(viewer=_member("supervisor"))
    assert [m.mentor.user.display_name for m in team.flagged_mentors] == ["Luz Ortiz"]
    flagged = team.flagged_mentors[0].wellbeing
    assert flagged is not None and flagged.reasons and flagged.trend == "worse"
    mentors = {m.mentor.user.display_name: m for m in team.mentors}
    assert mentors["Ben Carter"].cap == 6 and mentors["Ben Carter"].caseload == 5
    assert mentors["Chris Delgado"].overdue_follow_ups == 1
    assert mentors["Chris Delgado"].open_alerts >= 2  # Lee's outreach, Camila's acknowledged signal


def test_the_demo_mentor_has_notes_with_follow_ups_and_a_warm_conversation(demo: None) -> None:
    mentor, jordan = _member("mentor"), _member("participant")
    today = local_today(mentor)
    notes = ContactNote.objects.filter(mentor=mentor)
    assert notes.count() == sum(1 for c in CONTACTS if c.mentor == CHRIS)
    assert notes.filter(participant=jordan, follow_up_on=today).count() == 1
    assert notes.filter(follow_up_on__lt=today).count() == 1  # Rosa's, overdue
    assert notes.filter(follow_up_on__gt=today).exists()
    assert ContactAddendum.objects.filter(note__participant=jordan, author=mentor).count() == 1
    assert all(local_today(mentor, note.created_at) == note.occurred_on for note in notes)  # written on the day

    thread = Thread.objects.get(participant=jordan)
    messages = list(Message.objects.filter(thread=thread).order_by("pk"))
    assert [m.body for m in messages] == [text for *_when, text in JORDAN_THREAD]
    assert {m.sender_id for m in messages} == {mentor.pk, jordan.pk}
    assert not any(m.is_crisis or m.held_until for m in messages)
    assert [m.created_at for m in messages] == sorted(m.created_at for m in messages)
    reads = {r.member_id: r.last_read_message_id for r in ThreadRead.objects.filter(thread=thread)}
    assert reads[jordan.pk] == messages[-1].pk  # Jordan has seen every reply
    assert reads[mentor.pk] == messages[-2].pk  # this morning's message waits for the mentor
    assert MentorWorkingHours.objects.filter(mentor=mentor).count() == 6


def test_the_demo_has_an_open_outreach_alert_and_an_acknowledged_one(demo: None) -> None:
    lee, camila, mentor = _member("lee.nguyen"), _member("participant2"), _member("mentor")
    outreach = Alert.objects.get(participant=lee, kind=AlertKind.OUTREACH_REQUESTED)
    assert outreach.status == AlertStatus.OPEN and outreach.source.startswith("checkin:")
    acknowledged = Alert.objects.get(participant=camila, status=AlertStatus.ACKNOWLEDGED)
    assert acknowledged.acknowledged_by == mentor and acknowledged.escalation_due_at is None
    kinds = list(acknowledged.events.values_list("kind", flat=True))
    assert kinds == [AlertEventKind.RAISED, AlertEventKind.ACKNOWLEDGED, AlertEventKind.NOTE]


def test_every_program_has_a_playbook_default_signals_and_a_covered_week(demo: None) -> None:
    now = timezone.now()
    for program in Program.objects.filter(organization__slug="riverbend"):
        assert EscalationPlaybook.objects.filter(program=program).exists()
        assert SignalSettings.objects.get(program=program).config() == SignalConfig.default()
        assert coverage_gaps(program=program, start=now, end=now + dt.timedelta(days=7)) == []
        on_call = set(OnCallShift.objects.filter(program=program).values_list("person__role", flat=True))
        assert on_call <= {"mentor", "supervisor"}
    assert Program.objects.get(name="Riverbend Campus Recovery").contact_expected_days == 14


def test_the_mentors_have_supervision_wellbeing_checks_and_a_boundary_concern(demo: None) -> None:
    chris, luz, ben = _member("mentor"), _member("luz.ortiz"), _member("ben.carter")
    sessions = SupervisionSession.objects.filter(supervisor=_member("supervisor"))
    assert set(sessions.values_list("kind", flat=True)) == {SessionKind.INDIVIDUAL, SessionKind.GROUP}
    group = sessions.get(kind=SessionKind.GROUP)
    assert set(group.attendances.values_list("mentor_id", flat=True)) == {chris.pk, luz.pk, ben.pk}
    for mentor in (chris, luz, ben):
        assert WellbeingCheck.objects.filter(mentor=mentor).exists()
    concern = BoundaryConcern.objects.get(mentor=chris)
    assert concern.status == ConcernStatus.OPEN and concern.participant == _member("rosa.mendez")
    assert BoundaryConcern.objects.get(mentor=ben).status == ConcernStatus.ACKNOWLEDGED


def test_each_role_opens_their_workspace_pages(demo: None) -> None:
    mentor = login_client(_member("mentor"))
    page = mentor.get(reverse("workspace:today")).content.decode()
    assert "Lee Nguyen" in page and "Asked for someone to reach out" in page
    lee = _member("lee.nguyen")
    assert mentor.get(reverse("workspace:participant", args=[lee.pk])).status_code == 200
    jordan = _member("participant")
    thread_page = mentor.get(reverse("messaging:thread_for_participant", args=[jordan.pk]), follow=True)
    assert "Any time after 3" in thread_page.content.decode()
    team = login_client(_member("supervisor")).get(reverse("workspace:team")).content.decode()
    assert "Luz Ortiz" in team
    thread = Thread.objects.get(participant=jordan)
    assert (
        "That is how it starts"
        in login_client(jordan).get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    )


# Words the product never uses about people in recovery, and anything that looks like a phone number
# other than a crisis line.
_STIGMA = re.compile(r"\b(addicts?|junkies?|clean|dirty|abusers?|relapsed)\b", re.IGNORECASE)
_PHONE = re.compile(r"\d{3}[-. )]*\d{3}[-. ]*\d{4}")


def test_the_demo_text_is_person_first_and_has_no_real_phone_numbers(demo: None) -> None:
    texts = [n.summary for n in ContactNote.objects.all()] + [n.agreed for n in ContactNote.objects.all()]
    texts += [a.text for a in ContactAddendum.objects.all()] + [m.body for m in Message.objects.all()]
    texts += [s.notes for s in SupervisionSession.objects.all()] + [
        s.follow_ups for s in SupervisionSession.objects.all()
    ]
    texts += [w.note for w in WellbeingCheck.objects.all()] + [c.details for c in BoundaryConcern.objects.all()]
    texts += [c.response for c in BoundaryConcern.objects.all()]
    texts += [e.text for e in Alert.objects.get(status=AlertStatus.ACKNOWLEDGED).events.all()]
    assert len(texts) > 30
    for text in texts:
        assert not _STIGMA.search(text), text
        assert not _PHONE.search(text), text


def test_seeding_again_adds_nothing(demo: None) -> None:
    models = (ContactNote, ContactAddendum, Message, ThreadRead, Alert, OnCallShift, EscalationPlaybook)
    models += (SignalSettings, SupervisionSession, WellbeingCheck, BoundaryConcern, MentorWorkingHours)
    before = {model: model.objects.count() for model in models}
    assert seed_demo()["created"] == 0
    assert {model: model.objects.count() for model in models} == before
