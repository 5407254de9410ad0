"""The access matrix for every page and API operation of the workspace (and the reassignment and
contact-expectation routes it brought to organizations): who gets in, who is told "not for your
role" (403), and who is told it does not exist (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.conftest import Personas, login_client, make_member
from alongside.core.testing.openapi import api_call
from alongside.organizations.models import Match, MatchStatus

PERSONAS = ["mentor", "mentor2", "supervisor", "supervisor2", "admin", "participant", "outsider"]

# page → expected status per persona (GET). Pages without an id answer each viewer about their own
# world: a mentor of another team or organization sees their own (empty or foreign) caseload.
PAGES: dict[str, dict[str, int]] = {
    "today": {
        "mentor": 200,
        "mentor2": 200,
        "supervisor": 403,
        "supervisor2": 403,
        "admin": 403,
        "participant": 403,
        "outsider": 200,
    },
    "team": {
        "mentor": 403,
        "mentor2": 403,
        "supervisor": 200,
        "supervisor2": 200,
        "admin": 403,
        "participant": 403,
        "outsider": 403,
    },
    "participant": {
        "mentor": 200,
        "mentor2": 404,
        "supervisor": 200,
        "supervisor2": 404,
        "admin": 404,
        "participant": 403,
        "outsider": 404,
    },
    "reassign": {
        "mentor": 403,
        "mentor2": 404,
        "supervisor": 200,
        "supervisor2": 404,
        "admin": 200,
        "participant": 403,
        "outsider": 404,
    },
}


def _page_url(name: str, personas: Personas) -> str:
    if name == "participant":
        return reverse("workspace:participant", args=[personas.participant.pk])
    if name == "reassign":
        return reverse("organizations:reassign", args=[personas.participant.pk])
    return reverse(f"workspace:{name}")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_follows_the_matrix(personas: Personas, page: str, persona: str) -> None:
    response = login_client(getattr(personas, persona)).get(_page_url(page, personas))
    assert response.status_code == PAGES[page][persona]
    if persona in {"outsider", "mentor2", "supervisor2"}:
        assert b"Pat Participant" not in response.content


API: dict[str, dict[str, int]] = {
    "GET /caseload/today": {
        "mentor": 200,
        "mentor2": 200,
        "supervisor": 403,
        "supervisor2": 403,
        "admin": 403,
        "participant": 403,
        "outsider": 200,
    },
    "GET /team": {
        "mentor": 403,
        "mentor2": 403,
        "supervisor": 200,
        "supervisor2": 200,
        "admin": 403,
        "participant": 403,
        "outsider": 403,
    },
    "POST /participants/{id}/reassign": {
        "mentor": 403,
        "mentor2": 404,
        "supervisor": 201,
        "supervisor2": 404,
        "admin": 201,
        "participant": 403,
        "outsider": 404,
    },
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(API))
def test_every_api_operation_follows_the_matrix(personas: Personas, operation: str, persona: str) -> None:
    method, template = operation.split(" ")
    path = template.replace("{id}", str(personas.participant.pk))
    payload = None
    if method == "POST":
        # A colleague on Maria's team: someone the supervisor (and the admin) may move Pat to.
        colleague = make_member(
            personas.org,
            "mentor3@example.test",
            "Mo Mentor",
            "mentor",
            personas.program,
            supervisor=personas.supervisor,
        )
        payload = {"mentor_id": colleague.pk, "reason": "A better fit for evenings"}
    response, _body = api_call(login_client(getattr(personas, persona)), method, path, payload)
    assert response.status_code == API[operation][persona]
    if persona in {"outsider", "mentor2", "supervisor2"}:
        assert "Pat Participant" not in response.content.decode()
    moved = Match.objects.get(participant=personas.participant, status=MatchStatus.ACTIVE).mentor_id
    assert (moved != personas.mentor.pk) is (response.status_code == 201)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_admins_set_a_programs_expected_days_between_contacts(personas: Personas, persona: str) -> None:
    url = reverse("organizations:program_contact_expectation", args=[personas.program.pk])
    response = login_client(getattr(personas, persona)).post(url, {"contact_expected_days": "3"})
    expected = 302 if persona == "admin" else 404  # a program is seen by the admins alone
    assert response.status_code == expected
    personas.program.refresh_from_db()
    assert (personas.program.contact_expected_days == 3) is (persona == "admin")
