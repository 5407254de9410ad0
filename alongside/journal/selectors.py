"""Reading journals. The participant reads and searches their own; the matched mentor and
their supervisor read only what was shared, and every such read is audited."""

from __future__ import annotations

from django.db.models import QuerySet

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.core.exceptions import NotFound
from alongside.journal.models import JournalEntry
from alongside.organizations.models import Membership


def _not_found(participant: Membership) -> NotFound:
    return policy.refusal(NotFound, "journal.open", participant)


def assert_may_keep_journal(*, participant: Membership) -> None:
    """Refuse anyone who is not a participant acting for themselves (staff have no journal here)."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)


def journal_entries_for_owner(*, participant: Membership, query: str = "") -> list[JournalEntry]:
    """The participant's own entries, newest first; ``query`` keeps those whose text contains it.

    The text is encrypted at rest, so the search runs here in Python, after the policy has
    narrowed the rows to the participant's own. Case-insensitive substring match.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    entries = list(JournalEntry.objects.filter(participant=participant))
    needle = query.strip().casefold()
    if needle:
        entries = [e for e in entries if needle in e.text.casefold()]
    return entries


def journal_entry_for_owner(*, participant: Membership, entry_id: int) -> JournalEntry:
    """The participant's own entry, for editing, sharing or deleting.

    Whoever may read it (a shared entry, for the matched mentor) is refused (403); to
    anyone else the entry does not exist (404).
    """
    entry = JournalEntry.objects.select_related("participant__user").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound()
    owner = entry.participant
    if policy.can(participant, policy.PARTICIPANT_MANAGE_OWN, owner):
        return entry
    if entry.shared_with_mentor and policy.can(participant, policy.PARTICIPANT_VIEW_SENSITIVE, owner):
        policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, owner)
    raise _not_found(owner)


def journal_entry_for_viewer(*, viewer: Membership, entry_id: int) -> JournalEntry:
    """One entry: the participant's own, or, for those who may see the participant's sensitive
    record (matched mentor, their supervisor), only while it is shared — a private entry is
    answered as if it did not exist. Views by anyone but the participant: ``journal.viewed``."""
    entry = JournalEntry.objects.select_related("participant__user").filter(pk=entry_id).first()
    if entry is None:
        raise NotFound()
    participant = entry.participant
    if policy.can(viewer, policy.PARTICIPANT_MANAGE_OWN, participant):
        return entry
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant)
    if not entry.shared_with_mentor:
        raise _not_found(participant)
    audited_read(viewer, "journal.viewed", participant, may=None, target=entry)  # authorized just above
    return entry


def journal_shared_entries(*, viewer: Membership, participant: Membership) -> QuerySet[JournalEntry]:
    """The entries the participant shared, for their matched mentor and that mentor's
    supervisor. Audited as ``journal.viewed`` when the viewer is not the participant."""
    entries = JournalEntry.objects.filter(participant=participant, shared_with_mentor=True)
    audited_read(viewer, "journal.viewed", participant, extra=lambda: {"shared_entries": entries.count()})
    return entries
