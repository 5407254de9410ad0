"""Anything a viewer may not see answers exactly like an id that does not exist.

Within one organization a refusal must not tell a participant (or anyone) which contact-note,
alert, program or other ids exist: 404, with the same body as a missing id, for an object the
viewer may not see; 403 only where they may see it but not do what they asked.

The walk covers every API route with an object in its path (from the OpenAPI document) for
each persona of the organization, against one object of each kind the organization holds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.services import access_token_create
from alongside.alerts.services import alert_raise
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client, make_member
from alongside.consent.services import consent_record
from alongside.contacts.services import ContactNoteInput, contact_note_create
from alongside.coping.services import activity_log, strategy_add
from alongside.core.testing.openapi import openapi_document
from alongside.goals.services import GoalInput, StepInput, goal_create
from alongside.journal.services import journal_entry_create
from alongside.messaging.services import thread_open
from alongside.organizations.models import Match, Role
from alongside.organizations.services import invitation_create
from alongside.safety.services import ContactInput, support_contact_create
from alongside.supervision.services import boundary_concern_report, supervision_session_record

MISSING = 987654321
VIEWERS = ("participant", "mentor", "supervisor", "supervisor2", "admin")
API = "/api/v1"

# A request body each operation accepts, so the refusal (not validation) decides the answer.
PAYLOADS: dict[tuple[str, str], Any] = {
    ("POST", "/participants/{participant_id}/break-glass"): {"reason": "Crisis reported by phone, need the plan now"},
    ("POST", "/consents/{consent_id}/revoke"): {"reason": "No longer needed"},
    ("POST", "/participants/{participant_id}/reassign"): {"mentor_id": "{mentor2}", "reason": "A better fit"},
    ("POST", "/participants/{participant_id}/goals"): {"title": "Walk every morning"},
    ("PATCH", "/journal/{entry_id}"): {"text": "Changed"},
    ("POST", "/threads/{thread_id}/messages"): {"text": "Hello"},
    ("POST", "/threads/{thread_id}/read"): {},
    ("PATCH", "/support-contacts/{contact_id}"): {"name": "Changed"},
    ("POST", "/participants/{participant_id}/contacts"): {
        "occurred_on": "{today}",
        "duration_minutes": 20,
        "mode": "phone",
        "topics": ["goals"],
        "summary": "Talked",
    },
    ("PATCH", "/contacts/{note_id}"): {"summary": "Changed"},
    ("POST", "/contacts/{note_id}/addenda"): {"text": "Also"},
    ("POST", "/alerts/{alert_id}/resolve"): {"note": "Spoke with them, safe now"},
    ("POST", "/alerts/{alert_id}/notes"): {"text": "Called"},
    ("PUT", "/mentors/{mentor_id}/caseload-cap"): {"caseload_cap": 9, "reason": "Lighter month"},
    ("POST", "/boundary-concerns/{concern_id}/acknowledge"): {"response": "Thank you, let's talk"},
    ("PUT", "/programs/{program_id}/signal-settings"): {"alert_threshold": 3, "enabled": []},
}


@dataclass
class World:
    p: Personas
    ids: dict[str, list[int]]  # path parameter -> ids of the organization's objects of that kind
    thread_participants: dict[int, int]


@pytest.fixture
def world(personas: Personas) -> World:
    p = personas
    today = timezone.localdate()
    # A participant with nobody yet, and one in supervisor2's team (mentor2).
    alone = make_member(p.org, "alone@example.test", "Ari Alone", Role.PARTICIPANT, p.program)
    other_team = make_member(p.org, "team2@example.test", "Tess Team", Role.PARTICIPANT, p.program)
    match_2 = Match.objects.create(organization=p.org, mentor=p.mentor2, participant=other_team)

    def note(mentor: Any, participant: Any) -> int:
        data = ContactNoteInput(occurred_on=today, duration_minutes=15, mode="phone", topics=["goals"], summary="Met")
        return contact_note_create(mentor=mentor, participant=participant, data=data)[0].pk

    goal = goal_create(participant=p.participant, data=GoalInput(title="Meetings", steps=[StepInput(title="One")]))
    goal2 = goal_create(participant=other_team, data=GoalInput(title="School", steps=[StepInput(title="Enrol")]))
    entries = [
        journal_entry_create(participant=p.participant, text="Private thoughts")[0].pk,
        journal_entry_create(participant=p.participant, text="For Maria", share=True)[0].pk,
        journal_entry_create(participant=other_team, text="For Miguel", share=True)[0].pk,
    ]
    session, _created = supervision_session_record(
        supervisor=p.supervisor,
        kind="individual",
        mentor_ids=[p.mentor.pk],
        occurred_on=today,
        duration_minutes=30,
        topics=["self_care"],
        notes="Caseload",
    )
    consent = consent_record(
        participant=p.participant,
        recipient_type="sponsor",
        recipient_name="A sponsor",
        information=["goals"],
        purpose="Support",
        expires_on=today + dt.timedelta(days=30),
        signature_name="Pat Participant",
    )
    threads = [thread_open(viewer=who, participant=who) for who in (p.participant, other_team)]
    ids = {
        "participant_id": [p.participant.pk, p.participant2.pk, alone.pk, other_team.pk],
        "mentor_id": [p.mentor.pk, p.mentor2.pk],
        "consent_id": [consent.pk],
        "invitation_id": [invitation_create(viewer=p.admin, email="new@example.test", role=Role.PARTICIPANT)[0].pk],
        "match_id": [p.match.pk, match_2.pk],
        "token_id": [access_token_create(viewer=p.mentor, name="script")[0].pk],
        "strategy_id": [strategy_add(participant=p.participant, text="Call my sister").pk],
        "activity_id": [activity_log(participant=p.participant, kind="exercise", minutes=20)[0].pk],
        "goal_id": [goal.pk, goal2.pk],
        "step_id": [goal.steps.get().pk, goal2.steps.get().pk],
        "entry_id": entries,
        "thread_id": [thread.pk for thread in threads],
        "contact_id": [
            support_contact_create(
                participant=p.participant, data=ContactInput(name="Rosa", relationship="family", phone="555-0100")
            ).pk
        ],
        "note_id": [note(p.mentor, p.participant), note(p.mentor2, other_team)],
        "alert_id": [
            alert_raise(participant=p.participant, kind="outreach_requested", reason="Asked to talk").pk,
            alert_raise(participant=other_team, kind="outreach_requested", reason="Asked to talk").pk,
        ],
        "session_id": [session.pk],
        "concern_id": [
            boundary_concern_report(mentor=p.mentor, kind="outside_channels", details="Asked for my number")[0].pk
        ],
        "program_id": [p.program.pk],
    }
    return World(p, ids, {thread.pk: thread.participant_id for thread in threads})


def _object_operations() -> list[tuple[str, str]]:
    found = []
    for template, item in openapi_document()["paths"].items():
        for method in item:
            if "{" in template:
                found.append((method.upper(), template.removeprefix(API)))
    return sorted(found)


# How a viewer may SEE an object of each kind: the read that shows it, or the list it is in.
SEE_BY: dict[str, Callable[[int], str]] = {
    "participant_id": lambda i: f"/participants/{i}",
    "consent_id": lambda i: f"/consents/{i}",
    "goal_id": lambda i: f"/goals/{i}",
    "entry_id": lambda i: f"/journal/{i}",
    "thread_id": lambda i: f"/threads/{i}/messages",
    "note_id": lambda i: f"/contacts/{i}",
    "alert_id": lambda i: f"/alerts/{i}",
    "session_id": lambda i: f"/supervision/sessions/{i}",
    "mentor_id": lambda i: f"/mentors/{i}/service-hours",
    "program_id": lambda i: f"/programs/{i}/signal-settings",
}
LISTED_IN: dict[str, str] = {
    "invitation_id": "/invitations",
    "match_id": "/matches",
    "token_id": "/tokens",
    "strategy_id": "/coping/strategies",
    "activity_id": "/activities",
    "contact_id": "/support-contacts",
    "concern_id": "/boundary-concerns",
}
# A goal's step is seen with its goal (the world lists them in the same order).
SEEN_WITH = {"step_id": "goal_id"}
# A mentor's supervisor is asked on the participant's conversation page whether to join a thread
# before they read it: they know that thread exists.
OFFERED_ON: dict[str, Callable[[World, int], tuple[str, str]]] = {
    "thread_id": lambda w, i: (
        reverse("messaging:thread_for_participant", args=[w.thread_participants[i]]),
        reverse("messaging:add_supervisor", args=[i]),
    ),
}


def _listed_ids(body: Any) -> set[int]:
    items = body if isinstance(body, list) else next((v for v in (body or {}).values() if isinstance(v, list)), [])
    return {item["id"] for item in items if isinstance(item, dict) and "id" in item}


def _fill(value: Any, w: World) -> Any:
    text = json.dumps(value)
    text = text.replace('"{mentor2}"', str(w.p.mentor2.pk)).replace("{today}", str(timezone.localdate()))
    return json.loads(text)


def _call(client: Client, method: str, path: str, payload: Any) -> tuple[int, Any]:
    """One request whose effects are rolled back, so the walk sees the same world throughout."""
    with transaction.atomic():
        kwargs: dict[str, Any] = {}
        if payload is not None:
            kwargs = {"data": json.dumps(payload), "content_type": "application/json"}
        response = client.generic(method, API + path, **kwargs)
        transaction.set_rollback(True)
    body = json.loads(response.content) if response.content else None
    return response.status_code, body


def _params(template: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", template)


def _path(template: str, values: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), template)


def test_every_object_route_has_its_kind_and_a_body(world: World) -> None:
    documented = openapi_document()["paths"]
    for method, template in _object_operations():
        assert set(_params(template)) <= set(world.ids), f"{method} {template}: add its objects to the world"
        assert set(_params(template)) <= {*SEE_BY, *LISTED_IN, *SEEN_WITH}, f"{template}: say how its object is seen"
        if "requestBody" in documented[API + template][method.lower()]:
            assert (method, template) in PAYLOADS, f"{method} {template}: add a body it accepts"


@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_an_object_the_viewer_may_not_see_answers_like_one_that_does_not_exist(world: World, viewer_name: str) -> None:
    client = login_client(getattr(world.p, viewer_name))
    seen: dict[tuple[str, int], bool] = {}

    def may_see(param: str, object_id: int) -> bool:
        if param in SEEN_WITH:
            parent = SEEN_WITH[param]
            return may_see(parent, world.ids[parent][world.ids[param].index(object_id)])
        if (param, object_id) not in seen:
            if param in SEE_BY:
                seen[(param, object_id)] = _call(client, "GET", SEE_BY[param](object_id), None)[0] == 200
                if param in OFFERED_ON and not seen[(param, object_id)]:
                    page, offer = OFFERED_ON[param](world, object_id)
                    seen[(param, object_id)] = offer in client.get(page).content.decode()
            else:
                status, body = _call(client, "GET", LISTED_IN[param], None)
                seen[(param, object_id)] = status == 200 and object_id in _listed_ids(body)
        return seen[(param, object_id)]

    problems = []
    for method, template in _object_operations():
        payload = _fill(PAYLOADS.get((method, template)), world)
        params = _params(template)
        first = {name: world.ids[name][0] for name in params}
        for param in params:
            missing = _call(client, method, _path(template, {**first, param: MISSING}), payload)
            for object_id in world.ids[param]:
                # The other parameters name objects that belong with this one (a goal's own step).
                values = {name: world.ids[name][world.ids[param].index(object_id)] for name in params}
                status, body = _call(client, method, _path(template, values), payload)
                if status < 400 or (status, body) == missing or may_see(param, object_id):
                    continue
                problems.append(f"{method} {template} {param}={object_id}: {status} {body} (missing: {missing})")
    assert not problems, "\n".join(problems)


def test_a_refusal_answered_404_is_still_audited_as_refused(world: World) -> None:
    note_id = world.ids["note_id"][0]  # the mentor's note about the participant

    response = login_client(world.p.participant).get(f"{API}/contacts/{note_id}")

    assert response.status_code == 404
    assert json.loads(response.content) == {"type": "about:blank", "title": "Not found", "status": 404}
    assert AuditEntry.objects.filter(
        actor=world.p.participant.user, outcome="refused", action="participant.contact_note_view.refused"
    ).exists()
