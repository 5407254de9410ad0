from __future__ import annotations

import uuid

import pytest

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.core.testing.openapi import assert_valid_response
from alongside.safety.models import SafetyPlan, SupportContact
from alongside.safety.services import ContactInput, safety_plan_save, safety_plan_set_shared, support_contact_create

PLAN = {"sections": {"warning_signs": ["Not sleeping"], "coping": ["Walk"], "reasons": ["My kids"]}}
CONTACT = {
    "name": "Rosa",
    "relationship": "sponsor",
    "phone": "555-0100",
    "email": "rosa@example.com",
    "can_call_in_crisis": True,
}


def shared_plan(personas: Personas) -> SupportContact:
    safety_plan_save(participant=personas.participant, sections=PLAN["sections"])
    contact = support_contact_create(
        participant=personas.participant,
        data=ContactInput(
            name="Rosa", relationship="sponsor", phone="555-0100", email="rosa@example.com", notes="evenings"
        ),
    )
    safety_plan_set_shared(participant=personas.participant, shared=True)
    return contact


def test_the_participant_reads_an_empty_plan_then_saves_it(personas: Personas) -> None:
    client = login_client(personas.participant)
    empty = client.get("/api/v1/safety-plan")
    assert_valid_response(empty)
    professionals = next(s for s in empty.json()["sections"] if s["key"] == "professionals")
    assert [r["tel"] for r in professionals["fixed"]] == ["988", "18006624357", ""] and empty.json()["version"] == 0
    saved = client.put("/api/v1/safety-plan", {**PLAN, "version": 0}, content_type="application/json")
    assert saved.status_code == 200, saved.content
    assert_valid_response(saved)
    assert saved.json()["version"] == 1
    assert SafetyPlan.objects.get().sections()["reasons"] == ["My kids"]
    stale = client.put("/api/v1/safety-plan", {**PLAN, "version": 0}, content_type="application/json")
    assert stale.status_code == 409
    assert_valid_response(stale)


