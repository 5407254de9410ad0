from __future__ import annotations

import pytest
from django.db import connection

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import Conflict, InvalidInput, NotAllowed, NotFound
from alongside.notifications.models import Notification
from alongside.safety.models import SafetyPlan, SupportContact
from alongside.safety.selectors import safety_plan_for_owner, safety_plan_for_viewer, support_contact_for_owner
from alongside.safety.services import (
    ContactInput,
    safety_plan_save,
    safety_plan_set_shared,
    support_contact_create,
    support_contact_delete,
    support_contact_update,
)


def test_an_empty_plan_already_has_the_crisis_lines(personas: Personas) -> None:
    view = safety_plan_for_owner(participant=personas.participant)
    professionals = next(s for s in view.sections if s.key == "professionals")
    # The program's crisis lines (here the US defaults), all but the emergency number.
    assert [(r.tel, r.sms) for r in professionals.fixed] == [("988", "988"), ("18006624357", ""), ("", "741741")]
    assert view.version == 0 and view.updated_at is None
    assert not SafetyPlan.objects.exists()


def test_saving_keeps_items_drops_blanks_and_counts_versions(personas: Personas) -> None:
    plan = safety_plan_save(
        participant=personas.participant,
        sections={"warning_signs": ["  Not sleeping ", "", "Skipping meetings"], "reasons": ["My daughter"]},
    )
    assert plan.version == 1 and plan.updated_at is not None
    assert plan.sections()["warning_signs"] == ["Not sleeping", "Skipping meetings"]
    plan = safety_plan_save(
        participant=personas.participant, sections={"reasons": ["My daughter", "Music"]}, expected_version=1
    )
    assert plan.version == 2 and plan.sections()["warning_signs"] == []
    assert SafetyPlan.objects.count() == 1
    assert AuditEntry.objects.filter(action="safety_plan.updated", subject=personas.participant).count() == 2


def test_the_crisis_lines_cannot_be_removed(personas: Personas) -> None:
    safety_plan_save(participant=personas.participant, sections={"professionals": ["Dr. Lee, clinic"]})
    professionals = next(
        s for s in safety_plan_for_owner(participant=personas.participant).sections if s.key == "professionals"
    )
    assert professionals.items == ["Dr. Lee, clinic"]
    assert [r.tel for r in professionals.fixed][:2] == ["988", "18006624357"]


@pytest.mark.parametrize(
    ("sections", "field"),
    [
        ({"coping": ["x" * 301]}, "coping"),
        ({"reasons": [f"reason {n}" for n in range(21)]}, "reasons"),
        ({"methods": ["anything"]}, "sections"),
    ],
)
def test_bad_sections_are_refused_and_nothing_is_saved(personas: Personas, sections: dict, field: str) -> None:
    safety_plan_save(participant=personas.participant, sections={"coping": ["walk"]})
    with pytest.raises(InvalidInput) as exc:
        safety_plan_save(participant=personas.participant, sections=sections)
    assert field in exc.value.field_errors
    plan = SafetyPlan.objects.get()
    assert (plan.version, plan.sections()["coping"]) == (1, ["walk"])


def test_twenty_items_of_three_hundred_characters_fit(personas: Personas) -> None:
    plan = safety_plan_save(participant=personas.participant, sections={"coping": ["c" * 300] * 20})
    assert len(plan.sections()["coping"]) == 20


def test_an_edit_from_a_stale_version_is_refused(personas: Personas) -> None:
    safety_plan_save(participant=personas.participant, sections={"coping": ["walk"]})
    safety_plan_save(participant=personas.participant, sections={"coping": ["walk", "call Sam"]})
    with pytest.raises(Conflict):
        safety_plan_save(participant=personas.participant, sections={"coping": []}, expected_version=1)
    assert SafetyPlan.objects.get().sections()["coping"] == ["walk", "call Sam"]


