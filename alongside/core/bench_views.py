"""Baseline views for `make bench`, mounted only when ALONGSIDE_BENCH_VIEWS=1.

The benchmarks compare real endpoints against these on the same server in the same run.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def bare_insert(request: HttpRequest) -> JsonResponse:
    """One INSERT and a tiny JSON answer: the least a write endpoint can do in Django."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (payload) VALUES (%s)", [request.body.decode()[:2000]])
    return JsonResponse({"ok": True}, status=201)
