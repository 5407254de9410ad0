"""Moving a participant to another peer mentor: the service, the page and the API operation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client, make_member
from alongside.core.exceptions import InvalidInput, NotAllowed, NotFound
from alongside.core.testing.openapi import api_call
from alongside.notifications.models import Notification, OutboxMessage
from alongside.organizations.models import Match, MatchStatus, Membership, Role
from alongside.organizations.services import match_end, match_reassign

AsPersona = Callable[[str], Client]
REASON = "Maria is taking a lighter caseload this season"


@pytest.fixture
def mentor3(personas: Personas) -> Membership:
    """A second mentor on the first supervisor's team, so the supervisor has someone to move people to."""
    return make_member(
        personas.org, "mentor3@example.test", "Mo Mentor", Role.MENTOR, personas.program, supervisor=personas.supervisor
    )


def _active(participant: Membership) -> Match:
    return Match.objects.get(participant=participant, status=MatchStatus.ACTIVE)


# The service ------------------------------------------------------------------------------------


def test_it_ends_the_match_and_starts_the_new_one_together(personas: Personas, mentor3: Membership) -> None:
    match = match_reassign(
        viewer=personas.supervisor, participant=personas.participant, new_mentor=mentor3, reason=REASON
    )

    personas.match.refresh_from_db()
    assert personas.match.status == MatchStatus.ENDED
    assert match.mentor == mentor3 and match.status == MatchStatus.ACTIVE and match.created_by == personas.supervisor
    assert personas.match.ended_at == match.started_at
    assert _active(personas.participant) == match


def test_it_audits_the_move_with_the_reason(personas: Personas, mentor3: Membership) -> None:
    match = match_reassign(
        viewer=personas.supervisor, participant=personas.participant, new_mentor=mentor3, reason=REASON
    )

    entry = AuditEntry.objects.get(action="match.reassigned")
    assert entry.reason == REASON
    assert entry.subject == personas.participant and entry.target_id == str(match.pk)
    assert entry.extra == {"from_mentor": personas.mentor.pk, "to_mentor": mentor3.pk, "ended_match": personas.match.pk}


def test_it_tells_both_mentors_and_the_participant_without_the_reason(personas: Personas, mentor3: Membership) -> None:
    match_reassign(viewer=personas.supervisor, participant=personas.participant, new_mentor=mentor3, reason=REASON)

    told = {
        n.recipient.email: n for n in Notification.objects.filter(kind="match.reassigned").select_related("recipient")
    }
    assert set(told) == {"mentor@example.test", "mentor3@example.test", "participant@example.test"}
    assert told["mentor3@example.test"].body == "Pat Participant is now in your caseload."
    assert "Thank you" in told["mentor@example.test"].body
    assert "Mo Mentor will walk alongside you" in told["participant@example.test"].body
    for notification in told.values():
        assert "lighter caseload" not in notification.title + notification.body
    for email in OutboxMessage.objects.all():
        assert "lighter caseload" not in email.subject + email.body


def test_an_admin_may_move_a_participant_to_any_mentor(personas: Personas) -> None:
    match = match_reassign(
        viewer=personas.admin, participant=personas.participant, new_mentor=personas.mentor2, reason=REASON
    )
    assert match.mentor == personas.mentor2


def test_a_supervisor_may_not_move_a_participant_to_another_teams_mentor(personas: Personas) -> None:
    with pytest.raises(NotFound):
        match_reassign(
            viewer=personas.supervisor, participant=personas.participant, new_mentor=personas.mentor2, reason=REASON
        )
    assert _active(personas.participant) == personas.match


def test_a_supervisor_may_not_move_another_teams_participant(personas: Personas, mentor3: Membership) -> None:
    with pytest.raises(NotFound):
        match_reassign(
            viewer=personas.supervisor2, participant=personas.participant, new_mentor=personas.mentor2, reason=REASON
        )
    assert _active(personas.participant) == personas.match


@pytest.mark.parametrize("persona", ["mentor", "participant"])
def test_mentors_and_participants_may_not_move_anyone(personas: Personas, mentor3: Membership, persona: str) -> None:
    with pytest.raises(NotAllowed):
        match_reassign(
            viewer=getattr(personas, persona), participant=personas.participant, new_mentor=mentor3, reason=REASON
        )


