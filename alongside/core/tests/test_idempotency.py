"""Idempotency-Key: a retried or double-submitted POST creates one record and replays one response."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from alongside.accounts.services import access_token_create
from alongside.conftest import Personas, login_client
from alongside.consent.models import Consent
from alongside.core.idempotency import MAX_KEY_LENGTH
from alongside.core.models import IdempotencyRecord
from alongside.core.testing.openapi import api_call
from alongside.core.tests.test_api_consents import consent_body
from alongside.notifications.models import OutboxMessage
from alongside.organizations.models import Invitation, Match


def post_consent(client: Any, key: str | None, **overrides: Any) -> tuple[Any, Any]:
    headers = {"Idempotency-Key": key} if key else {}
    return api_call(client, "POST", "/consents", consent_body(**overrides), headers=headers)


def test_same_key_and_body_give_the_same_response_and_one_record(personas: Personas) -> None:
    client = login_client(personas.participant)

    first, first_body = post_consent(client, "retry-1")
    second, second_body = post_consent(client, "retry-1")

    assert first.status_code == second.status_code == 201
    assert first_body == second_body
    assert Consent.objects.count() == 1
    assert IdempotencyRecord.objects.filter(key="retry-1").count() == 1


def test_same_key_with_a_different_body_is_refused(personas: Personas) -> None:
    client = login_client(personas.participant)
    post_consent(client, "retry-2")

    response, body = post_consent(client, "retry-2", purpose="Something else entirely")

    assert response.status_code == 422
    assert "different request" in body["detail"]
    assert Consent.objects.count() == 1


def test_without_a_key_each_post_creates(personas: Personas) -> None:
    client = login_client(personas.participant)
    post_consent(client, None)
    post_consent(client, None)

    assert Consent.objects.count() == 2


def test_a_failed_request_is_not_remembered(personas: Personas) -> None:
    client = login_client(personas.participant)

    failed, _b = post_consent(client, "retry-3", signature_name="Not My Name")
    fixed, _b = post_consent(client, "retry-3")

    assert failed.status_code == 422
    assert fixed.status_code == 201
    assert Consent.objects.count() == 1


def test_keys_belong_to_one_person(personas: Personas) -> None:
    post_consent(login_client(personas.participant), "shared-key")
    response, body = post_consent(login_client(personas.participant2), "shared-key", signature_name="Paz Participant")

    assert response.status_code == 201
    assert Consent.objects.get(pk=body["id"]).participant == personas.participant2


def test_an_overlong_key_is_a_field_error(personas: Personas) -> None:
    response, body = post_consent(login_client(personas.participant), "k" * (MAX_KEY_LENGTH + 1))

    assert response.status_code == 422
    assert [e["field"] for e in body["errors"]] == ["Idempotency-Key"]
    assert not Consent.objects.exists()


def test_a_repeated_invitation_sends_one_email(personas: Personas) -> None:
    client = login_client(personas.admin)
    payload = {"email": "new.person@example.test", "role": "participant", "display_name": "New Person"}

    first, first_body = api_call(client, "POST", "/invitations", payload, headers={"Idempotency-Key": "inv-1"})
    second, second_body = api_call(client, "POST", "/invitations", payload, headers={"Idempotency-Key": "inv-1"})

    assert first.status_code == second.status_code == 201
    assert first_body == second_body
    assert Invitation.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_a_repeated_match_makes_one_match(personas: Personas) -> None:
    client = login_client(personas.admin)
    payload = {"mentor_id": personas.mentor2.pk, "participant_id": personas.participant.pk}

    first, first_body = api_call(client, "POST", "/matches", payload, headers={"Idempotency-Key": "match-1"})
    second, second_body = api_call(client, "POST", "/matches", payload, headers={"Idempotency-Key": "match-1"})

    assert first.status_code == second.status_code == 201
    assert first_body == second_body
    assert Match.objects.filter(participant=personas.participant, mentor=personas.mentor2).count() == 1


@pytest.fixture
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            f"needs PostgreSQL for truly concurrent transactions (this run uses {connection.vendor}); "
            "run with DATABASE_URL=postgres://..."
        )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_submissions_make_exactly_one_record(postgresql_only: None, personas: Personas) -> None:
    _token, raw = access_token_create(viewer=personas.participant, name="double submit")
    attempts = 4
    barrier = threading.Barrier(attempts)
    results: list[tuple[int, Any]] = []
    errors: list[BaseException] = []

    def submit() -> None:
        from django.test import Client

        try:
            barrier.wait()
            results.append(_post(Client()))
        except BaseException as exc:  # surfaced below, in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    def _post(client: Any) -> tuple[int, Any]:
        response, body = api_call(
            client,
            "POST",
            "/consents",
            consent_body(),
            headers={"Idempotency-Key": "same-click", "Authorization": f"Bearer {raw}"},
        )
        return response.status_code, body

    threads = [threading.Thread(target=submit) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert [status for status, _body in results] == [201] * attempts
    assert len({body["id"] for _status, body in results}) == 1
    assert Consent.objects.count() == 1
    assert IdempotencyRecord.objects.filter(key="same-click").count() == 1
