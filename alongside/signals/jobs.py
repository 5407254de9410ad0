"""The early-warning signals' periodic jobs (run by ``manage.py worker``; see ``alongside.core.jobs``)."""

from alongside.core.jobs import EVERY_PASS, periodic
from alongside.signals.services import signals_evaluate_pending, signals_sweep_due


def _failed(counts: dict[str, int]) -> str | None:
    # Logged with the traceback; those participants stay pending and are tried again.
    return f"early-warning signals failed for {counts['failed']} participant(s)" if counts.get("failed") else None


# The check-ins written since the last pass, on every pass of the worker's loop (one indexed query
# when nothing waits): a worrying check-in reaches the mentor within seconds, not at the next sweep.
periodic(
    name="signals_evaluate_pending",
    run=signals_evaluate_pending,
    every=EVERY_PASS,
    order=20,
    report=lambda counts: f"early-warning signals of new check-ins: {counts}" if counts.get("alerts") else None,
    trouble=_failed,
)
# Each program's nightly early-warning sweep, a batch a pass.
periodic(
    name="signals_sweep_due",
    run=signals_sweep_due,
    order=60,
    report=lambda counts: f"early-warning signals: {counts}" if counts.get("alerts") else None,
)
