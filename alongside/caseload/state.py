"""Keeping the caseload state: marking a participant's row stale as things happen, and the
worker's recompute from history with the one risk engine (``signals.needs``).

- ``mark_stale(participant_id, ...)``: one line in (or a model hook of) every write that changes
  an input. It runs in the writer's transaction, so the mark commits with the write or not at
  all: a crash between the commit and the recompute loses nothing, the row stays marked.
- ``recompute_stale()``: the worker's job, every pass. Takes the marked rows (oldest mark first)
  and the rows whose day is over, recomputes them in a batch, and clears each mark only if it is
  still the one read (a write during the recompute marks the row again: computed again next pass).
- ``rebuild(...)``: every participant's row from history (``manage.py rebuild_caseload_state``).

``compute`` gathers the facts for a batch with a fixed number of queries (plus one per distinct
mentor for unread messages), whatever the batch size.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from alongside.alerts.models import OPEN_STATUSES, Alert, AlertSeverity, AlertStatus
from alongside.caseload.models import CaseloadState
from alongside.contacts.selectors import last_contact_dates
from alongside.core.localtime import zone_named
from alongside.goals.models import GoalStatus, GoalStep
from alongside.messaging.models import Message, ThreadRead
from alongside.organizations.models import DEFAULT_CONTACT_EXPECTED_DAYS, Match, MatchStatus, Membership, Role
from alongside.recovery.models import RecoveryStart
from alongside.signals.features import features_for
from alongside.signals.needs import (
    AlertCounts,
    ParticipantFacts,
    RecoveryStartFacts,
    days_without_contact,
    signals_found,
    state_reasons,
    upcoming_milestone,
)
from alongside.signals.selectors import signal_configs_for

logger = logging.getLogger(__name__)

BATCH_SIZE = 200  # participants per recompute batch in the worker
REBUILD_BATCH_SIZE = 500
CLEAR_CHUNK = 250
SEVERITY_RANK: dict[str, int] = {AlertSeverity.NORMAL: 1, AlertSeverity.HIGH: 2, AlertSeverity.CRISIS: 3}

# Every field the recompute writes (all but the key, the organization and the stale mark).
COMPUTED_FIELDS = [
    f.name for f in CaseloadState._meta.concrete_fields if f.name not in {"participant", "organization", "dirty_since"}
]


# Marking ------------------------------------------------------------------------------------------


def mark_stale(*participant_ids: int | None, now: dt.datetime | None = None) -> None:
    """Mark these participants' rows stale, in the caller's transaction (a row not there yet is
    made, marked). Ids of memberships that are not participants are ignored. One UPDATE; two
    more statements only when a row is missing."""
    ids = sorted({pk for pk in participant_ids if pk is not None})
    if not ids:
        return
    now = now or timezone.now()
    updated = CaseloadState.objects.filter(participant_id__in=ids).update(dirty_since=now)
    if updated == len(ids):
        return
    have = set(CaseloadState.objects.filter(participant_id__in=ids).values_list("participant_id", flat=True))
    missing = Membership.objects.filter(pk__in=[pk for pk in ids if pk not in have], role=Role.PARTICIPANT)
    CaseloadState.objects.bulk_create(
        [
            CaseloadState(participant_id=pk, organization_id=org, dirty_since=now)
            for pk, org in missing.values_list("pk", "organization_id")
        ],
        ignore_conflicts=True,
    )


def mark_program_stale(program_id: int | None, *, now: dt.datetime | None = None) -> None:
    """Every participant of a program (its settings changed: craving threshold, expected days between contacts)."""
    if program_id is None:
        return
    ids = Membership.objects.filter(program_id=program_id, role=Role.PARTICIPANT).values_list("pk", flat=True)
    CaseloadState.objects.filter(participant_id__in=ids).update(dirty_since=now or timezone.now())
    missing = Membership.objects.filter(program_id=program_id, role=Role.PARTICIPANT, caseload_state__isnull=True)
    if missing.exists():
        mark_stale(*missing.values_list("pk", flat=True), now=now)


# Computing ----------------------------------------------------------------------------------------


def _alert_counts(ids: list[int]) -> tuple[dict[int, AlertCounts], dict[int, str]]:
    """participant id → their open alerts counted apart, and the highest severity among them. One query."""
    rows = (
        Alert.objects.filter(participant_id__in=ids, status__in=OPEN_STATUSES)
        .order_by()
        .values("participant_id", "status", "severity", "kind")
        .annotate(n=Count("pk"), oldest=Min("raised_at"))
    )
    counts: dict[int, AlertCounts] = {}
    highest: dict[int, str] = {}
    open_since: dict[int, dt.datetime] = {}
    acknowledged_since: dict[int, dt.datetime] = {}
    for row in rows:
        pk, n = row["participant_id"], row["n"]
        c = counts.setdefault(pk, AlertCounts())
        acknowledged = row["status"] == AlertStatus.ACKNOWLEDGED
        c.open += n
        if SEVERITY_RANK.get(row["severity"], 0) > SEVERITY_RANK.get(highest.get(pk, ""), 0):
            highest[pk] = row["severity"]
        c.by_kind[row["kind"]] = c.by_kind.get(row["kind"], 0) + n
        if acknowledged:
            c.acknowledged += n
        if row["severity"] == AlertSeverity.CRISIS:
            since = acknowledged_since if acknowledged else open_since
            since[pk] = min(since.get(pk, row["oldest"]), row["oldest"])
            if acknowledged:
                c.crisis_acknowledged += n
            else:
                c.crisis_open += n
    for pk, c in counts.items():
        c.crisis_since = open_since.get(pk) or acknowledged_since.get(pk)
    return counts, highest


def _unread_for_mentors(mentor_of: dict[int, int]) -> dict[int, int]:
    """participant id → messages in their thread their mentor has not read (not the mentor's
    own). One query per distinct mentor."""
    by_mentor: dict[int, list[int]] = defaultdict(list)
    for participant_id, mentor_id in mentor_of.items():
        by_mentor[mentor_id].append(participant_id)
    unread: dict[int, int] = {}
    for mentor_id, participant_ids in by_mentor.items():
        last_read = ThreadRead.objects.filter(thread=OuterRef("thread"), member_id=mentor_id).values(
            "last_read_message_id"
        )[:1]
        rows = (
            Message.objects.filter(thread__participant_id__in=participant_ids)
            .exclude(sender_id=mentor_id)
            .annotate(last_read=Coalesce(Subquery(last_read, output_field=IntegerField()), Value(0)))
            .filter(pk__gt=F("last_read"))
            .order_by()
            .values("thread__participant_id")
            .annotate(n=Count("pk"))
            .values_list("thread__participant_id", "n")
        )
        unread.update(dict(rows))
    return unread


def _steps(ids: list[int]) -> dict[int, list[tuple[int, dt.date]]]:
    rows = (
        GoalStep.objects.filter(
            goal__participant_id__in=ids,
            goal__status=GoalStatus.ACTIVE,
            done_at__isnull=True,
            target_date__isnull=False,
        )
        .order_by("target_date", "pk")
        .values_list("goal__participant_id", "pk", "target_date")
    )
    steps: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for participant_id, pk, target_date in rows:
        if target_date is not None:  # filtered above; the type does not know
            steps[participant_id].append((pk, target_date))
    return steps


def _recovery_starts(ids: list[int]) -> dict[int, list[RecoveryStartFacts]]:
    rows = (
        RecoveryStart.objects.filter(participant_id__in=ids)
        .order_by("pk")
        .values_list("pk", "participant_id", "started_on", "count_from", "setbacks__occurred_on")
    )
    starts: dict[int, tuple[int, dt.date, str, list[dt.date]]] = {}
    for start_id, participant_id, started_on, count_from, setback_on in rows:
        entry = starts.setdefault(start_id, (participant_id, started_on, count_from, []))
        if setback_on is not None:
            entry[3].append(setback_on)
    found: dict[int, list[RecoveryStartFacts]] = defaultdict(list)
    for participant_id, started_on, count_from, setbacks in starts.values():
        found[participant_id].append(
            RecoveryStartFacts(started_on=started_on, count_from=count_from, setback_days=tuple(setbacks))
        )
    return found


def compute(participant_ids: Sequence[int], *, now: dt.datetime) -> dict[int, CaseloadState]:
    """Each participant's state as of ``now`` (unsaved), from history, with the one risk engine.
    Memberships that are not participants are left out."""
    members = list(
        Membership.objects.filter(pk__in=list(participant_ids), role=Role.PARTICIPANT)
        .select_related("user", "program")
        .only(
            "id",
            "organization_id",
            "program_id",
            "user__id",
            "user__time_zone",
            "program__id",
            "program__time_zone",
            "program__contact_expected_days",
        )
    )
    if not members:
        return {}
    ids = [m.pk for m in members]
    zones = {m.pk: zone_named(m.user.time_zone, m.program.time_zone if m.program else None) for m in members}
    today = {pk: now.astimezone(zone).date() for pk, zone in zones.items()}
    matches = {
        participant_id: (mentor_id, started_at)
        for participant_id, mentor_id, started_at in Match.objects.filter(
            participant_id__in=ids, status=MatchStatus.ACTIVE
        )
        .order_by("started_at")
        .values_list("participant_id", "mentor_id", "started_at")
    }
    configs = signal_configs_for(program_ids={m.program_id for m in members})
    features = {}
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for pk, day in today.items():
        by_day[day].append(pk)
    for day, group in by_day.items():
        features.update(features_for(participant_ids=group, as_of=day, message_end=now))
    alerts, severity = _alert_counts(ids)
    contacts = last_contact_dates(participant_ids=ids)
    steps = _steps(ids)
    starts = _recovery_starts(ids)
    unread = _unread_for_mentors({pk: mentor_id for pk, (mentor_id, _started) in matches.items()})
    states: dict[int, CaseloadState] = {}
    for m in members:
        pk, day = m.pk, today[m.pk]
        f = features[pk]
        mentor_id, started_at = matches.get(pk, (None, None))
        open_steps = steps.get(pk, [])
        upcoming = [(step_id, on) for step_id, on in open_steps if on >= day]
        facts = ParticipantFacts(
            today=day,
            features=f,
            config=configs[m.program_id],
            latest_outreach_on=f.latest_date if f.latest_outreach else None,
            alerts=alerts.get(pk, AlertCounts()),
            last_contact_on=contacts.get(pk),
            cared_for_since=started_at.astimezone(zones[pk]).date() if started_at else None,
            contact_expected_days=m.program.contact_expected_days if m.program else DEFAULT_CONTACT_EXPECTED_DAYS,
            overdue_steps=sum(1 for _step, on in open_steps if on < day),
            recovery_starts=starts.get(pk, []),
        )
        reasons = state_reasons(facts)
        signals = signals_found(facts)
        milestone = upcoming_milestone(facts.recovery_starts, day, within_days=None)
        counts = facts.alerts
        states[pk] = CaseloadState(
            participant_id=pk,
            organization_id=m.organization_id,
            mentor_id=mentor_id,
            computed_at=now,
            computed_for=day,
            valid_until=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zones[pk]),
            latest_checkin_on=f.latest_date,
            latest_mood=f.latest_mood,
            latest_craving=f.latest_craving,
            signals=[{"code": s.code, "weight": s.weight, "params": s.params} for s in signals],
            signal_score=sum(s.weight for s in signals),
            reasons=[r.as_json() for r in reasons],
            score=sum(r.weight for r in reasons),
            last_contact_on=facts.last_contact_on,
            cared_for_since=facts.cared_for_since,
            days_without_contact=days_without_contact(facts),
            open_alerts=counts.open,
            acknowledged_alerts=counts.acknowledged,
            crisis_open=counts.crisis_open,
            crisis_acknowledged=counts.crisis_acknowledged,
            crisis_since=counts.crisis_since,
            alerts_by_kind=dict(sorted(counts.by_kind.items())),
            highest_severity=severity.get(pk, ""),
            unread_messages=unread.get(pk, 0),
            overdue_steps=facts.overdue_steps,
            next_step_id=upcoming[0][0] if upcoming else None,
            next_step_on=upcoming[0][1] if upcoming else None,
            next_milestone_key=milestone.key if milestone else "",
            next_milestone_on=milestone.on if milestone else None,
        )
    return states


def _write(participant_ids: Sequence[int], *, now: dt.datetime, marks: dict[int, dt.datetime | None]) -> int:
    """Compute and save these rows, then clear each mark still equal to the one read. Rows of
    memberships that are no longer participants are removed."""
    states = compute(participant_ids, now=now)
    gone = [pk for pk in participant_ids if pk not in states]
    if gone:
        CaseloadState.objects.filter(participant_id__in=gone).delete()
    if states:
        CaseloadState.objects.bulk_create(
            [states[pk] for pk in sorted(states)],  # rows locked in key order
            batch_size=500,
            update_conflicts=True,
            unique_fields=["participant"],
            update_fields=COMPUTED_FIELDS,
        )
    read = [(pk, mark) for pk, mark in marks.items() if mark is not None and pk in states]
    for start in range(0, len(read), CLEAR_CHUNK):
        unchanged = Q()
        for pk, mark in read[start : start + CLEAR_CHUNK]:
            unchanged |= Q(participant_id=pk, dirty_since=mark)
        CaseloadState.objects.filter(unchanged).update(dirty_since=None)
    return len(states)


def recompute(participant_ids: Iterable[int], *, now: dt.datetime | None = None) -> int:
    """Recompute these participants' rows now, in one transaction. Returns the rows written."""
    now = now or timezone.now()
    ids = sorted(set(participant_ids))
    with transaction.atomic():
        marks = dict(CaseloadState.objects.filter(participant_id__in=ids).values_list("participant_id", "dirty_since"))
        return _write(ids, now=now, marks=marks)


