from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from alongside.core.selectors import home_context
from alongside.core.views_helpers import member_view
from alongside.organizations.middleware import viewer_of
from alongside.organizations.models import Membership


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if viewer_of(request) is None:
        return render(request, "core/no_membership.html", status=403)
    return _home(request)


@member_view
def _home(request: HttpRequest, viewer: Membership) -> HttpResponse:
    context = home_context(viewer=viewer)
    return render(request, f"core/home_{viewer.role}.html", context)


def crisis(request: HttpRequest) -> HttpResponse:
    """Help now: public, no login, no tracking."""
    return render(request, "core/crisis.html")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
