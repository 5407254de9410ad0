from __future__ import annotations

import uuid

from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import api_call
from alongside.supervision.models import BoundaryConcern, SupervisionSession, WellbeingCheck
from alongside.supervision.selectors import caseload_cap_for
from alongside.supervision.tests.factories import answer, record_session, report_concern, yesterday


def session_body(personas: Personas, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": "individual",
        "mentor_ids": [personas.mentor.pk],
        "occurred_on": yesterday(personas.supervisor).isoformat(),
        "duration_minutes": 45,
        "topics": ["caseload_review"],
        "notes": "Went through Maria's caseload together.",
    }
    body.update(overrides)
    return body


def test_a_supervisor_records_and_reads_a_session_over_the_api(personas: Personas) -> None:
    client = login_client(personas.supervisor)
    key = str(uuid.uuid4())
    created, body = api_call(
        client, "POST", "/supervision/sessions", session_body(personas), headers={"Idempotency-Key": key}
    )
    assert created.status_code == 201, body
    replay, again = api_call(
        client, "POST", "/supervision/sessions", session_body(personas), headers={"Idempotency-Key": key}
    )
    assert replay.status_code == 201 and again == body
    assert SupervisionSession.objects.count() == 1
    assert body["mentors"] == [{"id": personas.mentor.pk, "display_name": "Maria Mentor"}]
    _r, listing = api_call(login_client(personas.mentor), "GET", "/supervision/sessions")
    assert [s["id"] for s in listing] == [body["id"]]
    _r, detail = api_call(login_client(personas.mentor), "GET", f"/supervision/sessions/{body['id']}")
    assert detail["notes"] == "Went through Maria's caseload together."


def test_the_client_id_makes_a_resubmission_answer_200_with_the_same_session(personas: Personas) -> None:
    client = login_client(personas.supervisor)
    body = session_body(personas, client_id=str(uuid.uuid4()))
    first, one = api_call(client, "POST", "/supervision/sessions", body)
    second, two = api_call(client, "POST", "/supervision/sessions", body)
    assert (first.status_code, second.status_code) == (201, 200) and one["id"] == two["id"]


def test_bad_session_input_is_a_problem_naming_the_field(personas: Personas) -> None:
    client = login_client(personas.supervisor)
    response, body = api_call(client, "POST", "/supervision/sessions", session_body(personas, topics=["gossip"]))
    assert response.status_code == 422 and body["errors"][0]["field"].startswith("topics")
    response, body = api_call(
        client, "POST", "/supervision/sessions", session_body(personas, mentor_ids=[personas.mentor2.pk])
    )
    assert response.status_code == 422 and body["errors"] == [
        {"field": "mentors", "message": "Choose only active mentors you supervise."}
    ]
    assert not SupervisionSession.objects.exists()


def test_a_mentor_answers_and_lists_their_own_wellbeing_checks(personas: Personas) -> None:
    client = login_client(personas.mentor)
    body = {"emotional_exhaustion": 2, "boundary_strain": 1, "workload": 2, "support_felt": 3, "note": "Fine"}
    created, check = api_call(client, "POST", "/wellbeing/checks", body)
    assert created.status_code == 201 and check["strain_score"] == 6
    _r, listing = api_call(client, "GET", "/wellbeing/checks")
    assert [c["id"] for c in listing] == [check["id"]]
    bad, problem = api_call(client, "POST", "/wellbeing/checks", {**body, "workload": 5})
    assert bad.status_code == 422 and problem["errors"][0]["field"] == "workload"
    assert WellbeingCheck.objects.count() == 1


def test_the_supervisor_reads_a_mentors_wellbeing_with_the_flag(personas: Personas) -> None:
    answer(personas.mentor, 4, 3, 3, 1, on=yesterday(personas.mentor), note="Heavy")
    response, body = api_call(login_client(personas.supervisor), "GET", f"/mentors/{personas.mentor.pk}/wellbeing")
    assert response.status_code == 200
    assert (
        body["flag"]["latest_score"] == 13
        and "Feels completely drained after supporting people." in body["flag"]["reasons"]
    )
    assert body["checks"][0]["note"] == "Heavy" and body["interval_days"] == 14


def test_the_cap_is_set_over_the_api(personas: Personas) -> None:
    response, body = api_call(
        login_client(personas.supervisor),
        "PUT",
        f"/mentors/{personas.mentor.pk}/caseload-cap",
        {"caseload_cap": 6, "reason": "Lighter load while studying"},
    )
    assert response.status_code == 200 and body["caseload_cap"] == 6 and body["caseload_size"] == 2
    assert caseload_cap_for(mentor=personas.mentor) == 6
    bad, _problem = api_call(
        login_client(personas.supervisor),
        "PUT",
        f"/mentors/{personas.mentor.pk}/caseload-cap",
        {"caseload_cap": 0, "reason": "x"},
    )
    assert bad.status_code == 422


def test_a_full_caseload_refuses_a_match_over_the_api(personas: Personas) -> None:
    from alongside.conftest import make_member
    from alongside.organizations.models import Role

    newcomer = make_member(personas.org, "n@example.test", "Nia New", Role.PARTICIPANT, personas.program)
    client = login_client(personas.supervisor)
    api_call(client, "PUT", f"/mentors/{personas.mentor.pk}/caseload-cap", {"caseload_cap": 2, "reason": "Full"})
    response, body = api_call(
        client, "POST", "/matches", {"mentor_id": personas.mentor.pk, "participant_id": newcomer.pk}
    )
    assert response.status_code == 422 and body["detail"].startswith("Maria Mentor's caseload is full (2 of 2).")


def test_boundary_concerns_over_the_api(personas: Personas) -> None:
    mentor = login_client(personas.mentor)
    created, concern = api_call(
        mentor,
        "POST",
        "/boundary-concerns",
        {
            "kind": "outside_channels",
            "details": "Pat messaged me on my personal phone.",
            "participant_id": personas.participant.pk,
        },
    )
    assert created.status_code == 201 and concern["participant"]["display_name"] == "Pat Participant"
    supervisor = login_client(personas.supervisor)
    _r, listing = api_call(supervisor, "GET", "/boundary-concerns")
    assert [c["id"] for c in listing] == [concern["id"]] and listing[0]["status"] == "open"
    done, acknowledged = api_call(
        supervisor, "POST", f"/boundary-concerns/{concern['id']}/acknowledge", {"response": "Thanks. Let's talk."}
    )
    assert done.status_code == 200 and acknowledged["status"] == "acknowledged"
    assert acknowledged["acknowledged_by"]["display_name"] == "Sam Supervisor"
    assert BoundaryConcern.objects.get().response == "Thanks. Let's talk."


def test_a_concern_about_someone_outside_the_caseload_is_refused(personas: Personas) -> None:
    response, body = api_call(
        login_client(personas.mentor),
        "POST",
        "/boundary-concerns",
        {"kind": "other", "details": "x", "participant_id": personas.outsider_participant.pk},
    )
    assert response.status_code == 422 and body["errors"][0]["field"] == "participant"


def test_lists_page_with_limit_and_offset(personas: Personas) -> None:
    for _ in range(3):
        record_session(personas)
        report_concern(personas)
    client = login_client(personas.mentor)
    _r, page = api_call(client, "GET", "/supervision/sessions?limit=2&offset=2")
    assert len(page) == 1
    _r, page = api_call(client, "GET", "/boundary-concerns?limit=2")
    assert len(page) == 2
