"""The worker keeps its promises under faults and load: it runs whatever the apps declare (and
only when due), one failing job does not stop the others (and is reported), a steady stream of
tasks never starves the sweep, and a check-in's early-warning signals are evaluated on every
pass, not only every sweep."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alongside.alerts.models import Alert, AlertKind, EscalationStep
from alongside.alerts.services import crisis_button_press
from alongside.checkins.models import CheckIn
from alongside.checkins.services import CheckInInput, checkin_record
from alongside.conftest import Mailbox, Personas
from alongside.core import jobs
from alongside.core.jobs import EVERY_PASS, JobClock, PassWorker, PeriodicJob, Sweep, registry
from alongside.core.localtime import local_today
from alongside.core.management.commands import worker
from alongside.notifications.models import WorkerHeartbeat
from alongside.notifications.services import notify
from alongside.notifications.tasks import deliver_outbox
from alongside.signals.tests.factories import checkins, every_day, usual_month


def _replace_run(monkeypatch: pytest.MonkeyPatch, name: str, run: Callable[..., Any]) -> None:
    """The declared job ``name`` runs ``run`` instead (undone with the monkeypatch)."""
    monkeypatch.setitem(registry.jobs, name, dataclasses.replace(registry.get(name), run=run))


def _declare(monkeypatch: pytest.MonkeyPatch, job: PeriodicJob) -> None:
    """A job declared for this test only, as an app's ``jobs.py`` would."""
    registry.discover()
    monkeypatch.setitem(registry.jobs, job.name, job)