def test_nobody_reaches_across_organizations(personas: Personas) -> None:
    with pytest.raises(NotFound):
        match_reassign(
            viewer=personas.admin, participant=personas.outsider_participant, new_mentor=personas.mentor2, reason=REASON
        )
    with pytest.raises(NotFound):
        match_reassign(
            viewer=personas.admin, participant=personas.participant, new_mentor=personas.outsider, reason=REASON
        )


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_it_needs_a_reason(personas: Personas, mentor3: Membership, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        match_reassign(viewer=personas.supervisor, participant=personas.participant, new_mentor=mentor3, reason=reason)
    assert "reason" in caught.value.field_errors


def test_it_refuses_the_same_mentor_and_someone_who_is_not_a_mentor(personas: Personas) -> None:
    with pytest.raises(InvalidInput):
        match_reassign(
            viewer=personas.admin, participant=personas.participant, new_mentor=personas.mentor, reason=REASON
        )
    with pytest.raises(InvalidInput):
        match_reassign(
            viewer=personas.admin, participant=personas.participant, new_mentor=personas.supervisor, reason=REASON
        )
    assert _active(personas.participant) == personas.match


def test_it_refuses_a_participant_with_no_mentor_to_move_from(personas: Personas) -> None:
    match_end(viewer=personas.admin, match=personas.match)
    with pytest.raises(InvalidInput):
        match_reassign(
            viewer=personas.admin, participant=personas.participant, new_mentor=personas.mentor2, reason=REASON
        )


def test_it_respects_the_new_mentors_caseload_cap(personas: Personas, mentor3: Membership) -> None:
    from alongside.supervision.services import caseload_cap_set

    caseload_cap_set(viewer=personas.supervisor, mentor=mentor3, caseload_cap=1, reason="A gentler season")
    match_reassign(viewer=personas.supervisor, participant=personas.participant, new_mentor=mentor3, reason=REASON)
    with pytest.raises(InvalidInput) as caught:
        match_reassign(viewer=personas.supervisor, participant=personas.participant2, new_mentor=mentor3, reason=REASON)
    assert "caseload is full" in caught.value.message
    assert _active(personas.participant2) == personas.match2


# An open session, right after the match ends or moves -------------------------------------------


@pytest.mark.parametrize("how", ["ended", "reassigned"])
def test_the_previous_mentors_open_session_is_refused_at_once(
    personas: Personas, mentor3: Membership, how: str
) -> None:
    mentor = login_client(personas.mentor)
    page = reverse("workspace:participant", args=[personas.participant.pk])
    record = reverse("organizations:participant_detail", args=[personas.participant.pk])
    api = f"/participants/{personas.participant.pk}"
    assert mentor.get(page).status_code == 200
    assert mentor.get(record).status_code == 200
    assert api_call(mentor, "GET", api)[0].status_code == 200

    if how == "ended":
        match_end(viewer=personas.supervisor, match=personas.match)
    else:
        match_reassign(viewer=personas.supervisor, participant=personas.participant, new_mentor=mentor3, reason=REASON)

    assert mentor.get(page).status_code == 404
    assert mentor.get(record).status_code == 404
    assert api_call(mentor, "GET", api)[0].status_code == 404
    assert b"Pat Participant" not in mentor.get(reverse("workspace:today")).content
    if how == "reassigned":
        assert login_client(mentor3).get(page).status_code == 200


# The page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("supervisor", 200),
        ("admin", 200),
        ("mentor", 403),
        ("mentor2", 404),
        ("supervisor2", 404),
        ("participant", 403),
        ("participant2", 404),
        ("outsider", 404),
    ],
)
def test_the_reassign_page_follows_the_access_matrix(
    personas: Personas, as_persona: AsPersona, mentor3: Membership, persona: str, status: int
) -> None:
    url = reverse("organizations:reassign", args=[personas.participant.pk])
    response = as_persona(persona).get(url)
    assert response.status_code == status
    assert (b"Maria Mentor has walked alongside them" in response.content) is (status == 200)
    posted = as_persona(persona).post(url, {"mentor": mentor3.pk, "reason": REASON})
    assert posted.status_code in ({302, 400} if status == 200 else {status})
    if status != 200:
        assert _active(personas.participant) == personas.match


def test_the_reassign_page_offers_only_the_supervisors_other_mentors(
    personas: Personas, as_persona: AsPersona, mentor3: Membership
) -> None:
    content = as_persona("supervisor").get(reverse("organizations:reassign", args=[personas.participant.pk])).content
    assert b"Mo Mentor" in content
    assert b"Miguel Mentor" not in content  # another team's
    assert f'<option value="{personas.mentor.pk}"'.encode() not in content  # the current mentor


