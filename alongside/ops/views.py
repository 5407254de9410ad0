"""Health checks for load balancers and monitoring (public, no login, no personal data)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from alongside.alerts.escalation import SchedulerHealth, scheduler_health


def _health_body(scheduler: SchedulerHealth) -> dict[str, object]:
    body: dict[str, object] = {
        "status": "ok" if scheduler.healthy else "degraded",
        "scheduler": {
            "status": scheduler.status,
            "last_heartbeat": scheduler.last_heartbeat.isoformat() if scheduler.last_heartbeat else None,
            "failing_jobs": list(scheduler.failing_jobs),
        },
    }
    if scheduler.failing_jobs:
        body["detail"] = "; ".join(f"job {job} failing" for job in scheduler.failing_jobs)
    return body


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for a load balancer: the web process and its database answer (200).

    A stopped background worker is reported in the body but does not fail this check: taking
    the web process out of rotation would also take away the crisis pages. ``/healthz/worker``
    is the check that fails (503) when the worker has stopped, for monitoring.
    """
    # A SELECT or two: it also shows the database answers.
    return JsonResponse(_health_body(scheduler_health()))


def healthz_worker(request: HttpRequest) -> JsonResponse:
    """503 when no worker (which escalates alerts and delivers the outbox) beat in two minutes,
    or when a job of its sweep keeps failing ("degraded", with "job X failing")."""
    scheduler = scheduler_health()
    return JsonResponse(_health_body(scheduler), status=200 if scheduler.healthy else 503)
