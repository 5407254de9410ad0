from __future__ import annotations

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.goals.models import Goal, GoalStep
from alongside.goals.services import GoalInput, StepInput, goal_create

BODY = {
    "title": "Find work",
    "description": "Part-time",
    "counts_activity": "service",
    "weekly_target": 2,
    "steps": [{"title": "Update my résumé"}, {"title": "Apply to three jobs"}],
}


def test_a_participant_sets_a_goal_once_per_idempotency_key_and_checks_off_a_step(personas: Personas) -> None:
    client = login_client(personas.participant)
    first = client.post("/api/v1/goals", BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY="g-1")
    again = client.post("/api/v1/goals", BODY, content_type="application/json", HTTP_IDEMPOTENCY_KEY="g-1")
    assert first.status_code == again.status_code == 201, first.content
    body = assert_valid_response(first)
    assert first.json() == again.json() and Goal.objects.count() == 1
    assert body["status"] == "active" and [s["title"] for s in body["steps"]] == [
        "Update my résumé",
        "Apply to three jobs",
    ]
    step_id = body["steps"][0]["id"]
    toggled = client.post(f"/api/v1/goals/{body['id']}/steps/{step_id}/toggle")
    assert toggled.status_code == 200 and assert_valid_response(toggled)["progress_percent"] == 50
    assert GoalStep.objects.get(pk=step_id).is_done
    listing = client.get("/api/v1/goals")
    assert [g["id"] for g in assert_valid_response(listing)] == [body["id"]]
    detail = client.get(f"/api/v1/goals/{body['id']}")
    assert [e["kind"] for e in assert_valid_response(detail)["events"]] == ["created", "step_done"]


@pytest.mark.parametrize(
    "bad",
    [
        {"title": ""},
        {"title": "t" * 121},
        {"weekly_target": 0},
        {"counts_activity": "knitting"},
        {"steps": [{"title": "s" * 201}]},
        {"steps": [{"title": "s"}] * 13},
        {"target_date": "2001-01-01"},
    ],
)
def test_bad_goal_input_gets_a_problem_json_naming_the_field(personas: Personas, bad: dict) -> None:
    response = login_client(personas.participant).post(
        "/api/v1/goals", {**BODY, **bad}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"].split(".")[0] == next(iter(bad))
    assert not Goal.objects.exists() and not GoalStep.objects.exists()


def test_a_matched_mentor_proposes_over_the_api_and_the_participant_accepts(personas: Personas) -> None:
    proposed = login_client(personas.mentor).post(
        f"/api/v1/participants/{personas.participant.pk}/goals", BODY, content_type="application/json"
    )
    assert proposed.status_code == 201, proposed.content
    body = assert_valid_response(proposed)
    assert body["status"] == "proposed" and body["proposed_by"]["id"] == personas.mentor.pk
    client = login_client(personas.participant)
    step_id = body["steps"][0]["id"]
    waiting = client.post(f"/api/v1/goals/{body['id']}/steps/{step_id}/toggle")
    assert waiting.status_code == 422 and assert_valid_response(waiting)
    accepted = client.post(f"/api/v1/goals/{body['id']}/accept")
    assert accepted.status_code == 200 and assert_valid_response(accepted)["status"] == "active"
    twice = client.post(f"/api/v1/goals/{body['id']}/accept")
    assert twice.status_code == 422 and assert_valid_response(twice)["errors"][0]["field"] == "status"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("supervisor", 403), ("participant", 403), ("admin", 404), ("mentor2", 404), ("outsider", 404)],
)
def test_only_the_matched_mentor_proposes_over_the_api(personas: Personas, persona: str, status: int) -> None:
    response = login_client(getattr(personas, persona)).post(
        f"/api/v1/participants/{personas.participant.pk}/goals", BODY, content_type="application/json"
    )
    assert response.status_code == status
    assert_valid_response(response)
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),
        ("mentor", 200),
        ("supervisor", 200),
        ("participant2", 404),
        ("mentor2", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_who_may_read_a_participants_goals_over_the_api(personas: Personas, persona: str, status: int) -> None:
    goal = goal_create(
        participant=personas.participant, data=GoalInput(title="Stable housing", steps=[StepInput("Call")])
    )
    client = login_client(getattr(personas, persona))
    listing = client.get(f"/api/v1/participants/{personas.participant.pk}/goals")
    detail = client.get(f"/api/v1/goals/{goal.pk}")
    assert listing.status_code == detail.status_code == status
    assert_valid_response(listing)
    assert_valid_response(detail)
    if status == 200 and persona != "participant":
        assert AuditEntry.objects.filter(action="goals.viewed", actor=getattr(personas, persona).user).count() == 2


@pytest.mark.parametrize(("persona", "status"), [("mentor", 403), ("participant2", 404), ("outsider", 404)])
def test_nobody_else_toggles_or_accepts_over_the_api(personas: Personas, persona: str, status: int) -> None:
    goal = goal_create(
        participant=personas.participant, data=GoalInput(title="Stable housing", steps=[StepInput("Call")])
    )
    step = goal.steps.get()
    client = login_client(getattr(personas, persona))
    toggle = client.post(f"/api/v1/goals/{goal.pk}/steps/{step.pk}/toggle")
    accept = client.post(f"/api/v1/goals/{goal.pk}/accept")
    assert toggle.status_code == accept.status_code == status
    assert_valid_response(toggle)
    step.refresh_from_db()
    assert not step.is_done


def test_a_step_must_belong_to_the_goal_in_the_path(personas: Personas) -> None:
    a = goal_create(participant=personas.participant, data=GoalInput(title="A", steps=[StepInput("a1")]))
    b = goal_create(participant=personas.participant, data=GoalInput(title="B", steps=[StepInput("b1")]))
    response = login_client(personas.participant).post(f"/api/v1/goals/{a.pk}/steps/{b.steps.get().pk}/toggle")
    assert response.status_code == 404
    assert not GoalStep.objects.filter(done_at__isnull=False).exists()


def test_staff_and_the_outsider_have_no_goals_of_their_own(personas: Personas) -> None:
    client = login_client(personas.outsider)
    assert client.get("/api/v1/goals").status_code == 403
    assert client.post("/api/v1/goals", BODY, content_type="application/json").status_code == 403
    assert not Goal.objects.exists()
