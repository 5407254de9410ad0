"""Recovery's periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.core.jobs import periodic
from alongside.recovery.services import milestones_celebrate_due

# Milestones change once a day; checking every ten minutes is plenty.
MILESTONE_SWEEP_SECONDS = 600

periodic(
    name="milestones_celebrate_due",
    run=milestones_celebrate_due,
    every=MILESTONE_SWEEP_SECONDS,
    order=70,
    report=lambda celebrated: f"milestones celebrated: {celebrated}" if celebrated else None,
)
