"""Fault test: a crisis alert reaches a person within its time limit when every channel fails
for the mentor — over real SMTP and a real HTTP SMS provider, on a controllable clock."""

from __future__ import annotations

import datetime as dt

from alongside.alerts.escalation import escalations_advance_due
from alongside.alerts.models import EscalationStep
from alongside.alerts.services import crisis_button_press
from alongside.alerts.tests.conftest import T0
from alongside.conftest import Mailbox, Personas
from alongside.notifications.models import Channel, OutboxMessage, OutboxStatus
from alongside.notifications.services import outbox_deliver_due
from alongside.notifications.testing import FakeSmsProvider

MENTOR_PHONE = "+15550101234"
SUPERVISOR_PHONE = "+15550105678"


def test_when_every_channel_fails_for_the_mentor_it_escalates_to_the_supervisor(
    personas: Personas,
    sms_provider: FakeSmsProvider,
    smtp_server: Mailbox,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    for membership, phone in ((personas.mentor, MENTOR_PHONE), (personas.supervisor, SUPERVISOR_PHONE)):
        membership.user.phone_number = phone
        membership.user.save()
    working_mail_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # the mail server is down
    sms_provider.mode = "fail"  # and so is the SMS provider
    alert = crisis_button_press(participant=personas.participant, now=T0)

    moment = T0
    while not EscalationStep.objects.filter(alert=alert, index=2).exists():
        assert moment < T0 + dt.timedelta(minutes=5), "every channel failed, yet no one else was told"
        outbox_deliver_due(now=moment)
        moment += dt.timedelta(seconds=15)
    supervisor_step = EscalationStep.objects.get(alert=alert, index=2)
    assert supervisor_step.recipient == personas.supervisor
    assert supervisor_step.notified_at < T0 + dt.timedelta(minutes=5)  # before the timer would have
    mentor_step = EscalationStep.objects.get(alert=alert, index=1)
    assert mentor_step.delivery_failed_at is not None
    mentor_outbox = OutboxMessage.objects.filter(notification=mentor_step.notification)
    assert set(mentor_outbox.values_list("channel", "status")) == {
        (Channel.SMS, OutboxStatus.FAILED),
        (Channel.EMAIL, OutboxStatus.FAILED),
    }

    # Mail comes back; the supervisor is reached (text still down, so by email), exactly once.
    settings.EMAIL_PORT = working_mail_port
    for seconds in (0, 30, 60, 90):
        outbox_deliver_due(now=moment + dt.timedelta(seconds=seconds))
    subjects = [m["Subject"] for m in smtp_server.to(personas.supervisor.user.email)]
    assert subjects == ["An alert about Pat Participant needs someone now"]
    assert not smtp_server.to(personas.mentor.user.email) and not sms_provider.delivered
    # The supervisor's timer still runs: nobody acknowledged, so it climbs on.
    assert escalations_advance_due(now=supervisor_step.due_at) == 1


def test_crisis_words_whose_delivery_fails_for_the_mentor_reach_the_supervisor_at_once(
    personas: Personas,
    sms_provider: FakeSmsProvider,
    smtp_server: Mailbox,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    """The mentor's crisis-language notification is the escalation's own (step 1), so when its
    email and text message both fail the alert moves on without waiting for the timer."""
    from alongside.alerts.models import Alert, AlertKind
    from alongside.crisis_language import on_crisis_detected

    for membership, phone in ((personas.mentor, MENTOR_PHONE), (personas.supervisor, SUPERVISOR_PHONE)):
        membership.user.phone_number = phone
        membership.user.save()
    settings.EMAIL_PORT = 9  # the mail server is down
    sms_provider.mode = "fail"  # and so is the SMS provider
    on_crisis_detected(participant=personas.participant, source="checkin", source_id=1)
    alert = Alert.objects.get(kind=AlertKind.CRISIS_LANGUAGE)
    mentor_step = EscalationStep.objects.get(alert=alert, index=1)
    assert mentor_step.notification is not None and mentor_step.notification.kind == "crisis_language"
    start = moment = mentor_step.notified_at  # on_crisis_detected runs on the real clock
    while not EscalationStep.objects.filter(alert=alert, index=2).exists():
        assert moment < start + dt.timedelta(minutes=3), "every channel failed for the mentor, yet no one else was told"
        outbox_deliver_due(now=moment)
        moment += dt.timedelta(seconds=15)
    mentor_step.refresh_from_db()
    assert mentor_step.delivery_failed_at is not None
    assert EscalationStep.objects.get(alert=alert, index=2).recipient == personas.supervisor
