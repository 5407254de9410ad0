"""The accounts' periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.accounts.services import throttle_events_purge
from alongside.core.jobs import periodic

# Throttle counts older than every window they count in: checking every ten minutes is plenty.
periodic(name="throttle_events_purge", run=throttle_events_purge, every=600, order=80)