def test_the_reassign_page_moves_the_participant_and_returns_to_the_team(
    personas: Personas, as_persona: AsPersona, mentor3: Membership
) -> None:
    url = reverse("organizations:reassign", args=[personas.participant.pk])
    response = as_persona("supervisor").post(
        url, {"mentor": mentor3.pk, "reason": REASON, "next": reverse("workspace:team")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("workspace:team")
    assert _active(personas.participant).mentor == mentor3
    assert AuditEntry.objects.filter(action="match.reassigned", actor=personas.supervisor.user).exists()


def test_a_double_submitted_move_moves_once_and_says_it_is_done(
    personas: Personas, as_persona: AsPersona, mentor3: Membership
) -> None:
    supervisor = as_persona("supervisor")
    url = reverse("organizations:reassign", args=[personas.participant.pk])
    assert supervisor.post(url, {"mentor": mentor3.pk, "reason": REASON}).status_code == 302
    again = supervisor.post(url, {"mentor": mentor3.pk, "reason": REASON}, follow=True)
    assert again.status_code == 200 and b"is already walking alongside" in again.content
    assert AuditEntry.objects.filter(action="match.reassigned").count() == 1
    assert _active(personas.participant).mentor == mentor3


def test_the_reassign_page_never_redirects_off_site(personas: Personas, as_persona: AsPersona) -> None:
    url = reverse("organizations:reassign", args=[personas.participant.pk])
    data = {"mentor": personas.mentor2.pk, "reason": REASON, "next": "https://elsewhere.example/"}
    response = as_persona("admin").post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("organizations:matches")


def test_the_reassign_page_shows_what_to_fix(personas: Personas, as_persona: AsPersona, mentor3: Membership) -> None:
    url = reverse("organizations:reassign", args=[personas.participant.pk])
    response = as_persona("supervisor").post(url, {"mentor": mentor3.pk, "reason": ""})
    assert response.status_code == 400
    assert b'aria-describedby="id_reason_helptext id_reason_error"' in response.content
    assert b'id="id_reason_error"' in response.content
    assert _active(personas.participant) == personas.match


def test_the_reassign_page_sends_a_participant_without_a_mentor_to_the_matches_page(
    personas: Personas, as_persona: AsPersona
) -> None:
    match_end(viewer=personas.admin, match=personas.match)
    response = as_persona("admin").get(reverse("organizations:reassign", args=[personas.participant.pk]))
    assert response.status_code == 200
    assert b"no peer mentor yet" in response.content


def test_the_matches_page_links_to_moving_each_participant(personas: Personas, as_persona: AsPersona) -> None:
    content = as_persona("admin").get(reverse("organizations:matches")).content.decode()
    assert reverse("organizations:reassign", args=[personas.participant.pk]) in content


# The API ----------------------------------------------------------------------------------------


def test_the_api_moves_a_participant(personas: Personas, mentor3: Membership) -> None:
    payload = {"mentor_id": mentor3.pk, "reason": REASON}
    response, body = api_call(
        login_client(personas.supervisor), "POST", f"/participants/{personas.participant.pk}/reassign", payload
    )
    assert response.status_code == 201
    assert body["mentor"] == {"id": mentor3.pk, "display_name": "Mo Mentor"}
    assert body["participant"]["id"] == personas.participant.pk and body["status"] == "active"
    assert _active(personas.participant).pk == body["id"]


def test_the_api_move_is_idempotent(personas: Personas, mentor3: Membership) -> None:
    client = login_client(personas.supervisor)
    url = f"/participants/{personas.participant.pk}/reassign"
    payload = {"mentor_id": mentor3.pk, "reason": REASON}
    first, one = api_call(client, "POST", url, payload, headers={"Idempotency-Key": "move-1"})
    again, two = api_call(client, "POST", url, payload, headers={"Idempotency-Key": "move-1"})
    assert (first.status_code, again.status_code) == (201, 201) and one == two
    assert AuditEntry.objects.filter(action="match.reassigned").count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 403),
        ("mentor2", 404),
        ("supervisor2", 404),
        ("participant", 403),
        ("participant2", 404),
        ("outsider", 404),
    ],
)
def test_the_api_refuses_everyone_else(personas: Personas, mentor3: Membership, persona: str, status: int) -> None:
    client = login_client(getattr(personas, persona))
    payload = {"mentor_id": mentor3.pk, "reason": REASON}
    response, _body = api_call(client, "POST", f"/participants/{personas.participant.pk}/reassign", payload)
    assert response.status_code == status
    assert _active(personas.participant) == personas.match


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"mentor_id": 999999, "reason": REASON}, 404),
        ({"mentor_id": 1, "reason": ""}, 422),
        ({"reason": REASON}, 422),
    ],
)
def test_the_api_refuses_a_bad_request(personas: Personas, payload: dict[str, object], status: int) -> None:
    response, _body = api_call(
        login_client(personas.admin), "POST", f"/participants/{personas.participant.pk}/reassign", payload
    )
    assert response.status_code == status


def test_the_api_refuses_another_teams_mentor_as_the_destination(personas: Personas) -> None:
    payload = {"mentor_id": personas.mentor2.pk, "reason": REASON}
    response, _body = api_call(
        login_client(personas.supervisor), "POST", f"/participants/{personas.participant.pk}/reassign", payload
    )
    assert response.status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_moves_at_once_leave_exactly_one_active_match(personas: Personas, mentor3: Membership) -> None:
    import threading

    from django.db import connections

    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def move(to: Membership) -> None:
        try:
            barrier.wait()
            match_reassign(viewer=personas.admin, participant=personas.participant, new_mentor=to, reason=REASON)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(m,)) for m in (mentor3, personas.mentor2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    # The participant lock serializes the two: the second moves them on from the first's new match.
    assert errors == []
    assert Match.objects.filter(participant=personas.participant, status=MatchStatus.ACTIVE).count() == 1
    assert AuditEntry.objects.filter(action="match.reassigned").count() == 2
    assert Match.objects.filter(participant=personas.participant).count() == 3
