"""Contact notes a mentor keeps about a participant: read by the matched mentor, that mentor's
supervisor and a break-glass holder; never by the participant themselves in this version."""

from __future__ import annotations

from alongside.access import policy
from alongside.contacts.models import ContactNote

policy.record_rule(ContactNote, action=policy.CONTACT_NOTE_VIEW)
