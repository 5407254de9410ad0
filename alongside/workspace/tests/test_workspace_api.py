"""The workspace over the API: GET /caseload/today (mentors) and GET /team (supervisors)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import api_call
from alongside.organizations.models import Membership
from alongside.supervision.services import wellbeing_check_record
from alongside.workspace.tests.conftest import caught_up, checkin, contact


def test_a_mentor_gets_their_caseload_most_in_need_first(personas: Personas) -> None:
    contact(personas.mentor, personas.participant, 1)
    contact(personas.mentor, personas.participant2, 1)
    checkin(personas.participant2, 0, wants_outreach=True, craving=9)
    caught_up()
    response, body = api_call(login_client(personas.mentor), "GET", "/caseload/today")
    assert response.status_code == 200
    first, second = body["participants"]
    assert first["participant"] == {"id": personas.participant2.pk, "display_name": "Paz Participant"}
    assert [r["code"] for r in first["reasons"]] == ["outreach", "craving_rising"]
    assert first["score"] == 80 and first["reasons"][1]["text"] == "The latest check-in says 9 out of 10."
    assert first["reasons"][1]["params"]["latest"] == 9 and first["reasons"][1]["params"]["high"] == 8
    assert first["updating"] is False and first["updated_at"] is not None
    assert second["score"] == 0 and second["reasons"] == []
    assert first["unread_messages"] == 0 and first["last_contact_on"] is not None
    assert [w["code"] for w in body["weights"][:2]] == ["crisis", "outreach"]
    assert (
        AuditEntry.objects.filter(action="caseload.viewed", actor=personas.mentor.user).count() == 2
    )  # one per person


def test_the_caseload_runs_a_fixed_number_of_queries(
    personas: Personas, grow_caseload: Callable[..., list[Membership]]
) -> None:
    client = login_client(personas.mentor)
    grow_caseload(1)
    caught_up()
    client.get("/api/v1/caseload/today")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/caseload/today")
    grow_caseload(9)
    with CaptureQueriesContext(connection) as many:
        _response, body = api_call(client, "GET", "/caseload/today")
    assert len(body["participants"]) == 12
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_supervisor_gets_their_team(personas: Personas) -> None:
    wellbeing_check_record(
        mentor=personas.mentor, emotional_exhaustion=4, boundary_strain=4, workload=4, support_felt=0
    )
    checkin(personas.participant, 0, used=True)
    caught_up()
    response, body = api_call(login_client(personas.supervisor), "GET", "/team")
    assert response.status_code == 200
    (maria,) = body["mentors"]
    assert maria["mentor"]["display_name"] == "Maria Mentor"
    assert (maria["caseload"], maria["cap"]) == (2, 15)
    assert maria["wellbeing_flag"] is not None and maria["wellbeing_flag"]["reasons"]
    assert maria["participants"][0]["participant"]["id"] == personas.participant.pk
    assert maria["participants"][0]["reasons"][0]["code"] == "reported_use"
    assert maria["needing_attention"] == 1


@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/caseload/today", {"mentor", "mentor2", "outsider"}), ("/team", {"supervisor", "supervisor2"})],
)
@pytest.mark.parametrize(
    "persona", ["mentor", "mentor2", "supervisor", "supervisor2", "admin", "participant", "outsider"]
)
def test_each_operation_is_for_its_role(personas: Personas, path: str, allowed: set[str], persona: str) -> None:
    response, body = api_call(login_client(getattr(personas, persona)), "GET", path)
    assert response.status_code == (200 if persona in allowed else 403)
    if response.status_code == 200:
        # Nobody sees anyone outside their own care, whatever their role.
        names = str(body)
        if persona in {"mentor", "supervisor"}:
            assert "Pat Participant" in names
        else:
            assert "Pat Participant" not in names


def test_anonymous_callers_are_refused(db: None) -> None:
    from django.test import Client

    for path in ("/caseload/today", "/team"):
        response, _body = api_call(Client(), "GET", path)
        assert response.status_code == 401
