"""@idempotent: every API create replays its first answer for the same key and body, once per person."""

from __future__ import annotations

from typing import Any

from alongside.api import api
from alongside.conftest import Personas, login_client
from alongside.core.edge import idempotent
from alongside.core.models import IdempotencyRecord
from alongside.core.testing.openapi import api_call
from alongside.journal.models import JournalEntry


def _operations() -> list[tuple[str, Any]]:
    found = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                found.extend((f"{method} {path}", operation) for method in operation.methods)
    return found


def test_every_create_endpoint_is_idempotent_and_documents_the_key(db: None) -> None:
    creates = [(name, op) for name, op in _operations() if name.startswith("POST") and 201 in op.response_models]
    assert len(creates) >= 20  # the check would prove nothing if it found no creates
    missing = [
        name
        for name, op in creates
        if not getattr(op.view_func, "idempotent", False) and not getattr(op.view_func, "not_idempotent_because", "")
    ]
    assert missing == [], "create endpoints without @idempotent"
    document = api.get_openapi_schema()
    for path, operations in document["paths"].items():
        post = operations.get("post")
        if post and "201" in {str(status) for status in post["responses"]} and path != "/api/v1/tokens":
            headers = [p["name"] for p in post.get("parameters", []) if p["in"] == "header"]
            assert headers == ["Idempotency-Key"], path


def _write(client: Any, key: str | None, text: str = "A quiet evening.") -> tuple[Any, Any]:
    headers = {"Idempotency-Key": key} if key else {}
    return api_call(client, "POST", "/journal", {"text": text}, headers=headers)


def test_a_replay_answers_the_first_response_and_creates_one_record(personas: Personas) -> None:
    client = login_client(personas.participant)

    first, first_body = _write(client, "entry-1")
    second, second_body = _write(client, "entry-1")

    assert first.status_code == second.status_code == 201
    assert first_body == second_body
    assert JournalEntry.objects.filter(participant=personas.participant).count() == 1
    assert IdempotencyRecord.objects.get(key="entry-1").response_status == 201


def test_the_same_key_with_another_body_is_a_clear_problem(personas: Personas) -> None:
    client = login_client(personas.participant)
    _write(client, "entry-2")

    response, body = _write(client, "entry-2", text="Something else")

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert body["detail"] == "This Idempotency-Key was already used with a different request."
    assert JournalEntry.objects.filter(participant=personas.participant).count() == 1


def test_the_same_key_on_another_endpoint_is_refused(personas: Personas) -> None:
    client = login_client(personas.participant)
    _write(client, "entry-3")

    response, body = api_call(
        client, "POST", "/coping/strategies", {"text": "Walk"}, headers={"Idempotency-Key": "entry-3"}
    )

    assert response.status_code == 422
    assert "different request" in body["detail"]


def test_keys_are_scoped_to_the_viewer(personas: Personas) -> None:
    _write(login_client(personas.participant), "shared-key")
    response, body = _write(login_client(personas.participant2), "shared-key")

    assert response.status_code == 201
    assert body["participant_id"] == personas.participant2.pk
    assert JournalEntry.objects.count() == 2


def test_the_decorator_adds_the_header_parameter_and_keeps_the_name() -> None:
    def make(request: Any) -> dict[str, int]:
        return {"id": 1}

    wrapped = idempotent(make)

    assert wrapped.__name__ == "make"
    assert wrapped.idempotent is True  # type: ignore[attr-defined]
    assert list(wrapped.__signature__.parameters) == ["request", "idempotency_key"]  # type: ignore[attr-defined]
