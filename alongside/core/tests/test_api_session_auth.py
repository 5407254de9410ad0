"""Unsafe API calls with no one logged in are told to authenticate (401), not that a CSRF check failed."""

from __future__ import annotations

import pytest
from django.test import Client

from alongside.accounts.models import PersonalAccessToken
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import api_call

UNSAFE_CALLS = [
    ("POST", "/tokens", {"name": "script"}),
    ("POST", "/notifications/read-all", None),
    ("PUT", "/programs/{program}/signal-settings", {"alert_threshold": 3, "enabled": []}),
    ("PATCH", "/journal/987654321", {"text": "hello"}),
    ("DELETE", "/tokens/987654321", None),
]


def _anonymous(with_stale_cookie: bool) -> Client:
    client = Client(enforce_csrf_checks=True)
    if with_stale_cookie:
        client.cookies["alongside_session"] = "not-a-live-session"
    return client


@pytest.mark.parametrize("with_stale_cookie", [False, True])
@pytest.mark.parametrize(("method", "path", "payload"), UNSAFE_CALLS)
def test_an_unsafe_call_without_a_login_is_401_problem_json(
    personas: Personas, method: str, path: str, payload: dict[str, object] | None, with_stale_cookie: bool
) -> None:
    client = _anonymous(with_stale_cookie)
    response, body = api_call(client, method, path.format(program=personas.program.pk), payload)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body["status"] == 401
    assert body["title"] == "Unauthorized"
    assert not PersonalAccessToken.objects.exists()


def test_a_logged_in_session_without_the_csrf_token_is_still_403(personas: Personas) -> None:
    client = login_client(personas.mentor)
    client.handler.enforce_csrf_checks = True

    response, body = api_call(client, "POST", "/tokens", {"name": "script"})

    assert response.status_code == 403
    assert body["title"] == "CSRF check failed"
    assert not PersonalAccessToken.objects.exists()
