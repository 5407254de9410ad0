from __future__ import annotations

from alongside.access import policy
from alongside.organizations.models import Membership
from alongside.reminders.models import CheckinReminder


def reminder_for(*, viewer: Membership) -> CheckinReminder:
    """The viewer's own reminder settings (unsaved defaults, off, when never set)."""
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, viewer)
    found = CheckinReminder.objects.filter(participant=viewer).first()
    return found or CheckinReminder(organization=viewer.organization, participant=viewer)
