"""Invitations, matches and the audit log over the API (admins and supervisors)."""

from __future__ import annotations

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import api_call
from alongside.notifications.models import OutboxMessage
from alongside.organizations.models import Invitation, Match, MatchStatus


def test_an_admin_invites_and_the_response_never_holds_the_link_token(personas: Personas) -> None:
    payload = {"email": "New.Person@Example.test", "role": "mentor", "program_id": personas.program.pk}
    response, body = api_call(login_client(personas.admin), "POST", "/invitations", payload)

    assert response.status_code == 201
    invitation = Invitation.objects.get(pk=body["id"])
    assert (invitation.email, invitation.role, invitation.program) == (
        "new.person@example.test",
        "mentor",
        personas.program,
    )
    assert body["state"] == "pending"
    email = OutboxMessage.objects.get()
    raw = email.body.split("/accounts/invitation/")[1].split("/")[0]
    assert invitation.token_hash == Invitation.hash_token(raw)
    assert raw not in response.content.decode()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "role": "mentor"}, "email"),
        ({"email": "a@example.test", "role": "superuser"}, "role"),
        ({"email": "a@example.test", "role": "mentor", "display_name": "x" * 121}, "display_name"),
        ({"email": "mentor@example.test", "role": "mentor"}, "email"),  # already a member (service rule)
    ],
)
def test_a_bad_invitation_is_a_422_naming_the_field(personas: Personas, payload: dict[str, object], field: str) -> None:
    response, body = api_call(login_client(personas.admin), "POST", "/invitations", payload)

    assert response.status_code == 422
    assert field in {e["field"] for e in body["errors"]}
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["mentor", "supervisor", "participant"])
def test_only_admins_manage_invitations(personas: Personas, persona: str) -> None:
    client = login_client(getattr(personas, persona))

    listed, _b = api_call(client, "GET", "/invitations")
    created, _b = api_call(client, "POST", "/invitations", {"email": "x@example.test", "role": "participant"})

    assert (listed.status_code, created.status_code) == (403, 403)
    assert not Invitation.objects.exists()


def test_an_admin_lists_and_revokes_an_invitation(personas: Personas) -> None:
    client = login_client(personas.admin)
    _r, created = api_call(client, "POST", "/invitations", {"email": "x@example.test", "role": "participant"})

    response, revoked = api_call(client, "POST", f"/invitations/{created['id']}/revoke")
    _r, listed = api_call(client, "GET", "/invitations")

    assert response.status_code == 200
    assert revoked["state"] == "revoked"
    assert Invitation.objects.get(pk=created["id"]).revoked_at is not None
    assert [(i["id"], i["state"]) for i in listed["items"]] == [(created["id"], "revoked")]


@pytest.mark.parametrize(
    ("persona", "status", "count"),
    [("admin", 200, 2), ("supervisor", 200, 2), ("mentor", 403, None), ("mentor2", 403, None)],
)
def test_matches_are_listed_for_those_who_manage_them(
    personas: Personas, persona: str, status: int, count: int | None
) -> None:
    response, body = api_call(login_client(getattr(personas, persona)), "GET", "/matches?status=active")

    assert response.status_code == status
    if count is not None:
        assert body["count"] == count
        assert {m["participant"]["display_name"] for m in body["items"]} == {"Pat Participant", "Paz Participant"}


def test_rematching_moves_access_to_the_new_mentor_at_once(personas: Personas) -> None:
    payload = {"mentor_id": personas.mentor2.pk, "participant_id": personas.participant.pk}
    response, body = api_call(login_client(personas.admin), "POST", "/matches", payload)

    assert response.status_code == 201
    assert body["mentor"] == {"id": personas.mentor2.pk, "display_name": "Miguel Mentor"}
    personas.match.refresh_from_db()
    assert personas.match.status == MatchStatus.ENDED
    old, _b = api_call(login_client(personas.mentor), "GET", f"/participants/{personas.participant.pk}")
    new, _b = api_call(login_client(personas.mentor2), "GET", f"/participants/{personas.participant.pk}")
    assert (old.status_code, new.status_code) == (404, 200)


def test_ending_a_match_ends_the_mentors_access(personas: Personas) -> None:
    response, body = api_call(login_client(personas.supervisor), "POST", f"/matches/{personas.match.pk}/end")

    assert response.status_code == 200
    assert body["status"] == "ended"
    assert Match.objects.get(pk=personas.match.pk).ended_at is not None
    after, _b = api_call(login_client(personas.mentor), "GET", f"/participants/{personas.participant.pk}")
    assert after.status_code == 404


def test_a_mentor_cannot_end_or_make_matches(personas: Personas) -> None:
    client = login_client(personas.mentor)
    ended, _b = api_call(client, "POST", f"/matches/{personas.match.pk}/end")
    made, _b = api_call(
        client, "POST", "/matches", {"mentor_id": personas.mentor.pk, "participant_id": personas.participant.pk}
    )

    assert (ended.status_code, made.status_code) == (404, 403)  # a match is seen by those who may end it
    assert Match.objects.get(pk=personas.match.pk).status == MatchStatus.ACTIVE


def test_a_match_with_someone_who_is_not_a_mentor_is_404(personas: Personas) -> None:
    payload = {"mentor_id": personas.participant2.pk, "participant_id": personas.participant.pk}
    response, _body = api_call(login_client(personas.admin), "POST", "/matches", payload)

    assert response.status_code == 404
    assert Match.objects.filter(organization=personas.org, status=MatchStatus.ACTIVE).count() == 2


def test_the_audit_log_is_paginated_and_filterable_for_admins(personas: Personas) -> None:
    client = login_client(personas.admin)
    for _ in range(3):
        api_call(client, "GET", f"/participants/{personas.participant.pk}")
    api_call(client, "POST", "/invitations", {"email": "x@example.test", "role": "participant"})

    _r, page = api_call(client, "GET", "/audit?limit=2")
    _r, views = api_call(client, "GET", "/audit?action_prefix=participant.")

    assert page["count"] == AuditEntry.objects.filter(organization=personas.org).count() >= 4
    assert len(page["items"]) == 2
    assert page["items"][0]["action"] == "invitation.created"  # newest first
    assert views["count"] == 3
    assert {e["subject_id"] for e in views["items"]} == {personas.participant.pk}


@pytest.mark.parametrize("persona", ["supervisor", "mentor", "participant"])
def test_only_admins_read_the_audit_log(personas: Personas, persona: str) -> None:
    response, _body = api_call(login_client(getattr(personas, persona)), "GET", "/audit")

    assert response.status_code == 403
