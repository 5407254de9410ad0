"""The access policy, asked directly: who may do what to whom, across the personas."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alongside.access import policy
from alongside.access.models import BreakGlassGrant
from alongside.conftest import Personas, make_member
from alongside.consent.models import Consent, InformationCategory, RecipientType
from alongside.organizations.models import Invitation, MatchStatus, Role


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # The personas fixture creates eight accounts per test; Argon2 is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PERSONAS = ["participant", "participant2", "mentor", "mentor2", "supervisor", "admin", "outsider"]


def _expect(allowed: set[str]) -> list[tuple[str, bool]]:
    return [(name, name in allowed) for name in PERSONAS]


@pytest.mark.parametrize(("persona", "allowed"), _expect({"participant", "mentor", "supervisor", "admin"}))
def test_it_decides_who_may_view_a_participants_record(personas: Personas, persona: str, allowed: bool) -> None:
    assert policy.can(getattr(personas, persona), policy.PARTICIPANT_VIEW, personas.participant) is allowed


@pytest.mark.parametrize(("persona", "allowed"), _expect({"participant", "mentor", "supervisor"}))
def test_it_keeps_sensitive_records_to_the_participant_and_people_in_their_care(
    personas: Personas, persona: str, allowed: bool
) -> None:
    assert policy.can(getattr(personas, persona), policy.PARTICIPANT_VIEW_SENSITIVE, personas.participant) is allowed


@pytest.mark.parametrize(("persona", "allowed"), _expect({"participant"}))
def test_it_lets_only_the_participant_manage_their_own_record(personas: Personas, persona: str, allowed: bool) -> None:
    assert policy.can(getattr(personas, persona), policy.PARTICIPANT_MANAGE_OWN, personas.participant) is allowed


@pytest.mark.parametrize(("persona", "allowed"), _expect({"supervisor", "admin"}))
def test_it_offers_break_glass_only_to_supervisors_and_admins_of_the_organization(
    personas: Personas, persona: str, allowed: bool
) -> None:
    assert policy.can(getattr(personas, persona), policy.PARTICIPANT_BREAK_GLASS, personas.participant) is allowed


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        (policy.ORG_VIEW, {"participant", "participant2", "mentor", "mentor2", "supervisor", "admin"}),
        (policy.ORG_MANAGE_PEOPLE, {"admin"}),
        (policy.ORG_MANAGE_PROGRAMS, {"admin"}),
        (policy.ORG_MANAGE_MATCHES, {"supervisor", "admin"}),
        (policy.ORG_VIEW_AUDIT, {"admin"}),
    ],
)
def test_it_decides_organization_actions_by_role_and_never_across_organizations(
    personas: Personas, action: str, allowed: set[str]
) -> None:
    decided = {name for name in PERSONAS if policy.can(getattr(personas, name), action, personas.org)}
    assert decided == allowed


@pytest.mark.parametrize(("persona", "allowed"), _expect({"mentor", "supervisor", "admin"}))
def test_it_shows_a_mentor_to_themselves_their_supervisor_and_admins(
    personas: Personas, persona: str, allowed: bool
) -> None:
    assert policy.can(getattr(personas, persona), policy.MENTOR_VIEW, personas.mentor) is allowed


def test_it_hides_participant_from_mentor_once_the_match_ends(personas: Personas) -> None:
    personas.match.status = MatchStatus.ENDED
    personas.match.save()
    assert not policy.can(personas.mentor, policy.PARTICIPANT_VIEW, personas.participant)
    assert not policy.can(personas.supervisor, policy.PARTICIPANT_VIEW_SENSITIVE, personas.participant)


def test_it_refuses_everything_to_a_deactivated_member(personas: Personas) -> None:
    personas.mentor.is_active = False
    personas.mentor.save()
    assert not policy.can(personas.mentor, policy.PARTICIPANT_VIEW, personas.participant)
    assert not policy.can(personas.mentor, policy.ORG_VIEW, personas.org)


def test_it_refuses_a_supervisor_whose_mentor_was_deactivated(personas: Personas) -> None:
    personas.mentor.is_active = False
    personas.mentor.save()
    assert not policy.can(personas.supervisor, policy.PARTICIPANT_VIEW, personas.participant)


def test_it_refuses_anonymous_viewers(personas: Personas) -> None:
    assert not policy.can(None, policy.PARTICIPANT_VIEW, personas.participant)


def test_it_gives_sensitive_access_to_a_supervisor_holding_a_live_break_glass_grant(personas: Personas) -> None:
    unmatched = make_member(personas.org, "una@example.test", "Una Unmatched", Role.PARTICIPANT, personas.program)
    assert not policy.can(personas.supervisor, policy.PARTICIPANT_VIEW, unmatched)
    grant = BreakGlassGrant.objects.create(
        organization=personas.org,
        holder=personas.supervisor,
        participant=unmatched,
        reason="Worried about safety after a missed call",
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    assert policy.can(personas.supervisor, policy.PARTICIPANT_VIEW_SENSITIVE, unmatched)
    grant.expires_at = timezone.now() - timedelta(seconds=1)
    grant.save()
    assert not policy.can(personas.supervisor, policy.PARTICIPANT_VIEW_SENSITIVE, unmatched)


def test_it_never_lets_a_break_glass_grant_open_a_record_for_a_mentor(personas: Personas) -> None:
    BreakGlassGrant.objects.create(
        organization=personas.org,
        holder=personas.mentor2,
        participant=personas.participant,
        reason="Should never count for a mentor",
        expires_at=timezone.now() + timedelta(minutes=30),
    )
    assert not policy.can(personas.mentor2, policy.PARTICIPANT_VIEW, personas.participant)


def _consent(personas: Personas) -> Consent:
    return Consent.objects.create(
        organization=personas.org,
        participant=personas.participant,
        disclosing_party="Riverbend Center",
        information=[InformationCategory.GOALS],
        recipient_type=RecipientType.FAMILY,
        recipient_name="Jordan",
        purpose="Support at home",
        expires_on=timezone.localdate() + timedelta(days=30),
        signature_name="Pat Participant",
    )


@pytest.mark.parametrize(("persona", "allowed"), _expect({"participant", "mentor", "supervisor"}))
def test_it_shows_a_consent_to_its_participant_and_the_people_in_their_care(
    personas: Personas, persona: str, allowed: bool
) -> None:
    assert policy.can(getattr(personas, persona), policy.OBJECT_VIEW, _consent(personas)) is allowed


@pytest.mark.parametrize(("persona", "allowed"), _expect({"participant"}))
def test_it_lets_only_the_participant_change_their_consent(personas: Personas, persona: str, allowed: bool) -> None:
    assert policy.can(getattr(personas, persona), policy.OBJECT_CHANGE, _consent(personas)) is allowed


@pytest.mark.parametrize(("persona", "allowed"), _expect({"admin"}))
def test_it_lets_only_admins_handle_invitations(personas: Personas, persona: str, allowed: bool) -> None:
    invitation = Invitation.objects.create(
        organization=personas.org,
        email="new@example.test",
        role=Role.MENTOR,
        token_hash="x" * 64,
        invited_by=personas.admin,
        expires_at=timezone.now() + timedelta(days=7),
    )
    assert policy.can(getattr(personas, persona), policy.OBJECT_CHANGE, invitation) is allowed


def test_it_lists_visible_participants_by_role(personas: Personas) -> None:
    both = {personas.participant, personas.participant2}
    assert set(policy.visible_participants(personas.mentor)) == both
    assert set(policy.visible_participants(personas.supervisor)) == both
    assert set(policy.visible_participants(personas.admin)) == both
    assert set(policy.visible_participants(personas.participant)) == {personas.participant}
    assert not policy.visible_participants(personas.mentor2).exists()
    assert set(policy.visible_participants(personas.outsider)) == {personas.outsider_participant}
