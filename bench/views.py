"""Baseline views for `make bench`, mounted only by the benchmarks' own URLconf (``bench.urls``,
with the settings ``bench.settings``): the app never imports them.

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


@require_POST
def checkin_work(request: HttpRequest) -> JsonResponse:
    """What a check-in must do besides storing itself, and then the same one INSERT: signed in,
    the body read and checked against the API's own schema and the service's own rules, the
    note encrypted and screened for crisis language. No row lock, no audit entry, no
    transaction. Not a check-in: a reference for the benchmark, so it can show what the
    check-in's work costs before any of its writes."""
    from alongside.checkins.api import CheckInIn
    from alongside.checkins.services import checkin_clean
    from alongside.core.crypto import encrypt_text
    from alongside.crisis_language import detect

    viewer = viewer_of(request)
    if viewer is None:
        return JsonResponse({"title": "Not authenticated"}, status=401)
    payload = CheckInIn.model_validate_json(request.body)
    note = str(checkin_clean(viewer, payload.to_input()).values["note"])
    crisis = bool(note) and detect(note, language=viewer.user.language or None)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (payload) VALUES (%s)", [encrypt_text(note)])
    return JsonResponse({**payload.model_dump(mode="json"), "show_crisis_support": crisis}, status=201)
