from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, make_member
from alongside.core.exceptions import NotAllowed, NotFound
from alongside.organizations.models import Match, Membership, Role
from alongside.supervision.selectors import (
    SupervisionHours,
    caseload_sizes,
    session_for_viewer,
    sessions_for_viewer,
    supervision_hours_for_viewer,
    supervision_minutes_by_mentor,
    team_for_supervisor,
    wellbeing_flags,
    wellbeing_overview,
)
from alongside.supervision.services import caseload_cap_set
from alongside.supervision.tests.factories import answer, record_session, report_concern

DAY = dt.date(2026, 3, 10)


def team_of(personas: Personas, size: int, prefix: str = "t") -> list[Membership]:
    """``size`` more mentors for the supervisor, each with two checks, a session and a participant."""
    mentors = []
    for n in range(size):
        m = make_member(
            personas.org,
            f"{prefix}{n}@example.test",
            f"T{prefix}{n}",
            Role.MENTOR,
            personas.program,
            supervisor=personas.supervisor,
        )
        p = make_member(
            personas.org, f"{prefix}p{n}@example.test", f"TP{prefix}{n}", Role.PARTICIPANT, personas.program
        )
        Match.objects.create(organization=personas.org, mentor=m, participant=p)
        answer(m, 1, 1, 1, 3, on=DAY - dt.timedelta(days=14))
        answer(m, 4, 3, 3, 1, on=DAY)
        record_session(personas, mentor_ids=[m.pk], occurred_on=DAY, today=DAY)
        mentors.append(m)
    return mentors


@pytest.mark.parametrize("size", [1, 12])
def test_wellbeing_flags_is_one_query_whatever_the_team_size(personas: Personas, size: int) -> None:
    ids = [m.pk for m in team_of(personas, size)] + [personas.mentor.pk]
    with CaptureQueriesContext(connection) as queries:
        flags = wellbeing_flags(mentor_ids=ids)
    assert len(queries) == 1
    assert flags[personas.mentor.pk] is None
    flag = flags[ids[0]]
    assert flag is not None and flag.latest_score == 13 and flag.previous_score == 4 and flag.trend == "worse"


def test_the_team_page_reads_a_fixed_number_of_queries(personas: Personas) -> None:
    team_of(personas, 1)
    with CaptureQueriesContext(connection) as small:
        team_for_supervisor(viewer=personas.supervisor, today=DAY)
    team_of(personas, 10, prefix="more")
    with CaptureQueriesContext(connection) as large:
        rows = team_for_supervisor(viewer=personas.supervisor, today=DAY)
    assert len(large) == len(small) <= 7
    assert len(rows) == 1 + 11  # Maria and the new mentors, never mentor2 (another team)
    maria = next(r for r in rows if r.mentor == personas.mentor)
    assert (maria.caseload_size, maria.caseload_cap, maria.flag, maria.open_concerns) == (2, 15, None, 0)


def test_the_team_row_shows_cap_flag_and_open_concerns(personas: Personas) -> None:
    caseload_cap_set(viewer=personas.supervisor, mentor=personas.mentor, caseload_cap=2, reason="Rest")
    answer(personas.mentor, 4, 4, 4, 0, on=DAY)
    report_concern(personas)
    (row,) = team_for_supervisor(viewer=personas.supervisor, today=DAY)
    assert row.caseload_full and row.flag is not None and row.open_concerns == 1 and row.last_check_on == DAY


def test_supervision_hours_add_up_by_period(personas: Personas) -> None:
    record_session(personas, occurred_on=DAY, today=DAY, duration_minutes=60)  # this month
    record_session(personas, occurred_on=DAY - dt.timedelta(days=30), today=DAY, duration_minutes=45)  # in 90 days
    record_session(personas, occurred_on=DAY - dt.timedelta(days=120), today=DAY, duration_minutes=90)  # older
    with CaptureQueriesContext(connection) as queries:
        hours = supervision_minutes_by_mentor(mentor_ids=[personas.mentor.pk, personas.mentor2.pk], today=DAY)
    assert len(queries) == 1
    assert hours[personas.mentor.pk] == SupervisionHours(this_month=60, last_90_days=105, all_time=195, sessions=3)
    assert hours[personas.mentor2.pk] == SupervisionHours()


def test_hours_are_for_the_mentor_and_their_supervisor_only(personas: Personas) -> None:
    record_session(personas, occurred_on=DAY, today=DAY)
    assert [r.mentor for r in supervision_hours_for_viewer(viewer=personas.mentor, today=DAY)] == [personas.mentor]
    assert [r.mentor for r in supervision_hours_for_viewer(viewer=personas.supervisor, today=DAY)] == [personas.mentor]
    assert [r.mentor for r in supervision_hours_for_viewer(viewer=personas.supervisor2, today=DAY)] == [
        personas.mentor2
    ]
    for who in ("admin", "participant"):
        with pytest.raises(NotAllowed):
            supervision_hours_for_viewer(viewer=getattr(personas, who), today=DAY)


def test_sessions_are_seen_by_their_supervisor_and_mentors_only(personas: Personas) -> None:
    session = record_session(personas)
    assert list(sessions_for_viewer(viewer=personas.supervisor)) == [session]
    assert list(sessions_for_viewer(viewer=personas.mentor)) == [session]
    assert list(sessions_for_viewer(viewer=personas.mentor2)) == []
    assert list(sessions_for_viewer(viewer=personas.supervisor2)) == []
    for who in ("mentor2", "supervisor2", "admin", "participant", "outsider"):
        with pytest.raises(NotFound):
            session_for_viewer(viewer=getattr(personas, who), session_id=session.pk)


def test_wellbeing_answers_are_for_the_mentor_and_their_supervisor(personas: Personas) -> None:
    answer(personas.mentor, 2, 2, 2, 2, on=DAY, note="private")
    assert wellbeing_overview(viewer=personas.mentor, mentor=personas.mentor, today=DAY).checks[0].note == "private"
    overview = wellbeing_overview(viewer=personas.supervisor, mentor=personas.mentor, today=DAY)
    assert overview.due_on == DAY + dt.timedelta(days=14) and not overview.is_due
    assert AuditEntry.objects.filter(action="wellbeing.viewed", actor=personas.supervisor.user).count() == 1
    with pytest.raises(NotAllowed):
        wellbeing_overview(viewer=personas.admin, mentor=personas.mentor)
    for who in ("supervisor2", "mentor2", "participant", "outsider"):
        with pytest.raises(NotFound):
            wellbeing_overview(viewer=getattr(personas, who), mentor=personas.mentor)


def test_caseload_sizes_count_active_matches_in_one_query(personas: Personas) -> None:
    with CaptureQueriesContext(connection) as queries:
        sizes = caseload_sizes(mentor_ids=[personas.mentor.pk, personas.mentor2.pk])
    assert len(queries) == 1 and sizes == {personas.mentor.pk: 2, personas.mentor2.pk: 0}
