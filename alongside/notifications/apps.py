from typing import Any

from django.apps import AppConfig


def _heartbeat(sender: object, *, worker_id: str, failing_jobs: list[str], **kwargs: Any) -> None:
    """The worker's sweep finished: record its heartbeat (read by /healthz/worker and check_scheduler)."""
    from alongside.notifications.services import worker_heartbeat

    worker_heartbeat(worker_id=worker_id, failing_jobs=failing_jobs)


class NotificationsConfig(AppConfig):
    name = "alongside.notifications"
    label = "notifications"

    def ready(self) -> None:
        from alongside.core.jobs import sweep_finished

        sweep_finished.connect(_heartbeat, dispatch_uid="notifications.worker_heartbeat")
