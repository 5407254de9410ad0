from __future__ import annotations

from django_tasks import task

from alongside.recovery.services import milestones_celebrate_due


@task(queue_name="default")
def celebrate_milestones() -> int:
    """Announce milestones reached on recovery timelines. Run daily (or hourly: it is idempotent)."""
    return milestones_celebrate_due()
