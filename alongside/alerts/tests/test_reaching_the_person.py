"""Reaching the person: a participant may let their matched mentor call or text them (off by
default, revocable, audited each time the number is shown), and a participant whose crisis alert
is acknowledged is told at once, in the app and by text, in their own language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.alerts.escalation import escalations_advance_due
from alongside.alerts.models import Alert, EscalationStep
from alongside.alerts.services import alert_acknowledge, alert_raise
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.notifications.models import Notification
from alongside.notifications.services import outbox_deliver_due
from alongside.notifications.testing import FakeSmsProvider
from alongside.organizations.models import Membership, ParticipantProfile

PHONE = "+15550104444"
NOT_SHARED = "Not shared — message them in the app"


def _with_phone(participant: Membership, language: str = "en") -> None:
    user = participant.user
    user.phone_number = PHONE
    user.language = language
    user.save(update_fields=["phone_number", "language"])


def _share(participant: Membership, share: bool = True) -> None:
    response = login_client(participant).post(reverse("organizations:phone_sharing"), {"share": "on" if share else ""})
    assert response.status_code == 302


def _crisis(participant: Membership, now: dt.datetime | None = None, notify: bool = False) -> Alert:
    return alert_raise(
        participant=participant, kind="crisis_button", reason="Pressed the crisis button", notify_mentor=notify, now=now
    )


def _pages(personas: Personas, alert: Alert) -> list[str]:
    return [
        reverse("workspace:participant", args=[personas.participant.pk]),
        reverse("alerts:detail", args=[alert.pk]),
    ]


def _phone_views(personas: Personas) -> int:
    return AuditEntry.objects.filter(action="participant.phone_viewed", subject=personas.participant).count()


# --- Sharing the number ---------------------------------------------------------------------------


def test_sharing_is_off_by_default(personas: Personas) -> None:
    _with_phone(personas.participant)
    alert = _crisis(personas.participant)
    assert ParticipantProfile.objects.get(membership=personas.participant).phone_shared_with_mentor_at is None
    mentor = login_client(personas.mentor)
    for path in _pages(personas, alert):
        page = mentor.get(path).content.decode()
        assert NOT_SHARED in page
        assert PHONE not in page and "tel:+" not in page and "sms:+" not in page
    assert _phone_views(personas) == 0


def test_the_participant_sees_the_setting_with_their_masked_number(personas: Personas) -> None:
    _with_phone(personas.participant)
    settings_page = login_client(personas.participant).get(reverse("accounts:settings")).content.decode()
    assert reverse("organizations:phone_sharing") in settings_page
    assert (
        reverse("organizations:phone_sharing")
        not in login_client(personas.mentor).get(reverse("accounts:settings")).content.decode()
    )
    page = login_client(personas.participant).get(reverse("organizations:phone_sharing")).content.decode()
    assert "Let my mentor call or text me at this number" in page
    assert "•••• 4444" in page and PHONE not in page


def test_when_shared_the_mentor_gets_call_and_text_links_and_each_showing_is_audited(personas: Personas) -> None:
    _with_phone(personas.participant)
    _share(personas.participant)
    assert AuditEntry.objects.filter(action="participant.phone_sharing_changed", subject=personas.participant).exists()
    alert = _crisis(personas.participant)
    mentor = login_client(personas.mentor)
    for n, path in enumerate(_pages(personas, alert), start=1):
        page = mentor.get(path).content.decode()
        assert f'href="tel:{PHONE}"' in page and f'href="sms:{PHONE}"' in page
        assert NOT_SHARED not in page
        assert _phone_views(personas) == n
    entry = AuditEntry.objects.filter(action="participant.phone_viewed").latest("id")
    assert entry.actor == personas.mentor.user and entry.subject == personas.participant
    # It shows under "who viewed my information".
    log = login_client(personas.participant).get(reverse("accounts:access_log")).content.decode()
    assert "Your mentor Maria Mentor read your phone number." in log


def test_revoking_hides_the_number_at_once(personas: Personas) -> None:
    _with_phone(personas.participant)
    _share(personas.participant)
    _share(personas.participant, share=False)
    alert = _crisis(personas.participant)
    mentor = login_client(personas.mentor)
    for path in _pages(personas, alert):
        page = mentor.get(path).content.decode()
        assert PHONE not in page and NOT_SHARED in page
    assert _phone_views(personas) == 0


def test_sharing_without_a_number_says_to_add_one_first(personas: Personas) -> None:
    client = login_client(personas.participant)
    page = client.get(reverse("organizations:phone_sharing")).content.decode()
    assert "Add your mobile number" in page
    response = client.post(reverse("organizations:phone_sharing"), {"share": "on"}, follow=True)
    assert "Add your mobile number" in response.content.decode()
    assert ParticipantProfile.objects.get(membership=personas.participant).phone_shared_with_mentor_at is None


@pytest.mark.parametrize("persona", ["mentor", "mentor2", "supervisor", "admin", "outsider"])
def test_only_the_participant_may_change_the_setting(personas: Personas, persona: str) -> None:
    response = login_client(getattr(personas, persona)).post(reverse("organizations:phone_sharing"), {"share": "on"})
    assert response.status_code in {403, 404}
    assert ParticipantProfile.objects.get(membership=personas.participant).phone_shared_with_mentor_at is None


@pytest.mark.parametrize("persona", ["mentor2", "supervisor", "supervisor2", "admin", "outsider"])
def test_nobody_else_sees_a_shared_number(personas: Personas, persona: str) -> None:
    _with_phone(personas.participant)
    _share(personas.participant)
    alert = _crisis(personas.participant)
    client = login_client(getattr(personas, persona))
    for path in _pages(personas, alert):
        response = client.get(path)
        assert PHONE not in response.content.decode()
    assert _phone_views(personas) == 0


def test_whoever_the_escalation_reached_for_an_open_crisis_may_call_but_an_admin_never(personas: Personas) -> None:
    _with_phone(personas.participant)
    _share(personas.participant)
    start = timezone.now() - dt.timedelta(hours=2)
    alert = _crisis(personas.participant, now=start, notify=True)
    for minutes in (6, 12, 18, 24):
        escalations_advance_due(now=start + dt.timedelta(minutes=minutes))
    reached = set(EscalationStep.objects.filter(alert=alert).values_list("recipient_id", flat=True))
    assert {personas.supervisor.pk, personas.admin.pk} <= reached
    detail = reverse("alerts:detail", args=[alert.pk])
    assert f'href="tel:{PHONE}"' in login_client(personas.supervisor).get(detail).content.decode()
    admin_page = login_client(personas.admin).get(detail)
    assert admin_page.status_code == 200 and PHONE not in admin_page.content.decode()
    assert list(AuditEntry.objects.filter(action="participant.phone_viewed").values_list("actor", flat=True)) == [
        personas.supervisor.user_id
    ]
    # Once the crisis is over, the escalation no longer opens the number.
    from alongside.alerts.services import alert_resolve

    alert_resolve(viewer=personas.mentor, alert=alert, note="Talked; safe now.")
    assert PHONE not in login_client(personas.supervisor).get(detail).content.decode()


# --- Telling the person that someone is on it -------------------------------------------------------


def test_acknowledging_a_crisis_tells_the_participant_in_the_app_and_by_text_in_spanish(
    personas: Personas, sms_provider: FakeSmsProvider, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.EXTERNAL_NOTIFICATION_DETAILS = "none"  # the private default
    _with_phone(personas.participant, language="es")
    user = personas.participant.user
    user.quiet_hours_start, user.quiet_hours_end = dt.time(0, 0), dt.time(23, 59)  # a crisis ignores them
    user.save(update_fields=["quiet_hours_start", "quiet_hours_end"])
    alert = _crisis(personas.participant)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    told = Notification.objects.get(recipient=user)
    assert told.title == "Maria vio tu alerta y se pondrá en contacto contigo pronto."
    assert told.urgent and told.alert_id is None  # the alert's own notifications are the escalation's
    assert outbox_deliver_due()["sent"] == 1
    [sms] = sms_provider.delivered
    assert sms.form["To"] == PHONE
    body = sms.form["Body"]
    assert "Maria vio tu alerta" in body
    for private in ("Mentor", "Pat", "Participant", "crisis", "Pressed the crisis button"):
        assert private not in body
    # The in-app notification is in the participant's list.
    page = login_client(personas.participant).get(reverse("notifications:list")).content.decode()
    assert "Maria vio tu alerta" in page


def test_the_crisis_sent_page_says_who_is_on_it(personas: Personas) -> None:
    client = login_client(personas.participant)
    client.post(reverse("alerts:crisis_alert"))
    alert = Alert.objects.get()
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    page = client.get(reverse("alerts:crisis_alerted")).content.decode()
    assert "Maria saw your alert and will contact you soon." in page
    assert "Maria Mentor" not in page


def test_a_participant_without_a_mobile_number_is_told_in_the_app(personas: Personas) -> None:
    alert = _crisis(personas.participant)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    told = Notification.objects.get(recipient=personas.participant.user)
    assert told.title == "Maria saw your alert and will contact you soon."
    assert told.body == "If you are in danger now, call 911."
    assert not told.outbox.filter(channel="sms").exists()


def test_acknowledging_an_alert_that_is_not_a_crisis_tells_the_participant_nothing(personas: Personas) -> None:
    _with_phone(personas.participant)
    alert = alert_raise(participant=personas.participant, kind="reported_use", reason="Used", notify_mentor=False)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    assert not Notification.objects.filter(recipient=personas.participant.user).exists()
