"""Check-ins raise alerts: asking for outreach, and reporting use."""

from __future__ import annotations

from django.urls import reverse

from alongside.alerts.models import Alert, AlertKind, AlertStatus
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Personas, login_client
from alongside.notifications.models import Notification


def answers(**overrides: object) -> CheckInInput:
    return CheckInInput(**{"mood": 3, "craving": 4, **overrides})  # type: ignore[arg-type]


def mentor_notifications(personas: Personas) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=personas.mentor.user).order_by("pk").values_list("kind", "link"))


def test_asking_for_outreach_raises_an_alert_and_tells_the_mentor_once(personas: Personas) -> None:
    checkin, _ = checkin_record(participant=personas.participant, data=answers(wants_outreach=True))
    alert = Alert.objects.get()
    assert (alert.kind, alert.status, alert.source) == ("outreach_requested", "open", f"checkin:{checkin.pk}")
    assert "reach out" in alert.reason and alert.raised_by == personas.participant
    # One notification, in the check-in's own words, that opens the alert.
    assert mentor_notifications(personas) == [("checkin.outreach_requested", reverse("alerts:detail", args=[alert.pk]))]


def test_asking_again_the_same_day_adds_nothing(personas: Personas) -> None:
    checkin_record(participant=personas.participant, data=answers(wants_outreach=True))
    checkin_record(participant=personas.participant, data=answers(wants_outreach=True, mood=2))
    alert = Alert.objects.get()
    assert [e.kind for e in alert.events.all()] == ["raised"]
    assert len(mentor_notifications(personas)) == 1


def test_reporting_use_raises_a_gentle_alert_without_the_details(personas: Personas) -> None:
    checkin, _ = checkin_record(
        participant=personas.participant, data=answers(used=True, substance="alcohol", amount="4 drinks")
    )
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.REPORTED_USE and alert.source == f"checkin:{checkin.pk}"
    assert alert.reason.startswith("Reported use on ") and "without judgment" in alert.reason
    assert "alcohol" not in alert.reason and "drinks" not in alert.reason
    assert mentor_notifications(personas) == [("alert.escalation", reverse("alerts:detail", args=[alert.pk]))]
    note = Notification.objects.get()
    assert "use" not in note.title.lower() and "alcohol" not in note.body


def test_no_use_or_not_saying_raises_nothing(personas: Personas) -> None:
    checkin_record(participant=personas.participant, data=answers(used=False))
    checkin_record(participant=personas.participant2, data=answers(used=None))
    assert not Alert.objects.exists() and not Notification.objects.exists()


def test_changing_todays_answer_to_used_raises_the_alert_once(personas: Personas) -> None:
    checkin_record(participant=personas.participant, data=answers(used=False))
    checkin_record(participant=personas.participant, data=answers(used=True))
    checkin_record(participant=personas.participant, data=answers(used=True, mood=2))
    assert Alert.objects.filter(kind=AlertKind.REPORTED_USE).count() == 1
    assert len(mentor_notifications(personas)) == 1


def test_both_in_one_checkin_make_two_alerts(personas: Personas) -> None:
    checkin_record(participant=personas.participant, data=answers(used=True, wants_outreach=True))
    assert sorted(Alert.objects.values_list("kind", flat=True)) == ["outreach_requested", "reported_use"]


def test_a_new_day_while_the_alert_is_open_joins_it(personas: Personas) -> None:
    import datetime as dt

    from alongside.core.localtime import local_today

    yesterday = local_today(personas.participant) - dt.timedelta(days=1)
    checkin_record(participant=personas.participant, data=answers(used=True, local_date=yesterday))
    checkin_record(participant=personas.participant, data=answers(used=True))
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.OPEN and [e.kind for e in alert.events.all()] == ["raised", "repeated"]


def test_the_checkin_page_raises_the_alert_the_mentor_then_sees(personas: Personas) -> None:
    response = login_client(personas.participant).post(
        reverse("checkins:checkin"), {"mood": "2", "craving": "7", "used": "skip", "wants_outreach": "on"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = login_client(personas.mentor).get(reverse("alerts:list")).content.decode()
    assert "Asked for outreach" in page and "Pat Participant" in page


def test_the_outreach_request_reaches_whoever_the_ladder_starts_with(personas: Personas) -> None:
    """A program whose ladder starts with the supervisor: the supervisor hears, in the check-in's
    words, and that first step records the notification (so a failed delivery moves it on)."""
    from alongside.alerts.models import EscalationPlaybook, EscalationStep

    EscalationPlaybook.objects.create(
        organization=personas.org, program=personas.program, steps=["supervisor", "mentor", "admins"]
    )
    checkin_record(participant=personas.participant, data=answers(wants_outreach=True))
    alert = Alert.objects.get()
    told = Notification.objects.get(recipient=personas.supervisor.user)
    assert (told.kind, told.link) == ("checkin.outreach_requested", reverse("alerts:detail", args=[alert.pk]))
    assert not mentor_notifications(personas)
    step = EscalationStep.objects.get(alert=alert, index=1)
    assert step.recipient == personas.supervisor and step.notification_id == told.pk


def test_asking_again_on_another_day_joins_the_open_request_without_telling_twice(personas: Personas) -> None:
    """The first request's escalation is under way (its timer moves it on if nobody answers)."""
    import datetime as dt

    from alongside.core.localtime import local_today

    yesterday = local_today(personas.participant) - dt.timedelta(days=1)
    checkin_record(participant=personas.participant, data=answers(wants_outreach=True, local_date=yesterday))
    checkin_record(participant=personas.participant, data=answers(wants_outreach=True))
    alert = Alert.objects.get()
    assert [e.kind for e in alert.events.all()] == ["raised", "repeated"]
    assert [kind for kind, _ in mentor_notifications(personas)] == ["checkin.outreach_requested"]
