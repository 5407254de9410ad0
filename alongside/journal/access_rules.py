"""Journal entries, declared as a participant record type: anyone but the writer reads only
the entries that were shared."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.access.records import RecordType, declare
from alongside.access.registry import field_equals
from alongside.journal.models import JournalEntry

declare(
    RecordType(
        model=JournalEntry,
        label=_("Journal entries shared with you"),
        participant_url="journal:list",
        nav_label=_("Journal"),
        carer_url="journal:participant_shared",
        shared_as=_("only the journal entries you choose to share"),
        readable=field_equals("shared_with_mentor", True),
        order=30,
    )
)
