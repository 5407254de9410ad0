"""The caseload's periodic job: recompute the rows marked stale (and those whose day is over) on
every pass of the worker, so the mentor's "today" follows within seconds of a write."""

from __future__ import annotations

from alongside.caseload.state import recompute_stale
from alongside.core.jobs import EVERY_PASS, periodic

periodic(
    name="caseload_recompute_stale",
    run=recompute_stale,
    every=EVERY_PASS,
    order=25,  # after the signals of new check-ins (20), so their alerts are in the same recompute
    report=lambda counts: f"caseload rows recomputed: {counts['recomputed']}" if counts.get("recomputed") else None,
    trouble=lambda counts: (
        f"caseload rows that could not be recomputed: {counts['failed']}" if counts.get("failed") else None
    ),
)
