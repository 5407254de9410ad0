"""GET /participants, GET /participants/{id} and emergency (break-glass) access over the API."""

from __future__ import annotations

import datetime as dt

import pytest

from alongside.access.models import BreakGlassGrant
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import api_call
from alongside.notifications.models import Notification
from alongside.organizations.models import ParticipantProfile

REASON = "Crisis call from the participant's sister; need the safety plan"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),  # their own record
        ("participant2", 404),
        ("mentor", 200),  # active match
        ("mentor2", 404),  # same organization, no match
        ("supervisor", 200),  # supervises the matched mentor
        ("admin", 200),  # names and programs only
        ("outsider", 404),
    ],
)
def test_participant_detail_follows_the_access_policy(personas: Personas, persona: str, status: int) -> None:
    viewer = getattr(personas, persona)
    response, body = api_call(login_client(viewer), "GET", f"/participants/{personas.participant.pk}")

    assert response.status_code == status
    viewed = AuditEntry.objects.filter(action="participant.viewed", actor=viewer.user, subject=personas.participant)
    if status == 200:
        assert body["id"] == personas.participant.pk
        assert body["display_name"] == "Pat Participant"
        assert body["current_mentor"] == {"id": personas.mentor.pk, "display_name": "Maria Mentor"}
        assert viewed.count() == 1
    else:
        assert body == {"type": "about:blank", "title": "Not found", "status": 404}
        assert not viewed.exists()


def test_it_hides_the_recovery_date_from_an_admin_but_not_from_the_mentor(personas: Personas) -> None:
    ParticipantProfile.objects.filter(membership=personas.participant).update(recovery_start_date=dt.date(2024, 3, 1))

    _r, as_admin = api_call(login_client(personas.admin), "GET", f"/participants/{personas.participant.pk}")
    _r, as_mentor = api_call(login_client(personas.mentor), "GET", f"/participants/{personas.participant.pk}")

    assert as_admin["recovery_start_date"] is None
    assert as_admin["may_view_sensitive"] is False
    assert as_admin["may_break_glass"] is True
    assert as_mentor["recovery_start_date"] == "2024-03-01"
    assert as_mentor["may_view_sensitive"] is True


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("participant", {"Pat Participant"}),
        ("mentor", {"Pat Participant", "Paz Participant"}),
        ("mentor2", set()),
        ("supervisor", {"Pat Participant", "Paz Participant"}),
        ("admin", {"Pat Participant", "Paz Participant"}),
        ("outsider", {"Omar Other"}),
    ],
)
def test_participant_list_is_what_the_viewer_may_open(personas: Personas, persona: str, expected: set[str]) -> None:
    response, body = api_call(login_client(getattr(personas, persona)), "GET", "/participants")

    assert response.status_code == 200
    assert {item["display_name"] for item in body["items"]} == expected
    assert body["count"] == len(expected)


def test_participant_list_is_paginated(personas: Personas) -> None:
    _r, first = api_call(login_client(personas.admin), "GET", "/participants?limit=1")
    _r, second = api_call(login_client(personas.admin), "GET", "/participants?limit=1&offset=1")

    assert first["count"] == second["count"] == 2
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]


def test_a_bad_page_size_is_a_field_error(personas: Personas) -> None:
    response, body = api_call(login_client(personas.admin), "GET", "/participants?limit=0")

    assert response.status_code == 422
    assert [e["field"] for e in body["errors"]] == ["limit"]


def test_an_admin_opens_emergency_access_and_the_participant_is_told(personas: Personas) -> None:
    client = login_client(personas.admin)
    response, body = api_call(
        client, "POST", f"/participants/{personas.participant.pk}/break-glass", {"reason": REASON}
    )

    assert response.status_code == 201
    grant = BreakGlassGrant.objects.get(pk=body["id"])
    assert (grant.holder, grant.participant, grant.reason) == (personas.admin, personas.participant, REASON)
    assert REASON not in response.content.decode()  # stored encrypted, never echoed
    assert AuditEntry.objects.filter(action="breakglass.opened", subject=personas.participant).count() == 1
    assert Notification.objects.filter(recipient=personas.participant.user, kind="breakglass.opened").count() == 1
    _r, detail = api_call(client, "GET", f"/participants/{personas.participant.pk}")
    assert detail["may_view_sensitive"] is True


@pytest.mark.parametrize(
    ("payload", "field"), [({"reason": "too short"}, "reason"), ({"reason": ""}, "reason"), ({}, "reason")]
)
def test_emergency_access_needs_a_reason(personas: Personas, payload: dict[str, str], field: str) -> None:
    response, body = api_call(
        login_client(personas.supervisor), "POST", f"/participants/{personas.participant.pk}/break-glass", payload
    )

    assert response.status_code == 422
    assert field in [e["field"] for e in body["errors"]]
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("mentor", 403), ("mentor2", 404), ("participant", 403)])
def test_only_supervisors_and_admins_break_glass(personas: Personas, persona: str, status: int) -> None:
    response, _body = api_call(
        login_client(getattr(personas, persona)),
        "POST",
        f"/participants/{personas.participant.pk}/break-glass",
        {"reason": REASON},
    )

    assert response.status_code == status
    assert not BreakGlassGrant.objects.exists()
