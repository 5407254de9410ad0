"""The organization pages: participants, break-glass, people and invitations, programs, matches, audit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.access.models import BreakGlassGrant
from alongside.audit.models import AuditEntry
from alongside.audit.services import log_action
from alongside.conftest import Personas, login_client, make_member
from alongside.notifications.models import Notification, OutboxMessage
from alongside.organizations import services
from alongside.organizations.models import Invitation, Match, MatchStatus, Membership, Program, Role

AsPersona = Callable[[str], Client]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # The personas fixture creates eight accounts per test; Argon2 is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def unmatched(personas: Personas) -> Membership:
    """A participant with no mentor yet: nobody but admins (names only) and themselves can see them."""
    return make_member(personas.org, "una@example.test", "Una Unmatched", Role.PARTICIPANT, personas.program)


@pytest.fixture
def outsider_admin(personas: Personas) -> Client:
    """An admin of the other organization: full powers there, none here."""
    return login_client(make_member(personas.other_org, "oa@example.test", "Otto Otheradmin", Role.ADMIN))


def _invitation(personas: Personas, email: str = "newmentor@example.test") -> Invitation:
    invitation, _raw = services.invitation_create(viewer=personas.admin, email=email, role=Role.MENTOR)
    return invitation


def _audited(action: str, **filters: object) -> bool:
    # The reason is encrypted at rest, so it is compared after reading, not in SQL.
    reason = filters.pop("reason", None)
    entries = AuditEntry.objects.filter(action=action, **filters)
    return any(reason is None or entry.reason == reason for entry in entries)


# Participants -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),
        ("participant2", 404),
        ("mentor", 200),
        ("mentor2", 404),
        ("supervisor", 200),
        ("admin", 200),
        ("outsider", 404),
    ],
)
def test_it_applies_the_access_matrix_to_a_participants_record(
    personas: Personas, as_persona: AsPersona, persona: str, status: int
) -> None:
    response = as_persona(persona).get(reverse("organizations:participant_detail", args=[personas.participant.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"Pat Participant" in response.content
    else:
        assert b"Pat Participant" not in response.content


def test_it_hides_participant_from_unassigned_mentor_and_audits_the_refusal(
    personas: Personas, as_persona: AsPersona
) -> None:
    response = as_persona("mentor2").get(reverse("organizations:participant_detail", args=[personas.participant.pk]))
    assert response.status_code == 404
    assert _audited("participant.view.refused", actor=personas.mentor2.user, outcome="refused")


def test_it_audits_every_view_of_a_participants_record(personas: Personas, as_persona: AsPersona) -> None:
    as_persona("mentor").get(reverse("organizations:participant_detail", args=[personas.participant.pk]))
    entry = AuditEntry.objects.get(action="participant.viewed", actor=personas.mentor.user)
    assert entry.subject == personas.participant
    assert entry.extra == {"sensitive": True}


def test_it_shows_the_mentor_the_participants_details_and_consents(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("mentor").get(reverse("organizations:participant_detail", args=[personas.participant.pk]))
    content = response.content.decode()
    assert "Riverbend Center" in content
    assert "SMART Recovery or other mutual help" in content
    assert "Maria Mentor" in content
    assert "Consents to share outside the program" in content
    assert "Open in an emergency" not in content


def test_the_participants_page_lists_their_consents_for_those_in_their_care(
    personas: Personas, as_persona: AsPersona
) -> None:
    """The consents section is consent's (consent_tags.participant_consents) on organizations' page."""
    from alongside.consent.services import consent_record

    consent = consent_record(
        participant=personas.participant,
        recipient_type="referral_partner",
        recipient_name="Northside Housing Services",
        information=["referrals"],
        purpose="Housing",
        expires_on=timezone.localdate() + timedelta(days=90),
        signature_name="Pat Participant",
    )
    url = reverse("organizations:participant_detail", args=[personas.participant.pk])
    content = as_persona("mentor").get(url).content.decode()
    assert reverse("consent:detail", args=[consent.pk]) in content
    assert "Northside Housing Services" in content
    assert "No consents." not in content
    assert "Northside Housing Services" not in as_persona("admin").get(url).content.decode()


def test_it_shows_an_admin_names_only_with_an_emergency_link(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").get(reverse("organizations:participant_detail", args=[personas.participant.pk]))
    content = response.content.decode()
    assert "Pat Participant" in content
    assert "Consents to share outside the program" not in content
    assert "Recovery start date" not in content
    assert reverse("organizations:break_glass", args=[personas.participant.pk]) in content
    assert AuditEntry.objects.get(action="participant.viewed", actor=personas.admin.user).extra == {"sensitive": False}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("mentor", {"Pat Participant", "Paz Participant"}),
        ("mentor2", set()),
        ("supervisor", {"Pat Participant", "Paz Participant"}),
        ("admin", {"Pat Participant", "Paz Participant"}),
        ("outsider", {"Omar Other"}),
    ],
)
def test_it_lists_only_the_participants_the_viewer_may_see(
    as_persona: AsPersona, personas: Personas, persona: str, visible: set[str]
) -> None:
    response = as_persona(persona).get(reverse("organizations:participants"))
    assert response.status_code == 200
    content = response.content.decode()
    for name in ["Pat Participant", "Paz Participant", "Omar Other"]:
        assert (name in content) is (name in visible), name


def test_it_ends_the_mentors_access_on_their_open_session_when_the_match_ends(
    personas: Personas, as_persona: AsPersona
) -> None:
    mentor = as_persona("mentor")
    url = reverse("organizations:participant_detail", args=[personas.participant.pk])
    assert mentor.get(url).status_code == 200
    response = as_persona("admin").post(reverse("organizations:match_end", args=[personas.match.pk]))
    assert response.status_code == 302
    assert mentor.get(url).status_code == 404
    assert b"Pat Participant" not in mentor.get(reverse("organizations:participants")).content


# Break-glass ------------------------------------------------------------------------------------


def test_it_shows_the_break_glass_form_to_a_supervisor(
    personas: Personas, as_persona: AsPersona, unmatched: Membership
) -> None:
    response = as_persona("supervisor").get(reverse("organizations:break_glass", args=[unmatched.pk]))
    assert response.status_code == 200
    assert b"Una Unmatched" in response.content
    assert b'name="reason"' in response.content


@pytest.mark.parametrize(
    ("persona", "status"), [("mentor", 403), ("mentor2", 404), ("participant", 403), ("outsider", 404)]
)
def test_it_refuses_break_glass_to_everyone_but_supervisors_and_admins(
    personas: Personas, as_persona: AsPersona, persona: str, status: int
) -> None:
    url = reverse("organizations:break_glass", args=[personas.participant.pk])
    client = as_persona(persona)
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "I want to look at this record for no good reason"}).status_code == status
    assert not BreakGlassGrant.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "just because"])
def test_it_requires_a_real_reason_for_break_glass(as_persona: AsPersona, unmatched: Membership, reason: str) -> None:
    response = as_persona("supervisor").post(
        reverse("organizations:break_glass", args=[unmatched.pk]), {"reason": reason}
    )
    assert response.status_code == 400
    assert b"A reason is required" in response.content or b"This field is required" in response.content
    assert not BreakGlassGrant.objects.exists()
    assert not Notification.objects.filter(kind="breakglass.opened").exists()


def test_it_opens_a_record_in_an_emergency_tells_the_participant_and_audits_it(
    personas: Personas, as_persona: AsPersona, unmatched: Membership
) -> None:
    supervisor = as_persona("supervisor")
    detail = reverse("organizations:participant_detail", args=[unmatched.pk])
    assert supervisor.get(detail).status_code == 404
    reason = "Missed three check-ins and a worrying message to the front desk"
    response = supervisor.post(reverse("organizations:break_glass", args=[unmatched.pk]), {"reason": reason})
    assert response.status_code == 302
    assert response["Location"] == detail
    grant = BreakGlassGrant.objects.get(holder=personas.supervisor, participant=unmatched)
    assert grant.reason == reason and grant.is_active()
    assert Notification.objects.filter(recipient=unmatched.user, kind="breakglass.opened").count() == 1
    assert _audited("breakglass.opened", actor=personas.supervisor.user, subject=unmatched, reason=reason)
    page = supervisor.get(detail)
    assert page.status_code == 200
    assert b"Consents to share outside the program" in page.content


# People and invitations -------------------------------------------------------------------------


def test_it_shows_admins_the_people_page(personas: Personas, as_persona: AsPersona) -> None:
    _invitation(personas)
    response = as_persona("admin").get(reverse("organizations:people"))
    assert response.status_code == 200
    content = response.content.decode()
    for text in ["Maria Mentor", "Sam Supervisor", "Peer mentor", "Riverbend Center", "newmentor@example.test"]:
        assert text in content
    assert reverse("organizations:supervisor_assign", args=[personas.mentor.pk]) in content
    assert reverse("organizations:deactivate", args=[personas.mentor.pk]) in content
    assert reverse("organizations:deactivate", args=[personas.admin.pk]) not in content


@pytest.mark.parametrize(("persona", "status"), [("mentor", 403), ("supervisor", 403), ("participant", 403)])
def test_it_keeps_the_people_page_to_admins(as_persona: AsPersona, persona: str, status: int) -> None:
    assert as_persona(persona).get(reverse("organizations:people")).status_code == status


def test_it_shows_an_outside_admin_only_their_own_people(outsider_admin: Client) -> None:
    content = outsider_admin.get(reverse("organizations:people")).content.decode()
    assert "Olive Outsider" in content
    assert "Maria Mentor" not in content


def test_it_sends_an_invitation_without_ever_showing_the_token(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").post(
        reverse("organizations:invite"),
        {
            "invite-email": "New.Mentor@Example.test",
            "invite-display_name": "Noor",
            "invite-role": Role.MENTOR,
            "invite-program": personas.program.pk,
            "invite-language": "en",
        },
        follow=True,
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get(email="new.mentor@example.test")
    assert invitation.program == personas.program
    assert invitation.invited_by == personas.admin
    assert _audited("invitation.created", actor=personas.admin.user)
    email = OutboxMessage.objects.get()
    assert email.to_address == "new.mentor@example.test"
    token = re.search(r"/invitation/([^/]+)/", email.body).group(1)  # type: ignore[union-attr]
    assert Invitation.hash_token(token) == invitation.token_hash
    assert b"Invitation sent to new.mentor@example.test" in response.content
    assert token.encode() not in response.content


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", b"Enter a valid email address"),
        ("mentor2@example.test", b"already a member of your organization"),
    ],
)
def test_it_refuses_a_bad_invitation_and_creates_nothing(as_persona: AsPersona, email: str, message: bytes) -> None:
    response = as_persona("admin").post(
        reverse("organizations:invite"), {"invite-email": email, "invite-role": Role.MENTOR, "invite-language": "en"}
    )
    assert response.status_code == 400
    assert message in response.content
    assert not Invitation.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_it_refuses_an_invitation_to_another_organizations_program(personas: Personas, as_persona: AsPersona) -> None:
    other_program = Program.objects.get(organization=personas.other_org)
    response = as_persona("admin").post(
        reverse("organizations:invite"),
        {
            "invite-email": "x@example.test",
            "invite-role": Role.MENTOR,
            "invite-program": other_program.pk,
            "invite-language": "en",
        },
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_it_refuses_invitations_from_non_admins(as_persona: AsPersona) -> None:
    response = as_persona("supervisor").post(
        reverse("organizations:invite"),
        {"invite-email": "x@example.test", "invite-role": Role.MENTOR, "invite-language": "en"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_it_revokes_an_invitation(personas: Personas, as_persona: AsPersona) -> None:
    invitation = _invitation(personas)
    response = as_persona("admin").post(reverse("organizations:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    assert _audited("invitation.revoked", actor=personas.admin.user)


def test_it_only_revokes_invitations_by_post(personas: Personas, as_persona: AsPersona) -> None:
    invitation = _invitation(personas)
    assert as_persona("admin").get(reverse("organizations:invitation_revoke", args=[invitation.pk])).status_code == 405
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_it_asks_before_deactivating_someone(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").get(reverse("organizations:deactivate", args=[personas.mentor.pk]))
    assert response.status_code == 200
    assert b"Deactivate Maria Mentor?" in response.content
    personas.mentor.refresh_from_db()
    assert personas.mentor.is_active


def test_it_deactivates_a_mentor_and_ends_their_matches(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").post(reverse("organizations:deactivate", args=[personas.mentor.pk]))
    assert response.status_code == 302
    personas.mentor.refresh_from_db()
    assert not personas.mentor.is_active
    assert not Match.objects.filter(mentor=personas.mentor, status=MatchStatus.ACTIVE).exists()
    assert _audited("membership.deactivated", actor=personas.admin.user)


def test_it_does_not_let_an_admin_deactivate_themselves(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").post(reverse("organizations:deactivate", args=[personas.admin.pk]))
    assert response.status_code == 400
    assert b"You cannot deactivate yourself" in response.content
    personas.admin.refresh_from_db()
    assert personas.admin.is_active


def test_it_refuses_deactivation_by_a_supervisor(personas: Personas, as_persona: AsPersona) -> None:
    assert (
        as_persona("supervisor").post(reverse("organizations:deactivate", args=[personas.mentor.pk])).status_code == 403
    )
    personas.mentor.refresh_from_db()
    assert personas.mentor.is_active


def test_it_assigns_and_clears_a_mentors_supervisor(personas: Personas, as_persona: AsPersona) -> None:
    admin = as_persona("admin")
    url = reverse("organizations:supervisor_assign", args=[personas.mentor2.pk])
    assert admin.post(url, {"supervisor": personas.supervisor.pk}).status_code == 302
    personas.mentor2.refresh_from_db()
    assert personas.mentor2.supervisor == personas.supervisor
    assert _audited("mentor.supervisor_assigned", actor=personas.admin.user)
    assert admin.post(url, {"supervisor": ""}).status_code == 302
    personas.mentor2.refresh_from_db()
    assert personas.mentor2.supervisor is None


def test_it_refuses_a_supervisor_who_is_not_a_supervisor(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").post(
        reverse("organizations:supervisor_assign", args=[personas.mentor2.pk]), {"supervisor": personas.mentor.pk}
    )
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    personas.mentor2.refresh_from_db()
    assert personas.mentor2.supervisor == personas.supervisor2  # unchanged


def test_it_refuses_a_supervisor_for_someone_who_is_not_a_mentor(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").post(
        reverse("organizations:supervisor_assign", args=[personas.participant.pk]),
        {"supervisor": personas.supervisor.pk},
    )
    assert response.status_code == 400
    assert b"Only peer mentors have a supervisor" in response.content
    personas.participant.refresh_from_db()
    assert personas.participant.supervisor is None


# Programs ---------------------------------------------------------------------------------------


def test_it_lists_and_creates_programs(personas: Personas, as_persona: AsPersona) -> None:
    admin = as_persona("admin")
    assert b"Riverbend Center" in admin.get(reverse("organizations:programs")).content
    response = admin.post(
        reverse("organizations:programs"),
        {"name": "Campus Recovery", "setting_type": "school", "time_zone": "America/Denver", "languages": ["en", "es"]},
    )
    assert response.status_code == 302
    program = Program.objects.get(organization=personas.org, name="Campus Recovery")
    assert program.languages == ["en", "es"]
    assert _audited("program.created", actor=personas.admin.user)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "Night Group", "setting_type": "school", "time_zone": "Mars/Olympus", "languages": ["en"]},
            b"Choose a known time zone",
        ),
        (
            {"name": "Riverbend Center", "setting_type": "school", "time_zone": "UTC", "languages": ["en"]},
            b"Already in use",
        ),
        (
            {"name": "Night Group", "setting_type": "prison", "time_zone": "UTC", "languages": ["en"]},
            b"Select a valid choice",
        ),
        ({"name": "Night Group", "setting_type": "school", "time_zone": "UTC"}, b"This field is required"),
    ],
)
def test_it_refuses_a_bad_program_and_creates_nothing(
    personas: Personas, as_persona: AsPersona, data: dict[str, object], message: bytes
) -> None:
    response = as_persona("admin").post(reverse("organizations:programs"), data)
    assert response.status_code == 400
    assert message in response.content
    assert Program.objects.filter(organization=personas.org).count() == 1


@pytest.mark.parametrize("persona", ["supervisor", "mentor", "participant"])
def test_it_keeps_programs_to_admins(personas: Personas, as_persona: AsPersona, persona: str) -> None:
    client = as_persona(persona)
    assert client.get(reverse("organizations:programs")).status_code == 403
    data = {"name": "X", "setting_type": "school", "time_zone": "UTC", "languages": ["en"]}
    assert client.post(reverse("organizations:programs"), data).status_code == 403
    assert not Program.objects.filter(name="X").exists()


# Matches ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("admin", 200), ("supervisor", 200), ("mentor", 403), ("participant", 403)]
)
def test_it_shows_matches_to_admins_and_supervisors(as_persona: AsPersona, persona: str, status: int) -> None:
    response = as_persona(persona).get(reverse("organizations:matches"))
    assert response.status_code == status
    if status == 200:
        assert b"Maria Mentor" in response.content and b"Pat Participant" in response.content


def test_it_rematches_a_participant_and_tells_both_people(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").post(
        reverse("organizations:matches"), {"mentor": personas.mentor2.pk, "participant": personas.participant.pk}
    )
    assert response.status_code == 302
    personas.match.refresh_from_db()
    assert personas.match.status == MatchStatus.ENDED
    new = Match.objects.get(participant=personas.participant, status=MatchStatus.ACTIVE)
    assert new.mentor == personas.mentor2 and new.created_by == personas.admin
    assert _audited("match.created", subject=personas.participant)
    assert _audited("match.ended", subject=personas.participant)
    assert Notification.objects.filter(recipient=personas.mentor2.user, kind="match.created").exists()
    assert Notification.objects.filter(recipient=personas.participant.user, kind="match.created").exists()


def test_it_lets_a_supervisor_match_their_mentor_with_a_new_participant(
    personas: Personas, as_persona: AsPersona, unmatched: Membership
) -> None:
    supervisor = as_persona("supervisor")
    assert b"Una Unmatched" in supervisor.get(reverse("organizations:matches")).content
    response = supervisor.post(
        reverse("organizations:matches"), {"mentor": personas.mentor.pk, "participant": unmatched.pk}
    )
    assert response.status_code == 302
    assert Match.objects.filter(mentor=personas.mentor, participant=unmatched, status=MatchStatus.ACTIVE).exists()


def test_it_does_not_offer_a_supervisor_mentors_they_do_not_supervise(
    personas: Personas, as_persona: AsPersona, unmatched: Membership
) -> None:
    response = as_persona("supervisor").post(
        reverse("organizations:matches"), {"mentor": personas.mentor2.pk, "participant": unmatched.pk}
    )
    assert response.status_code == 400
    assert not Match.objects.filter(participant=unmatched).exists()


def test_it_refuses_to_match_people_of_another_organization(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").post(
        reverse("organizations:matches"),
        {"mentor": personas.mentor2.pk, "participant": personas.outsider_participant.pk},
    )
    assert response.status_code == 400
    assert b"Select a valid choice" in response.content
    assert not Match.objects.filter(mentor=personas.mentor2).exists()


def test_it_refuses_matching_by_a_mentor(personas: Personas, as_persona: AsPersona, unmatched: Membership) -> None:
    response = as_persona("mentor").post(
        reverse("organizations:matches"), {"mentor": personas.mentor.pk, "participant": unmatched.pk}
    )
    assert response.status_code == 403
    assert not Match.objects.filter(participant=unmatched).exists()


def test_it_ends_a_match(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("supervisor").post(reverse("organizations:match_end", args=[personas.match2.pk]))
    assert response.status_code == 302
    personas.match2.refresh_from_db()
    assert personas.match2.status == MatchStatus.ENDED and personas.match2.ended_at is not None
    assert _audited("match.ended", actor=personas.supervisor.user, subject=personas.participant2)


def test_it_refuses_ending_a_match_by_its_mentor(personas: Personas, as_persona: AsPersona) -> None:
    assert as_persona("mentor").post(reverse("organizations:match_end", args=[personas.match.pk])).status_code == 404
    personas.match.refresh_from_db()
    assert personas.match.status == MatchStatus.ACTIVE


def test_a_supervisor_of_another_team_cannot_end_or_even_see_a_match(personas: Personas, as_persona: AsPersona) -> None:
    other_team = as_persona("supervisor2")
    assert other_team.post(reverse("organizations:match_end", args=[personas.match.pk])).status_code == 404
    assert other_team.post(f"/api/v1/matches/{personas.match.pk}/end").status_code == 404
    personas.match.refresh_from_db()
    assert personas.match.status == MatchStatus.ACTIVE
    assert _audited("match.manage.refused", actor=personas.supervisor2.user)


def test_a_supervisor_of_another_team_cannot_take_over_a_participant_by_rematching(personas: Personas) -> None:
    from alongside.core.exceptions import NotFound

    with pytest.raises(NotFound):
        services.match_create(viewer=personas.supervisor2, mentor=personas.mentor2, participant=personas.participant)
    personas.match.refresh_from_db()
    assert personas.match.status == MatchStatus.ACTIVE


def test_a_supervisor_cannot_match_a_mentor_they_do_not_support(personas: Personas, unmatched: Membership) -> None:
    from alongside.core.exceptions import NotFound

    with pytest.raises(NotFound):
        services.match_create(viewer=personas.supervisor, mentor=personas.mentor2, participant=unmatched)
    assert not Match.objects.filter(participant=unmatched).exists()


def test_a_rematch_tells_the_previous_mentor(personas: Personas) -> None:
    services.match_create(viewer=personas.admin, mentor=personas.mentor2, participant=personas.participant)
    told = Notification.objects.get(recipient=personas.mentor.user, kind="match.ended")
    assert "Pat Participant" in told.body


# Audit ------------------------------------------------------------------------------------------


def test_it_shows_admins_the_audit_log_filtered_by_action(personas: Personas, as_persona: AsPersona) -> None:
    log_action("program.created", actor=personas.admin, target=personas.program)
    log_action("match.created", actor=personas.admin, target=personas.match)
    admin = as_persona("admin")
    everything = admin.get(reverse("organizations:audit")).content
    assert b"program.created" in everything and b"match.created" in everything
    assert b"Program created <code>program.created</code>" in everything  # named, the code beside
    filtered = admin.get(reverse("organizations:audit"), {"action": "match."})
    assert filtered.status_code == 200
    assert b"match.created" in filtered.content and b"program.created" not in filtered.content


def test_it_pages_the_audit_log_fifty_at_a_time(personas: Personas, as_persona: AsPersona) -> None:
    for _ in range(60):
        log_action("program.created", actor=personas.admin, target=personas.program)
    admin = as_persona("admin")
    first = admin.get(reverse("organizations:audit"), {"action": "program."})
    second = admin.get(reverse("organizations:audit"), {"action": "program.", "page": 2})
    assert first.content.count(b"<code>program.created</code>") == 50
    assert second.content.count(b"<code>program.created</code>") == 10
    assert b"Page 2 of 2" in second.content


def test_it_never_shows_another_organizations_audit_entries(personas: Personas, outsider_admin: Client) -> None:
    log_action("program.created", actor=personas.admin, target=personas.program)
    content = outsider_admin.get(reverse("organizations:audit")).content
    assert b"Riverbend Center" not in content and b"Ada Admin" not in content


@pytest.mark.parametrize("persona", ["supervisor", "mentor", "participant", "outsider"])
def test_it_keeps_the_audit_log_to_admins(as_persona: AsPersona, persona: str) -> None:
    assert as_persona(persona).get(reverse("organizations:audit")).status_code == 403


def test_it_refuses_an_overlong_audit_filter(as_persona: AsPersona) -> None:
    assert as_persona("admin").get(reverse("organizations:audit"), {"action": "x" * 65}).status_code == 400


# Outsiders --------------------------------------------------------------------------------------


def _object_routes(personas: Personas) -> list[tuple[str, str]]:
    invitation = _invitation(personas)
    return [
        ("get", reverse("organizations:participant_detail", args=[personas.participant.pk])),
        ("get", reverse("organizations:break_glass", args=[personas.participant.pk])),
        ("post", reverse("organizations:break_glass", args=[personas.participant.pk])),
        ("post", reverse("organizations:invitation_revoke", args=[invitation.pk])),
        ("get", reverse("organizations:deactivate", args=[personas.mentor.pk])),
        ("post", reverse("organizations:deactivate", args=[personas.mentor.pk])),
        ("post", reverse("organizations:supervisor_assign", args=[personas.mentor.pk])),
        ("post", reverse("organizations:match_end", args=[personas.match.pk])),
    ]


def test_it_answers_404_to_an_outsider_on_every_route_naming_our_records(
    personas: Personas, as_persona: AsPersona, outsider_admin: Client
) -> None:
    routes = _object_routes(personas)
    for client in (as_persona("outsider"), outsider_admin):
        for method, url in routes:
            data = {"reason": "An outsider trying to get in to this record", "supervisor": ""}
            response = client.post(url, data) if method == "post" else client.get(url)
            assert response.status_code == 404, (method, url)
    # Nothing changed, and the refusals were logged without naming our records in the other log.
    personas.mentor.refresh_from_db()
    personas.match.refresh_from_db()
    assert personas.mentor.is_active and personas.mentor.supervisor == personas.supervisor
    assert personas.match.status == MatchStatus.ACTIVE
    assert Invitation.objects.get().state == "pending"
    assert not BreakGlassGrant.objects.exists()
    assert AuditEntry.objects.filter(outcome="refused", extra__cross_organization=True).exists()


def test_it_answers_404_to_an_outsider_for_records_that_do_not_exist(as_persona: AsPersona) -> None:
    assert as_persona("outsider").get(reverse("organizations:participant_detail", args=[999999])).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(personas: Personas) -> None:
    response = Client().get(reverse("organizations:participants"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_it_expires_break_glass_access(personas: Personas, as_persona: AsPersona, unmatched: Membership) -> None:
    BreakGlassGrant.objects.create(
        organization=personas.org,
        holder=personas.supervisor,
        participant=unmatched,
        reason="Expired grant from yesterday",
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert (
        as_persona("supervisor").get(reverse("organizations:participant_detail", args=[unmatched.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "name",
    [
        "organizations:participants",
        "organizations:people",
        "organizations:programs",
        "organizations:matches",
        "organizations:audit",
    ],
)
def test_it_shows_an_outsider_nothing_of_ours_on_organization_wide_pages(
    personas: Personas, as_persona: AsPersona, outsider_admin: Client, name: str
) -> None:
    # These pages have no id to refuse: they start from the viewer's own organization, so an
    # outsider sees their own (or is refused by role) and never a trace of ours.
    log_action("program.created", actor=personas.admin, target=personas.program)
    for client in (as_persona("outsider"), outsider_admin):
        response = client.get(reverse(name))
        assert response.status_code in {200, 403}
        for ours in (b"Riverbend", b"Maria Mentor", b"Pat Participant", b"Ada Admin"):
            assert ours not in response.content


def test_it_lists_participants_in_a_constant_number_of_queries(personas: Personas, as_persona: AsPersona) -> None:
    admin = as_persona("admin")
    url = reverse("organizations:participants")
    admin.get(url)  # warm the session and anything cached per process
    with CaptureQueriesContext(connection) as few:
        admin.get(url)
    for i in range(6):
        extra = make_member(personas.org, f"p{i}@example.test", f"Extra Person {i}", Role.PARTICIPANT, personas.program)
        Match.objects.create(organization=personas.org, mentor=personas.mentor2, participant=extra)
    with CaptureQueriesContext(connection) as many:
        response = admin.get(url)
    assert b"Extra Person 5" in response.content
    assert len(many.captured_queries) == len(few.captured_queries)
