"""Crisis language where people write it: check-in notes and journal entries (messages are
covered in alongside/messaging/tests). A human is alerted at once, never with the words; the
participant sees the crisis lines and their safety plan right after saving."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from alongside.alerts.models import Alert, AlertEvent, AlertKind, AlertSeverity
from alongside.alerts.services import alert_resolve
from alongside.audit.models import AuditEntry
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Personas, login_client
from alongside.core.localtime import local_today
from alongside.core.testing.openapi import assert_valid_response
from alongside.crisis_language import CrisisCategory, _reason, check
from alongside.crisis_language.support import crisis_support
from alongside.journal.models import JournalEntry
from alongside.journal.services import journal_entry_create, journal_entry_update
from alongside.notifications.models import Notification, OutboxMessage
from alongside.organizations.services import match_end
from alongside.safety.services import ContactInput, safety_plan_save, support_contact_create

# A marker no template or reason contains, so "the text leaked" is a plain substring check.
SECRET = "Marigold"
CRISIS_NOTE = f"I can't go on anymore. {SECRET} knows why."
CRISIS_ENTRY = f"Dear journal, {SECRET} again. I just want it all to end."
CHECKIN_FORM = {"mood": "1", "craving": "8", "sleep_quality": "2", "used": "no", "local_date": ""}
HELP = ("You are not alone", "tel:988", "sms:988", "tel:18006624357", "741741", "tel:911")


def crisis_alerts(personas: Personas) -> list[Alert]:
    return list(Alert.objects.filter(participant=personas.participant, kind=AlertKind.CRISIS_LANGUAGE))


def assert_no_text_left_the_record() -> None:
    """The words stay in the encrypted entry or note: nowhere a mentor, an email or a log sees."""
    for alert in Alert.objects.all():
        assert SECRET not in alert.reason
    for event in AlertEvent.objects.all():
        assert SECRET not in event.text
    for notification in Notification.objects.all():
        assert SECRET not in notification.title + notification.body + notification.link
    for message in OutboxMessage.objects.all():
        assert SECRET not in message.subject + message.body
    for entry in AuditEntry.objects.all():
        assert SECRET not in str(entry.extra) + entry.target_label


def told(personas: Personas) -> set[str]:
    notified = Notification.objects.filter(kind="crisis_language", urgent=True)
    return {n.recipient.email for n in notified}


# --- Check-ins ------------------------------------------------------------------------------


def test_a_checkin_note_with_crisis_language_alerts_at_once_and_shows_the_participant_help(
    personas: Personas,
) -> None:
    client = login_client(personas.participant)
    response = client.post(
        reverse("checkins:checkin"), {**CHECKIN_FORM, "note": CRISIS_NOTE, "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 302 and response["Location"] == reverse("checkins:history")
    [alert] = crisis_alerts(personas)
    checkin = personas.participant.checkins.get()  # type: ignore[attr-defined]
    assert (alert.severity, alert.source) == (AlertSeverity.CRISIS, f"checkin:{checkin.pk}")
    assert alert.reason.startswith("Crisis language was detected in a check-in note.")
    assert "hopelessness" in alert.reason
    assert told(personas) == {"mentor@example.test", "supervisor@example.test"}
    assert_no_text_left_the_record()

    page = client.get(response["Location"]).content.decode()
    for text in (*HELP, reverse("safety:plan"), "Your mentor has been told you may be going through something hard"):
        assert text in page, text
    assert "You are not alone" not in client.get(reverse("checkins:history")).content.decode()  # shown once


def test_a_normal_note_raises_nothing_and_shows_no_crisis_support(personas: Personas) -> None:
    client = login_client(personas.participant)
    client.post(
        reverse("checkins:checkin"),
        {**CHECKIN_FORM, "mood": "4", "note": "this craving is killing me but I went to a meeting"},
    )
    assert not crisis_alerts(personas)
    assert not Notification.objects.filter(kind="crisis_language").exists()
    assert "You are not alone" not in client.get(reverse("checkins:history")).content.decode()


def test_only_a_new_or_changed_note_is_checked(personas: Personas) -> None:
    today = local_today(personas.participant)

    def record(mood: int, note: str) -> None:
        checkin_record(participant=personas.participant, data=CheckInInput(mood=mood, craving=5, note=note))

    record(2, CRISIS_NOTE)
    [alert] = crisis_alerts(personas)
    alert_resolve(viewer=personas.mentor, alert=alert, note="Called, we talked it through, made a plan for tonight.")
    record(3, CRISIS_NOTE)  # the same note, a new mood: nothing new to tell
    assert len(crisis_alerts(personas)) == 1
    record(3, "no quiero vivir así")  # a changed note: a new alert after the old one was resolved
    assert len(crisis_alerts(personas)) == 2
    assert personas.participant.checkins.get().local_date == today  # type: ignore[attr-defined]


def test_a_checkin_over_the_api_says_to_show_the_crisis_support(personas: Personas) -> None:
    client = login_client(personas.participant)
    body = {"mood": 1, "craving": 9, "note": CRISIS_NOTE, "client_id": str(uuid.uuid4())}
    response = client.post("/api/v1/checkins", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert_valid_response(response)
    assert response.json()["show_crisis_support"] is True
    replay = client.post("/api/v1/checkins", body, content_type="application/json")
    assert_valid_response(replay)
    assert replay.json()["show_crisis_support"] is True and len(crisis_alerts(personas)) == 1
    other = login_client(personas.participant2)
    calm = other.post(
        "/api/v1/checkins", {"mood": 4, "craving": 1, "note": "good day"}, content_type="application/json"
    )
    assert_valid_response(calm)
    assert calm.json()["show_crisis_support"] is False


# --- Journal --------------------------------------------------------------------------------


def test_a_private_journal_entry_tells_the_mentor_that_crisis_language_was_detected_never_the_text(
    personas: Personas,
) -> None:
    client = login_client(personas.participant)
    response = client.post(reverse("journal:new"), {"text": CRISIS_ENTRY, "client_id": str(uuid.uuid4())})
    entry = JournalEntry.objects.get()
    assert response["Location"] == reverse("journal:detail", args=[entry.pk]) and not entry.shared_with_mentor
    [alert] = crisis_alerts(personas)
    assert alert.source == f"journal:{entry.pk}"
    assert alert.reason.startswith("Crisis language was detected in a private journal entry.")
    assert told(personas) == {"mentor@example.test", "supervisor@example.test"}
    for notification in Notification.objects.filter(kind="crisis_language"):
        assert notification.link == reverse("alerts:detail", args=[alert.pk])  # never the private entry
    assert OutboxMessage.objects.filter(notification__kind="crisis_language").exists()
    assert_no_text_left_the_record()
    audit = AuditEntry.objects.get(action="crisis_language.detected")
    assert audit.extra["private"] is True and audit.extra["category"] == CrisisCategory.SUICIDAL_IDEATION

    page = client.get(response["Location"]).content.decode()
    for text in (*HELP, "Your journal entry stays private: no one was shown what you wrote."):
        assert text in page, text
    # The mentor still cannot open the entry.
    assert login_client(personas.mentor).get(reverse("journal:detail", args=[entry.pk])).status_code == 404


def test_a_shared_journal_entry_leads_the_mentor_to_the_shared_entries_without_the_text(
    personas: Personas,
) -> None:
    journal_entry_create(participant=personas.participant, text=CRISIS_ENTRY, share=True)
    [alert] = crisis_alerts(personas)
    assert alert.reason.startswith("Crisis language was detected in a journal entry they shared with their mentor.")
    links = {n.link for n in Notification.objects.filter(kind="crisis_language")}
    assert links == {reverse("journal:participant_shared", args=[personas.participant.pk])}
    assert_no_text_left_the_record()


def test_editing_an_entry_into_crisis_language_alerts_and_shows_help(personas: Personas) -> None:
    entry, _created = journal_entry_create(participant=personas.participant, text="a calm evening")
    assert not crisis_alerts(personas)
    client = login_client(personas.participant)
    response = client.post(reverse("journal:edit", args=[entry.pk]), {"text": CRISIS_ENTRY, "prompt": ""})
    assert len(crisis_alerts(personas)) == 1
    assert "You are not alone" in client.get(response["Location"]).content.decode()
    journal_entry_update(participant=personas.participant, entry=entry, text=CRISIS_ENTRY, prompt="wins")
    assert len(crisis_alerts(personas)) == 1  # the same text again: nothing new
    assert_no_text_left_the_record()


def test_a_journal_entry_over_the_api_says_to_show_the_crisis_support(personas: Personas) -> None:
    client = login_client(personas.participant)
    created = client.post("/api/v1/journal", {"text": "ya no aguanto más"}, content_type="application/json")
    assert created.status_code == 201
    assert_valid_response(created)
    assert created.json()["show_crisis_support"] is True
    patched = client.patch(
        f"/api/v1/journal/{created.json()['id']}", {"text": "better now, walked"}, content_type="application/json"
    )
    assert_valid_response(patched)
    assert patched.json()["show_crisis_support"] is False
    assert len(crisis_alerts(personas)) == 1


# --- Without a mentor, and the support shown -------------------------------------------------


def test_without_a_matched_mentor_the_escalation_tells_someone(personas: Personas) -> None:
    match_end(viewer=personas.admin, match=personas.match)
    client = login_client(personas.participant)
    response = client.post(reverse("journal:new"), {"text": "I want to die", "client_id": str(uuid.uuid4())})
    [alert] = crisis_alerts(personas)
    assert Notification.objects.filter(alert=alert).exists()  # the playbook's next step was told
    page = client.get(response["Location"]).content.decode()
    assert "Someone from your support team has been told" in page


def test_the_support_shows_the_participants_own_safety_plan(personas: Personas) -> None:
    safety_plan_save(
        participant=personas.participant,
        sections={"coping": ["Walk to the river", "Call my sister"], "reasons": ["My daughter"]},
    )
    support_contact_create(
        participant=personas.participant,
        data=ContactInput(name="Rosa", relationship="friend", phone="+1 312 555 0100", can_call_in_crisis=True),
    )
    support = crisis_support(participant=personas.participant)
    assert support.has_mentor and support.coping == ["Walk to the river", "Call my sister"]
    assert support.reasons == ["My daughter"]
    assert [(c.name, c.tel) for c in support.contacts] == [("Rosa", "+13125550100")]
    client = login_client(personas.participant)
    client.post(reverse("checkins:checkin"), {**CHECKIN_FORM, "note": "no puedo más"})
    page = client.get(reverse("checkins:history")).content.decode()
    for text in ("Walk to the river", "My daughter", "tel:+13125550100", "Call Rosa"):
        assert text in page, text


# --- The hook itself -------------------------------------------------------------------------


def test_check_calls_the_hook_with_the_category(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, object]] = []
    monkeypatch.setattr("alongside.crisis_language.on_crisis_detected", lambda **kwargs: calls.append(kwargs))
    assert check(participant=personas.participant, text="a good day", source="checkin", source_id=1) is None
    match = check(participant=personas.participant, text="goodbye forever", source="journal", source_id=7, private=True)
    assert match is not None and match.category == CrisisCategory.GOODBYE
    assert calls == [
        {
            "participant": personas.participant,
            "source": "journal",
            "source_id": 7,
            "category": CrisisCategory.GOODBYE,
            "private": True,
            "link": "",
        }
    ]


@pytest.mark.parametrize(
    ("source", "private", "start"),
    [
        ("message", False, "Crisis language was detected in a message."),
        ("checkin", False, "Crisis language was detected in a check-in note."),
        ("journal", True, "Crisis language was detected in a private journal entry."),
        ("journal", False, "Crisis language was detected in a journal entry they shared with their mentor."),
        ("elsewhere", False, "Something they wrote may mean they are in crisis."),
    ],
)
def test_the_alert_reason_says_where_and_what_about_in_plain_words(source: str, private: bool, start: str) -> None:
    reason = _reason(source, CrisisCategory.SELF_HARM, private)
    assert reason.startswith(start) and reason.endswith("What it may be about: self-harm.")
    assert _reason(source, None, private) == reason.removesuffix(" What it may be about: self-harm.")


def test_a_second_crisis_while_the_alert_is_open_joins_it_without_a_second_notification(
    personas: Personas,
) -> None:
    checkin_record(participant=personas.participant, data=CheckInInput(mood=1, craving=9, note="I want to die"))
    yesterday = local_today(personas.participant) - dt.timedelta(days=1)
    checkin_record(
        participant=personas.participant,
        data=CheckInInput(mood=1, craving=9, note="quiero morir", local_date=yesterday),
    )
    [alert] = crisis_alerts(personas)
    assert alert.events.count() == 2  # raised, then raised again
    assert Notification.objects.filter(kind="crisis_language", recipient=personas.mentor.user).count() == 1


def test_new_crisis_words_after_the_alert_was_acknowledged_tell_the_mentor_again(personas: Personas) -> None:
    """Acknowledged is not resolved: days later, new crisis words must reach a person again."""
    from alongside.alerts.models import AlertEventKind, AlertStatus, EscalationStep
    from alongside.alerts.services import alert_acknowledge

    checkin_record(participant=personas.participant, data=CheckInInput(mood=1, craving=9, note="I want to die"))
    [alert] = crisis_alerts(personas)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    journal_entry_create(participant=personas.participant, text=CRISIS_ENTRY)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert alert.events.filter(kind=AlertEventKind.REOPENED).count() == 1
    assert Notification.objects.filter(kind="crisis_language", recipient=personas.mentor.user).count() == 2
    step = EscalationStep.objects.get(alert=alert, round=1, index=1)
    assert step.recipient == personas.mentor and step.notification_id is not None
    assert_no_text_left_the_record()


def test_the_mentors_notification_belongs_to_the_alerts_escalation(personas: Personas) -> None:
    """So a failed delivery to the mentor moves the alert on at once (on_delivery_exhausted)."""
    from alongside.alerts.models import EscalationStep

    checkin_record(participant=personas.participant, data=CheckInInput(mood=1, craving=9, note=CRISIS_NOTE))
    [alert] = crisis_alerts(personas)
    step = EscalationStep.objects.get(alert=alert, index=1)
    mentor_notification = Notification.objects.get(recipient=personas.mentor.user, alert=alert)
    assert step.recipient == personas.mentor and step.notification_id == mentor_notification.pk
    assert mentor_notification.kind == "crisis_language" and mentor_notification.urgent
    heads_up = Notification.objects.get(recipient=personas.supervisor.user)
    assert heads_up.alert == alert  # the supervisor's immediate heads-up is linked to the alert too


def failing_detector(text: str, *, language: str | None = None) -> bool:
    raise RuntimeError("the detector broke")


def test_a_broken_detector_keeps_the_checkin_and_errs_on_the_side_of_telling_someone(
    personas: Personas,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.CRISIS_LANGUAGE_DETECTOR = "alongside.crisis_language.tests.test_crisis_language_wiring.failing_detector"
    checkin_record(participant=personas.participant, data=CheckInInput(mood=3, craving=2, note="a quiet day"))
    assert personas.participant.checkins.count() == 1  # type: ignore[attr-defined]
    [alert] = crisis_alerts(personas)
    assert alert.reason == "Crisis language was detected in a check-in note. What it may be about: a possible crisis."
