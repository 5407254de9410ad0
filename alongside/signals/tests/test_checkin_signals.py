"""Every check-in evaluates the participant's signals; crossing the threshold alerts the mentor."""

from __future__ import annotations

import pytest

from alongside.alerts.models import Alert, AlertKind
from alongside.checkins.models import CheckIn
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Personas
from alongside.core.localtime import local_today
from alongside.notifications.models import Notification
from alongside.signals.models import SignalEvaluation, SignalSettings
from alongside.signals.tests.factories import checkins, every_day, usual_month


def answers(**overrides: object) -> CheckInInput:
    return CheckInInput(**{"mood": 4, "craving": 3, "sleep_quality": 4, **overrides})  # type: ignore[arg-type]


def craving_history(personas: Personas, **recent: object) -> None:
    """A usual craving of 3 for four weeks, then 8 on the two days before today."""
    today = local_today(personas.participant)
    checkins(personas.participant, {**usual_month(craving=3), **every_day([1, 2], craving=8, **recent)}, as_of=today)


def test_a_check_in_over_the_threshold_raises_a_signal_alert_that_says_why(personas: Personas) -> None:
    craving_history(personas, sleep_quality=1)
    checkin_record(participant=personas.participant, data=answers(craving=9, sleep_quality=2))
    today = local_today(personas.participant)
    alert = Alert.objects.get(kind=AlertKind.SIGNAL)
    assert alert.source == f"signals:{today.isoformat()}" and alert.raised_by is None
    assert alert.reason.splitlines() == [
        "Early-warning score 4 (an alert is raised at 4):",
        "• Craving has been 8 or higher for three days, above their usual 3. The latest check-in says 9 out of 10. (+3)",
        "• Slept poorly on 3 of the last 4 check-ins. (+1)",
    ]
    evaluation = SignalEvaluation.objects.get()
    assert (evaluation.evaluated_on, evaluation.score, evaluation.origin, evaluation.alerted) == (
        today,
        4,
        "checkin",
        True,
    )
    assert [s["code"] for s in evaluation.signals] == ["craving_rising", "poor_sleep"]
    # The mentor is told (the escalation's first step), without the reasons.
    note = Notification.objects.get(recipient=personas.mentor.user)
    assert "Craving" not in note.title + note.body


def test_under_the_threshold_the_signals_are_kept_without_an_alert(personas: Personas) -> None:
    craving_history(personas)
    checkin_record(participant=personas.participant, data=answers(craving=9))
    assert not Alert.objects.exists()
    assert SignalEvaluation.objects.get().score == 3


def test_the_threshold_comes_from_the_program_settings(personas: Personas) -> None:
    SignalSettings.objects.create(organization=personas.org, program=personas.program, alert_threshold=3)
    craving_history(personas)
    checkin_record(participant=personas.participant, data=answers(craving=9))
    assert Alert.objects.get().kind == AlertKind.SIGNAL


def test_changing_todays_check_in_does_not_alert_twice(personas: Personas) -> None:
    craving_history(personas, sleep_quality=1)
    checkin_record(participant=personas.participant, data=answers(craving=9, sleep_quality=2))
    checkin_record(participant=personas.participant, data=answers(craving=10, sleep_quality=1))
    alert = Alert.objects.get(kind=AlertKind.SIGNAL)
    assert [e.kind for e in alert.events.all()] == ["raised"]
    assert SignalEvaluation.objects.count() == 1


def test_a_calm_check_in_keeps_no_evaluation_and_clears_the_days_earlier_one(personas: Personas) -> None:
    craving_history(personas)
    checkin_record(participant=personas.participant, data=answers(craving=9))
    assert SignalEvaluation.objects.count() == 1
    CheckIn.objects.filter(participant=personas.participant).exclude(
        local_date=local_today(personas.participant)
    ).update(craving=3)
    checkin_record(participant=personas.participant, data=answers(craving=3))
    assert not SignalEvaluation.objects.exists()


def test_a_fault_in_the_signals_never_loses_the_check_in(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("signals are down")

    monkeypatch.setattr("alongside.signals.services.features_for", broken)
    checkin, created = checkin_record(participant=personas.participant, data=answers(craving=9))
    assert created and CheckIn.objects.filter(pk=checkin.pk).exists()
    assert not SignalEvaluation.objects.exists()
