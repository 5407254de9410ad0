"""The nightly sweep: every participant of every organization, in batches, once a night."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.alerts.models import Alert, AlertKind
from alongside.conftest import Personas, make_member
from alongside.organizations.models import Membership, Role
from alongside.signals.models import SignalEvaluation, SignalSettings, SignalSweepRun
from alongside.signals.services import signals_nightly_sweep, signals_sweep_due
from alongside.signals.tests.factories import AS_OF, SWEEP_NOW, checkins, usual_month


def low_threshold(personas: Personas, threshold: int = 2) -> None:
    SignalSettings.objects.create(organization=personas.org, program=personas.program, alert_threshold=threshold)


def more_participants(personas: Personas, n: int) -> list[Membership]:
    people = [
        make_member(personas.org, f"p{i}@example.test", f"Person {i}", Role.PARTICIPANT, personas.program)
        for i in range(n)
    ]
    for person in people:
        checkins(person, usual_month())  # they stopped checking in three days ago
    return people


def test_the_sweep_finds_missed_check_ins(personas: Personas) -> None:
    checkins(personas.participant, usual_month())
    counts = signals_nightly_sweep(now=SWEEP_NOW)
    assert counts == {"participants": 3, "evaluations": 1, "signals": 1, "alerts": 0, "batches": 1}
    evaluation = SignalEvaluation.objects.get()
    assert (evaluation.participant, evaluation.evaluated_on, evaluation.origin) == (
        personas.participant,
        AS_OF,
        "sweep",
    )
    assert [s["code"] for s in evaluation.signals] == ["missed_checkins"]
    # Kept as a code and numbers; put into words when read.
    assert set(evaluation.signals[0]) == {"code", "weight", "params"}
    assert (
        evaluation.results()[0].reason == "Usually checks in about 7 days a week, but missed 3 of the last three days."
    )
    assert not Alert.objects.exists()


def test_the_sweep_alerts_the_mentor_when_the_score_crosses_the_threshold(personas: Personas) -> None:
    low_threshold(personas)
    checkins(personas.participant, usual_month())
    assert signals_nightly_sweep(now=SWEEP_NOW)["alerts"] == 1
    alert = Alert.objects.get()
    assert (alert.kind, alert.participant, alert.source) == (
        AlertKind.SIGNAL,
        personas.participant,
        "signals:2025-06-10",
    )
    assert (
        "Early-warning score 2 (an alert is raised at 2)" in alert.reason
        and "missed 3 of the last three" in alert.reason
    )
    assert SignalEvaluation.objects.get().alerted


def test_the_sweep_is_idempotent_for_a_day(personas: Personas) -> None:
    low_threshold(personas)
    checkins(personas.participant, usual_month())
    signals_nightly_sweep(now=SWEEP_NOW)
    again = signals_nightly_sweep(now=SWEEP_NOW + dt.timedelta(hours=1))
    assert again["alerts"] == 0 and again["evaluations"] == 1
    assert SignalEvaluation.objects.count() == 1 and SignalEvaluation.objects.get().alerted
    assert [e.kind for e in Alert.objects.get().events.all()] == ["raised"]


def test_staying_over_the_threshold_does_not_alert_every_night_but_a_new_signal_does(personas: Personas) -> None:
    low_threshold(personas)
    checkins(personas.participant, usual_month())
    signals_nightly_sweep(now=SWEEP_NOW)
    assert signals_nightly_sweep(now=SWEEP_NOW + dt.timedelta(days=1))["alerts"] == 0
    # The day after, a check-in reporting use arrives (the days before stay missed).
    checkins(personas.participant, {0: {"used": True}}, as_of=AS_OF + dt.timedelta(days=2))
    low_threshold_with_absence = signals_nightly_sweep(now=SWEEP_NOW + dt.timedelta(days=2))
    assert low_threshold_with_absence["alerts"] == 1
    assert [e.kind for e in Alert.objects.get().events.all()] == ["raised", "repeated"]


def test_the_sweep_queries_per_batch_not_per_participant(personas: Personas) -> None:
    checkins(personas.participant, usual_month())
    with CaptureQueriesContext(connection) as few:
        assert signals_nightly_sweep(now=SWEEP_NOW)["evaluations"] == 1
    more_participants(personas, 20)
    with CaptureQueriesContext(connection) as many:
        assert signals_nightly_sweep(now=SWEEP_NOW)["evaluations"] == 21
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as batched:
        assert signals_nightly_sweep(now=SWEEP_NOW, batch_size=10)["batches"] == 3
    assert len(batched) <= 3 * len(few) + 1


def test_the_worker_sweeps_each_program_once_a_night_after_2_am_local(personas: Personas) -> None:
    checkins(personas.participant, usual_month())
    # 01:30 in Chicago: Riverbend's night is not over yet (Harbor's, in Los Angeles, is 23:30 the day before).
    signals_sweep_due(now=dt.datetime(2025, 6, 11, 6, 30, tzinfo=dt.UTC), max_batches=10)
    assert not SignalSweepRun.objects.filter(scope=f"program:{personas.program.pk}").exists()
    assert not SignalEvaluation.objects.exists()
    counts = signals_sweep_due(now=SWEEP_NOW, max_batches=10)
    assert counts["evaluations"] == 1
    runs = SignalSweepRun.objects.filter(scope=f"program:{personas.program.pk}")
    assert [(r.run_on, r.finished_at is not None, r.counts["participants"]) for r in runs] == [
        (dt.date(2025, 6, 11), True, 2)
    ]
    assert signals_sweep_due(now=SWEEP_NOW + dt.timedelta(hours=3), max_batches=10)["participants"] == 0
    assert signals_sweep_due(now=SWEEP_NOW + dt.timedelta(days=1), max_batches=10)["participants"] == 3


def test_the_worker_sweep_resumes_a_batch_at_a_time(personas: Personas) -> None:
    program_scope = f"program:{personas.program.pk}"
    first = signals_sweep_due(now=SWEEP_NOW, batch_size=1, max_batches=1)
    run = SignalSweepRun.objects.get(scope=program_scope)
    assert first["participants"] == 1 and run.cursor == personas.participant.pk and run.finished_at is None
    signals_sweep_due(now=SWEEP_NOW, batch_size=1, max_batches=1)
    signals_sweep_due(now=SWEEP_NOW, batch_size=1, max_batches=1)
    run.refresh_from_db()
    assert run.cursor == personas.participant2.pk and run.finished_at is not None
    assert run.counts["participants"] == 2
    # Then the other scopes, until every one is done for the night.
    while signals_sweep_due(now=SWEEP_NOW, batch_size=1, max_batches=1)["batches"]:
        pass
    assert SignalSweepRun.objects.filter(finished_at__isnull=True).count() == 0
    assert set(SignalSweepRun.objects.values_list("scope", flat=True)) >= {program_scope, "no-program"}
