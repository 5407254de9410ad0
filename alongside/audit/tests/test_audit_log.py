from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from alongside.audit.models import AppendOnlyError, AuditEntry
from alongside.audit.services import log_action
from alongside.conftest import Personas


def test_log_action_records_actor_target_subject_and_reason(personas: Personas) -> None:
    entry = log_action("participant.viewed", actor=personas.mentor, target=personas.participant, reason="weekly check")
    assert entry.actor == personas.mentor.user
    assert entry.organization == personas.org
    assert entry.subject == personas.participant
    assert (entry.action, entry.reason, entry.outcome) == ("participant.viewed", "weekly check", "ok")
    assert "Maria Mentor" in entry.actor_label


def test_the_model_refuses_updates_and_deletes(personas: Personas) -> None:
    entry = log_action("participant.viewed", actor=personas.mentor, target=personas.participant)
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.postgres_only
@pytest.mark.parametrize("statement", ["UPDATE audit_auditentry SET reason = 'x'", "DELETE FROM audit_auditentry"])
def test_postgresql_itself_refuses_update_and_delete(personas: Personas, statement: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the database-level trigger exists on PostgreSQL only (run with DATABASE_URL set)")
    log_action("participant.viewed", actor=personas.mentor, target=personas.participant)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert [entry.reason for entry in AuditEntry.objects.all()] == [""]


def test_refused_attempts_are_audited_outside_the_failed_request(personas: Personas) -> None:
    from alongside.conftest import login_client

    response = login_client(personas.mentor2).get(f"/org/participants/{personas.participant.pk}/")
    assert response.status_code == 404
    refused = AuditEntry.objects.get(outcome="refused")
    assert refused.action.endswith(".refused")
    assert refused.actor == personas.mentor2.user


def test_an_outsiders_refusal_does_not_name_the_other_organizations_record(personas: Personas) -> None:
    from alongside.conftest import login_client

    login_client(personas.outsider).get(f"/org/participants/{personas.participant.pk}/")
    refused = AuditEntry.objects.get(outcome="refused")
    assert refused.organization == personas.other_org
    assert refused.target_id == "" and refused.extra == {"cross_organization": True}


def test_audit_reasons_are_encrypted_at_rest(personas: Personas) -> None:
    log_action(
        "breakglass.opened", actor=personas.supervisor, target=personas.participant, reason="said they were unsafe"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM audit_auditentry")
        assert "unsafe" not in cursor.fetchone()[0]
    assert AuditEntry.objects.get().reason == "said they were unsafe"


@pytest.mark.postgres_only
def test_only_a_declared_key_rotation_may_rewrite_a_reason_and_nothing_else(personas: Personas) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the database-level trigger exists on PostgreSQL only (run with DATABASE_URL set)")
    from alongside.core.crypto import encrypt_text

    entry = log_action("breakglass.opened", actor=personas.supervisor, target=personas.participant, reason="unsafe")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = %s", [encrypt_text("unsafe")])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL alongside.key_rotation = 'on'")
        cursor.execute("UPDATE audit_auditentry SET action = 'x', reason = %s", [encrypt_text("unsafe")])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL alongside.key_rotation = 'on'")
        cursor.execute("UPDATE audit_auditentry SET reason = %s WHERE id = %s", [encrypt_text("unsafe"), entry.pk])
    assert AuditEntry.objects.get().action == "breakglass.opened"
