"""The heartbeat alarm: when the worker stops, /healthz/worker, staff pages and the admins' inboxes say so."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.alerts.escalation import scheduler_alarm_send, scheduler_health
from alongside.alerts.models import SchedulerAlarm
from alongside.alerts.tests.conftest import T0
from alongside.conftest import Mailbox, Personas, login_client
from alongside.notifications.models import OutboxMessage, WorkerHeartbeat

BANNER = "Alerts are not being escalated: the background worker has stopped."


def beat(at: dt.datetime, worker: str = "worker-1") -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker, defaults={"last_seen": at})


def test_it_is_stale_after_two_minutes_without_a_heartbeat(db: None) -> None:
    assert scheduler_health(now=T0).stale  # never ran
    beat(T0 - dt.timedelta(minutes=10), worker="old")
    beat(T0)
    assert not scheduler_health(now=T0 + dt.timedelta(minutes=2)).stale
    health = scheduler_health(now=T0 + dt.timedelta(minutes=2, seconds=1))
    assert health.stale and health.last_heartbeat == T0


def test_the_worker_health_check_answers_503_when_the_worker_has_stopped(db: None) -> None:
    beat(timezone.now() - dt.timedelta(minutes=3))
    response = Client().get(reverse("ops:healthz_worker"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["scheduler"]["status"] == "stale"
    assert body["scheduler"]["last_heartbeat"] is not None
    beat(timezone.now())
    response = Client().get(reverse("ops:healthz_worker"))
    assert response.status_code == 200 and response.json()["scheduler"]["status"] == "ok"


def test_liveness_stays_up_but_says_the_worker_stopped(db: None) -> None:
    """A load balancer must not take the crisis pages away because the worker stopped."""
    beat(timezone.now() - dt.timedelta(minutes=3))
    response = Client().get(reverse("ops:healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["scheduler"]["status"] == "stale"


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("admin", True), ("supervisor", True), ("mentor", False), ("participant", False)],
)
def test_staff_pages_show_a_banner_to_admins_and_supervisors(personas: Personas, persona: str, shown: bool) -> None:
    client = login_client(getattr(personas, persona))
    beat(timezone.now() - dt.timedelta(minutes=5))
    assert (BANNER in client.get(reverse("pages:home")).content.decode()) is shown
    beat(timezone.now())
    assert BANNER not in client.get(reverse("pages:home")).content.decode()


def test_check_scheduler_emails_the_admins_directly_and_exits_non_zero(
    personas: Personas, smtp_server: Mailbox
) -> None:
    beat(timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(CommandError) as exc:
        call_command("check_scheduler")
    assert exc.value.returncode == 1 and "alarm emails sent: 1" in str(exc.value)
    [email] = smtp_server.messages
    assert email["To"] == personas.admin.user.email and "background worker has stopped" in email["Subject"]
    assert "Last heartbeat" in email.get_content()
    assert not OutboxMessage.objects.exists()  # not through the outbox: that is what stopped
    # The same outage is reported once (until the repeat interval), but the exit stays non-zero.
    with pytest.raises(CommandError) as again:
        call_command("check_scheduler")
    assert again.value.returncode == 1 and len(smtp_server.messages) == 1


def test_check_scheduler_is_quiet_while_the_worker_runs(personas: Personas, smtp_server: Mailbox) -> None:
    beat(timezone.now())
    out = io.StringIO()
    call_command("check_scheduler", stdout=out)
    assert "scheduler ok" in out.getvalue() and not smtp_server.messages


def test_check_scheduler_fails_loudly_when_the_mail_server_is_down_too(personas: Personas) -> None:
    with pytest.raises(CommandError) as exc:
        call_command("check_scheduler")  # never ran, and email goes to a closed port
    assert exc.value.returncode == 2 and not SchedulerAlarm.objects.exists()


def test_the_alarm_repeats_after_some_hours_and_for_a_new_outage(personas: Personas, smtp_server: Mailbox) -> None:
    beat(T0)
    stopped = T0 + dt.timedelta(minutes=3)
    assert scheduler_alarm_send(now=stopped)[1] == 1
    assert scheduler_alarm_send(now=stopped + dt.timedelta(hours=3))[1] == 0
    assert scheduler_alarm_send(now=stopped + dt.timedelta(hours=4))[1] == 1
    beat(T0 + dt.timedelta(hours=5))  # it ran again, then stopped again: a new outage
    assert scheduler_alarm_send(now=T0 + dt.timedelta(hours=5, minutes=3))[1] == 1
    assert len(smtp_server.messages) == 3
