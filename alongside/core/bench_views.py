"""Baseline views for `make bench`, mounted only when ALONGSIDE_BENCH_VIEWS=1.

The benchmarks compare real endpoints against these on the same server in the same run.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from alongside.organizations.middleware import viewer_of


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> JsonResponse:
    """One INSERT and a tiny JSON answer: the least a write endpoint can do in Django."""
    return _insert(request)


@require_POST
def signed_in_insert(request: HttpRequest) -> JsonResponse:
    """The same INSERT behind what every signed-in request pays first: the session, the user,
    the membership they act as, and the CSRF check (not exempt). The floor under any
    participant endpoint, so the benchmark can say how much of a check-in is sign-in."""
    if viewer_of(request) is None:
        return JsonResponse({"title": "Not authenticated"}, status=401)
    return _insert(request)


def _insert(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (payload) VALUES (%s)", [request.body.decode()[:2000]])
    return JsonResponse({"ok": True}, status=201)
