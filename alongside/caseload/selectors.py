"""Reading the caseload state for a page: each person's need from their row, a crisis read live,
and how fresh the rows are.

A page loads the rows of the people it shows in ONE primary-key query (``states_for``: measured
four times cheaper than joining them onto the matches query); ``crisis_now`` then reads the open
crisis alerts of the whole list live, in ONE indexed query, so a crisis shows at once even while
the worker is behind. Callers have already scoped ``participant_ids`` to people the viewer may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Min

from alongside.alerts.models import OPEN_STATUSES, Alert, AlertSeverity, AlertStatus
from alongside.caseload.models import CaseloadState
from alongside.signals.needs import AlertCounts, Need, Reason, combine

JUST_NOW_SECONDS = 60  # "Updated just now" rather than "0 minutes ago"

# The fields of a row the pages read (``need_and_facts``): not the signals' evaluation, nor the
# next step and milestone.
PAGE_FIELDS = (
    "participant",
    "computed_at",
    "computed_for",
    "valid_until",
    "dirty_since",
    "reasons",
    "days_without_contact",
    "last_contact_on",
    "open_alerts",
    "acknowledged_alerts",
    "crisis_open",
    "crisis_acknowledged",
    "alerts_by_kind",
    "unread_messages",
)


@dataclass(frozen=True)
class LiveCrisis:
    open: int = 0  # no one has acknowledged them yet
    acknowledged: int = 0
    since: dt.datetime | None = None  # the oldest still waiting for someone, else the oldest acknowledged


def crisis_now(*, participant_ids: list[int]) -> dict[int, LiveCrisis]:
    """participant id → their crisis alerts not yet resolved, read live. ONE grouped query on the
    alerts' (participant, status) index; participants without any are left out."""
    if not participant_ids:
        return {}
    rows = (
        Alert.objects.filter(
            participant_id__in=participant_ids, status__in=OPEN_STATUSES, severity=AlertSeverity.CRISIS
        )
        .order_by()
        .values_list("participant_id", "status")
        .annotate(n=Count("pk"), oldest=Min("raised_at"))
    )
    counts: dict[int, dict[str, tuple[int, dt.datetime]]] = {}
    for participant_id, status, n, oldest in rows:
        counts.setdefault(participant_id, {})[status] = (n, oldest)
    found: dict[int, LiveCrisis] = {}
    for participant_id, by_status in counts.items():
        waiting, acknowledged = by_status.get(AlertStatus.OPEN), by_status.get(AlertStatus.ACKNOWLEDGED)
        found[participant_id] = LiveCrisis(
            open=waiting[0] if waiting else 0,
            acknowledged=acknowledged[0] if acknowledged else 0,
            since=(waiting or acknowledged or (0, None))[1],
        )
    return found


@dataclass(frozen=True)
class RowFacts:
    """What a row of the pages shows besides the reasons: from the state, crises live."""

    last_contact_on: dt.date | None
    open_alerts: int
    acknowledged_alerts: int
    crisis_open: int
    crisis_acknowledged: int
    unread_messages: int
    computed_at: dt.datetime | None
    updating: bool  # marked stale, never computed, or its day is over: the worker is on it


def states_for(*, participant_ids: list[int]) -> dict[int, CaseloadState]:
    """participant id → their row (the fields the pages read); people without a row yet are left
    out. ONE query on the primary key."""
    if not participant_ids:
        return {}
    return CaseloadState.objects.only(*PAGE_FIELDS).in_bulk(participant_ids)


def _alerts(state: CaseloadState | None, crisis: LiveCrisis) -> AlertCounts:
    if state is None:
        total = crisis.open + crisis.acknowledged
        by_kind = {"crisis": total} if total else {}
        return AlertCounts(
            open=total,
            acknowledged=crisis.acknowledged,
            crisis_open=crisis.open,
            crisis_acknowledged=crisis.acknowledged,
            crisis_since=crisis.since,
            by_kind=by_kind,
        )
    kept_crises = state.crisis_open + state.crisis_acknowledged
    by_kind = dict(state.alerts_by_kind)
    new_crises = crisis.open + crisis.acknowledged - kept_crises
    if new_crises > 0:
        by_kind["crisis"] = by_kind.get("crisis", 0) + new_crises  # raised since the row was computed
    return AlertCounts(
        open=max(state.open_alerts - kept_crises, 0) + crisis.open + crisis.acknowledged,
        acknowledged=max(state.acknowledged_alerts - state.crisis_acknowledged, 0) + crisis.acknowledged,
        crisis_open=crisis.open,
        crisis_acknowledged=crisis.acknowledged,
        crisis_since=crisis.since,
        by_kind=by_kind,
    )


def need_and_facts(
    state: CaseloadState | None, crisis: LiveCrisis | None, *, today: dt.date, now: dt.datetime
) -> tuple[Need, RowFacts]:
    """A person's need (the reasons kept in their row, in the reader's language, with the alerts'
    reasons and a crisis read live) and the facts the row shows."""
    crisis = crisis or LiveCrisis()
    alerts = _alerts(state, crisis)
    reasons = [Reason.from_json(item, today=today) for item in state.reasons] if state is not None else []
    quiet_days = state.days_without_contact if state is not None else None
    if state is not None and quiet_days is not None and state.computed_for is not None:
        quiet_days += max((today - state.computed_for).days, 0)  # a row a day behind still counts today
    need = combine(reasons, alerts, today=today, quiet_days=quiet_days)
    facts = RowFacts(
        last_contact_on=state.last_contact_on if state is not None else None,
        open_alerts=alerts.open,
        acknowledged_alerts=alerts.acknowledged,
        crisis_open=alerts.crisis_open,
        crisis_acknowledged=alerts.crisis_acknowledged,
        unread_messages=state.unread_messages if state is not None else 0,
        computed_at=state.computed_at if state is not None else None,
        updating=(
            state is None
            or state.computed_at is None
            or state.dirty_since is not None
            or (state.valid_until is not None and state.valid_until <= now)
        ),
    )
    return need, facts


@dataclass(frozen=True)
class Freshness:
    """How fresh a page's rows are: when the oldest was computed, and whether any is being updated."""

    oldest: dt.datetime | None
    updating: int  # rows the worker has still to (re)compute
    now: dt.datetime

    @property
    def just_now(self) -> bool:
        return self.oldest is not None and (self.now - self.oldest).total_seconds() < JUST_NOW_SECONDS

    @classmethod
    def of(cls, facts: Iterable[RowFacts], *, now: dt.datetime) -> Freshness:
        facts = list(facts)
        computed = [f.computed_at for f in facts if f.computed_at is not None]
        return cls(oldest=min(computed) if computed else None, updating=sum(1 for f in facts if f.updating), now=now)
