"""Shared test fixtures: the personas, the same cast as the demo seed, reused everywhere.

participant, participant2 (both in program A, matched with mentor), mentor, mentor2 (same
organization, no match with them), supervisor (supervises mentor), admin, and outsider (a
mentor in a second organization, who must see nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from alongside.accounts.models import User
from alongside.organizations.models import (
    Match,
    Membership,
    Organization,
    ParticipantProfile,
    Program,
    RecoveryPathway,
    Role,
    SettingType,
)

PASSWORD = "correct horse battery staple"


@dataclass
class Personas:
    org: Organization
    other_org: Organization
    program: Program
    participant: Membership
    participant2: Membership
    mentor: Membership
    mentor2: Membership
    supervisor: Membership
    admin: Membership
    outsider: Membership
    outsider_participant: Membership
    match: Match
    match2: Match

    def all(self) -> dict[str, Membership]:
        return {
            "participant": self.participant,
            "participant2": self.participant2,
            "mentor": self.mentor,
            "mentor2": self.mentor2,
            "supervisor": self.supervisor,
            "admin": self.admin,
            "outsider": self.outsider,
        }


def make_member(org: Organization, email: str, name: str, role: str, program: Program | None = None, **kw: object) -> Membership:
    user = User.objects.create_user(email, PASSWORD, display_name=name)
    membership = Membership.objects.create(user=user, organization=org, role=role, program=program, **kw)
    if role == Role.PARTICIPANT:
        ParticipantProfile.objects.create(membership=membership, pathway=RecoveryPathway.MUTUAL_HELP)
    return membership


@pytest.fixture
def personas(db: None) -> Personas:
    org = Organization.objects.create(name="Riverbend Recovery Community", slug="riverbend")
    other = Organization.objects.create(name="Harbor Light Peer Network", slug="harbor-light")
    program = Program.objects.create(
        organization=org, name="Riverbend Center", setting_type=SettingType.RECOVERY_CENTER,
        time_zone="America/Chicago", languages=["en", "es"],
    )
    other_program = Program.objects.create(
        organization=other, name="Harbor Online", setting_type=SettingType.ONLINE, time_zone="America/Los_Angeles", languages=["en"]
    )
    supervisor = make_member(org, "supervisor@example.test", "Sam Supervisor", Role.SUPERVISOR, program)
    mentor = make_member(org, "mentor@example.test", "Maria Mentor", Role.MENTOR, program, supervisor=supervisor)
    mentor2 = make_member(org, "mentor2@example.test", "Miguel Mentor", Role.MENTOR, program)
    admin = make_member(org, "admin@example.test", "Ada Admin", Role.ADMIN)
    participant = make_member(org, "participant@example.test", "Pat Participant", Role.PARTICIPANT, program)
    participant2 = make_member(org, "participant2@example.test", "Paz Participant", Role.PARTICIPANT, program)
    outsider = make_member(other, "outsider@example.test", "Olive Outsider", Role.MENTOR, other_program)
    outsider_participant = make_member(other, "op@example.test", "Omar Other", Role.PARTICIPANT, other_program)
    match = Match.objects.create(organization=org, mentor=mentor, participant=participant)
    match2 = Match.objects.create(organization=org, mentor=mentor, participant=participant2)
    Match.objects.create(organization=other, mentor=outsider, participant=outsider_participant)
    return Personas(
        org=org, other_org=other, program=program, participant=participant, participant2=participant2,
        mentor=mentor, mentor2=mentor2, supervisor=supervisor, admin=admin, outsider=outsider,
        outsider_participant=outsider_participant, match=match, match2=match2,
    )


def login_client(membership: Membership) -> Client:
    """A test client logged in as this persona, acting in this membership (two-factor already passed)."""
    import time

    from alongside.accounts.middleware import SESSION_AUTH_AT, SESSION_IS_STAFF, SESSION_LAST_SEEN
    from alongside.organizations.middleware import SESSION_MEMBERSHIP

    client = Client()
    client.force_login(membership.user, backend="alongside.accounts.backends.EmailBackend")
    session = client.session
    session[SESSION_AUTH_AT] = time.time()
    session[SESSION_LAST_SEEN] = time.time()
    session[SESSION_IS_STAFF] = membership.role != Role.PARTICIPANT
    session[SESSION_MEMBERSHIP] = membership.pk
    session.save()
    return client


@pytest.fixture
def as_persona(personas: Personas):  # type: ignore[no-untyped-def]
    """``as_persona("mentor")`` → a logged-in Client for that persona."""

    def _client(name: str) -> Client:
        return login_client(getattr(personas, name))

    return _client
