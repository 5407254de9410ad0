"""Writing, sharing and deleting journal entries: the participant's own, never partly saved."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside import crisis_language
from alongside.access import policy
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput, NotFound
from alongside.journal.models import TEXT_MAX_LENGTH, JournalEntry, Prompt
from alongside.notifications.services import notify
from alongside.organizations.locking import participant_lock
from alongside.organizations.models import Membership
from alongside.organizations.selectors import current_match


def _validate(text: str, prompt: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write something before saving, even a few words.")]
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = [_("Keep an entry under %(n)s characters.") % {"n": f"{TEXT_MAX_LENGTH:,}"}]
    prompt = prompt or ""
    if prompt not in Prompt.values and prompt != "":
        errors["prompt"] = [_("Choose one of the prompts, or none.")]
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    return text, prompt


def _own(participant: Membership, entry: JournalEntry) -> None:
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    if entry.participant_id != participant.pk:
        raise NotFound()


def journal_entry_create(
    *, participant: Membership, text: str, prompt: str = "", share: bool = False, client_id: uuid.UUID | None = None
) -> tuple[JournalEntry, bool]:
    """Write a new entry in the participant's own journal. Returns (entry, created).

    Only the participant may write. The same ``client_id`` twice (a double tap, a retry)
    stores one entry and returns it unchanged. Private unless ``share``. Raises InvalidInput
    naming each bad field; nothing is saved then. Audits ``journal.created``. Crisis language
    raises a crisis alert that never carries the text (see ``_check_for_crisis``).
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    text, prompt = _validate(text, prompt)
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _create(participant, text, prompt, share, client_id)
        except IntegrityError:
            # A concurrent duplicate won the insert; the retry finds it.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _create(
    participant: Membership, text: str, prompt: str, share: bool, client_id: uuid.UUID | None
) -> tuple[JournalEntry, bool]:
    participant_lock(participant)
    if client_id is not None:
        same = JournalEntry.objects.filter(participant=participant, client_id=client_id).first()
        if same is not None:
            return same, False
    now = timezone.now()
    entry = JournalEntry.objects.create(
        organization=participant.organization,
        participant=participant,
        text=text,
        prompt=prompt,
        shared_with_mentor=share,
        shared_at=now if share else None,
        client_id=client_id or uuid.uuid4(),
        created_at=now,
        updated_at=now,
    )
    log_action("journal.created", actor=participant, target=entry, subject=participant, extra={"shared": share})
    if share:
        _tell_mentor(participant, entry)
    _check_for_crisis(participant, entry)
    return entry, True


@transaction.atomic
def journal_entry_update(*, participant: Membership, entry: JournalEntry, text: str, prompt: str) -> JournalEntry:
    """Change the text or prompt of the participant's own entry. Audits ``journal.updated``;
    changed text is checked for crisis language (see ``_check_for_crisis``)."""
    _own(participant, entry)
    text_before = entry.text
    entry.text, entry.prompt = _validate(text, prompt)
    entry.updated_at = timezone.now()
    entry.save(update_fields=["text", "prompt", "updated_at"])
    log_action("journal.updated", actor=participant, target=entry, subject=participant)
    if entry.text != text_before:
        _check_for_crisis(participant, entry)
    return entry


@transaction.atomic
def journal_entry_delete(*, participant: Membership, entry: JournalEntry) -> None:
    """Delete the participant's own entry for good: the text is gone from the database.

    The audit entry ``journal.deleted`` records that an entry was deleted, never its text.
    """
    _own(participant, entry)
    log_action(
        "journal.deleted",
        actor=participant,
        target=entry,
        subject=participant,
        extra={"was_shared": entry.shared_with_mentor, "created_at": entry.created_at.isoformat()},
    )
    entry.delete()


@transaction.atomic
def journal_entry_set_shared(*, participant: Membership, entry: JournalEntry, shared: bool) -> JournalEntry:
    """Share the entry with the assigned mentor (and so their supervisor), or stop sharing it.

    Takes effect on the next read: every read checks the flag. Audits ``journal.shared`` or
    ``journal.unshared`` (only when it changes); sharing tells the matched mentor, in the app.
    """
    _own(participant, entry)
    if entry.shared_with_mentor == shared:
        return entry
    entry.shared_with_mentor = shared
    entry.shared_at = timezone.now() if shared else None
    entry.save(update_fields=["shared_with_mentor", "shared_at"])
    log_action("journal.shared" if shared else "journal.unshared", actor=participant, target=entry, subject=participant)
    if shared:
        _tell_mentor(participant, entry)
    return entry


def _check_for_crisis(participant: Membership, entry: JournalEntry) -> None:
    """Crisis language in an entry raises a crisis alert and tells the mentor at once. For a
    private entry they learn only that crisis language was detected in a private journal
    entry, never the text (``private``), and no link leads to it."""
    private = not entry.shared_with_mentor
    crisis_language.check(
        participant=participant,
        text=entry.text,
        source="journal",
        source_id=entry.pk,
        private=private,
        link="" if private else reverse("journal:participant_shared", args=[participant.pk]),
    )


def _tell_mentor(participant: Membership, entry: JournalEntry) -> None:
    match = current_match(participant=participant)
    if match is None:
        return
    notify(
        recipient=match.mentor.user,
        organization=participant.organization,
        kind="journal.shared",
        title=_("%(name)s shared a journal entry with you") % {"name": participant.user.display_name},
        link=reverse("journal:participant_shared", args=[participant.pk]),
        email=False,
        dedupe_key=f"journal-shared-{entry.pk}",
    )
