"""A supervisor's team: mentors with caseload against cap, who needs attention, follow-ups, alerts, wellbeing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, make_member
from alongside.core.exceptions import NotAllowed
from alongside.core.localtime import local_today
from alongside.organizations.models import Match, Membership, Role
from alongside.supervision.services import caseload_cap_set, wellbeing_check_record
from alongside.workspace.selectors import team_overview
from alongside.workspace.tests.conftest import caught_up, checkin, contact

AsPersona = Callable[[str], Client]
URL = reverse("workspace:team")


@pytest.fixture
def mentor3(personas: Personas) -> Membership:
    return make_member(
        personas.org, "mentor3@example.test", "Mo Mentor", Role.MENTOR, personas.program, supervisor=personas.supervisor
    )


def _hard_wellbeing_check(mentor: Membership) -> None:
    wellbeing_check_record(mentor=mentor, emotional_exhaustion=4, boundary_strain=4, workload=4, support_felt=0)


def test_it_shows_each_mentor_with_caseload_against_cap(
    personas: Personas, as_persona: AsPersona, mentor3: Membership
) -> None:
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=2, reason="A lighter season")
    caught_up()
    response = as_persona("supervisor").get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Maria Mentor" in content and "Mo Mentor" in content
    assert "Miguel Mentor" not in content  # another team's
    assert "2 of 2" in content and "full" in content
    assert "0 of 15" in content


def test_it_lists_who_needs_attention_with_the_same_reasons_as_today(personas: Personas) -> None:
    checkin(personas.participant2, 0, wants_outreach=True)
    contact(personas.mentor, personas.participant, 1)
    contact(personas.mentor, personas.participant2, 1)
    caught_up()
    overview = team_overview(viewer=personas.supervisor)
    (maria,) = overview.mentors
    assert [row.participant for row in maria.participants] == [personas.participant2, personas.participant]
    assert [p.participant for p in maria.needing_attention] == [personas.participant2]
    assert maria.participants[0].need.reasons[0].text == "Asked for someone to reach out"


def test_it_counts_overdue_contacts_follow_ups_and_open_alerts(personas: Personas, as_persona: AsPersona) -> None:
    from alongside.alerts.services import alert_raise

    Match.objects.filter(pk=personas.match.pk).update(started_at=personas.match.started_at - dt.timedelta(days=60))
    contact(personas.mentor, personas.participant, 12, follow_up_on=local_today(personas.mentor) - dt.timedelta(days=3))
    alert_raise(participant=personas.participant2, kind="crisis_button", reason="Pressed the crisis button")
    caught_up()
    (maria,) = team_overview(viewer=personas.supervisor).mentors
    assert maria.overdue_follow_ups == 1
    assert maria.overdue_contacts == 1
    assert maria.open_alerts == 1
    caught_up()
    content = as_persona("supervisor").get(URL).content.decode()
    assert "No contact for 12 days" in content and "1 crisis not yet acknowledged" in content


def test_it_flags_a_mentors_wellbeing_and_links_to_it(personas: Personas, as_persona: AsPersona) -> None:
    _hard_wellbeing_check(personas.mentor)
    caught_up()
    content = as_persona("supervisor").get(URL).content.decode()
    assert "Asks for your attention" in content
    assert reverse("supervision:mentor_wellbeing", args=[personas.mentor.pk]) in content


def test_it_offers_to_move_each_participant(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    content = as_persona("supervisor").get(URL).content.decode()
    for p in (personas.participant, personas.participant2):
        assert reverse("organizations:reassign", args=[p.pk]) in content
        assert reverse("workspace:participant", args=[p.pk]) in content


def test_it_audits_the_team_view_for_each_participant_shown(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    as_persona("supervisor").get(URL)
    entries = AuditEntry.objects.filter(action="team.viewed")
    assert sorted(e.subject_id for e in entries) == sorted([personas.participant.pk, personas.participant2.pk])
    assert all(e.extra == {"mentors": [personas.mentor.pk]} for e in entries)
    # Each participant sees it under "who viewed my information".
    pat = as_persona("participant").get(reverse("accounts:access_log"))
    assert b"Sam Supervisor" in pat.content


def test_it_runs_the_same_number_of_queries_for_a_bigger_team(
    personas: Personas, as_persona: AsPersona, mentor3: Membership, grow_caseload: Callable[..., list[Membership]]
) -> None:
    supervisor = as_persona("supervisor")
    grow_caseload(1)
    caught_up()
    supervisor.get(URL)
    with CaptureQueriesContext(connection) as small:
        supervisor.get(URL)
    grow_caseload(6)
    grow_caseload(5, mentor=mentor3)
    _hard_wellbeing_check(mentor3)
    with CaptureQueriesContext(connection) as big:
        response = supervisor.get(URL)
    assert b"Extra Person 11" in response.content
    assert len(big.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("persona", ["mentor", "mentor2", "admin", "participant", "outsider"])
def test_it_is_for_supervisors(as_persona: AsPersona, persona: str) -> None:
    caught_up()
    assert as_persona(persona).get(URL).status_code == 403


def test_the_selector_refuses_anyone_but_a_supervisor(personas: Personas) -> None:
    with pytest.raises(NotAllowed):
        team_overview(viewer=personas.admin)


def test_another_teams_supervisor_sees_only_their_own_team(personas: Personas, as_persona: AsPersona) -> None:
    caught_up()
    content = as_persona("supervisor2").get(URL).content.decode()
    assert "Miguel Mentor" in content
    assert "Maria Mentor" not in content and "Pat Participant" not in content


def test_the_supervisors_home_leads_to_the_team(personas: Personas, as_persona: AsPersona) -> None:
    assert reverse("workspace:team") in as_persona("supervisor").get(reverse("pages:home")).content.decode()


def test_it_shows_every_mentors_wellbeing_trend_not_only_flags(personas: Personas, as_persona: AsPersona) -> None:
    import datetime as dt

    from alongside.supervision.models import WellbeingCheck

    wellbeing_check_record(
        mentor=personas.mentor, emotional_exhaustion=2, boundary_strain=1, workload=2, support_felt=3
    )
    WellbeingCheck.objects.filter(mentor=personas.mentor).update(answered_on=dt.date(2026, 11, 1))
    wellbeing_check_record(
        mentor=personas.mentor, emotional_exhaustion=1, boundary_strain=1, workload=1, support_felt=3
    )
    caught_up()
    content = as_persona("supervisor").get(URL).content.decode()
    assert "Nothing stands out in their latest wellbeing check." in content
    assert "Strain 4 of 16" in content and "Easier than their check before." in content
    assert "Asks for your attention" not in content