def recompute_stale(*, now: dt.datetime | None = None, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """The worker's job, on every pass: the rows marked stale (oldest mark first), then those
    whose day is over, up to ``batch_size``; two indexed queries when there is nothing to do.
    A batch that fails is retried one participant at a time; one that still fails is logged and
    stays marked (tried again next pass) while the others are written. Returns counts."""
    now = now or timezone.now()
    marks = dict(
        CaseloadState.objects.filter(dirty_since__isnull=False)
        .order_by("dirty_since")
        .values_list("participant_id", "dirty_since")[:batch_size]
    )
    if len(marks) < batch_size:
        for pk in CaseloadState.objects.filter(valid_until__lte=now, dirty_since__isnull=True).values_list(
            "participant_id", flat=True
        )[: batch_size - len(marks)]:
            marks[pk] = None
    counts: Counter[str] = Counter(recomputed=0, failed=0)
    if not marks:
        return dict(counts)
    try:
        with transaction.atomic():
            counts["recomputed"] += _write(sorted(marks), now=now, marks=marks)  # rows locked in key order
    except Exception:
        logger.exception("Caseload state recompute failed for a batch; trying one at a time")
        for pk, mark in marks.items():
            try:
                with transaction.atomic():
                    counts["recomputed"] += _write([pk], now=now, marks={pk: mark})
            except Exception:
                logger.exception("Caseload state recompute failed for participant %s; left marked", pk)
                counts["failed"] += 1
    return dict(counts)


def rebuild(*, now: dt.datetime | None = None, batch_size: int = REBUILD_BATCH_SIZE) -> int:
    """Every participant's row from history, in batches (each its own transaction); rows of
    memberships that are not participants are removed. Returns the rows written."""
    now = now or timezone.now()
    CaseloadState.objects.exclude(participant__role=Role.PARTICIPANT).delete()
    written = 0
    after = 0
    while True:
        ids = list(
            Membership.objects.filter(role=Role.PARTICIPANT, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return written
        written += recompute(ids, now=now)
        after = ids[-1]
