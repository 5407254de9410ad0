"""A new crisis after an acknowledgement, and an alert that reaches no one: escalation starts
over, and keeps telling people, until someone acknowledges. Controllable clock throughout."""

from __future__ import annotations

import datetime as dt

import pytest

from alongside.alerts import escalation
from alongside.alerts.escalation import escalations_advance_due, on_delivery_exhausted
from alongside.alerts.models import Alert, AlertEventKind, AlertKind, AlertStatus, EscalationStep
from alongside.alerts.services import alert_acknowledge, alert_raise, crisis_button_press
from alongside.alerts.tests.conftest import T0, minutes
from alongside.conftest import Mailbox, Personas
from alongside.notifications.models import Notification


def mentor_notifications(personas: Personas, alert: Alert) -> list[Notification]:
    return list(Notification.objects.filter(alert=alert, recipient=personas.mentor.user).order_by("pk"))


def test_a_new_crisis_press_after_an_acknowledgement_reopens_and_tells_the_mentor_again(
    personas: Personas,
) -> None:
    alert = crisis_button_press(participant=personas.participant, now=T0)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    later = T0 + dt.timedelta(days=3)
    again = crisis_button_press(participant=personas.participant, now=later)
    assert again.pk == alert.pk
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert alert.events.filter(kind=AlertEventKind.REOPENED).count() == 1
    assert len(mentor_notifications(personas, alert)) == 2  # told again, not silenced by the first
    step = EscalationStep.objects.get(alert=alert, round=1)
    assert (step.index, step.recipient, step.due_at) == (1, personas.mentor, later + minutes(5))
    assert step.notification_id == mentor_notifications(personas, alert)[-1].pk
    # The fresh timer runs: no acknowledgement in five minutes reaches the supervisor again.
    assert escalations_advance_due(now=later + minutes(5)) == 1
    assert EscalationStep.objects.get(alert=alert, round=1, index=2).recipient == personas.supervisor


def test_a_non_crisis_raise_joins_an_acknowledged_alert_quietly(personas: Personas) -> None:
    alert = alert_raise(participant=personas.participant, kind=AlertKind.REPORTED_USE, reason="Used", now=T0)
    alert_acknowledge(viewer=personas.mentor, alert=alert)
    before = Notification.objects.count()
    alert_raise(participant=personas.participant, kind=AlertKind.REPORTED_USE, reason="Again", now=T0 + minutes(60))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and Notification.objects.count() == before


def test_when_the_last_step_cannot_be_reached_the_ladder_is_told_again_and_the_admins_alarmed(
    personas: Personas, smtp_server: Mailbox
) -> None:
    alert = crisis_button_press(participant=personas.participant, now=T0)
    # Every delivery fails for good, one step after another (no one is on call: step 3 is skipped).
    for n, index in ((1, 1), (2, 2), (3, 4)):
        step = EscalationStep.objects.get(alert=alert, round=0, index=index)
        on_delivery_exhausted(notification_id=step.notification_id, now=T0 + minutes(n))
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and alert.escalation_round == 1
    assert alert.escalation_due_at == T0 + minutes(3) + minutes(5)  # the timer goes on
    assert set(EscalationStep.objects.filter(alert=alert, round=1).values_list("recipient", flat=True)) == {
        personas.mentor.pk,
        personas.supervisor.pk,
        personas.admin.pk,
    }
    [alarm] = smtp_server.to(personas.admin.user.email)
    assert alarm["Subject"] == "Alongside: an alert could not be delivered to anyone"
    body = alarm.get_content()
    assert personas.participant.user.display_name not in body and f"/alerts/{alert.pk}/" in body
    # Every acknowledgement period after that, everyone is told again.
    assert escalations_advance_due(now=T0 + minutes(8)) == 1
    alert.refresh_from_db()
    assert alert.escalation_round == 2 and alert.escalation_due_at == T0 + minutes(13)
    assert len(mentor_notifications(personas, alert)) == 3
    alert_acknowledge(viewer=personas.supervisor, alert=alert)
    assert escalations_advance_due(now=T0 + minutes(30)) == 0


def test_one_broken_alert_does_not_hold_up_the_others(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = crisis_button_press(participant=personas.participant, now=T0)
    fine = crisis_button_press(participant=personas.participant2, now=T0 + minutes(1))
    real = escalation._climb

    def climb(alert: Alert, **kwargs: object) -> bool:
        if alert.pk == broken.pk:
            raise RuntimeError("a broken alert")
        return real(alert, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(escalation, "_climb", climb)
    assert escalations_advance_due(now=T0 + minutes(10)) == 1
    assert EscalationStep.objects.filter(alert=fine, index=2).exists()
    assert not EscalationStep.objects.filter(alert=broken, index=2).exists()


def test_a_non_urgent_step_held_by_quiet_hours_starts_its_timer_when_they_end(personas: Personas) -> None:
    user = personas.mentor.user
    user.time_zone = "America/Chicago"
    user.quiet_hours_start, user.quiet_hours_end = dt.time(22), dt.time(7)
    user.save()
    late = T0.replace(hour=23)  # 11 pm in Chicago: the mentor's quiet hours
    alert = alert_raise(participant=personas.participant, kind=AlertKind.REPORTED_USE, reason="Used", now=late)
    seven_am = (late + dt.timedelta(days=1)).replace(hour=7)
    step = EscalationStep.objects.get(alert=alert, index=1)
    assert step.due_at == seven_am + dt.timedelta(hours=4)  # high risk: four hours after they can see it
    assert escalations_advance_due(now=late + dt.timedelta(hours=5)) == 0
    assert escalations_advance_due(now=seven_am + dt.timedelta(hours=4)) == 1


def test_a_crisis_timer_never_waits_for_quiet_hours(personas: Personas) -> None:
    user = personas.mentor.user
    user.time_zone = "America/Chicago"
    user.quiet_hours_start, user.quiet_hours_end = dt.time(22), dt.time(7)
    user.save()
    late = T0.replace(hour=23)
    alert = crisis_button_press(participant=personas.participant, now=late)
    assert EscalationStep.objects.get(alert=alert, index=1).due_at == late + minutes(5)