@pytest.mark.parametrize(
    "bad",
    [
        {"sections": {"coping": ["x" * 301]}},
        {"sections": {"coping": ["x"] * 21}},
        {"sections": {"methods": ["anything"]}},
        {"sections": {"coping": "walk"}},
        {"sections": {}, "version": -1},
    ],
)
def test_a_bad_plan_gets_a_problem_json_and_saves_nothing(personas: Personas, bad: dict) -> None:
    response = login_client(personas.participant).put("/api/v1/safety-plan", bad, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert_valid_response(response)
    assert response.json()["errors"]
    assert not SafetyPlan.objects.exists()


def test_sharing_and_unsharing_over_the_api_take_effect_at_once(personas: Personas) -> None:
    safety_plan_save(participant=personas.participant, sections=PLAN["sections"])
    participant, mentor = login_client(personas.participant), login_client(personas.mentor)
    url = f"/api/v1/participants/{personas.participant.pk}/safety-plan"
    assert mentor.get(url).status_code == 404
    shared = participant.post("/api/v1/safety-plan/share")
    assert_valid_response(shared)
    assert shared.json()["shared_with_mentor"] is True
    seen = mentor.get(url)
    assert seen.status_code == 200
    assert_valid_response(seen)
    unshared = participant.post("/api/v1/safety-plan/unshare")
    assert_valid_response(unshared)
    assert unshared.json()["shared_with_mentor"] is False
    gone = mentor.get(url)
    assert gone.status_code == 404
    assert_valid_response(gone)


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
def test_who_may_read_a_shared_plan_over_the_api_and_contact_details_stay_masked(
    personas: Personas, persona: str, status: int
) -> None:
    shared_plan(personas)
    response = login_client(getattr(personas, persona)).get(
        f"/api/v1/participants/{personas.participant.pk}/safety-plan"
    )
    assert response.status_code == status
    assert_valid_response(response)
    if status == 200:
        assert response.json()["contacts"] == [
            {
                "id": SupportContact.objects.get().pk,
                "name": "Rosa",
                "relationship": "sponsor",
                "can_call_in_crisis": False,
            }
        ]
        assert (
            b"555-0100" not in response.content
            and b"rosa@example.com" not in response.content
            and b"evenings" not in response.content
        )


def test_mentor_reads_are_audited(personas: Personas) -> None:
    shared_plan(personas)
    login_client(personas.participant).get("/api/v1/safety-plan")
    assert not AuditEntry.objects.filter(action="safety_plan.viewed").exists()
    login_client(personas.supervisor).get(f"/api/v1/participants/{personas.participant.pk}/safety-plan")
    assert AuditEntry.objects.filter(action="safety_plan.viewed", actor=personas.supervisor.user).count() == 1


def test_staff_and_the_outsider_have_no_plan_of_their_own(personas: Personas) -> None:
    for persona in ("mentor", "outsider"):
        client = login_client(getattr(personas, persona))
        for response in (
            client.get("/api/v1/safety-plan"),
            client.put("/api/v1/safety-plan", PLAN, content_type="application/json"),
            client.post("/api/v1/safety-plan/share"),
            client.post("/api/v1/safety-plan/unshare"),
            client.get("/api/v1/support-contacts"),
            client.post("/api/v1/support-contacts", CONTACT, content_type="application/json"),
        ):
            assert response.status_code == 403
            assert_valid_response(response)
    assert not SafetyPlan.objects.exists() and not SupportContact.objects.exists()


def test_the_participant_manages_contacts_over_the_api(personas: Personas) -> None:
    client = login_client(personas.participant)
    key = str(uuid.uuid4())
    created = client.post(
        "/api/v1/support-contacts", CONTACT, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )
    replay = client.post("/api/v1/support-contacts", CONTACT, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert created.status_code == replay.status_code == 201
    assert_valid_response(created)
    assert created.json() == replay.json() and SupportContact.objects.count() == 1
    contact_id = created.json()["id"]
    listing = client.get("/api/v1/support-contacts")
    assert_valid_response(listing)
    assert listing.json()[0]["phone"] == "555-0100"
    patched = client.patch(
        f"/api/v1/support-contacts/{contact_id}",
        {"relationship": "family", "phone": ""},
        content_type="application/json",
    )
    assert_valid_response(patched)
    assert (patched.json()["relationship"], patched.json()["phone"], patched.json()["name"]) == ("family", "", "Rosa")
    bad = client.patch(f"/api/v1/support-contacts/{contact_id}", {"email": "nope"}, content_type="application/json")
    assert bad.status_code == 422
    assert_valid_response(bad)
    assert bad.json()["errors"][0]["field"] == "email"
    plan = client.get("/api/v1/safety-plan").json()
    assert [c["name"] for c in plan["contacts"]] == ["Rosa"]
    deleted = client.delete(f"/api/v1/support-contacts/{contact_id}")
    assert deleted.status_code == 204
    assert_valid_response(deleted)
    assert not SupportContact.objects.exists()


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"name": ""}, "name"),
        ({"relationship": "boss"}, "relationship"),
        ({"phone": "p" * 41}, "phone"),
        ({"phone": "call me"}, "phone"),
        ({"notes": "n" * 1001}, "notes"),
    ],
)
def test_bad_contact_input_gets_a_problem_json_and_saves_nothing(personas: Personas, bad: dict, field: str) -> None:
    response = login_client(personas.participant).post(
        "/api/v1/support-contacts", {**CONTACT, **bad}, content_type="application/json"
    )
    assert response.status_code == 422
    assert_valid_response(response)
    assert response.json()["errors"][0]["field"] == field
    assert not SupportContact.objects.exists()


@pytest.mark.parametrize("persona", ["participant2", "mentor", "mentor2", "supervisor", "admin", "outsider"])
def test_nobody_else_changes_or_removes_a_contact_over_the_api(personas: Personas, persona: str) -> None:
    contact = shared_plan(personas)
    client = login_client(getattr(personas, persona))
    patched = client.patch(
        f"/api/v1/support-contacts/{contact.pk}", {"name": "Hijack"}, content_type="application/json"
    )
    deleted = client.delete(f"/api/v1/support-contacts/{contact.pk}")
    for response in (patched, deleted):
        assert response.status_code == 404
        assert_valid_response(response)
    contact.refresh_from_db()
    assert contact.name == "Rosa"
