"""Every check-in's signals, evaluated by the worker within seconds (``signals_evaluate_pending``);
crossing the threshold alerts the mentor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.alerts.models import Alert, AlertKind
from alongside.checkins.models import CheckIn
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Mailbox, Personas, make_member
from alongside.core.localtime import local_today
from alongside.notifications.models import Notification, OutboxMessage, OutboxStatus
from alongside.organizations.models import Membership, Role
from alongside.signals import services
from alongside.signals.models import SignalEvaluation, SignalSettings
from alongside.signals.services import signals_evaluate_pending
from alongside.signals.tests.factories import checkins, every_day, usual_month


def answers(**overrides: object) -> CheckInInput:
    return CheckInInput(**{"mood": 4, "craving": 3, "sleep_quality": 4, **overrides})  # type: ignore[arg-type]


def craving_history(personas: Personas, participant: Membership | None = None, **recent: object) -> None:
    """A usual craving of 3 for four weeks, then 8 on the two days before today."""
    participant = participant or personas.participant
    today = local_today(participant)
    checkins(participant, {**usual_month(craving=3), **every_day([1, 2], craving=8, **recent)}, as_of=today)


def record(participant: Membership, **overrides: object) -> CheckIn:
    """A check-in through the service, then the worker's pass, as in production."""
    checkin, _created = checkin_record(participant=participant, data=answers(**overrides))
    signals_evaluate_pending()
    return checkin


def pending(participant: Membership) -> list[dt.date]:
    return list(
        CheckIn.objects.filter(participant=participant, signals_pending=True)
        .order_by("local_date")
        .values_list("local_date", flat=True)
    )


def test_a_check_in_over_the_threshold_raises_a_signal_alert_that_says_why(personas: Personas) -> None:
    craving_history(personas, sleep_quality=1)
    record(personas.participant, craving=9, sleep_quality=2)
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
    record(personas.participant, craving=9)
    assert not Alert.objects.exists()
    assert SignalEvaluation.objects.get().score == 3


def test_the_threshold_comes_from_the_program_settings(personas: Personas) -> None:
    SignalSettings.objects.create(organization=personas.org, program=personas.program, alert_threshold=3)
    craving_history(personas)
    record(personas.participant, craving=9)
    assert Alert.objects.get().kind == AlertKind.SIGNAL


def test_changing_todays_check_in_does_not_alert_twice(personas: Personas) -> None:
    craving_history(personas, sleep_quality=1)
    record(personas.participant, craving=9, sleep_quality=2)
    record(personas.participant, craving=10, sleep_quality=1)
    alert = Alert.objects.get(kind=AlertKind.SIGNAL)
    assert [e.kind for e in alert.events.all()] == ["raised"]
    assert SignalEvaluation.objects.count() == 1


def test_a_calm_check_in_keeps_no_evaluation_and_clears_the_days_earlier_one(personas: Personas) -> None:
    craving_history(personas)
    record(personas.participant, craving=9)
    assert SignalEvaluation.objects.count() == 1
    CheckIn.objects.filter(participant=personas.participant).exclude(
        local_date=local_today(personas.participant)
    ).update(craving=3)
    record(personas.participant, craving=3)
    assert not SignalEvaluation.objects.exists()


def test_the_check_in_itself_evaluates_nothing_and_leaves_it_to_the_worker(personas: Personas) -> None:
    craving_history(personas, sleep_quality=1)
    CheckIn.objects.update(signals_pending=False)  # the history was evaluated long ago
    checkin, created = checkin_record(participant=personas.participant, data=answers(craving=9, sleep_quality=2))
    assert created and checkin.signals_pending
    assert not SignalEvaluation.objects.exists() and not Alert.objects.exists()

    counts = signals_evaluate_pending()
    assert counts == {"participants": 1, "evaluations": 1, "alerts": 1, "failed": 0}
    assert Alert.objects.get().kind == AlertKind.SIGNAL
    assert pending(personas.participant) == []
    # Nothing waits now: the next pass does nothing.
    assert signals_evaluate_pending() == {"participants": 0, "evaluations": 0, "alerts": 0, "failed": 0}


def test_a_changed_check_in_waits_for_the_worker_again(personas: Personas) -> None:
    craving_history(personas, sleep_quality=1)
    record(personas.participant, craving=9, sleep_quality=4)
    assert pending(personas.participant) == [] and SignalEvaluation.objects.get().score == 3

    _checkin, created = checkin_record(participant=personas.participant, data=answers(craving=9, sleep_quality=1))
    assert not created
    assert pending(personas.participant) == [local_today(personas.participant)]
    assert signals_evaluate_pending()["alerts"] == 1  # now a third poor night too
    assert SignalEvaluation.objects.get().score == 4 and pending(personas.participant) == []


