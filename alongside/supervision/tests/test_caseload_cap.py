from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, make_member
from alongside.core.exceptions import InvalidInput, NotAllowed, NotFound
from alongside.notifications.models import Notification
from alongside.organizations.models import Match, MatchStatus, Role
from alongside.organizations.services import match_create
from alongside.supervision.models import MentorSupport
from alongside.supervision.selectors import caseload_cap_for, caseload_caps
from alongside.supervision.services import caseload_cap_set, wellbeing_interval_set


def test_the_default_cap_is_fifteen(personas: Personas) -> None:
    assert caseload_cap_for(mentor=personas.mentor) == 15
    assert caseload_caps(mentor_ids=[personas.mentor.pk, personas.mentor2.pk]) == {
        personas.mentor.pk: 15,
        personas.mentor2.pk: 15,
    }


def test_the_supervisor_lowers_the_cap_with_a_reason_and_the_mentor_is_told(personas: Personas) -> None:
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=8, reason="A heavy month")
    assert caseload_cap_for(mentor=personas.mentor) == 8
    entry = AuditEntry.objects.get(action="mentor.caseload_cap_changed")
    assert entry.extra == {"from": 15, "to": 8} and entry.reason == ""  # the admin reads the audit log: no reason there
    told = Notification.objects.get(recipient=personas.mentor.user, kind="mentor.caseload_cap_changed")
    assert "8" in told.title and "A heavy month" not in told.body  # the reason is read in the app
    assert MentorSupport.objects.get(mentor=personas.mentor).caseload_cap_reason == "A heavy month"


def test_an_admin_may_change_the_cap(personas: Personas) -> None:
    caseload_cap_set(viewer=personas.admin, mentor=personas.mentor, caseload_cap=20, reason="Extra hours agreed")
    assert caseload_cap_for(mentor=personas.mentor) == 20


def test_setting_the_same_cap_again_changes_nothing(personas: Personas) -> None:
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=15, reason="Same")
    assert not AuditEntry.objects.filter(action="mentor.caseload_cap_changed").exists()
    assert not Notification.objects.filter(kind="mentor.caseload_cap_changed").exists()


@pytest.mark.parametrize(
    ("cap", "reason", "field"),
    [(0, "x", "caseload_cap"), (61, "x", "caseload_cap"), (5, " ", "reason"), (5, "r" * 501, "reason")],
)
def test_bad_caps_are_refused(personas: Personas, cap: int, reason: str, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=cap, reason=reason)
    assert field in exc.value.field_errors
    assert caseload_cap_for(mentor=personas.mentor) == 15


@pytest.mark.parametrize(
    ("who", "error"), [("mentor", NotAllowed), ("supervisor2", NotFound), ("mentor2", NotFound), ("outsider", NotFound)]
)
def test_only_their_supervisor_or_an_admin_changes_the_cap(personas: Personas, who: str, error: type) -> None:
    with pytest.raises(error):
        caseload_cap_set(viewer=getattr(personas, who), mentor=personas.mentor, caseload_cap=3, reason="no")
    assert caseload_cap_for(mentor=personas.mentor) == 15


def test_the_wellbeing_interval_is_validated(personas: Personas) -> None:
    with pytest.raises(InvalidInput):
        wellbeing_interval_set(viewer=personas.supervisor, mentor=personas.mentor, days=3)
    row = wellbeing_interval_set(viewer=personas.admin, mentor=personas.mentor, days=28)
    assert row.wellbeing_interval_days == 28
    assert AuditEntry.objects.filter(action="mentor.wellbeing_interval_changed").count() == 1


def test_caseload_caps_is_one_query_for_any_number_of_mentors(personas: Personas) -> None:
    ids = [personas.mentor.pk, personas.mentor2.pk]
    for n in range(20):
        ids.append(make_member(personas.org, f"c{n}@example.test", f"C{n}", Role.MENTOR, personas.program).pk)
    caseload_cap_set(viewer=personas.admin, mentor=personas.mentor, caseload_cap=4, reason="x")
    with CaptureQueriesContext(connection) as queries:
        caps = caseload_caps(mentor_ids=ids)
    assert len(queries) == 1
    assert caps[personas.mentor.pk] == 4 and caps[ids[-1]] == 15


# Enforcement on new matches ------------------------------------------------------------------


def test_a_new_match_is_refused_when_the_caseload_is_full(personas: Personas) -> None:
    # mentor has two participants (match, match2); a cap of two leaves no room.
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=2, reason="Time to rest")
    newcomer = make_member(personas.org, "new@example.test", "Nia New", Role.PARTICIPANT, personas.program)
    with pytest.raises(InvalidInput) as exc:
        match_create(viewer=personas.supervisor, mentor=personas.mentor, participant=newcomer)
    assert exc.value.message.startswith("Maria Mentor's caseload is full (2 of 2).")
    assert "mentor" in exc.value.field_errors
    assert not Match.objects.filter(participant=newcomer).exists()


def test_a_match_is_made_while_there_is_room(personas: Personas) -> None:
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=3, reason="Room for one more")
    newcomer = make_member(personas.org, "new@example.test", "Nia New", Role.PARTICIPANT, personas.program)
    match = match_create(viewer=personas.supervisor, mentor=personas.mentor, participant=newcomer)
    assert match.status == MatchStatus.ACTIVE


def test_a_full_caseload_leaves_a_moving_participants_current_match_in_place(personas: Personas) -> None:
    # Moving Pat to mentor2 (cap 1 and already full) is refused, and Pat keeps Maria.
    other = make_member(personas.org, "o@example.test", "Oz", Role.PARTICIPANT, personas.program)
    match_create(viewer=personas.admin, mentor=personas.mentor2, participant=other)
    caseload_cap_set(viewer=personas.admin, mentor=personas.mentor2, caseload_cap=1, reason="New mentor")
    with pytest.raises(InvalidInput):
        match_create(viewer=personas.admin, mentor=personas.mentor2, participant=personas.participant)
    assert Match.objects.get(participant=personas.participant, status=MatchStatus.ACTIVE).mentor == personas.mentor


def test_rematching_with_the_same_mentor_is_not_blocked_by_a_full_caseload(personas: Personas) -> None:
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=2, reason="Full")
    assert (
        match_create(viewer=personas.supervisor, mentor=personas.mentor, participant=personas.participant)
        == personas.match
    )


def test_a_lowered_cap_never_ends_existing_matches(personas: Personas) -> None:
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=1, reason="Rest")
    assert Match.objects.filter(mentor=personas.mentor, status=MatchStatus.ACTIVE).count() == 2
