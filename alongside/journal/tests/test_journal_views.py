from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from alongside.audit.models import AuditEntry
from alongside.conftest import Personas, login_client
from alongside.journal.models import JournalEntry
from alongside.journal.services import journal_entry_create

PERSONAS = ["participant", "participant2", "mentor", "mentor2", "supervisor", "admin", "outsider"]


def entry_of(personas: Personas, text: str = "today I called my sister", share: bool = False) -> JournalEntry:
    return journal_entry_create(participant=personas.participant, text=text, share=share)[0]


def test_a_participant_writes_an_entry_with_a_plain_form_post(personas: Personas) -> None:
    client = login_client(personas.participant)
    page = client.get(reverse("journal:new") + "?prompt=gratitude")
    assert page.status_code == 200
    assert b"Something I&#x27;m grateful for today" in page.content and b"tel:988" in page.content
    response = client.post(
        reverse("journal:new"), {"prompt": "gratitude", "text": "the sun", "client_id": str(uuid.uuid4())}
    )
    entry = JournalEntry.objects.get()
    assert response["Location"] == reverse("journal:detail", args=[entry.pk])
    assert (entry.text, entry.prompt, entry.shared_with_mentor) == ("the sun", "gratitude", False)


def test_a_double_tap_makes_one_entry(personas: Personas) -> None:
    client = login_client(personas.participant)
    form = {"text": "once only", "client_id": str(uuid.uuid4())}
    client.post(reverse("journal:new"), form)
    client.post(reverse("journal:new"), form)
    assert JournalEntry.objects.count() == 1


def test_bad_input_is_shown_next_to_the_field_and_saves_nothing(personas: Personas) -> None:
    client = login_client(personas.participant)
    response = client.post(reverse("journal:new"), {"text": "x" * 10_001, "prompt": "nope"})
    assert response.status_code == 400
    assert b"id_text_error" in response.content and b"id_prompt_error" in response.content
    assert not JournalEntry.objects.exists()


def test_markup_in_an_entry_is_shown_escaped(personas: Personas) -> None:
    entry = entry_of(personas, text="<script>alert(1)</script>", share=True)
    for client, url in [
        (login_client(personas.participant), reverse("journal:detail", args=[entry.pk])),
        (login_client(personas.participant), reverse("journal:list")),
        (login_client(personas.mentor), reverse("journal:participant_shared", args=[personas.participant.pk])),
    ]:
        page = client.get(url).content
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page and b"<script>alert(1)" not in page


def test_the_list_searches_the_participants_own_entries_and_paginates(personas: Personas) -> None:
    for n in range(25):
        journal_entry_create(participant=personas.participant, text=f"walk number {n}")
    journal_entry_create(participant=personas.participant, text="Meeting went WELL")
    client = login_client(personas.participant)
    found = client.get(reverse("journal:list"), {"q": "went well"})
    assert b"Meeting went WELL" in found.content and b"walk number" not in found.content
    first = client.get(reverse("journal:list"))
    assert b"Page 1 of 2" in first.content
    second = client.get(reverse("journal:list"), {"page": 2})
    assert b"walk number 0" in second.content
    assert client.get(reverse("journal:list"), {"q": "q" * 201}).status_code == 400


