"""The alerts' periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.alerts.escalation import escalations_advance_due
from alongside.core.jobs import periodic

# Escalation timers: after new check-ins' signals, before the outbox, so the next step's
# notifications go out in the same sweep.
periodic(
    name="escalations_advance_due",
    run=escalations_advance_due,
    order=30,
    report=lambda moved: f"alerts passed to the next escalation step: {moved}" if moved else None,
)