def test_a_check_in_changed_while_the_worker_evaluates_stays_pending(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    craving_history(personas)
    checkin, _created = checkin_record(participant=personas.participant, data=answers(craving=9))
    clear = services._clear_pending

    def changed_meanwhile(read: Sequence[tuple[int, dt.datetime]]) -> int:
        # The participant saves a change after the worker read the check-in, before it clears it.
        CheckIn.objects.filter(pk=checkin.pk).update(updated_at=timezone.now() + dt.timedelta(seconds=1))
        return clear(read)

    monkeypatch.setattr(services, "_clear_pending", changed_meanwhile)
    signals_evaluate_pending()
    # The history (read as it was) is done; today's changed check-in waits for the next pass.
    assert pending(personas.participant) == [local_today(personas.participant)]
    monkeypatch.undo()
    assert signals_evaluate_pending()["participants"] == 1
    assert pending(personas.participant) == []


def test_a_participant_whose_evaluation_fails_stays_pending_and_holds_back_no_one(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    craving_history(personas)
    craving_history(personas, personas.participant2)
    checkin_record(participant=personas.participant, data=answers(craving=9))
    checkin_record(participant=personas.participant2, data=answers(craving=9))
    features_for = services.features_for

    def poisoned(*, participant_ids: Sequence[int], **kwargs: object) -> object:
        if personas.participant.pk in participant_ids:
            raise RuntimeError("bad data for one participant")
        return features_for(participant_ids=participant_ids, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "features_for", poisoned)
    counts = signals_evaluate_pending()
    assert counts == {"participants": 1, "evaluations": 1, "alerts": 0, "failed": 1}
    assert list(SignalEvaluation.objects.values_list("participant", flat=True)) == [personas.participant2.pk]
    assert pending(personas.participant2) == []
    assert len(pending(personas.participant)) == 31  # nothing lost: all still waiting
    assert f"Early-warning signals failed for participant {personas.participant.pk}" in caplog.text
    # Every pass tries again; once fixed, the participant is evaluated.
    assert signals_evaluate_pending()["failed"] == 1
    monkeypatch.undo()
    assert signals_evaluate_pending() == {"participants": 1, "evaluations": 1, "alerts": 0, "failed": 0}
    assert pending(personas.participant) == []


def test_a_fault_in_the_signals_never_loses_the_check_in(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("signals are down")

    monkeypatch.setattr(services, "features_for", broken)
    checkin, created = checkin_record(participant=personas.participant, data=answers(craving=9))
    assert created and CheckIn.objects.filter(pk=checkin.pk).exists()
    assert signals_evaluate_pending()["failed"] == 1
    assert not SignalEvaluation.objects.exists()
    assert CheckIn.objects.get(pk=checkin.pk).signals_pending


def test_an_inactive_participants_check_ins_are_let_go_without_an_evaluation(personas: Personas) -> None:
    craving_history(personas)
    checkin_record(participant=personas.participant, data=answers(craving=9))
    Membership.objects.filter(pk=personas.participant.pk).update(is_active=False)
    assert signals_evaluate_pending()["participants"] == 0
    assert not SignalEvaluation.objects.exists() and pending(personas.participant) == []


def test_a_pass_takes_the_longest_waiting_participants_first(personas: Personas) -> None:
    craving_history(personas, personas.participant2)
    craving_history(personas)
    assert signals_evaluate_pending(batch_size=1)["participants"] == 1
    assert pending(personas.participant2) == [] and len(pending(personas.participant)) == 30
    assert signals_evaluate_pending(batch_size=1)["participants"] == 1
    assert pending(personas.participant) == []


def test_a_pass_queries_per_batch_not_per_participant(personas: Personas) -> None:
    with CaptureQueriesContext(connection) as idle:
        signals_evaluate_pending()
    assert len(idle) == 1  # run every second or so: one indexed query when nothing waits
    craving_history(personas)
    craving_history(personas, personas.participant2)
    with CaptureQueriesContext(connection) as few:
        assert signals_evaluate_pending()["evaluations"] == 2
    people = [
        make_member(personas.org, f"p{i}@example.test", f"Person {i}", Role.PARTICIPANT, personas.program)
        for i in range(6)  # 8 x 30 check-ins to clear: still one UPDATE (CLEAR_CHUNK)
    ]
    for person in people:
        craving_history(personas, person)
    CheckIn.objects.update(signals_pending=True)
    with CaptureQueriesContext(connection) as many:
        assert signals_evaluate_pending()["evaluations"] == 8
    assert len(many) == len(few)


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections, as it must in production
def test_the_worker_evaluates_new_check_ins_and_tells_the_mentor_in_the_same_sweep(
    personas: Personas, smtp_server: Mailbox
) -> None:
    craving_history(personas, sleep_quality=1)
    checkin_record(participant=personas.participant, data=answers(craving=9, sleep_quality=2))
    out = StringIO()
    call_command("worker", "--once", stdout=out, stderr=StringIO())
    alert = Alert.objects.get(kind=AlertKind.SIGNAL)
    assert "early-warning signals of new check-ins" in out.getvalue()
    assert not CheckIn.objects.filter(signals_pending=True).exists()
    # The mentor's notification went out in that same sweep, not a sweep later.
    told = OutboxMessage.objects.filter(notification__alert=alert, notification__recipient=personas.mentor.user)
    assert OutboxStatus.SENT in set(told.values_list("status", flat=True))
    assert smtp_server.to(personas.mentor.user.email)


def test_a_reported_use_is_counted_once_its_own_alert_tells_the_mentor(personas: Personas) -> None:
    """The use raised its own alert with the check-in: it does not count again towards an
    early-warning alert (craving 3 + use 3 would reach 4; craving alone does not)."""
    craving_history(personas)
    record(personas.participant, craving=9, used=True)
    assert list(Alert.objects.values_list("kind", flat=True)) == [AlertKind.REPORTED_USE]
    evaluation = SignalEvaluation.objects.get()
    assert evaluation.score == 6 and {s["code"] for s in evaluation.signals} == {"craving_rising", "reported_use"}
    assert not evaluation.alerted


def test_signals_beyond_the_use_still_raise_their_alert_without_the_use(personas: Personas) -> None:
    craving_history(personas, sleep_quality=1)
    record(personas.participant, craving=9, sleep_quality=2, used=True)
    alert = Alert.objects.get(kind=AlertKind.SIGNAL)
    assert alert.reason.splitlines()[0] == "Early-warning score 4 (an alert is raised at 4):"
    assert "Reported use" not in alert.reason
    assert Alert.objects.filter(kind=AlertKind.REPORTED_USE).count() == 1