def test_a_participant_edits_their_entry(personas: Personas) -> None:
    entry = entry_of(personas)
    client = login_client(personas.participant)
    assert b"today I called my sister" in client.get(reverse("journal:edit", args=[entry.pk])).content
    response = client.post(reverse("journal:edit", args=[entry.pk]), {"text": "changed my mind", "prompt": "wins"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.text, entry.prompt) == ("changed my mind", "wins")
    bad = client.post(reverse("journal:edit", args=[entry.pk]), {"text": ""})
    assert bad.status_code == 400
    entry.refresh_from_db()
    assert entry.text == "changed my mind"


def test_deleting_asks_first_then_removes_the_entry(personas: Personas) -> None:
    entry = entry_of(personas)
    client = login_client(personas.participant)
    confirm = client.get(reverse("journal:delete", args=[entry.pk]))
    assert b"Delete for good" in confirm.content
    assert JournalEntry.objects.exists()
    response = client.post(reverse("journal:delete", args=[entry.pk]))
    assert response["Location"] == reverse("journal:list")
    assert not JournalEntry.objects.exists()
    assert AuditEntry.objects.filter(action="journal.deleted", target_id=str(entry.pk)).exists()


def test_sharing_and_unsharing_from_the_entry_page(personas: Personas) -> None:
    entry = entry_of(personas)
    participant, mentor = login_client(personas.participant), login_client(personas.mentor)
    shared_url = reverse("journal:participant_shared", args=[personas.participant.pk])
    assert b"called my sister" not in mentor.get(shared_url).content
    participant.post(reverse("journal:share", args=[entry.pk]), {"shared": "1"})
    participant.post(reverse("journal:share", args=[entry.pk]), {"shared": "1"})  # a second tap changes nothing
    entry.refresh_from_db()
    assert entry.shared_with_mentor
    assert b"called my sister" in mentor.get(shared_url).content
    assert mentor.get(reverse("journal:detail", args=[entry.pk])).status_code == 200
    participant.post(reverse("journal:share", args=[entry.pk]), {"shared": "0"})
    assert b"called my sister" not in mentor.get(shared_url).content
    assert mentor.get(reverse("journal:detail", args=[entry.pk])).status_code == 404
    assert participant.post(reverse("journal:share", args=[entry.pk])).status_code == 302  # no value: toggles
    entry.refresh_from_db()
    assert entry.shared_with_mentor


def test_staff_have_no_journal_of_their_own(personas: Personas) -> None:
    assert login_client(personas.mentor).get(reverse("journal:list")).status_code == 403
    assert login_client(personas.outsider).get(reverse("journal:new")).status_code == 403


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
def test_who_reads_a_shared_entry(personas: Personas, persona: str, status: int) -> None:
    entry = entry_of(personas, share=True)
    response = login_client(getattr(personas, persona)).get(reverse("journal:detail", args=[entry.pk]))
    assert response.status_code == status
    assert (b"called my sister" in response.content) == (status == 200)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("participant", 200), ("mentor", 404), ("supervisor", 404), ("admin", 404), ("outsider", 404)],
)
def test_a_private_entry_is_for_the_participant_alone(personas: Personas, persona: str, status: int) -> None:
    entry = entry_of(personas)
    response = login_client(getattr(personas, persona)).get(reverse("journal:detail", args=[entry.pk]))
    assert response.status_code == status
    assert (b"called my sister" in response.content) == (persona == "participant")


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
def test_who_sees_the_shared_entries_page(personas: Personas, persona: str, status: int) -> None:
    entry_of(personas, share=True)
    response = login_client(getattr(personas, persona)).get(
        reverse("journal:participant_shared", args=[personas.participant.pk])
    )
    assert response.status_code == status
    assert (b"called my sister" in response.content) == (status == 200)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "participant"])
def test_only_the_participant_may_edit_delete_or_share(personas: Personas, persona: str) -> None:
    entry = entry_of(personas, share=True)
    client = login_client(getattr(personas, persona))
    expected = {403} if persona in {"mentor", "supervisor"} else {404}
    assert client.get(reverse("journal:edit", args=[entry.pk])).status_code in expected
    assert client.post(reverse("journal:edit", args=[entry.pk]), {"text": "hijack"}).status_code in expected
    assert client.get(reverse("journal:delete", args=[entry.pk])).status_code in expected
    assert client.post(reverse("journal:delete", args=[entry.pk])).status_code in expected
    assert client.post(reverse("journal:share", args=[entry.pk]), {"shared": "0"}).status_code in expected
    entry.refresh_from_db()
    assert (entry.text, entry.shared_with_mentor) == ("today I called my sister", True)


def test_every_read_by_someone_else_is_audited_and_the_participants_own_is_not(personas: Personas) -> None:
    entry = entry_of(personas, share=True)
    login_client(personas.participant).get(reverse("journal:detail", args=[entry.pk]))
    login_client(personas.participant).get(reverse("journal:list"))
    assert not AuditEntry.objects.filter(action="journal.viewed").exists()
    login_client(personas.mentor).get(reverse("journal:detail", args=[entry.pk]))
    login_client(personas.supervisor).get(reverse("journal:participant_shared", args=[personas.participant.pk]))
    viewed = AuditEntry.objects.filter(action="journal.viewed", subject=personas.participant)
    assert {e.actor for e in viewed} == {personas.mentor.user, personas.supervisor.user}
