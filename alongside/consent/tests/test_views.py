"""The consent pages: a participant's own consents (42 CFR Part 2) and the enrollment sharing notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client, make_member
from alongside.consent.models import PART2_NOTICE, Consent
from alongside.consent.services import consent_record, require_consent
from alongside.core.exceptions import ConsentRequired
from alongside.organizations.models import ParticipantProfile, Role

AsPersona = Callable[[str], Client]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # The personas fixture creates eight accounts per test; Argon2 is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def consent(personas: Personas) -> Consent:
    return consent_record(
        participant=personas.participant,
        recipient_type="referral_partner",
        recipient_name="Northside Housing Services",
        information=["referrals", "goals"],
        information_detail="Only my housing goals",
        purpose="So they can help me find a place to live",
        expires_on=timezone.localdate() + timedelta(days=90),
        signature_name="Pat Participant",
    )


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "recipient_type": "family",
        "recipient_name": "Jordan Lee (my sister)",
        "information": ["goals", "checkins"],
        "information_detail": "",
        "purpose": "So my sister can support me at home",
        "expires_on": (timezone.localdate() + timedelta(days=180)).isoformat(),
        "signature_name": "Pat Participant",
    }
    data.update(overrides)
    return data


# List -------------------------------------------------------------------------------------------


def test_it_lists_the_participants_own_consents(as_persona: AsPersona, consent: Consent) -> None:
    response = as_persona("participant").get(reverse("consent:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Northside Housing Services" in content
    assert reverse("consent:new") in content and reverse("consent:sharing") in content


def test_it_does_not_list_another_participants_consents(as_persona: AsPersona, consent: Consent) -> None:
    response = as_persona("participant2").get(reverse("consent:list"))
    assert response.status_code == 200
    assert b"Northside Housing Services" not in response.content


# The policy refuses staff their "own participant record" with 403 (it is their own membership:
# "not for your role", never "not found"). Nothing is shown either way.
@pytest.mark.parametrize(
    ("persona", "status"), [("mentor", 403), ("mentor2", 403), ("supervisor", 403), ("admin", 403), ("outsider", 403)]
)
def test_it_keeps_the_consent_pages_to_participants(as_persona: AsPersona, persona: str, status: int) -> None:
    client = as_persona(persona)
    for name in ["consent:list", "consent:new", "consent:sharing"]:
        assert client.get(reverse(name)).status_code == status, name
    assert client.post(reverse("consent:new"), _form()).status_code == status
    assert client.post(reverse("consent:sharing")).status_code == status
    assert not Consent.objects.exists()


def test_it_shows_an_outside_participant_none_of_our_consents(personas: Personas, consent: Consent) -> None:
    response = login_client(personas.outsider_participant).get(reverse("consent:list"))
    assert response.status_code == 200
    assert b"Northside Housing Services" not in response.content


# New --------------------------------------------------------------------------------------------


def test_it_explains_the_right_to_revoke_on_the_consent_form(as_persona: AsPersona) -> None:
    response = as_persona("participant").get(reverse("consent:new"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Revocation takes effect immediately" in content
    for field in [
        "recipient_type",
        "recipient_name",
        "information",
        "information_detail",
        "purpose",
        "expires_on",
        "signature_name",
    ]:
        assert f'name="{field}"' in content
    assert "<legend>What information may be shared?" in content


def test_it_records_a_signed_consent(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("participant").post(reverse("consent:new"), _form())
    consent = Consent.objects.get(participant=personas.participant)
    assert response.status_code == 302
    assert response["Location"] == reverse("consent:detail", args=[consent.pk])
    assert consent.recipient_name == "Jordan Lee (my sister)"
    assert consent.information == ["checkins", "goals"]
    assert consent.disclosing_party == "Riverbend Center"
    assert consent.status == "active"
    assert AuditEntry.objects.filter(action="consent.signed", subject=personas.participant).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"information": []}, b"This field is required"),
        ({"information": ["diagnosis"]}, b"Select a valid choice"),
        ({"recipient_type": "employer"}, b"Select a valid choice"),
        ({"recipient_name": "   "}, b"This field is required"),
        ({"purpose": "x" * 501}, b"at most 500 characters"),
        ({"expires_on": "2001-01-01"}, b"The end date must be in the future"),
        ({"expires_on": "not a date"}, b"Enter a valid date"),
        ({"signature_name": "Someone Else"}, b"Type your name exactly as it appears on your account"),
    ],
)
def test_it_refuses_an_incomplete_consent_and_saves_nothing(
    as_persona: AsPersona, overrides: dict[str, object], message: bytes
) -> None:
    response = as_persona("participant").post(reverse("consent:new"), _form(**overrides))
    assert response.status_code == 400
    assert message in response.content
    if "recipient_name" not in overrides:
        assert b"Jordan Lee (my sister)" in response.content  # what they typed is kept
    assert not Consent.objects.exists()
    assert not AuditEntry.objects.filter(action="consent.signed").exists()


# Detail -----------------------------------------------------------------------------------------


def test_it_shows_every_element_of_a_consent_with_the_part2_notice(
    personas: Personas, as_persona: AsPersona, consent: Consent
) -> None:
    response = as_persona("participant").get(reverse("consent:detail", args=[consent.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "Pat Participant",
        "Riverbend Center",
        "Northside Housing Services",
        "A service I am referred to",
        "My goals and progress",
        "Only my housing goals",
        "So they can help me find a place to live",
        "Active",
        PART2_NOTICE[:80],
        reverse("consent:revoke", args=[consent.pk]),
    ]:
        assert text in content, text


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),
        ("participant2", 404),
        ("mentor", 200),
        ("mentor2", 404),
        ("supervisor", 200),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_it_shows_a_consent_only_to_its_participant_and_the_people_in_their_care(
    personas: Personas, as_persona: AsPersona, consent: Consent, persona: str, status: int
) -> None:
    response = as_persona(persona).get(reverse("consent:detail", args=[consent.pk]))
    assert response.status_code == status
    if status == 200:
        viewer = getattr(personas, persona)
        audited = AuditEntry.objects.filter(
            action="consent.viewed", actor=viewer.user, subject=personas.participant
        ).exists()
        # Views by anyone but the participant are audited; the participant's own are not.
        assert audited == (persona != "participant")
    else:
        assert b"Northside Housing Services" not in response.content


def test_it_does_not_offer_the_mentor_a_revoke_button(as_persona: AsPersona, consent: Consent) -> None:
    response = as_persona("mentor").get(reverse("consent:detail", args=[consent.pk]))
    assert reverse("consent:revoke", args=[consent.pk]).encode() not in response.content


# Revoke -----------------------------------------------------------------------------------------


def test_it_revokes_a_consent_at_once(personas: Personas, as_persona: AsPersona, consent: Consent) -> None:
    assert require_consent(
        participant=personas.participant, information="goals", recipient_name="Northside Housing Services"
    )
    response = as_persona("participant").post(reverse("consent:revoke", args=[consent.pk]), {"reason": "Moved away"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status == "revoked" and consent.revocation_reason == "Moved away"
    assert AuditEntry.objects.filter(action="consent.revoked", subject=personas.participant).exists()
    with pytest.raises(ConsentRequired):
        require_consent(
            participant=personas.participant, information="goals", recipient_name="Northside Housing Services"
        )


def test_it_revokes_even_when_the_reason_is_too_long(as_persona: AsPersona, consent: Consent) -> None:
    as_persona("participant").post(reverse("consent:revoke", args=[consent.pk]), {"reason": "x" * 600})
    consent.refresh_from_db()
    assert consent.revoked_at is not None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("participant2", 404), ("mentor", 403), ("supervisor", 403), ("mentor2", 404), ("admin", 404), ("outsider", 404)],
)
def test_it_lets_nobody_else_revoke_a_consent(
    as_persona: AsPersona, consent: Consent, persona: str, status: int
) -> None:
    assert as_persona(persona).post(reverse("consent:revoke", args=[consent.pk])).status_code == status
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_it_only_revokes_by_post(as_persona: AsPersona, consent: Consent) -> None:
    assert as_persona("participant").get(reverse("consent:revoke", args=[consent.pk])).status_code == 405
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_it_answers_404_to_an_outsider_on_every_route_naming_a_consent(personas: Personas, consent: Consent) -> None:
    outside_admin = make_member(personas.other_org, "oa@example.test", "Otto Otheradmin", Role.ADMIN)
    for viewer in (personas.outsider, personas.outsider_participant, outside_admin):
        client = login_client(viewer)
        assert client.get(reverse("consent:detail", args=[consent.pk])).status_code == 404
        assert client.post(reverse("consent:revoke", args=[consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


# Sharing notice ---------------------------------------------------------------------------------


def test_it_explains_who_inside_the_program_sees_what(as_persona: AsPersona) -> None:
    response = as_persona("participant").get(reverse("consent:sharing"))
    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "your check-ins",
        "your goals",
        "your recovery timeline",
        "journal entries you choose to share",
        "never read your journal",
        "you are told",
        "without your written consent",
        "I have read this",
    ]:
        assert text in content, text


def test_it_records_that_the_participant_read_the_sharing_notice(personas: Personas, as_persona: AsPersona) -> None:
    client = as_persona("participant")
    response = client.post(reverse("consent:sharing"))
    assert response.status_code == 302
    profile = ParticipantProfile.objects.get(membership=personas.participant)
    assert profile.sharing_explained_at is not None
    assert AuditEntry.objects.filter(action="enrollment.sharing_acknowledged", subject=personas.participant).exists()
    page = client.get(reverse("consent:sharing")).content
    assert b"You read this on" in page and b"I have read this" not in page
