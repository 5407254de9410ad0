"""The contact notes' periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.contacts.services import contact_follow_ups_remind_due
from alongside.core.jobs import periodic

periodic(
    name="contact_follow_ups_remind_due",
    run=contact_follow_ups_remind_due,
    order=50,
    report=lambda sent: f"contact follow-up reminders sent: {sent}" if sent else None,
)
