"""The escalation playbook: the admin's page and the rules it keeps."""

from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.alerts.models import EscalationPlaybook
from alongside.alerts.services import playbook_update
from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.exceptions import InvalidInput, NotAllowed

DEFAULT_MINUTES = {"crisis": 5, "high": 240, "normal": 1440}


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "step_1": "mentor",
        "step_2": "on_call",
        "step_3": "supervisor",
        "step_4": "",
        "crisis_amount": "10",
        "crisis_unit": "minutes",
        "high_amount": "2",
        "high_unit": "hours",
        "normal_amount": "3",
        "normal_unit": "days",
    }
    data.update(overrides)
    return data


def test_the_admin_sets_steps_and_timers(personas: Personas) -> None:
    playbook = playbook_update(
        viewer=personas.admin,
        program=personas.program,
        steps=["mentor", "admin"],
        ack_minutes={"crisis": 1, "high": 60, "normal": 7 * 24 * 60},
    )
    assert playbook.steps == ["mentor", "admin"] and playbook.updated_by == personas.admin
    assert [playbook.ack_minutes(s) for s in ("crisis", "high", "normal")] == [1, 60, 10080]
    entry = AuditEntry.objects.get(action="escalation_playbook.updated")
    assert entry.extra["before"]["steps"] == ["mentor", "supervisor", "on_call", "admin"]
    assert entry.extra["after"]["crisis"] == 1


@pytest.mark.parametrize(
    ("steps", "minutes", "field"),
    [
        ([], DEFAULT_MINUTES, "step_1"),
        (["mentor", "mentor"], DEFAULT_MINUTES, "step_1"),
        (["mentor", "sponsor"], DEFAULT_MINUTES, "step_1"),
        (["mentor"], {**DEFAULT_MINUTES, "crisis": 0}, "crisis_amount"),
        (["mentor"], {**DEFAULT_MINUTES, "high": 7 * 24 * 60 + 1}, "high_amount"),
        (["mentor"], {"crisis": 5, "high": 240}, "normal_amount"),
    ],
)
def test_it_keeps_the_ladder_sensible(
    personas: Personas, steps: list[str], minutes: dict[str, int], field: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        playbook_update(viewer=personas.admin, program=personas.program, steps=steps, ack_minutes=minutes)
    assert field in exc.value.field_errors
    assert not EscalationPlaybook.objects.exists()


@pytest.mark.parametrize("persona", ["supervisor", "mentor"])
def test_only_the_admin_changes_it(personas: Personas, persona: str) -> None:
    with pytest.raises(NotAllowed):
        playbook_update(
            viewer=getattr(personas, persona), program=personas.program, steps=["admin"], ack_minutes=DEFAULT_MINUTES
        )


def test_the_page_shows_the_defaults_and_saves_a_change(personas: Personas) -> None:
    client = login_client(personas.admin)
    url = reverse("alerts:playbook", args=[personas.program.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="crisis_amount"' in html and 'value="5"' in html and 'value="4"' in html
    response = client.post(url, form_data())
    assert response.status_code == 302 and response["Location"] == url
    playbook = EscalationPlaybook.objects.get(program=personas.program)
    assert playbook.steps == ["mentor", "on_call", "supervisor"]
    assert (playbook.crisis_ack_minutes, playbook.high_ack_minutes, playbook.normal_ack_minutes) == (10, 120, 4320)
    again = client.get(url).content.decode()
    assert 'value="3"' in again and '<option value="days" selected>' in again


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"step_2": "mentor"}, "Each step can appear once."),
        ({"crisis_amount": "8", "crisis_unit": "days"}, "between 1 minute and 7 days"),
        ({"step_1": ""}, "This field is required."),
    ],
)
def test_the_page_explains_what_is_wrong(personas: Personas, overrides: dict[str, str], message: str) -> None:
    response = login_client(personas.admin).post(
        reverse("alerts:playbook", args=[personas.program.pk]), form_data(**overrides)
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not EscalationPlaybook.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("supervisor", 403),
        ("supervisor2", 403),
        ("mentor", 403),
        ("mentor2", 403),
        ("participant", 403),
        ("outsider", 404),
    ],
)
def test_who_may_open_the_playbook(personas: Personas, persona: str, status: int) -> None:
    client = login_client(getattr(personas, persona))
    url = reverse("alerts:playbook", args=[personas.program.pk])
    assert client.get(url).status_code == status
    posted = client.post(url, form_data())
    assert posted.status_code == (302 if status == 200 else status)
    assert EscalationPlaybook.objects.exists() is (status == 200)


def test_another_organizations_program_is_not_found_for_the_admin(personas: Personas) -> None:
    from alongside.organizations.models import Program

    theirs = Program.objects.get(organization=personas.other_org)
    assert login_client(personas.admin).get(reverse("alerts:playbook", args=[theirs.pk])).status_code == 404
