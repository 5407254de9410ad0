"""Access rules for message threads.

The people in a thread are the participant, their CURRENT matched mentor, and that mentor's
supervisor only once added to the thread. No break-glass and no admin: messages are a private
conversation. Ending or moving the match moves the thread at once."""

from __future__ import annotations

from alongside.access import policy
from alongside.access.registry import field_is_viewer, registry
from alongside.messaging.models import Thread
from alongside.organizations.models import Membership

_ACTIVE_PARTICIPANT = policy.IS_PARTICIPANT & policy.IS_ACTIVE
_IN_THREAD = (_ACTIVE_PARTICIPANT & (policy.SELF | policy.MATCHED_MENTOR)).via("participant", Membership) | (
    field_is_viewer("supervisor")
    & (_ACTIVE_PARTICIPANT & policy.SUPERVISOR_OF_PARTICIPANT).via("participant", Membership)
)
registry.register(Thread, (policy.THREAD_READ, policy.THREAD_WRITE), _IN_THREAD)
registry.register(
    Thread, policy.THREAD_ADD_SUPERVISOR, (_ACTIVE_PARTICIPANT & policy.CARES_FOR).via("participant", Membership)
)
