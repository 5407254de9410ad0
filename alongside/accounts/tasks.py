"""Account work done by the worker rather than in the request."""

from __future__ import annotations

from django_tasks import task

from alongside.accounts.services import password_reset_send


@task(queue_name="notifications")
def send_password_reset(email: str) -> None:
    """Look the account up and email its reset link (the request answered the same either way)."""
    password_reset_send(email=email)
