"""The worker keeps its promises under faults and load: one failing job does not stop the
others (and is reported), and a steady stream of tasks never starves the sweep."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alongside.alerts.models import EscalationStep
from alongside.alerts.services import crisis_button_press
from alongside.conftest import Mailbox, Personas
from alongside.notifications.management.commands import worker
from alongside.notifications.management.commands.worker import PassWorker
from alongside.notifications.models import WorkerHeartbeat
from alongside.notifications.services import notify
from alongside.notifications.tasks import deliver_outbox


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections, as it must in production
def test_a_failing_job_does_not_stop_escalation_or_the_outbox_and_is_reported(
    personas: Personas, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> int:
        raise RuntimeError("held messages broke")

    monkeypatch.setattr(worker, "messages_release_held", broken)  # the first job of the sweep
    alert = crisis_button_press(participant=personas.participant, now=timezone.now() - dt.timedelta(minutes=6))
    notify(recipient=personas.mentor2.user, kind="k", title="Hello")
    err = StringIO()
    call_command("worker", "--once", stdout=StringIO(), stderr=err)
    assert EscalationStep.objects.filter(alert=alert, index=2, recipient=personas.supervisor).exists()
    assert "Hello" in [m["Subject"] for m in smtp_server.to(personas.mentor2.user.email)]
    assert "jobs failing: messages_release_held" in err.getvalue()
    [beat] = WorkerHeartbeat.objects.all()  # the heartbeat is written, and names what fails
    assert beat.failing_jobs == ["messages_release_held"]
    response = Client().get(reverse("core:healthz_worker"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["detail"] == "job messages_release_held failing"

    monkeypatch.undo()  # fixed: the next pass says so
    call_command("worker", "--once", stdout=StringIO(), stderr=StringIO())
    response = Client().get(reverse("core:healthz_worker"))
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
