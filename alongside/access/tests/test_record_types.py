"""Record types are declared once, and the pages that list them follow the declaration: the
participant's navigation, the participant's page for those who support them, and the consent
page "Who sees what"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from alongside.access import policy, records
from alongside.access.records import ParticipantOwned, RecordType, record_types
from alongside.access.registry import registry
from alongside.conftest import Personas, login_client
from alongside.goals.models import Goal

pytestmark = pytest.mark.django_db


def test_the_existing_record_types_are_declared_on_the_abstract_model_and_registered() -> None:
    declared = {rt.model._meta.label: rt for rt in record_types()}
    assert set(declared) >= {
        "checkins.CheckIn",
        "goals.Goal",
        "journal.JournalEntry",
        "coping.CopingStrategy",
        "recovery.RecoveryStart",
        "safety.SafetyPlan",
    }
    for rt in declared.values():
        assert issubclass(rt.model, ParticipantOwned)
        assert registry.rule(rt.model, rt.action) is not None
    with pytest.raises(ValueError, match="declared twice"):
        records.declare(RecordType(model=Goal, label="Goals again"))


def _scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record type declared for this test only (pages only: its model's rule is Goal's)."""
    scratch = RecordType(
        model=type("ScratchRecord", (), {}),  # type: ignore[arg-type]
        label="Scratch records for carers",
        participant_url="goals:list",
        nav_label="Scratch records",
        carer_url="goals:participant_goals",
        shared_as="your scratch records",
        order=25,
    )
    monkeypatch.setitem(records._declared, scratch.model, scratch)


def test_the_participant_navigation_lists_the_declared_record_types(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login_client(personas.participant)
    html = client.get(reverse("pages:home")).content.decode()
    for label, url in [("Check in", "checkins:checkin"), ("Goals", "goals:list"), ("Journal", "journal:list")]:
        assert f'<a href="{reverse(url)}">{label}</a>' in html
    assert "Scratch records" not in html
    _scratch(monkeypatch)
    html = client.get(reverse("pages:home")).content.decode()
    assert "Scratch records</a>" in html
    # staff never see the participant's navigation
    assert "Scratch records" not in login_client(personas.mentor).get(reverse("pages:home")).content.decode()


def test_the_page_about_a_participant_links_each_declared_record_type_for_those_who_may_read_it(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scratch(monkeypatch)
    url = reverse("organizations:participant_detail", args=[personas.participant.pk])
    html = login_client(personas.mentor).get(url).content.decode()
    for rt in record_types():
        if rt.carer_url:
            assert f'href="{reverse(rt.carer_url, args=[personas.participant.pk])}">{rt.label}</a>' in html
    assert "Scratch records for carers" in html
    assert "Propose a goal" in html  # the matched mentor's own action stays
    # an admin sees the name and program, never a link into the record
    admin_html = login_client(personas.admin).get(url).content.decode()
    assert "Scratch records for carers" not in admin_html
    assert reverse("checkins:participant_history", args=[personas.participant.pk]) not in admin_html
    assert not policy.can(personas.admin, policy.PARTICIPANT_VIEW_SENSITIVE, personas.participant)


def test_the_consent_page_says_what_the_mentor_sees_from_the_declarations(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login_client(personas.participant)
    html = client.get(reverse("consent:sharing")).content.decode()
    assert "your check-ins (mood, cravings, sleep)" in html
    assert "only the journal entries you choose to share" in html
    assert "your safety plan, if you share it" in html
    _scratch(monkeypatch)
    assert "your scratch records" in client.get(reverse("consent:sharing")).content.decode()


def test_the_declared_wording_is_translated() -> None:
    with translation.override("es"):
        shared = [str(rt.shared_as) for rt in record_types() if rt.shared_as]
        labels = [str(rt.label) for rt in record_types()]
    assert "tus metas y tu progreso" in shared
    assert "tu plan de seguridad, si lo compartes" in shared
    assert "Metas" in labels
    english = [str(rt.shared_as) for rt in record_types() if rt.shared_as]
    assert not set(shared) & set(english)


def test_one_record_is_authorized_by_its_declared_rule_and_a_break_glass_read_of_it_is_audited(
    personas: Personas,
) -> None:
    """authorize() on one record follows the record type's rule: the matched mentor reads a goal
    (no break-glass entry), another team's supervisor is told it does not exist until they open
    the record in an emergency, and then the read is audited with the grant's reason; a journal
    entry that was not shared stays out of reach even then."""
    from alongside.access.services import break_glass_open
    from alongside.audit.models import AuditEntry
    from alongside.core.exceptions import NotFound
    from alongside.journal.models import JournalEntry

    p = personas.participant
    goal = Goal.objects.create(organization=p.organization, participant=p, title="Walk every morning")
    private = JournalEntry.objects.create(organization=p.organization, participant=p, text="mine alone")
    policy.authorize(personas.mentor, policy.PARTICIPANT_VIEW_SENSITIVE, goal)
    assert not AuditEntry.objects.filter(action="breakglass.read").exists()
    with pytest.raises(NotFound):
        policy.authorize(personas.supervisor2, policy.PARTICIPANT_VIEW_SENSITIVE, goal)

    grant = break_glass_open(viewer=personas.supervisor2, participant=p, reason="No answer for three days, worried")
    policy.authorize(personas.supervisor2, policy.PARTICIPANT_VIEW_SENSITIVE, goal)
    read = AuditEntry.objects.get(action="breakglass.read")
    assert (read.actor_id, read.subject_id, read.extra["grant"]) == (personas.supervisor2.user_id, p.pk, grant.pk)
    assert list(policy.scope(personas.supervisor2, policy.PARTICIPANT_VIEW_SENSITIVE, Goal)) == [goal]
    with pytest.raises(NotFound):
        policy.authorize(personas.supervisor2, policy.PARTICIPANT_VIEW_SENSITIVE, private)
    assert not policy.scope(personas.supervisor2, policy.PARTICIPANT_VIEW_SENSITIVE, JournalEntry).exists()
    assert list(policy.scope(p, policy.PARTICIPANT_VIEW_SENSITIVE, JournalEntry)) == [private]
