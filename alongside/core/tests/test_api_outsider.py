"""Every API operation, tried by someone from another organization: nothing of Riverbend is seen or changed.

Two actors from Harbor Light: the outsider persona (a mentor) and an admin of Harbor Light.
Anything naming a Riverbend object is a 404, exactly like an id that does not exist; lists hold
nothing of Riverbend; role-gated operations the actor lacks in their own organization are a 403;
operations on one's own things (tokens, notifications) work and stay in their own organization.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from alongside.access.models import BreakGlassGrant
from alongside.accounts.models import PersonalAccessToken
from alongside.accounts.services import access_token_create
from alongside.audit.models import AuditEntry
from alongside.conftest import PASSWORD, Personas, login_client, make_member
from alongside.consent.models import Consent
from alongside.consent.services import consent_record
from alongside.core.testing.openapi import api_call, openapi_document, operations
from alongside.notifications.models import Notification
from alongside.notifications.services import notify
from alongside.organizations.models import Invitation, Match, Membership, Role
from alongside.organizations.services import invitation_create

# Strings that identify Riverbend's people and records; none may appear in an answer to Harbor Light.
RIVERBEND_MARKERS = (
    "Riverbend",
    "Pat Participant",
    "Paz Participant",
    "Maria Mentor",
    "Miguel Mentor",
    "Sam Supervisor",
    "Ada Admin",
    "invitee@example.test",
    "Riverbend Sponsor",
    "riverbend-token",
)


@dataclass
class World:
    p: Personas
    other_admin: Membership
    consent: Consent
    invitation: Invitation
    token: PersonalAccessToken
    notification: Notification


@pytest.fixture
def world(personas: Personas) -> World:
    other_admin = make_member(personas.other_org, "harbor-admin@example.test", "Hana Harbor", Role.ADMIN)
    consent = consent_record(
        participant=personas.participant,
        recipient_type="sponsor",
        recipient_name="Riverbend Sponsor",
        information=["goals"],
        purpose="Support",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        signature_name="Pat Participant",
    )
    invitation, _raw = invitation_create(viewer=personas.admin, email="invitee@example.test", role=Role.PARTICIPANT)
    token, _raw = access_token_create(viewer=personas.participant, name="riverbend-token")
    notification = notify(
        recipient=personas.participant.user, organization=personas.org, kind="test", title="For Pat", email=False
    )
    return World(personas, other_admin, consent, invitation, token, notification)


@dataclass(frozen=True)
class Op:
    method: str
    template: str  # as in the OpenAPI document, without /api/v1
    path: Callable[[World], str]
    payload: Callable[[World], Any] | None
    # Expected status for (the outsider mentor, the other organization's admin).
    expect: tuple[int, int]


def _reason(w: World) -> dict[str, str]:
    return {"reason": "Crisis reported by phone, need the safety plan now"}


OPS: dict[str, Op] = {
    "me": Op("GET", "/me", lambda w: "/me", None, (200, 200)),
    # Only participants have an access log; the policy answers a mentor 403 and an admin 404.
    "access_log": Op("GET", "/me/access-log", lambda w: "/me/access-log", None, (403, 403)),
    "participant_list": Op("GET", "/participants", lambda w: "/participants", None, (200, 200)),
    "participant_detail": Op(
        "GET", "/participants/{participant_id}", lambda w: f"/participants/{w.p.participant.pk}", None, (404, 404)
    ),
    "break_glass": Op(
        "POST",
        "/participants/{participant_id}/break-glass",
        lambda w: f"/participants/{w.p.participant.pk}/break-glass",
        _reason,
        (404, 404),
    ),
    "consent_list": Op("GET", "/consents", lambda w: "/consents", None, (200, 200)),
    "consent_create": Op(
        "POST",
        "/consents",
        lambda w: "/consents",
        lambda w: {
            "recipient_type": "family",
            "recipient_name": "Someone",
            "information": ["goals"],
            "purpose": "Support",
            "expires_on": str(timezone.localdate() + dt.timedelta(days=10)),
            "signature_name": "Olive Outsider",
        },
        (403, 403),  # only participants sign: staff are told "not for your role"
    ),
    "consent_detail": Op("GET", "/consents/{consent_id}", lambda w: f"/consents/{w.consent.pk}", None, (404, 404)),
    "consent_revoke": Op(
        "POST", "/consents/{consent_id}/revoke", lambda w: f"/consents/{w.consent.pk}/revoke", lambda w: {}, (404, 404)
    ),
    "invitation_list": Op("GET", "/invitations", lambda w: "/invitations", None, (403, 200)),
    # The admin names a Riverbend program: refused like a program that does not exist.
    "invitation_create": Op(
        "POST",
        "/invitations",
        lambda w: "/invitations",
        lambda w: {"email": "new@example.test", "role": "participant", "program_id": w.p.program.pk},
        (403, 422),
    ),
    "invitation_revoke": Op(
        "POST",
        "/invitations/{invitation_id}/revoke",
        lambda w: f"/invitations/{w.invitation.pk}/revoke",
        None,
        (404, 404),
    ),
    "match_list": Op("GET", "/matches", lambda w: "/matches", None, (403, 200)),
    "match_create": Op(
        "POST",
        "/matches",
        lambda w: "/matches",
        lambda w: {"mentor_id": w.p.mentor2.pk, "participant_id": w.p.participant.pk},
        (403, 404),
    ),
    "match_end": Op("POST", "/matches/{match_id}/end", lambda w: f"/matches/{w.p.match.pk}/end", None, (404, 404)),
    "participant_reassign": Op(
        "POST",
        "/participants/{participant_id}/reassign",
        lambda w: f"/participants/{w.p.participant.pk}/reassign",
        lambda w: {"mentor_id": w.p.mentor2.pk, "reason": "Trying from another organization"},
        (404, 404),
    ),
    "notification_list": Op("GET", "/notifications", lambda w: "/notifications", None, (200, 200)),
    "notification_read_all": Op(
        "POST", "/notifications/read-all", lambda w: "/notifications/read-all", None, (200, 200)
    ),
    "token_list": Op("GET", "/tokens", lambda w: "/tokens", None, (200, 200)),
    "token_create": Op(
        "POST",
        "/tokens",
        lambda w: "/tokens",
        lambda w: {"name": "harbor script", "current_password": PASSWORD},
        (201, 201),
    ),
    "token_revoke": Op("DELETE", "/tokens/{token_id}", lambda w: f"/tokens/{w.token.pk}", None, (404, 404)),
    "audit_list": Op("GET", "/audit", lambda w: "/audit", None, (403, 200)),
}


def riverbend_state(w: World) -> dict[str, Any]:
    """Everything a Harbor Light request could conceivably change in Riverbend."""
    org = w.p.org
    return {
        "consents": list(Consent.objects.filter(organization=org).values_list("pk", "revoked_at").order_by("pk")),
        "invitations": list(
            Invitation.objects.filter(organization=org).values_list("pk", "revoked_at", "accepted_at").order_by("pk")
        ),
        "matches": list(Match.objects.filter(organization=org).values_list("pk", "status", "ended_at").order_by("pk")),
        "memberships": list(Membership.objects.filter(organization=org).values_list("pk", "is_active").order_by("pk")),
        "tokens": list(
            PersonalAccessToken.objects.filter(organization=org).values_list("pk", "revoked_at").order_by("pk")
        ),
        "grants": list(BreakGlassGrant.objects.filter(organization=org).values_list("pk").order_by("pk")),
        "notifications": list(
            Notification.objects.filter(recipient__memberships__organization=org)
            .values_list("pk", "read_at")
            .distinct()
            .order_by("pk")
        ),
        "audit": AuditEntry.objects.filter(Q(organization=org) | Q(subject__organization=org)).count(),
    }


# The routers this matrix is responsible for. Other apps' routers (check-ins, journal, ...) carry
# their own outsider tests; the route gate in conftest checks every object route of every app.
MATRIX_MODULES = ("accounts", "organizations", "consent", "access", "notifications")


def test_the_matrix_covers_every_operation_of_its_routers(db: None) -> None:
    document = openapi_document()
    prefixes = tuple(f"alongside_{module}_api_" for module in MATRIX_MODULES)
    covered = {
        (method, template)
        for method, template in operations()
        if document["paths"][template][method.lower()]["operationId"].startswith(prefixes)
    }
    assert {(op.method, "/api/v1" + op.template) for op in OPS.values()} == covered


@pytest.mark.parametrize("actor", ["outsider", "other_admin"])
@pytest.mark.parametrize("name", sorted(OPS))
def test_another_organization_sees_and_changes_nothing(world: World, name: str, actor: str) -> None:
    op = OPS[name]
    membership = world.p.outsider if actor == "outsider" else world.other_admin
    before = riverbend_state(world)

    response, body = api_call(
        login_client(membership), op.method, op.path(world), op.payload(world) if op.payload else None
    )

    expected = op.expect[0] if actor == "outsider" else op.expect[1]
    assert response.status_code == expected, body
    assert riverbend_state(world) == before
    text = response.content.decode()
    leaked = [marker for marker in RIVERBEND_MARKERS if marker in text]
    assert not leaked, f"{name} showed {leaked} to {actor}"
    if expected == 404:
        assert body == {"type": "about:blank", "title": "Not found", "status": 404}
    if response.status_code == 201 and name == "token_create":
        assert PersonalAccessToken.objects.get(pk=body["id"]).organization == world.p.other_org


def test_a_riverbend_id_reads_exactly_like_a_missing_one(world: World) -> None:
    client = login_client(world.other_admin)
    for template in ("/participants/{}", "/consents/{}"):
        real, real_body = api_call(
            client, "GET", template.format(world.p.participant.pk if "part" in template else world.consent.pk)
        )
        missing, missing_body = api_call(client, "GET", template.format(987654))
        assert (real.status_code, real_body) == (missing.status_code, missing_body) == (404, missing_body)
