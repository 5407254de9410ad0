"""``participant_changed``: a write changed something that is computed about a participant.

Sent by the writes that the model hooks do not see (a check-in stored by one INSERT ... ON
CONFLICT, matches ended by one UPDATE): one line in the writer, in its transaction::

    participant_changed.send(sender=CheckIn, participant_ids=[participant.pk])

Its receivers (the caseload state marks the rows stale) run in the same transaction and are not
robust: if marking fails, the write fails with it, so a change is never left unmarked. The
writer needs no import of the apps that listen (no import cycle)."""

from __future__ import annotations

from django.dispatch import Signal

participant_changed = Signal()  # participant_ids: list[int]
