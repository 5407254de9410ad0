"""The access matrix: every contact route and API operation, for every persona."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from alongside.conftest import Personas, login_client
from alongside.contacts.models import ContactNote
from alongside.contacts.tests.factories import note_of
from alongside.core.localtime import local_today
from alongside.core.testing.openapi import assert_valid_response
from alongside.organizations.models import Match, MatchStatus


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    url: Callable[[Personas, ContactNote], str]
    write: bool  # writes are for the matched mentor only; reads also for their supervisor
    about_mentor: bool = False  # service hours: the mentor, their supervisor, an admin
    api: bool = False


def _note_form(personas: Personas) -> dict[str, object]:
    return {
        "occurred_on": local_today(personas.mentor).isoformat(),
        "duration_minutes": 20,
        "mode": "phone",
        "topics": ["coping"],
        "summary": "A short call.",
        "agreed": "",
    }


ROUTES = [
    Route("contacts:new", "get", lambda p, n: reverse("contacts:new", args=[p.participant.pk]), write=True),
    Route("contacts:new", "post", lambda p, n: reverse("contacts:new", args=[p.participant.pk]), write=True),
    Route(
        "contacts:list_for_participant",
        "get",
        lambda p, n: reverse("contacts:list_for_participant", args=[p.participant.pk]),
        write=False,
    ),
    Route("contacts:detail", "get", lambda p, n: reverse("contacts:detail", args=[n.pk]), write=False),
    Route("contacts:edit", "get", lambda p, n: reverse("contacts:edit", args=[n.pk]), write=True),
    Route("contacts:edit", "post", lambda p, n: reverse("contacts:edit", args=[n.pk]), write=True),
    Route("contacts:addendum", "post", lambda p, n: reverse("contacts:addendum", args=[n.pk]), write=True),
    Route("API list", "get", lambda p, n: f"/api/v1/participants/{p.participant.pk}/contacts", write=False, api=True),
    Route("API create", "post", lambda p, n: f"/api/v1/participants/{p.participant.pk}/contacts", write=True, api=True),
    Route("API detail", "get", lambda p, n: f"/api/v1/contacts/{n.pk}", write=False, api=True),
    Route("API patch", "patch", lambda p, n: f"/api/v1/contacts/{n.pk}", write=True, api=True),
    Route("API addendum", "post", lambda p, n: f"/api/v1/contacts/{n.pk}/addenda", write=True, api=True),
    Route(
        "API service hours",
        "get",
        lambda p, n: f"/api/v1/mentors/{p.mentor.pk}/service-hours",
        write=False,
        about_mentor=True,
        api=True,
    ),
]

OK = {"get": {200}, "post": {201, 302}, "patch": {200}}


def expected(persona: str, route: Route) -> set[int]:
    if route.about_mentor:
        return OK["get"] if persona in {"mentor", "supervisor", "admin"} else {404}
    if persona == "mentor":
        return OK[route.method]
    if persona == "supervisor":
        return {403} if route.write else OK[route.method]
    # admin and participant know the participant exists, but not the notes; mentor2,
    # supervisor2, outsider: not theirs to know about. A note nobody may see is not there.
    return {404}


def request(client: Client, personas: Personas, route: Route, url: str) -> object:
    if route.method == "get":
        return client.get(url)
    if route.name.startswith("API"):
        payload: dict[str, object]
        if "addend" in route.name:
            payload = {"text": "Later on"}
        elif route.method == "patch":
            payload = {"duration_minutes": 25}
        else:
            payload = _note_form(personas)
        send = client.patch if route.method == "patch" else client.post
        return send(url, payload, content_type="application/json")
    if route.name == "contacts:addendum":
        return client.post(url, {"text": "Later on", "client_id": str(uuid.uuid4())})
    return client.post(url, {**_note_form(personas), "client_id": str(uuid.uuid4())})


PERSONAS = ["mentor", "mentor2", "supervisor", "supervisor2", "admin", "participant", "outsider"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.name} {r.method.upper()}")
def test_access_matrix(personas: Personas, persona: str, route: Route) -> None:
    note = note_of(personas.mentor, personas.participant)
    client = login_client(getattr(personas, persona))
    response = request(client, personas, route, route.url(personas, note))
    assert response.status_code in expected(persona, route), (persona, route.name, response.status_code)  # type: ignore[attr-defined]
    if route.api:
        assert_valid_response(response)  # type: ignore[arg-type]


def test_nothing_is_written_by_a_refused_persona(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    for persona in PERSONAS[1:]:
        client = login_client(getattr(personas, persona))
        for route in ROUTES:
            if route.write:
                request(client, personas, route, route.url(personas, note))
    note.refresh_from_db()
    assert ContactNote.objects.count() == 1 and not note.addenda.exists()
    assert note.duration_minutes == 30


def test_ending_the_match_refuses_the_old_session_at_once(personas: Personas) -> None:
    note = note_of(personas.mentor, personas.participant)
    mentor, supervisor = login_client(personas.mentor), login_client(personas.supervisor)
    url = reverse("contacts:detail", args=[note.pk])
    assert mentor.get(url).status_code == 200
    Match.objects.filter(pk=personas.match.pk).update(status=MatchStatus.ENDED)
    assert mentor.get(url).status_code == 404
    assert supervisor.get(url).status_code == 404
    assert mentor.get(f"/api/v1/participants/{personas.participant.pk}/contacts").status_code == 404
    assert mentor.post(reverse("contacts:new", args=[personas.participant.pk]), _note_form(personas)).status_code == 404


def test_the_hours_page_is_for_staff(personas: Personas) -> None:
    assert login_client(personas.outsider).get(reverse("contacts:hours")).status_code == 200
    assert login_client(personas.admin).get(reverse("contacts:hours")).status_code == 200
    assert Client().get(reverse("contacts:hours")).status_code == 302  # to the login page
