"""Bad input is answered with a clear 4xx problem, never a 500, and nothing is half-saved.

Each case is what a black-box prober sent: numbers past what the database holds, a 20 MB body, NUL
characters (which PostgreSQL refuses in text), and bodies of the wrong JSON shape or type.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from alongside.accounts.models import PersonalAccessToken
from alongside.accounts.services import access_token_create
from alongside.checkins.models import CheckIn
from alongside.conftest import PASSWORD, Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.goals.models import Goal
from alongside.recovery.models import RecoveryStart
from alongside.supervision.models import SupervisionSession

TOO_BIG = 2**63  # one past the largest 64-bit signed integer
NUL = "a\u0000b"


def call(client: Client, method: str, path: str, body: Any = None, *, raw: str | None = None) -> Any:
    kwargs: dict[str, Any] = {}
    if body is not None or raw is not None:
        kwargs = {"data": raw if raw is not None else json.dumps(body), "content_type": "application/json"}
    return client.generic(method, "/api/v1" + path, **kwargs)


def bearer_client(membership: Any) -> Client:
    _token, raw = access_token_create(viewer=membership, name="script")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def problem_fields(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json", response.content
    return {e["field"] for e in response.json()["errors"]}


# --- Offsets and limits past what a database holds ---------------------------------------------

PAGED_LISTS = [
    ("admin", "/participants"),
    ("admin", "/invitations"),
    ("admin", "/matches"),
    ("admin", "/audit"),
    ("participant", "/journal"),
    ("supervisor", "/supervision/sessions"),
    ("mentor", "/wellbeing/checks"),
    ("mentor", "/boundary-concerns"),
]


@pytest.mark.parametrize(("persona", "path"), PAGED_LISTS)
def test_an_offset_past_any_database_integer_is_a_422(personas: Personas, persona: str, path: str) -> None:
    response = call(bearer_client(getattr(personas, persona)), "GET", f"{path}?offset={TOO_BIG}")

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"offset"}
    assert_valid_response(response)


@pytest.mark.parametrize(("persona", "path"), PAGED_LISTS)
def test_a_huge_limit_is_a_422(personas: Personas, persona: str, path: str) -> None:
    response = call(bearer_client(getattr(personas, persona)), "GET", f"{path}?limit={TOO_BIG}")

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"limit"}


def test_a_huge_message_cursor_is_a_422(personas: Personas) -> None:
    client = bearer_client(personas.participant)
    [thread] = call(client, "GET", "/threads").json()

    response = call(client, "GET", f"/threads/{thread['id']}/messages?after={TOO_BIG}")

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"after"}


# --- A body too big to read --------------------------------------------------------------------


def test_a_20_mb_body_is_a_413_problem(personas: Personas) -> None:
    client = bearer_client(personas.participant)

    response = call(client, "POST", "/checkins", raw=json.dumps({"mood": 3, "craving": 0, "note": "a" * 20_000_000}))

    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 413
    assert not CheckIn.objects.exists()


# --- NUL characters: PostgreSQL refuses them in text, so the API must first -------------------


def _nul_cases(personas: Personas) -> list[tuple[Client, str, str, dict[str, Any], str]]:
    participant = bearer_client(personas.participant)
    mentor = bearer_client(personas.mentor)
    session = login_client(personas.participant)
    today = dt.date.today().isoformat()
    goal = {"title": "Go to a meeting", "description": "", "steps": [{"title": "Find one"}]}
    propose = f"/participants/{personas.participant.pk}/goals"
    checkin = {"mood": 3, "craving": 2}
    start = {"pathway": "mutual_help", "started_on": today}
    return [
        (participant, "POST", "/goals", {**goal, "title": NUL}, "title"),
        (participant, "POST", "/goals", {**goal, "description": NUL}, "description"),
        (participant, "POST", "/goals", {**goal, "steps": [{"title": NUL}]}, "steps.0.title"),
        (mentor, "POST", propose, {**goal, "title": NUL}, "title"),
        (mentor, "POST", propose, {**goal, "steps": [{"title": "ok"}, {"title": NUL}]}, "steps.1.title"),
        (participant, "POST", "/recovery/starts", {**start, "substance": NUL}, "substance"),
        (participant, "POST", "/checkins", {**checkin, "triggers": ["stress", NUL]}, "triggers.1"),
        (participant, "POST", "/checkins", {**checkin, "coping": [NUL]}, "coping.0"),
        (participant, "POST", "/checkins", {**checkin, "used": True, "substance": NUL}, "substance"),
        (session, "POST", "/tokens", {"name": NUL, "current_password": PASSWORD}, "name"),
    ]


@pytest.mark.parametrize("case", range(10))
def test_a_nul_character_in_text_is_a_422_naming_the_field(personas: Personas, case: int) -> None:
    client, method, path, body, field = _nul_cases(personas)[case]
    tokens_before = PersonalAccessToken.objects.count()

    response = call(client, method, path, body)

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {field}
    assert not Goal.objects.exists()
    assert not CheckIn.objects.exists()
    assert not RecoveryStart.objects.exists()
    assert PersonalAccessToken.objects.count() == tokens_before


def test_a_nul_character_in_a_search_is_a_422(personas: Personas) -> None:
    response = call(bearer_client(personas.participant), "GET", "/journal?q=a%00b")

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"q"}


def test_a_nul_character_in_a_json_object_key_is_a_422(personas: Personas) -> None:
    body = {"alert_threshold": 3, "enabled": [], "weights": {NUL: 1}}

    response = call(bearer_client(personas.admin), "PUT", f"/programs/{personas.program.pk}/signal-settings", body)

    assert response.status_code == 422, response.content


# --- Integers past what the database holds -----------------------------------------------------


def test_a_huge_mentor_id_in_a_supervision_session_is_a_422(personas: Personas) -> None:
    body = {
        "kind": "individual",
        "mentor_ids": [TOO_BIG],
        "occurred_on": dt.date.today().isoformat(),
        "duration_minutes": 30,
        "topics": ["self_care"],
        "notes": "Talked about rest.",
    }

    response = call(bearer_client(personas.supervisor), "POST", "/supervision/sessions", body)

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"mentor_ids.0"}
    assert not SupervisionSession.objects.exists()


def test_a_huge_id_in_a_match_is_a_422(personas: Personas) -> None:
    body = {"mentor_id": TOO_BIG, "participant_id": personas.participant2.pk}

    response = call(bearer_client(personas.admin), "POST", "/matches", body)

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"mentor_id"}


# --- Bodies of the wrong shape or type ---------------------------------------------------------


def test_a_list_where_an_object_belongs_is_a_422(personas: Personas) -> None:
    client = bearer_client(personas.participant)
    [thread] = call(client, "GET", "/threads").json()

    response = call(client, "POST", f"/threads/{thread['id']}/read", [None, None])

    assert response.status_code == 422, response.content


def test_a_list_of_nulls_is_not_an_empty_patch(personas: Personas) -> None:
    client = bearer_client(personas.participant)
    created = call(client, "POST", "/journal", {"text": "A calm evening."})

    response = call(client, "PATCH", f"/journal/{created.json()['id']}", [None, None])

    assert response.status_code == 422, response.content


def test_a_number_where_a_boolean_belongs_is_a_422(personas: Personas) -> None:
    response = call(bearer_client(personas.participant), "PUT", "/reminders", {"time": "08:30", "email": 0})

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"email"}


def test_a_number_where_text_belongs_is_a_422(personas: Personas) -> None:
    body = {"name": "Alex", "relationship": "friend", "email": 0}

    response = call(bearer_client(personas.participant), "POST", "/support-contacts", body)

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"email"}


def test_a_boolean_where_a_number_belongs_is_a_422(personas: Personas) -> None:
    response = call(bearer_client(personas.participant), "POST", "/checkins", {"mood": True, "craving": 0})

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"mood"}
    assert not CheckIn.objects.exists()


def test_a_number_where_a_day_belongs_is_a_422(personas: Personas) -> None:
    body = {"pathway": "mutual_help", "started_on": 0}

    response = call(bearer_client(personas.participant), "POST", "/recovery/starts", body)

    assert response.status_code == 422, response.content
    assert problem_fields(response) == {"started_on"}


def test_legitimate_bodies_still_pass(personas: Personas) -> None:
    client = bearer_client(personas.participant)

    checkin = call(client, "POST", "/checkins", {"mood": 4, "craving": 1, "used": False, "triggers": ["stress"]})
    goal = call(client, "POST", "/goals", {"title": "Walk daily", "weekly_target": 3, "counts_activity": "exercise"})
    reminder = call(client, "PUT", "/reminders", {"time": "08:30", "email": True})

    assert (checkin.status_code, goal.status_code, reminder.status_code) == (201, 201, 200), (
        checkin.content,
        goal.content,
        reminder.content,
    )
    assert CheckIn.objects.get().triggers == ["stress"]


# --- Every input schema is built on the shared bases ---------------------------------------------


def test_every_api_input_schema_is_built_on_the_shared_bases() -> None:
    from pydantic import BaseModel

    from alongside.api import api
    from alongside.core.schema_types import BodySchema, InputSchema

    def models_in(annotation: Any) -> list[type[BaseModel]]:
        found = []
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found.append(annotation)
        for arg in getattr(annotation, "__args__", ()):
            found.extend(models_in(arg))
        return found

    loose = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for params_model in operation.models:
                    source = params_model.__ninja_param_source__
                    for field in params_model.model_fields.values():
                        for model in models_in(field.annotation):
                            wanted = BodySchema if source == "body" else InputSchema
                            if not issubclass(model, wanted):
                                loose.add(f"{source}: {model.__module__}.{model.__name__}")
    assert not loose, sorted(loose)
