from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from alongside.core.selectors import home_context
from alongside.core.views_helpers import member_view
from alongside.organizations.middleware import viewer_of
from alongside.organizations.models import Membership

if TYPE_CHECKING:
    from alongside.alerts.escalation import SchedulerHealth


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if viewer_of(request) is None:
        return render(request, "core/no_membership.html", status=403)
    return _home(request)  # type: ignore[call-arg]  # member_view supplies the viewer


@member_view
def _home(request: HttpRequest, viewer: Membership) -> HttpResponse:
    context = home_context(viewer=viewer)
    return render(request, f"core/home_{viewer.role}.html", context)


_STATIC = Path(__file__).resolve().parent.parent / "static"


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the site root so it may control /checkin/ (a worker's scope is its path)."""
    body = (_STATIC / "js" / "sw.js").read_bytes()
    return HttpResponse(
        body, content_type="application/javascript; charset=utf-8", headers={"Service-Worker-Allowed": "/"}
    )


@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: the check-in can be added to a phone's home screen."""
    return JsonResponse(
        {
            "name": "Alongside",
            "short_name": "Alongside",
            "description": str(_("Daily check-in and peer recovery support")),
            "start_url": "/checkin/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1f5f5b",
            "icons": [{"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
        },
        content_type="application/manifest+json",
    )


# The crisis pages may be kept on the person's own phone for when there is no connection (the
# service worker keeps only responses without no-store); they are asked for again each time online.
_KEEP_ON_DEVICE = "private, no-cache"


def crisis(request: HttpRequest) -> HttpResponse:
    """Help now: public, no login, no tracking; also works offline once the app has been opened."""
    response = render(request, "core/crisis.html")
    response["Cache-Control"] = _KEEP_ON_DEVICE
    return response


def overdose(request: HttpRequest) -> HttpResponse:
    """Overdose: what to do. Public like the crisis page, and kept for offline use the same way."""
    response = render(request, "core/overdose.html")
    response["Cache-Control"] = _KEEP_ON_DEVICE
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing security token (CSRF_FAILURE_VIEW).

    The form may have been the crisis button, so the page keeps every crisis line, the safety
    plan and a fresh "Alert my mentor now" form (with a new token). The status stays 403.
    """
    return render(request, "403_csrf.html", status=403)


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
    from alongside.alerts.escalation import scheduler_health

    # A SELECT or two: it also shows the database answers.
    return JsonResponse(_health_body(scheduler_health()))


def healthz_worker(request: HttpRequest) -> JsonResponse:
    """503 when no worker (which escalates alerts and delivers the outbox) beat in two minutes,
    or when a job of its sweep keeps failing ("degraded", with "job X failing")."""
    from alongside.alerts.escalation import scheduler_health

    scheduler = scheduler_health()
    return JsonResponse(_health_body(scheduler), status=200 if scheduler.healthy else 503)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
