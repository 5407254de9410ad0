"""The site's own pages: home (what each role sees first), the web app manifest and service
worker served from the root, and the error pages (404, 403, 500, CSRF failure)."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from alongside.organizations.middleware import viewer_of
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import member_view
from alongside.pages.selectors import home_context


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if viewer_of(request) is None:
        return render(request, "core/no_membership.html", status=403)
    return _home(request)  # type: ignore[call-arg]  # member_view supplies the viewer


@member_view
def _home(request: HttpRequest, viewer: Membership) -> HttpResponse:
    context = home_context(viewer=viewer)
    return render(request, f"pages/home_{viewer.role}.html", context)


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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired or missing security token (CSRF_FAILURE_VIEW).

    The form may have been the crisis button, so the page keeps every crisis line, the safety
    plan and a fresh "Alert my mentor now" form (with a new token). The status stays 403.
    """
    return render(request, "403_csrf.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
