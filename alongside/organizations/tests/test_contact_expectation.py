"""A program's expected time between contacts: set by admins on the programs page, used by "today"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput
from alongside.organizations.models import Program
from alongside.organizations.services import program_create

AsPersona = Callable[[str], Client]


def _url(program: Program) -> str:
    return reverse("organizations:program_contact_expectation", args=[program.pk])


def test_programs_expect_a_contact_every_seven_days_unless_told_otherwise(personas: Personas) -> None:
    assert personas.program.contact_expected_days == 7


def test_an_admin_changes_it_on_the_programs_page(personas: Personas, as_persona: AsPersona) -> None:
    admin = as_persona("admin")
    page = admin.get(reverse("organizations:programs")).content.decode()
    assert 'name="contact_expected_days" value="7"' in page
    response = admin.post(_url(personas.program), {"contact_expected_days": "4"})
    assert response.status_code == 302
    personas.program.refresh_from_db()
    assert personas.program.contact_expected_days == 4
    entry = AuditEntry.objects.get(action="program.contact_expectation_changed")
    assert entry.extra == {"from": 7, "to": 4}


@pytest.mark.parametrize("value", ["0", "91", "soon", ""])
def test_it_refuses_a_number_out_of_range_and_says_why(personas: Personas, as_persona: AsPersona, value: str) -> None:
    response = as_persona("admin").post(_url(personas.program), {"contact_expected_days": value})
    assert response.status_code == 400
    assert f'id="contact-days-{personas.program.pk}-error"'.encode() in response.content
    assert b'aria-invalid="true"' in response.content
    personas.program.refresh_from_db()
    assert personas.program.contact_expected_days == 7


def test_a_new_program_can_say_it_at_once(personas: Personas) -> None:
    program = program_create(
        viewer=personas.admin,
        name="Campus",
        setting_type="school",
        time_zone="America/Denver",
        languages=["en"],
        contact_expected_days=3,
    )
    assert program.contact_expected_days == 3
    with pytest.raises(InvalidInput) as caught:
        program_create(
            viewer=personas.admin,
            name="Nowhere",
            setting_type="school",
            time_zone="America/Denver",
            languages=["en"],
            contact_expected_days=0,
        )
    assert "contact_expected_days" in caught.value.field_errors


def test_the_programs_form_adds_a_program_with_its_expectation(personas: Personas, as_persona: AsPersona) -> None:
    response = as_persona("admin").post(
        reverse("organizations:programs"),
        {
            "name": "Evening group",
            "setting_type": "community_group",
            "time_zone": "America/Chicago",
            "languages": ["en"],
            "contact_expected_days": "10",
        },
    )
    assert response.status_code == 302
    assert Program.objects.get(name="Evening group").contact_expected_days == 10


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("supervisor", 404),
        ("mentor", 404),
        ("participant", 404),
        ("outsider", 404),
    ],  # a program is seen by the admins alone
)
def test_only_the_organizations_admins_change_it(
    personas: Personas, as_persona: AsPersona, persona: str, status: int
) -> None:
    response = as_persona(persona).post(_url(personas.program), {"contact_expected_days": "2"})
    assert response.status_code == status
    personas.program.refresh_from_db()
    assert personas.program.contact_expected_days == 7


def test_an_admin_of_another_organization_cannot_reach_our_program(personas: Personas) -> None:
    from alongside.conftest import login_client, make_member

    other_admin = login_client(make_member(personas.other_org, "oa@example.test", "Otto Otheradmin", "admin"))
    assert other_admin.post(_url(personas.program), {"contact_expected_days": "2"}).status_code == 404
    personas.program.refresh_from_db()
    assert personas.program.contact_expected_days == 7
