"""Supervision's periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.core.jobs import periodic
from alongside.supervision.services import wellbeing_reminders_send_due

# Mentors' wellbeing check-ins come round every week or two: checking every ten minutes is plenty.
periodic(
    name="wellbeing_reminders_send_due",
    run=wellbeing_reminders_send_due,
    every=600,
    order=70,
    report=lambda sent: f"wellbeing check-in reminders sent: {sent}" if sent else None,
)
