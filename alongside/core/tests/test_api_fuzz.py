"""Generated requests, valid and invalid, against every API operation, as each persona.

The OpenAPI document the API publishes is the contract: for each operation a few requests that fit
it and a few that break it are sent in-process (WSGI) with the persona's personal access token. No
answer may be a 5xx, every answer must be one the document describes, and a request that breaks the
schema must be refused. Generation is seeded and bounded, so a run is the same every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from alongside.accounts.services import access_token_create
from alongside.conftest import Personas

PERSONAS = ["participant", "mentor", "supervisor", "admin", "outsider"]
EXAMPLES_PER_OPERATION = 3
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture
def wsgi_app(settings: Any) -> Iterator[WSGIHandler]:
    """The project's WSGI application, sharing the test's database transaction.

    As Django's own test client does, requests do not close the database connection on the way
    in or out (that would end the test's transaction)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _failures_for(operation: Any, headers: dict[str, str]) -> list[str]:
    failures = []
    for mode in MODES:

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # every failing operation is reported, not just the first
            failures.append(f"{operation.label} ({mode.value}): {exc}")
    return failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_generated_requests_never_break_the_api(personas: Personas, wsgi_app: WSGIHandler, persona: str) -> None:
    _token, raw = access_token_create(viewer=getattr(personas, persona), name="fuzz")
    # Compressed answers are for browsers; the in-process client would not unpack them.
    headers = {"Authorization": f"Bearer {raw}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)

    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        failures.extend(_failures_for(operation, headers))

    assert operations > 50
    assert not failures, "\n\n".join(failures)
