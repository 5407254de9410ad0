"""Personal access tokens and how the API authenticates: Bearer tokens, sessions with CSRF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string

from alongside.accounts.models import PersonalAccessToken
from alongside.accounts.services import access_token_create
from alongside.conftest import PASSWORD, Personas, login_client, make_member
from alongside.core.testing.openapi import api_call
from alongside.organizations.models import Membership, ParticipantProfile, Role


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_a_session_creates_a_token_shown_once(personas: Personas) -> None:
    client = login_client(personas.mentor)

    response, body = api_call(
        client, "POST", "/tokens", {"name": "caseload export", "expires_days": 30, "current_password": PASSWORD}
    )
    _r, listed = api_call(client, "GET", "/tokens")

    assert response.status_code == 201
    raw = body["token"]
    assert raw.startswith("alg_")
    token = PersonalAccessToken.objects.get(pk=body["id"])
    assert token.token_hash == PersonalAccessToken.hash_token(raw)
    assert raw not in str(listed)
    assert [t["id"] for t in listed] == [token.pk]
    assert listed[0]["state"] == "active"


def test_a_bearer_token_acts_as_its_owner_in_its_organization(personas: Personas) -> None:
    _token, raw = access_token_create(viewer=personas.mentor, name="script")

    response, body = api_call(Client(), "GET", "/me", headers=bearer(raw))
    _r, participants = api_call(Client(), "GET", "/participants", headers=bearer(raw))

    assert response.status_code == 200
    assert body["active_membership"]["id"] == personas.mentor.pk
    assert {p["display_name"] for p in participants["items"]} == {"Pat Participant", "Paz Participant"}


def test_a_token_cannot_mint_another_token(personas: Personas) -> None:
    _token, raw = access_token_create(viewer=personas.mentor, name="script")

    response, _body = api_call(
        Client(), "POST", "/tokens", {"name": "second", "current_password": PASSWORD}, headers=bearer(raw)
    )

    assert response.status_code == 403
    assert PersonalAccessToken.objects.count() == 1


def test_a_token_for_one_organization_cannot_read_the_other(personas: Personas) -> None:
    both = make_member(personas.org, "both@example.test", "Bo Both", Role.ADMIN)
    in_other = Membership.objects.create(user=both.user, organization=personas.other_org, role=Role.ADMIN)
    ParticipantProfile.objects.get_or_create(membership=personas.outsider_participant)
    _token, raw = access_token_create(viewer=both, name="riverbend only")

    _r, me = api_call(Client(), "GET", "/me", headers=bearer(raw))
    _r, participants = api_call(Client(), "GET", "/participants", headers=bearer(raw))
    other, other_body = api_call(
        Client(), "GET", f"/participants/{personas.outsider_participant.pk}", headers=bearer(raw)
    )

    assert me["active_membership"]["organization_id"] == personas.org.pk
    assert "Omar Other" not in {p["display_name"] for p in participants["items"]}
    assert other.status_code == 404
    assert other_body["title"] == "Not found"
    assert in_other.is_active  # the person is an admin there too; the token still only acts here


@pytest.mark.parametrize("spoil", ["revoked", "expired", "unknown", "deactivated"])
def test_an_unusable_token_is_401(personas: Personas, spoil: str) -> None:
    token, raw = access_token_create(viewer=personas.mentor, name="script")
    if spoil == "revoked":
        api_call(login_client(personas.mentor), "DELETE", f"/tokens/{token.pk}")
    elif spoil == "expired":
        PersonalAccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif spoil == "unknown":
        raw = raw[:-4] + "XXXX"
    else:
        Membership.objects.filter(pk=personas.mentor.pk).update(is_active=False)

    response, body = api_call(Client(), "GET", "/me", headers=bearer(raw))

    assert response.status_code == 401
    assert body["title"] == "Unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoking_a_token_is_204_and_sticks(personas: Personas) -> None:
    token, _raw = access_token_create(viewer=personas.mentor, name="script")

    response, body = api_call(login_client(personas.mentor), "DELETE", f"/tokens/{token.pk}")
    _r, listed = api_call(login_client(personas.mentor), "GET", "/tokens")

    assert response.status_code == 204
    assert body is None
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert listed[0]["state"] == "revoked"


def test_nobody_revokes_someone_elses_token(personas: Personas) -> None:
    token, _raw = access_token_create(viewer=personas.mentor, name="script")

    response, _body = api_call(login_client(personas.admin), "DELETE", f"/tokens/{token.pk}")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_no_credentials_is_401(personas: Personas) -> None:
    response, body = api_call(Client(), "GET", "/participants")

    assert response.status_code == 401
    assert body["status"] == 401


# Session requests that change something need the CSRF token ----------------------------------


def csrf_client(membership: Membership) -> Client:
    client = login_client(membership)
    client.handler.enforce_csrf_checks = True
    return client


def with_csrf(client: Client) -> dict[str, Any]:
    secret = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return {"X-CSRFToken": secret}


def test_a_session_post_without_the_csrf_token_is_refused(personas: Personas) -> None:
    response, body = api_call(
        csrf_client(personas.mentor), "POST", "/tokens", {"name": "script", "current_password": PASSWORD}
    )

    assert response.status_code == 403
    assert body["title"] == "CSRF check failed"
    assert not PersonalAccessToken.objects.exists()


def test_a_session_post_with_the_csrf_token_works(personas: Personas) -> None:
    client = csrf_client(personas.mentor)

    response, _body = api_call(
        client, "POST", "/tokens", {"name": "script", "current_password": PASSWORD}, headers=with_csrf(client)
    )

    assert response.status_code == 201
    assert PersonalAccessToken.objects.count() == 1


def test_session_reads_and_token_posts_need_no_csrf_token(personas: Personas) -> None:
    _token, raw = access_token_create(viewer=personas.participant, name="script")
    client = csrf_client(personas.participant)

    read, _b = api_call(client, "GET", "/tokens")
    write, _b = api_call(Client(enforce_csrf_checks=True), "POST", "/notifications/read-all", headers=bearer(raw))

    assert read.status_code == 200
    assert write.status_code == 200
