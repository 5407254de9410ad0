"""The reminders' periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.core.jobs import periodic
from alongside.reminders.services import checkin_reminders_send_due

periodic(
    name="checkin_reminders_send_due",
    run=checkin_reminders_send_due,
    order=50,
    report=lambda sent: f"check-in reminders sent: {sent}" if sent else None,
)
