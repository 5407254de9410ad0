from __future__ import annotations

from django_tasks import task

from alongside.notifications.services import outbox_deliver_due


@task(queue_name="notifications")
def deliver_outbox() -> dict[str, int]:
    """Deliver whatever is due in the outbox. Enqueued after each notification commits."""
    return outbox_deliver_due()
