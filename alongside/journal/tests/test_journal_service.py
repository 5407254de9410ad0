from __future__ import annotations

import uuid

import pytest
from django.db import connection

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas
from alongside.core.exceptions import InvalidInput, NotAllowed, NotFound
from alongside.journal.models import JournalEntry
from alongside.journal.selectors import (
    journal_entries_for_owner,
    journal_entry_for_owner,
    journal_entry_for_viewer,
    journal_shared_entries,
)
from alongside.journal.services import (
    journal_entry_create,
    journal_entry_delete,
    journal_entry_set_shared,
    journal_entry_update,
)
from alongside.notifications.models import Notification


def test_it_writes_a_private_entry_and_audits_it(personas: Personas) -> None:
    entry, created = journal_entry_create(participant=personas.participant, text="  A good day.  ", prompt="wins")
    assert created
    assert (entry.text, entry.prompt, entry.shared_with_mentor) == ("A good day.", "wins", False)
    assert AuditEntry.objects.filter(action="journal.created", subject=personas.participant).count() == 1


def test_the_same_client_id_twice_makes_one_entry(personas: Personas) -> None:
    key = uuid.uuid4()
    first, created = journal_entry_create(participant=personas.participant, text="once", client_id=key)
    again, created_again = journal_entry_create(participant=personas.participant, text="once", client_id=key)
    assert created and not created_again and first.pk == again.pk
    assert JournalEntry.objects.count() == 1


def test_two_participants_may_use_the_same_client_id(personas: Personas) -> None:
    key = uuid.uuid4()
    journal_entry_create(participant=personas.participant, text="mine", client_id=key)
    journal_entry_create(participant=personas.participant2, text="theirs", client_id=key)
    assert JournalEntry.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "prompt", "field"),
    [("", "", "text"), ("   ", "", "text"), ("x" * 10_001, "", "text"), ("fine", "regrets", "prompt")],
)
def test_bad_input_is_refused_by_field_and_nothing_is_saved(
    personas: Personas, text: str, prompt: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        journal_entry_create(participant=personas.participant, text=text, prompt=prompt)
    assert field in exc.value.field_errors
    assert not JournalEntry.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="journal.").exists()


def test_an_entry_of_exactly_the_limit_is_accepted(personas: Personas) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="y" * 10_000)
    assert len(entry.text) == 10_000


def test_only_a_participant_can_write_in_their_journal(personas: Personas) -> None:
    with pytest.raises(NotAllowed):
        journal_entry_create(participant=personas.mentor, text="not mine to write")
    assert not JournalEntry.objects.exists()


def test_the_text_is_encrypted_at_rest(personas: Personas) -> None:
    journal_entry_create(participant=personas.participant, text="my private words")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM journal_journalentry")
        stored = cursor.fetchone()[0]
    assert "my private words" not in stored and stored.startswith("enc1:")


def test_search_is_case_insensitive_and_only_over_the_participants_own(personas: Personas) -> None:
    journal_entry_create(participant=personas.participant, text="Called my SPONSOR today")
    journal_entry_create(participant=personas.participant, text="Went for a walk")
    journal_entry_create(participant=personas.participant2, text="my sponsor too")
    found = journal_entries_for_owner(participant=personas.participant, query="sponsor")
    assert [e.text for e in found] == ["Called my SPONSOR today"]
    assert len(journal_entries_for_owner(participant=personas.participant)) == 2


def test_editing_changes_the_text_and_is_audited(personas: Personas) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="first draft")
    journal_entry_update(participant=personas.participant, entry=entry, text="second draft", prompt="gratitude")
    entry.refresh_from_db()
    assert (entry.text, entry.prompt) == ("second draft", "gratitude")
    assert AuditEntry.objects.filter(action="journal.updated").count() == 1


def test_a_bad_edit_changes_nothing(personas: Personas) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="keep me")
    with pytest.raises(InvalidInput):
        journal_entry_update(participant=personas.participant, entry=entry, text="", prompt="")
    entry.refresh_from_db()
    assert entry.text == "keep me"


def test_nobody_else_can_edit_or_delete_an_entry(personas: Personas) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="mine")
    with pytest.raises(NotFound):
        journal_entry_update(participant=personas.participant2, entry=entry, text="hijack", prompt="")
    with pytest.raises(NotFound):
        journal_entry_delete(participant=personas.participant2, entry=entry)
    assert JournalEntry.objects.get().text == "mine"


def test_deleting_removes_the_text_and_keeps_an_audit_entry_without_it(personas: Personas) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="a secret I regret writing")
    entry_id = entry.pk
    journal_entry_delete(participant=personas.participant, entry=entry)
    assert not JournalEntry.objects.filter(pk=entry_id).exists()
    audit = AuditEntry.objects.get(action="journal.deleted")
    assert audit.target_id == str(entry_id) and audit.subject == personas.participant
    assert "secret" not in str(audit.__dict__)


def test_sharing_lets_the_matched_mentor_read_and_unsharing_stops_it_at_once(personas: Personas) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="for my mentor")
    assert not journal_shared_entries(viewer=personas.mentor, participant=personas.participant).exists()
    journal_entry_set_shared(participant=personas.participant, entry=entry, shared=True)
    assert list(journal_shared_entries(viewer=personas.mentor, participant=personas.participant)) == [entry]
    assert journal_entry_for_viewer(viewer=personas.supervisor, entry_id=entry.pk) == entry
    journal_entry_set_shared(participant=personas.participant, entry=entry, shared=False)
    assert not journal_shared_entries(viewer=personas.mentor, participant=personas.participant).exists()
    with pytest.raises(NotFound):
        journal_entry_for_viewer(viewer=personas.mentor, entry_id=entry.pk)
    assert list(
        AuditEntry.objects.filter(action__in=["journal.shared", "journal.unshared"])
        .values_list("action", flat=True)
        .order_by("pk")
    ) == [
        "journal.shared",
        "journal.unshared",
    ]


def test_sharing_tells_the_mentor_in_the_app_without_the_text(personas: Personas) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="the words", share=True)
    note = Notification.objects.get(recipient=personas.mentor.user, kind="journal.shared")
    assert "the words" not in note.title + note.body
    assert entry.shared_at is not None


def test_a_mentor_can_read_but_not_change_a_shared_entry(personas: Personas) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="shared", share=True)
    with pytest.raises(NotAllowed):
        journal_entry_for_owner(participant=personas.mentor, entry_id=entry.pk)
    private, _ = journal_entry_create(participant=personas.participant, text="private")
    with pytest.raises(NotFound):
        journal_entry_for_owner(participant=personas.mentor, entry_id=private.pk)


@pytest.mark.parametrize("persona", ["mentor2", "admin", "outsider", "participant2"])
def test_nobody_outside_the_participants_care_reads_even_a_shared_entry(personas: Personas, persona: str) -> None:
    entry, _ = journal_entry_create(participant=personas.participant, text="shared", share=True)
    with pytest.raises((NotFound, NotAllowed)):
        journal_entry_for_viewer(viewer=getattr(personas, persona), entry_id=entry.pk)
    with pytest.raises((NotFound, NotAllowed)):
        journal_shared_entries(viewer=getattr(personas, persona), participant=personas.participant)
    assert not AuditEntry.objects.filter(action="journal.viewed").exists()
