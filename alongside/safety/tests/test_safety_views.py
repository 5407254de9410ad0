from __future__ import annotations

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.safety.models import SafetyPlan, SupportContact
from alongside.safety.services import ContactInput, safety_plan_save, safety_plan_set_shared, support_contact_create

CONTACT = {
    "name": "Rosa",
    "relationship": "sponsor",
    "phone": "555-0100",
    "email": "rosa@example.com",
    "notes": "evenings",
    "can_call_in_crisis": "on",
}


def shared_plan(personas: Personas) -> None:
    safety_plan_save(
        participant=personas.participant, sections={"coping": ["Walk by the river"], "reasons": ["<b>My kids</b>"]}
    )
    support_contact_create(
        participant=personas.participant,
        data=ContactInput(
            name="Rosa", relationship="sponsor", phone="555-0100", email="rosa@example.com", can_call_in_crisis=True
        ),
    )
    safety_plan_set_shared(participant=personas.participant, shared=True)


def test_the_empty_plan_shows_988_and_an_edit_button(personas: Personas) -> None:
    page = login_client(personas.participant).get(reverse("safety:plan"))
    assert page.status_code == 200
    for text in (
        b"988 Suicide and Crisis Lifeline",
        b"SAMHSA National Helpline",
        b'href="tel:988"',
        reverse("safety:edit").encode(),
    ):
        assert text in page.content
    assert not SafetyPlan.objects.exists()


def test_the_edit_form_works_without_javascript_and_adds_rows_on_request(personas: Personas) -> None:
    client = login_client(personas.participant)
    form = client.get(reverse("safety:edit")).content.decode()
    assert 'name="coping-2"' in form and 'name="coping-3"' not in form  # three blank rows to start
    more = client.post(
        reverse("safety:edit"), {"version": "0", "coping-0": "Walk", "coping-1": "", "coping-2": "", "more": "coping"}
    )
    page = more.content.decode()
    assert more.status_code == 200 and 'name="coping-5"' in page and 'value="Walk"' in page
    assert not SafetyPlan.objects.exists()  # adding rows saves nothing
    response = client.post(
        reverse("safety:edit"),
        {
            "version": "0",
            "coping-0": "Walk",
            "coping-4": "Call Rosa",
            "reasons-0": "My kids",
            "professionals-0": "Dr. Lee",
        },
    )
    assert response["Location"] == reverse("safety:plan")
    plan = SafetyPlan.objects.get()
    assert plan.sections()["coping"] == ["Walk", "Call Rosa"] and plan.version == 1
    again = client.get(reverse("safety:edit")).content.decode()
    assert 'value="Call Rosa"' in again and 'name="coping-4"' in again


def test_bad_input_is_shown_by_its_section_and_saves_nothing(personas: Personas) -> None:
    client = login_client(personas.participant)
    too_long = client.post(reverse("safety:edit"), {"version": "0", "coping-0": "x" * 301})
    assert too_long.status_code == 400 and b"id_coping-0_error" in too_long.content
    too_many = client.post(reverse("safety:edit"), {"version": "0", **{f"reasons-{n}": f"r{n}" for n in range(21)}})
    assert too_many.status_code == 400 and b"section-reasons-error" in too_many.content
    assert not SafetyPlan.objects.exists()


def test_a_stale_form_is_refused_then_saved_on_purpose(personas: Personas) -> None:
    client = login_client(personas.participant)
    safety_plan_save(participant=personas.participant, sections={"coping": ["from my phone"]})
    stale = client.post(reverse("safety:edit"), {"version": "0", "coping-0": "from my laptop"})
    assert stale.status_code == 400 and b"changed somewhere else" in stale.content and b'value="1"' in stale.content
    client.post(reverse("safety:edit"), {"version": "1", "coping-0": "from my laptop"})
    assert SafetyPlan.objects.get().sections()["coping"] == ["from my laptop"]


def test_markup_in_the_plan_is_shown_escaped(personas: Personas) -> None:
    shared_plan(personas)
    for client, url in [
        (login_client(personas.participant), reverse("safety:plan")),
        (login_client(personas.mentor), reverse("safety:participant_plan", args=[personas.participant.pk])),
    ]:
        page = client.get(url).content
        assert b"&lt;b&gt;My kids&lt;/b&gt;" in page and b"<b>My kids</b>" not in page


def test_sharing_toggles_and_a_second_tap_changes_nothing(personas: Personas) -> None:
    client = login_client(personas.participant)
    client.post(reverse("safety:share"), {"shared": "1"})
    client.post(reverse("safety:share"), {"shared": "1"})
    assert SafetyPlan.objects.get().shared_with_mentor
    assert AuditEntry.objects.filter(action="safety_plan.shared").count() == 1
    client.post(reverse("safety:share"))  # no value: toggles
    assert not SafetyPlan.objects.get().shared_with_mentor
    assert client.get(reverse("safety:share")).status_code == 405


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("participant", 200),
        ("participant2", 404),
        ("mentor", 200),
        ("mentor2", 404),
        ("supervisor", 200),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_a_shared_safety_plan(personas: Personas, persona: str, status: int) -> None:
    shared_plan(personas)
    response = login_client(getattr(personas, persona)).get(
        reverse("safety:participant_plan", args=[personas.participant.pk])
    )
    assert response.status_code == status
    assert (b"Walk by the river" in response.content) == (status == 200)
    if persona in {"mentor", "supervisor"}:
        assert b"Rosa" in response.content and b"Sponsor" in response.content
        assert b"555-0100" not in response.content and b"rosa@example.com" not in response.content


