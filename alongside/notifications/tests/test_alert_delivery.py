"""A crisis alert told to people: urgent delivery, told once per person, and escalation when
every channel fails for the mentor (``alerts.escalation.on_delivery_exhausted``)."""

from __future__ import annotations

import datetime as dt

from alongside.alerts.models import AlertKind
from alongside.alerts.services import alert_raise
from alongside.conftest import Mailbox, Personas
from alongside.notifications.models import Notification, OutboxMessage, OutboxStatus
from alongside.notifications.services import notify, outbox_deliver_due
from alongside.notifications.testing import FakeSmsProvider

T0 = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)
PHONE = "+15550101234"


def _crisis(personas: Personas):  # type: ignore[no-untyped-def]
    mentor = personas.mentor.user
    mentor.phone_number = PHONE
    mentor.save()
    return alert_raise(
        participant=personas.participant,
        kind=AlertKind.CRISIS_BUTTON,
        reason="Asked for help now",
        raised_by=personas.participant,
        now=T0,
    )


def test_a_crisis_alert_reaches_the_mentor_by_text_at_once(personas: Personas, sms_provider: FakeSmsProvider) -> None:
    alert = _crisis(personas)
    notification = Notification.objects.get(recipient=personas.mentor.user, alert=alert)
    assert notification.urgent
    assert outbox_deliver_due(now=T0)["sent"] == 1
    assert [r.form["To"] for r in sms_provider.delivered] == [PHONE]
    assert personas.participant.user.display_name in sms_provider.delivered[0].form["Body"]
    assert "Asked for help now" not in sms_provider.delivered[0].form["Body"]  # the reason stays inside


def test_a_person_is_told_of_an_alert_once(personas: Personas, sms_provider: FakeSmsProvider) -> None:
    alert = _crisis(personas)
    first = Notification.objects.get(recipient=personas.mentor.user, alert=alert)
    again = notify(
        recipient=personas.mentor.user, kind="k", title="Again", urgent=True, alert=alert, dedupe_key="other", now=T0
    )
    assert again.pk == first.pk
    outbox_deliver_due(now=T0)
    after_delivery = notify(recipient=personas.mentor.user, kind="k", title="Again", alert=alert, now=T0)
    assert after_delivery.pk == first.pk
    assert OutboxMessage.objects.filter(notification__recipient=personas.mentor.user).count() == 2  # sms + email
    assert len(sms_provider.delivered) == 1


def test_when_every_channel_fails_for_the_mentor_the_supervisor_is_told(
    personas: Personas,
    sms_provider: FakeSmsProvider,
    smtp_server: Mailbox,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    sms_provider.mode = "fail"
    mail_port, settings.EMAIL_PORT = settings.EMAIL_PORT, 9  # the mail server is unreachable too
    alert = _crisis(personas)
    for seconds in (0, 30, 60):
        outbox_deliver_due(now=T0 + dt.timedelta(seconds=seconds))
    mentor_chain = OutboxMessage.objects.filter(notification__recipient=personas.mentor.user)
    assert set(mentor_chain.values_list("status", flat=True)) == {OutboxStatus.FAILED}
    told = Notification.objects.get(recipient=personas.supervisor.user, alert=alert)
    assert told.urgent
    # Tried in the same sweep as the mentor's last failure; the mail server is back 30 s later.
    assert OutboxMessage.objects.get(notification=told).attempts == 1
    settings.EMAIL_PORT = mail_port
    assert outbox_deliver_due(now=T0 + dt.timedelta(seconds=90))["sent"] == 1
    assert len(smtp_server.to(personas.supervisor.user.email)) == 1
    assert smtp_server.to(personas.mentor.user.email) == []


def test_a_person_whose_every_channel_failed_can_be_told_again(
    personas: Personas,
    sms_provider: FakeSmsProvider,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    sms_provider.mode = "fail"
    alert = _crisis(personas)
    for seconds in (0, 30, 60):
        outbox_deliver_due(now=T0 + dt.timedelta(seconds=seconds))
    first = Notification.objects.get(recipient=personas.mentor.user, alert=alert)
    retry = notify(recipient=personas.mentor.user, kind="k", title="Again", urgent=True, alert=alert, now=T0)
    assert retry.pk != first.pk