def test_the_plan_is_encrypted_at_rest(personas: Personas) -> None:
    safety_plan_save(participant=personas.participant, sections={"reasons": ["my grandson Leo"]})
    support_contact_create(
        participant=personas.participant,
        data=ContactInput(
            name="Rosa", relationship="sponsor", phone="555-0100", email="rosa@example.com", notes="evenings"
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM safety_safetyplan")
        assert "Leo" not in cursor.fetchone()[0]
        cursor.execute("SELECT name, phone, email, notes FROM safety_supportcontact")
        row = " ".join(cursor.fetchone())
    for secret in ("Rosa", "555-0100", "rosa@example.com", "evenings"):
        assert secret not in row


def test_only_the_participant_may_write_their_plan(personas: Personas) -> None:
    with pytest.raises(NotAllowed):
        safety_plan_save(participant=personas.mentor, sections={"coping": ["x"]})
    assert not SafetyPlan.objects.exists()


def test_the_mentor_sees_the_plan_only_while_shared_and_never_contact_details(personas: Personas) -> None:
    safety_plan_save(participant=personas.participant, sections={"coping": ["walk"]})
    support_contact_create(
        participant=personas.participant,
        data=ContactInput(name="Rosa", relationship="sponsor", phone="555-0100", email="rosa@example.com"),
    )
    assert safety_plan_for_viewer(viewer=personas.mentor, participant=personas.participant) is None
    safety_plan_set_shared(participant=personas.participant, shared=True)
    view = safety_plan_for_viewer(viewer=personas.supervisor, participant=personas.participant)
    assert view is not None and not view.details_visible
    assert [(c.name, c.relationship, c.phone, c.email, c.notes) for c in view.contacts] == [
        ("Rosa", "sponsor", None, None, None)
    ]
    assert AuditEntry.objects.filter(action="safety_plan.viewed", actor=personas.supervisor.user).count() == 1
    assert Notification.objects.filter(recipient=personas.mentor.user, kind="safety_plan.shared").count() == 1
    safety_plan_set_shared(participant=personas.participant, shared=False)
    assert safety_plan_for_viewer(viewer=personas.mentor, participant=personas.participant) is None


def test_sharing_before_writing_shares_the_empty_plan(personas: Personas) -> None:
    plan = safety_plan_set_shared(participant=personas.participant, shared=True)
    assert plan.shared_with_mentor and plan.version == 0
    assert AuditEntry.objects.filter(action="safety_plan.shared").count() == 1


@pytest.mark.parametrize("persona", ["participant2", "mentor2", "admin", "outsider"])
def test_nobody_outside_the_participants_care_sees_even_a_shared_plan(personas: Personas, persona: str) -> None:
    safety_plan_set_shared(participant=personas.participant, shared=True)
    with pytest.raises((NotFound, NotAllowed)):
        safety_plan_for_viewer(viewer=getattr(personas, persona), participant=personas.participant)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"relationship": "ex"}, "relationship"),
        ({"phone": "call me maybe"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"notes": "z" * 1001}, "notes"),
    ],
)
def test_bad_contact_details_are_refused_and_nothing_is_saved(personas: Personas, data: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        support_contact_create(
            participant=personas.participant, data=ContactInput(**{"name": "Rosa", "relationship": "friend", **data})
        )
    assert field in exc.value.field_errors
    assert not SupportContact.objects.exists()


def test_contacts_are_added_changed_and_removed_with_an_audit_trail(personas: Personas) -> None:
    contact = support_contact_create(
        participant=personas.participant,
        data=ContactInput(name=" Rosa ", relationship="sponsor", phone="+1 (555) 010-0100"),
    )
    assert (contact.name, contact.phone) == ("Rosa", "+1 (555) 010-0100")
    support_contact_update(
        participant=personas.participant,
        contact=contact,
        data=ContactInput(name="Rosa M.", relationship="sponsor", can_call_in_crisis=True),
    )
    contact.refresh_from_db()
    assert (contact.name, contact.phone, contact.can_call_in_crisis) == ("Rosa M.", "", True)
    contact_id = contact.pk
    support_contact_delete(participant=personas.participant, contact=contact)
    assert not SupportContact.objects.exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="support_contact.")
        .order_by("pk")
        .values_list("action", "target_label")
    )
    label = f"Support contact {contact_id}"
    assert actions == [
        ("support_contact.created", label),
        ("support_contact.updated", label),
        ("support_contact.deleted", label),
    ]


def test_no_one_else_can_open_or_change_a_contact(personas: Personas) -> None:
    contact = support_contact_create(
        participant=personas.participant, data=ContactInput(name="Rosa", relationship="sponsor")
    )
    for persona in ("participant2", "mentor", "supervisor", "admin", "outsider"):
        with pytest.raises(NotFound):
            support_contact_for_owner(participant=getattr(personas, persona), contact_id=contact.pk)
    with pytest.raises(NotFound):
        support_contact_delete(participant=personas.participant2, contact=contact)
    assert SupportContact.objects.exists()
