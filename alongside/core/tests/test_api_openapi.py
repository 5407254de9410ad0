"""The published OpenAPI document, the response validator itself, and the API's error shapes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import (
    SchemaMismatch,
    api_call,
    assert_valid_response,
    openapi_document,
    operations,
    validate_response,
)


def test_the_document_is_openapi_3_1_and_served_publicly(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    served = response.json()
    assert served["openapi"].startswith("3.1.")
    assert served == openapi_document()


def test_every_operation_documents_its_problem_responses(db: None) -> None:
    document = openapi_document()
    for method, template in operations():
        responses = document["paths"][template][method.lower()]["responses"]
        for status in ("401", "403", "404", "422"):
            assert set(responses[status]["content"]) == {"application/problem+json"}, (method, template, status)


def test_creating_operations_document_the_idempotency_key(db: None) -> None:
    document = openapi_document()
    for template in (
        "/api/v1/consents",
        "/api/v1/invitations",
        "/api/v1/matches",
        "/api/v1/participants/{participant_id}/break-glass",
    ):
        names = [p["name"] for p in document["paths"][template]["post"].get("parameters", []) if p["in"] == "header"]
        assert names == ["Idempotency-Key"], template


def _problem(**overrides: object) -> bytes:
    return json.dumps({"type": "about:blank", "title": "Not found", "status": 404, **overrides}).encode()


def test_the_validator_accepts_a_documented_answer(db: None) -> None:
    body = validate_response(
        method="GET",
        path="/api/v1/participants/12",
        status=404,
        content_type="application/problem+json",
        body=_problem(),
    )

    assert body["status"] == 404


@pytest.mark.parametrize(
    ("status", "content_type", "body", "complaint"),
    [
        (404, "application/problem+json", _problem(status="404"), "is not of type 'integer'"),
        (404, "application/problem+json", _problem(secret="x"), "Additional properties"),
        (404, "application/json", _problem(), "Content-Type"),
        (418, "application/problem+json", _problem(), "status not documented"),
        (200, "application/json", b'{"id": 1}', "'display_name' is a required property"),
        (404, "application/problem+json", b"<html>", "not JSON"),
    ],
)
def test_the_validator_rejects_what_the_schema_does_not_promise(
    db: None, status: int, content_type: str, body: bytes, complaint: str
) -> None:
    with pytest.raises(SchemaMismatch, match=complaint):
        validate_response(
            method="GET", path="/api/v1/participants/12", status=status, content_type=content_type, body=body
        )


def test_the_validator_refuses_an_undocumented_path_or_method(db: None) -> None:
    with pytest.raises(SchemaMismatch, match="no path"):
        validate_response(method="GET", path="/api/v1/nowhere", status=200, content_type="application/json", body=b"{}")
    with pytest.raises(SchemaMismatch, match="documents only"):
        validate_response(
            method="PUT", path="/api/v1/participants", status=200, content_type="application/json", body=b"{}"
        )


def test_a_malformed_body_is_a_400_problem(personas: Personas) -> None:
    response = login_client(personas.participant).post(
        "/api/v1/consents", data="{not json", content_type="application/json"
    )
    body = assert_valid_response(response)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert body["status"] == 400


def test_an_unexpected_error_is_a_500_problem_without_details(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alongside.organizations import selectors

    def explode(**kwargs: object) -> None:
        raise RuntimeError("database on fire: secret detail")

    monkeypatch.setattr(selectors, "participants_for_viewer", explode)
    client = login_client(personas.admin)
    client.raise_request_exception = False

    response, body = api_call(client, "GET", "/participants")

    assert response.status_code == 500
    assert body["title"] == "Internal error"
    assert "secret detail" not in response.content.decode()


def test_unknown_api_paths_and_malformed_ids_answer_in_problem_json(db: None) -> None:
    from django.test import Client

    for path in ("/api/v1/no-such-thing", "/api/v2/"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "Not found"
    # A malformed id is still answered in problem+json (401 first for an anonymous caller).
    response = Client().get("/api/v1/participants/not-a-number")
    assert response["Content-Type"] == "application/problem+json"
