"""The notifications' periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.core.jobs import periodic
from alongside.notifications.services import outbox_deliver_due

# Every due outbox message, even one whose task was lost: last in the sweep, so what the other
# jobs just wrote goes out in the same sweep.
periodic(
    name="outbox_deliver_due",
    run=outbox_deliver_due,
    order=90,
    report=lambda counts: f"outbox: {counts}" if any(counts.values()) else None,
)
