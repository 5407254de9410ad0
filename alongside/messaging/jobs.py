"""Messaging's periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.core.jobs import periodic
from alongside.messaging.services import messages_release_held

# Messages held outside a mentor's working hours: notify once their hours start (first in the
# sweep, so the notifications go out with it).
periodic(
    name="messages_release_held",
    run=messages_release_held,
    order=10,
    report=lambda released: f"held message notifications released: {released}" if released else None,
)
