"""A participant's check-in reminder: theirs alone."""

from __future__ import annotations

from alongside.access import policy
from alongside.reminders.models import CheckinReminder

policy.record_rule(CheckinReminder, action=policy.PARTICIPANT_MANAGE_OWN)