def test_every_app_declares_its_jobs_and_the_worker_knows_none_by_name() -> None:
    declared = {job.name: job for job in registry.all()}
    assert set(declared) >= {
        "throttle_events_purge",
        "escalations_advance_due",
        "contact_follow_ups_remind_due",
        "messages_release_held",
        "outbox_deliver_due",
        "milestones_celebrate_due",
        "checkin_reminders_send_due",
        "signals_evaluate_pending",
        "signals_sweep_due",
        "wellbeing_reminders_send_due",
    }
    assert declared["signals_evaluate_pending"].every_pass
    assert declared["milestones_celebrate_due"].every == 600
    order = [job.name for job in registry.all()]
    # Whatever writes notifications runs before the outbox, so they go out in the same sweep.
    assert order.index("messages_release_held") < order.index("outbox_deliver_due")
    assert (
        order.index("signals_evaluate_pending")
        < order.index("escalations_advance_due")
        < order.index("outbox_deliver_due")
    )
    source = Path(worker.__file__).read_text(encoding="utf-8")
    assert not [name for name in declared if name in source]
    with pytest.raises(Exception, match="two periodic jobs"):
        jobs.periodic(name="outbox_deliver_due", run=lambda: None)


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_declared_job_on_its_cadence_and_isolates_one_that_raises(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[str] = []

    def counted() -> int:
        ran.append("every_hour")
        return 2

    def broken() -> int:
        ran.append("broken")
        raise RuntimeError("declared job broke")

    _declare(
        monkeypatch,
        PeriodicJob(
            name="test_every_hour", run=counted, every=3600, order=1, report=lambda n: f"test job did {n} things"
        ),
    )
    _declare(monkeypatch, PeriodicJob(name="test_broken", run=broken, order=0))
    out, err = StringIO(), StringIO()
    call_command("worker", "--once", stdout=out, stderr=err)
    assert ran == ["broken", "every_hour"]  # by declared order; the first raising stopped nothing
    assert "test job did 2 things" in out.getvalue()
    assert "jobs failing: test_broken" in err.getvalue()
    [beat] = WorkerHeartbeat.objects.all()
    assert beat.failing_jobs == ["test_broken"]

    command = worker.Command(stdout=StringIO(), stderr=StringIO())
    clock = JobClock()
    time = _Clock(lambda sleeps: None)
    monkeypatch.setattr(worker, "time", time)
    ran.clear()
    command.sweep("w", clock=clock)  # the first sweep: every job
    assert ran == ["broken", "every_hour"]
    time.now += 1800
    command.sweep("w", clock=clock)  # half an hour later: the hourly job is not due
    assert ran == ["broken", "every_hour", "broken"]
    time.now += 1800
    command.sweep("w", clock=clock)
    assert ran == ["broken", "every_hour", "broken", "broken", "every_hour"]
    ran.clear()
    command.run_every_pass(Sweep())  # neither is an every-pass job
    assert ran == []
    _declare(monkeypatch, PeriodicJob(name="test_every_pass", run=counted, every=EVERY_PASS))
    command.run_every_pass(Sweep())
    assert ran == ["every_hour"]


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections, as it must in production
def test_a_failing_job_does_not_stop_escalation_or_the_outbox_and_is_reported(
    personas: Personas, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> int:
        raise RuntimeError("held messages broke")

    _replace_run(monkeypatch, "messages_release_held", broken)  # the first job of the sweep
    alert = crisis_button_press(participant=personas.participant, now=timezone.now() - dt.timedelta(minutes=6))
    notify(recipient=personas.mentor2.user, kind="k", title="Hello")
    err = StringIO()
    call_command("worker", "--once", stdout=StringIO(), stderr=err)
    assert EscalationStep.objects.filter(alert=alert, index=2, recipient=personas.supervisor).exists()
    assert "Hello" in [m["Subject"] for m in smtp_server.to(personas.mentor2.user.email)]
    assert "jobs failing: messages_release_held" in err.getvalue()
    [beat] = WorkerHeartbeat.objects.all()  # the heartbeat is written, and names what fails
    assert beat.failing_jobs == ["messages_release_held"]
    response = Client().get(reverse("ops:healthz_worker"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["detail"] == "job messages_release_held failing"

    monkeypatch.undo()  # fixed: the next pass says so
    call_command("worker", "--once", stdout=StringIO(), stderr=StringIO())
    response = Client().get(reverse("ops:healthz_worker"))
    assert response.status_code == 200 and response.json()["scheduler"]["failing_jobs"] == []


def _pass_worker() -> PassWorker:
    return PassWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


@pytest.mark.django_db(transaction=True)
def test_a_pass_of_tasks_is_bounded_so_the_sweep_gets_its_turn(db: None) -> None:
    for _ in range(3):
        deliver_outbox.enqueue()
    tasks = _pass_worker()
    assert tasks.run_pass(max_tasks=2, seconds=60) is True  # cut short: the sweep runs next
    assert DBTaskResult.objects.ready().count() == 1
    assert tasks.run_pass(max_tasks=2, seconds=60) is False  # ran out of tasks
    assert DBTaskResult.objects.ready().count() == 0

    for _ in range(3):
        deliver_outbox.enqueue()
    assert tasks.run_pass(max_tasks=100, seconds=0) is True  # its time is up after one task
    assert DBTaskResult.objects.ready().count() == 2


class _Clock:
    """The worker's ``time``: a monotonic clock that moves only when the worker sleeps."""

    def __init__(self, on_sleep: Callable[[int], None]) -> None:
        self.now = 10_000.0
        self.sleeps = 0
        self.on_sleep = on_sleep

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.sleeps += 1
        self.on_sleep(self.sleeps)


@pytest.mark.django_db(transaction=True)
def test_between_sweeps_every_pass_evaluates_new_check_ins(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    command = worker.Command(stdout=StringIO(), stderr=StringIO())
    sweeps: list[bool] = []
    sweep = command.sweep

    def counted_sweep(worker_id: str, *, clock: JobClock, everything: bool = False) -> Sweep:
        sweeps.append(everything)
        return sweep(worker_id, clock=clock, everything=everything)

    monkeypatch.setattr(command, "sweep", counted_sweep)
    today = local_today(personas.participant)
    checkins(
        personas.participant, {**usual_month(craving=3), **every_day([1, 2], craving=8, sleep_quality=1)}, as_of=today
    )
    CheckIn.objects.update(signals_pending=False)

    def one_second_later(sleeps: int) -> None:
        if sleeps == 1:  # after the first pass (and its sweep), the participant checks in
            checkin_record(participant=personas.participant, data=CheckInInput(mood=3, craving=9, sleep_quality=2))
        else:
            command.running = False

    monkeypatch.setattr(worker, "time", _Clock(one_second_later))
    command.handle(interval=1.0, once=False)
    assert len(sweeps) == 1  # the second pass, a second later, was not a sweep ...
    assert Alert.objects.get(kind=AlertKind.SIGNAL).participant == personas.participant  # ... and evaluated it
    assert not CheckIn.objects.filter(signals_pending=True).exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_signals_job_is_logged_and_stops_nothing(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: object) -> dict[str, int]:
        raise RuntimeError("signals broke")

    _replace_run(monkeypatch, "signals_evaluate_pending", broken)
    between = Sweep()
    worker.Command(stdout=StringIO(), stderr=StringIO()).run_every_pass(between)  # between sweeps: no raise
    assert between.failing == ["signals_evaluate_pending"]
    alert = crisis_button_press(participant=personas.participant, now=timezone.now() - dt.timedelta(minutes=6))
    err = StringIO()
    call_command("worker", "--once", stdout=StringIO(), stderr=err)
    assert EscalationStep.objects.filter(alert=alert, index=2, recipient=personas.supervisor).exists()
    assert "jobs failing: signals_evaluate_pending" in err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_participants_whose_signals_keep_failing_show_on_the_worker_health(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job itself survives a participant whose evaluation fails (they stay pending); the
    heartbeat still names it, so /healthz/worker says something needs looking at."""

    def one_failed(**kwargs: object) -> dict[str, int]:
        return {"participants": 2, "evaluations": 1, "alerts": 0, "failed": 1}

    _replace_run(monkeypatch, "signals_evaluate_pending", one_failed)
    err = StringIO()
    call_command("worker", "--once", stdout=StringIO(), stderr=err)
    assert "early-warning signals failed for 1 participant(s)" in err.getvalue()
    [beat] = WorkerHeartbeat.objects.all()
    assert beat.failing_jobs == ["signals_evaluate_pending"]
    assert Client().get(reverse("ops:healthz_worker")).status_code == 503
