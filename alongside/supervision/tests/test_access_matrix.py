"""Every supervision page and API operation, tried by every persona.

The mentor's supervision, wellbeing answers and boundary concerns are for the mentor and their own
supervisor: another mentor, the supervisor of another team, a participant and the outsider (another
organization) are answered as if nothing were there (404); an admin may know the mentor exists and
change their cap, but reads nothing (403, or a page without the answers). Pages for one role only
say "not for your role" (403) to the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import api_call
from alongside.supervision.models import BoundaryConcern, SupervisionSession, WellbeingCheck
from alongside.supervision.tests.factories import answer, record_session, report_concern, yesterday

PERSONAS = ("mentor", "mentor2", "supervisor", "supervisor2", "admin", "participant", "outsider")
SECRETS = ("Talked through a hard week", "forty dollars", "only my supervisor should read")


@dataclass
class World:
    p: Personas
    session: SupervisionSession
    concern: BoundaryConcern
    check: WellbeingCheck


@pytest.fixture
def world(personas: Personas) -> World:
    return World(
        personas,
        record_session(personas),
        report_concern(personas),
        answer(personas.mentor, 3, 3, 3, 1, on=yesterday(personas.mentor), note="only my supervisor should read"),
    )


def expect(default: int, **by_persona: int) -> dict[str, int]:
    return {name: by_persona.get(name, default) for name in PERSONAS}


# Pages: (method, url, form, expected status by persona)
PageCase = tuple[str, Callable[[World], str], Callable[[World], dict[str, Any]] | None, dict[str, int]]

PAGES: dict[str, PageCase] = {
    "session_list": (
        "GET",
        lambda w: reverse("supervision:session_list"),
        None,
        expect(200, admin=403, participant=403),
    ),
    "session_new": (
        "GET",
        lambda w: reverse("supervision:session_new"),
        None,
        expect(403, supervisor=200, supervisor2=200),
    ),
    "session_detail": (
        "GET",
        lambda w: reverse("supervision:session_detail", args=[w.session.pk]),
        None,
        expect(404, mentor=200, supervisor=200),
    ),
    "hours": ("GET", lambda w: reverse("supervision:hours"), None, expect(200, admin=403, participant=403)),
    "wellbeing": (
        "GET",
        lambda w: reverse("supervision:wellbeing"),
        None,
        expect(403, mentor=200, mentor2=200, outsider=200),
    ),
    "mentor_wellbeing": (
        "GET",
        lambda w: reverse("supervision:mentor_wellbeing", args=[w.p.mentor.pk]),
        None,
        expect(404, mentor=302, supervisor=200, admin=200),
    ),
    "caseload_cap": (
        "POST",
        lambda w: reverse("supervision:caseload_cap", args=[w.p.mentor.pk]),
        lambda w: {"caseload_cap": 9, "reason": "A lighter month"},
        expect(404, mentor=403, supervisor=302, admin=302),
    ),
    "wellbeing_interval": (
        "POST",
        lambda w: reverse("supervision:wellbeing_interval", args=[w.p.mentor.pk]),
        lambda w: {"days": 21},
        expect(404, mentor=403, supervisor=302, admin=302),
    ),
    "concern_list": (
        "GET",
        lambda w: reverse("supervision:concern_list"),
        None,
        expect(200, admin=403, participant=403),
    ),
    "concern_new": (
        "GET",
        lambda w: reverse("supervision:concern_new"),
        None,
        expect(403, mentor=200, mentor2=200, outsider=200),
    ),
    "concern_detail": (
        "GET",
        lambda w: reverse("supervision:concern_detail", args=[w.concern.pk]),
        None,
        expect(404, mentor=200, supervisor=200),
    ),
    "concern_acknowledge": (
        "POST",
        lambda w: reverse("supervision:concern_detail", args=[w.concern.pk]),
        lambda w: {"response": "Thank you for telling me."},
        expect(404, mentor=403, supervisor=302),
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_who_may_open_each_page(world: World, name: str, persona: str) -> None:
    method, url, form, expected = PAGES[name]
    client = login_client(getattr(world.p, persona))
    response = client.generic(
        method,
        url(world),
        urlencode(form(world), doseq=True) if form else "",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == expected[persona], (name, persona, response.status_code)
    body = response.content.decode()
    if persona not in {"mentor", "supervisor"}:
        leaked = [s for s in SECRETS if s in body]
        assert not leaked, f"{name} showed {leaked} to {persona}"
    if persona == "outsider":
        assert "Riverbend" not in body and "Maria Mentor" not in body


def test_a_refused_post_changes_nothing(world: World) -> None:
    for persona in ("mentor", "mentor2", "supervisor2", "participant", "outsider"):
        client = login_client(getattr(world.p, persona))
        client.post(reverse("supervision:caseload_cap", args=[world.p.mentor.pk]), {"caseload_cap": 1, "reason": "x"})
        client.post(reverse("supervision:concern_detail", args=[world.concern.pk]), {"response": "x"})
    world.concern.refresh_from_db()
    assert world.concern.status == "open"
    from alongside.supervision.selectors import caseload_cap_for

    assert caseload_cap_for(mentor=world.p.mentor) == 15


def test_a_get_of_a_post_only_route_is_refused(world: World) -> None:
    client = login_client(world.p.supervisor)
    assert client.get(reverse("supervision:caseload_cap", args=[world.p.mentor.pk])).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    from django.test import Client

    response = Client().get(reverse("supervision:session_detail", args=[world.session.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# API operations: (method, path, body, expected status by persona)
ApiCase = tuple[str, Callable[[World], str], Callable[[World], Any] | None, dict[str, int]]


def _session_body(w: World) -> dict[str, Any]:
    return {
        "kind": "individual",
        "mentor_ids": [w.p.mentor.pk],
        "occurred_on": yesterday(w.p.supervisor).isoformat(),
        "duration_minutes": 30,
        "topics": ["self_care"],
        "notes": "Check-in about rest.",
    }


API: dict[str, ApiCase] = {
    "session_list": ("GET", lambda w: "/supervision/sessions", None, expect(200, admin=403, participant=403)),
    # supervisor2 may record sessions, but Maria is not in their team: refused as invalid input.
    "session_create": (
        "POST",
        lambda w: "/supervision/sessions",
        _session_body,
        expect(403, supervisor=201, supervisor2=422),
    ),
    "session_detail": (
        "GET",
        lambda w: f"/supervision/sessions/{w.session.pk}",
        None,
        expect(404, mentor=200, supervisor=200),
    ),
    "wellbeing_list": ("GET", lambda w: "/wellbeing/checks", None, expect(403, mentor=200, mentor2=200, outsider=200)),
    "wellbeing_create": (
        "POST",
        lambda w: "/wellbeing/checks",
        lambda w: {"emotional_exhaustion": 1, "boundary_strain": 1, "workload": 1, "support_felt": 3},
        expect(403, mentor=201, mentor2=201, outsider=201),
    ),
    "mentor_wellbeing": (
        "GET",
        lambda w: f"/mentors/{w.p.mentor.pk}/wellbeing",
        None,
        expect(404, mentor=200, supervisor=200, admin=403),
    ),
    "caseload_cap": (
        "PUT",
        lambda w: f"/mentors/{w.p.mentor.pk}/caseload-cap",
        lambda w: {"caseload_cap": 9, "reason": "A lighter month"},
        expect(404, mentor=403, supervisor=200, admin=200),
    ),
    "concern_list": ("GET", lambda w: "/boundary-concerns", None, expect(200, admin=403, participant=403)),
    "concern_create": (
        "POST",
        lambda w: "/boundary-concerns",
        lambda w: {"kind": "other", "details": "Something felt off."},
        expect(403, mentor=201, mentor2=201, outsider=201),
    ),
    "concern_acknowledge": (
        "POST",
        lambda w: f"/boundary-concerns/{w.concern.pk}/acknowledge",
        lambda w: {"response": "Thank you for telling me."},
        expect(404, mentor=403, supervisor=200),
    ),
}


TEMPLATES = {
    "session_list": "/supervision/sessions",
    "session_create": "/supervision/sessions",
    "session_detail": "/supervision/sessions/{session_id}",
    "wellbeing_list": "/wellbeing/checks",
    "wellbeing_create": "/wellbeing/checks",
    "mentor_wellbeing": "/mentors/{mentor_id}/wellbeing",
    "caseload_cap": "/mentors/{mentor_id}/caseload-cap",
    "concern_list": "/boundary-concerns",
    "concern_create": "/boundary-concerns",
    "concern_acknowledge": "/boundary-concerns/{concern_id}/acknowledge",
}


def test_the_matrix_covers_every_supervision_operation(db: None) -> None:
    from alongside.core.testing.openapi import openapi_document, operations

    document = openapi_document()
    ours = {
        (method, template.removeprefix("/api/v1"))
        for method, template in operations()
        if "supervision" in document["paths"][template][method.lower()].get("tags", [])
    }
    assert ours == {(API[name][0], template) for name, template in TEMPLATES.items()}
    assert set(TEMPLATES) == set(API)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(API))
def test_who_may_call_each_operation(world: World, name: str, persona: str) -> None:
    method, path, body, expected = API[name]
    response, parsed = api_call(
        login_client(getattr(world.p, persona)), method, path(world), body(world) if body else None
    )
    assert response.status_code == expected[persona], (name, persona, parsed)
    text = response.content.decode()
    if persona not in {"mentor", "supervisor"}:
        leaked = [s for s in SECRETS if s in text]
        assert not leaked, f"{name} showed {leaked} to {persona}"
    if expected[persona] == 404:
        assert parsed == {"type": "about:blank", "title": "Not found", "status": 404}