def test_an_unshared_plan_is_not_shown_to_the_mentor_and_the_look_is_not_audited(personas: Personas) -> None:
    safety_plan_save(participant=personas.participant, sections={"coping": ["Walk by the river"]})
    page = login_client(personas.mentor).get(reverse("safety:participant_plan", args=[personas.participant.pk]))
    assert (
        page.status_code == 200
        and b"has not been shared with you" in page.content
        and b"Walk by the river" not in page.content
    )
    assert not AuditEntry.objects.filter(action="safety_plan.viewed").exists()


def test_views_by_others_are_audited_and_the_participants_own_are_not(personas: Personas) -> None:
    shared_plan(personas)
    login_client(personas.participant).get(reverse("safety:plan"))
    login_client(personas.participant).get(reverse("safety:participant_plan", args=[personas.participant.pk]))
    assert not AuditEntry.objects.filter(action="safety_plan.viewed").exists()
    login_client(personas.mentor).get(reverse("safety:participant_plan", args=[personas.participant.pk]))
    entry = AuditEntry.objects.get(action="safety_plan.viewed")
    assert entry.actor == personas.mentor.user and entry.subject == personas.participant


@pytest.mark.parametrize("name", ["safety:plan", "safety:edit", "safety:contacts"])
def test_staff_have_no_safety_plan_of_their_own(personas: Personas, name: str) -> None:
    assert login_client(personas.mentor).get(reverse(name)).status_code == 403
    assert login_client(personas.outsider).get(reverse(name)).status_code == 403
    assert login_client(personas.outsider).post(reverse("safety:share"), {"shared": "1"}).status_code == 403
    assert not SafetyPlan.objects.exists()


def test_a_participant_keeps_their_support_network(personas: Personas) -> None:
    client = login_client(personas.participant)
    assert b"No one added yet" in client.get(reverse("safety:contacts")).content
    response = client.post(reverse("safety:contacts"), CONTACT)
    assert response["Location"] == reverse("safety:contacts")
    contact = SupportContact.objects.get()
    assert (contact.name, contact.relationship, contact.phone, contact.can_call_in_crisis) == (
        "Rosa",
        "sponsor",
        "555-0100",
        True,
    )
    listing = client.get(reverse("safety:contacts")).content
    assert b"555-0100" in listing and b"rosa@example.com" in listing
    plan = client.get(reverse("safety:plan")).content
    assert b"Rosa" in plan and b"tel:5550100" in plan
    edit_url = reverse("safety:contact_edit", args=[contact.pk])
    assert b'value="Rosa"' in client.get(edit_url).content
    client.post(edit_url, {**CONTACT, "name": "Rosa M.", "relationship": "friend", "can_call_in_crisis": ""})
    contact.refresh_from_db()
    assert (contact.name, contact.relationship, contact.can_call_in_crisis) == ("Rosa M.", "friend", False)
    assert client.post(edit_url, {**CONTACT, "email": "nope"}).status_code == 400
    client.post(reverse("safety:contact_delete", args=[contact.pk]))
    assert not SupportContact.objects.exists()


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"name": ""}, "name"),
        ({"phone": "call me"}, "phone"),
        ({"email": "x@"}, "email"),
        ({"relationship": "boss"}, "relationship"),
    ],
)
def test_bad_contact_input_is_shown_next_to_the_field(personas: Personas, bad: dict, field: str) -> None:
    response = login_client(personas.participant).post(reverse("safety:contacts"), {**CONTACT, **bad})
    assert response.status_code == 400
    assert f"id_{field}_error".encode() in response.content
    assert not SupportContact.objects.exists()


@pytest.mark.parametrize("persona", ["participant2", "mentor", "mentor2", "supervisor", "admin", "outsider"])
def test_nobody_else_opens_changes_or_removes_a_contact(personas: Personas, persona: str) -> None:
    shared_plan(personas)
    contact = SupportContact.objects.get()
    client = login_client(getattr(personas, persona))
    assert client.get(reverse("safety:contact_edit", args=[contact.pk])).status_code == 404
    assert (
        client.post(reverse("safety:contact_edit", args=[contact.pk]), {**CONTACT, "name": "Hijack"}).status_code == 404
    )
    assert client.post(reverse("safety:contact_delete", args=[contact.pk])).status_code == 404
    contact.refresh_from_db()
    assert contact.name == "Rosa"
