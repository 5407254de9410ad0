"""Evaluating early-warning signals (by the worker within seconds of every check-in, and in the
nightly sweep) and changing a program's signal settings.

A check-in is written with ``signals_pending`` set and nothing more, so the check-in request
never waits for the signals; the worker's frequent pass (``signals_evaluate_pending``) evaluates
the waiting participants in a batch and clears the flags.

Both evaluations share one path: features for a batch of participants in a few SQL queries
(``features.py``), the rules in Python (``rules.py``), one bulk write of the evaluations, and an
alert (``alerts.services.alert_raise``, kind "signal") for each participant whose score
crosses their program's alert threshold. "Crosses" means: over the threshold now, and not
already over it at the previous evaluation with the same signals. A participant who stays
over the threshold is not re-alerted every night; a new signal joining is news and is. A signal an
open alert already tells the mentor about (a reported use, which raised its own alert with the
check-in) is kept in the evaluation but does not count again towards crossing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.alerts.models import OPEN_STATUSES, Alert, AlertKind
from alongside.alerts.services import alert_raise
from alongside.audit.services import log_action
from alongside.checkins.models import CheckIn
from alongside.core.exceptions import InvalidInput
from alongside.core.localtime import zone_named
from alongside.organizations.models import Membership, Program, Role
from alongside.signals.features import features_for
from alongside.signals.models import EvaluationOrigin, SignalEvaluation, SignalSettings, SignalSweepRun
from alongside.signals.needs import COVERED_BY
from alongside.signals.rules import (
    ALERT_THRESHOLD_MAX,
    DEFAULT_WEIGHTS,
    THRESHOLDS,
    THRESHOLDS_BY_KEY,
    WEIGHT_MAX,
    Features,
    SignalCode,
    SignalConfig,
    SignalResult,
    alert_reason,
    evaluate,
    score_of,
)
from alongside.signals.selectors import signal_configs_for

logger = logging.getLogger(__name__)

ONE_DAY = dt.timedelta(days=1)
UTC = dt.UTC
PRIOR_LOOKBACK_DAYS = 7  # "already over the threshold": an evaluation at most a week old
SWEEP_LOCAL_HOUR = 2  # a program's nightly sweep starts at 2 a.m. in its own time zone
NO_PROGRAM_SCOPE = "no-program"
SWEEP_COUNTS = ("participants", "evaluations", "signals", "alerts", "batches")
PENDING_COUNTS = ("participants", "evaluations", "alerts", "failed")
CLEAR_CHUNK = 250  # (id, updated_at) pairs per UPDATE: far inside SQLite's expression-depth and parameter limits


# --- Shared evaluation path ---------------------------------------------------------------------


@dataclass
class _Entry:
    participant_id: int
    organization_id: int
    program_id: int | None
    as_of: dt.date
    features: Features | None = None
    results: list[SignalResult] = field(default_factory=list)


@dataclass(frozen=True)
class _Prior:
    evaluated_on: dt.date
    score: int
    alert_threshold: int
    codes: frozenset[str]
    alerted: bool


class _Configs:
    """Program settings loaded once per sweep, then per new program met (one query each time)."""

    def __init__(self) -> None:
        self._by_program: dict[int | None, SignalConfig] = {}

    def load(self, program_ids: Iterable[int | None]) -> None:
        missing = {pk for pk in program_ids if pk not in self._by_program}
        if missing:
            self._by_program.update(signal_configs_for(program_ids=missing))

    def __getitem__(self, program_id: int | None) -> SignalConfig:
        return self._by_program[program_id]


def _priors(entries: list[_Entry]) -> dict[int, list[_Prior]]:
    """Each participant's evaluations of the week before (and of) the day evaluated, newest first."""
    newest = max(e.as_of for e in entries)
    oldest = min(e.as_of for e in entries) - dt.timedelta(days=PRIOR_LOOKBACK_DAYS)
    rows = (
        SignalEvaluation.objects.filter(
            participant_id__in=[e.participant_id for e in entries], evaluated_on__gte=oldest, evaluated_on__lte=newest
        )
        .order_by("participant_id", "-evaluated_on")
        .values_list("participant_id", "evaluated_on", "score", "alert_threshold", "signals", "alerted")
    )
    priors: dict[int, list[_Prior]] = defaultdict(list)
    for participant_id, evaluated_on, score, threshold, signals, alerted in rows:
        codes = frozenset(item["code"] for item in signals)
        priors[participant_id].append(_Prior(evaluated_on, score, threshold, codes, alerted))
    return priors


def _record(
    entries: list[_Entry],
    *,
    configs: _Configs,
    now: dt.datetime,
    origin: str,
    include_absence: bool,
) -> Counter[str]:
    """Apply the rules to entries whose features are loaded, write their evaluations in bulk and
    raise an alert for each one crossing its threshold. A fixed number of queries for the whole
    list, plus those of each alert raised."""
    counts: Counter[str] = Counter(participants=len(entries))
    if not entries:
        return counts
    priors = _priors(entries)
    covered = _covered_by_open_alerts([e.participant_id for e in entries])
    rows: list[SignalEvaluation] = []
    stale: dict[dt.date, list[int]] = defaultdict(list)
    to_alert: list[tuple[_Entry, list[SignalResult], int]] = []
    for entry in entries:
        assert entry.features is not None
        config = configs[entry.program_id]
        entry.results = evaluate(entry.features, config, include_absence=include_absence)
        # What an open alert already tells the mentor (a reported use) counts once: not again towards
        # an early-warning alert. The evaluation keeps everything found.
        news = [r for r in entry.results if r.code not in covered.get(entry.participant_id, frozenset())]
        prior = next((p for p in priors.get(entry.participant_id, []) if p.evaluated_on <= entry.as_of), None)
        same_day = prior if prior is not None and prior.evaluated_on == entry.as_of else None
        if not entry.results:
            if same_day is not None:
                stale[entry.as_of].append(entry.participant_id)  # found something earlier that day, not now
            continue
        score = score_of(entry.results)
        codes = frozenset(r.code for r in entry.results)
        already_over = prior is not None and prior.score >= prior.alert_threshold and codes <= prior.codes
        crossing = score_of(news) >= config.alert_threshold and not already_over
        if crossing:
            to_alert.append((entry, news, config.alert_threshold))
        rows.append(
            SignalEvaluation(
                organization_id=entry.organization_id,
                participant_id=entry.participant_id,
                evaluated_on=entry.as_of,
                score=score,
                alert_threshold=config.alert_threshold,
                signals=[r.as_json() for r in entry.results],
                origin=origin,
                alerted=crossing or (same_day is not None and same_day.alerted),
                evaluated_at=now,
            )
        )
        counts["evaluations"] += 1
        counts["signals"] += len(entry.results)
    for day, participant_ids in stale.items():
        SignalEvaluation.objects.filter(participant_id__in=participant_ids, evaluated_on=day).delete()
    if rows:
        SignalEvaluation.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["participant", "evaluated_on"],
            update_fields=["score", "alert_threshold", "signals", "origin", "alerted", "evaluated_at"],
        )
    counts["alerts"] += _raise_alerts(to_alert, now)
    return counts


def _covered_by_open_alerts(participant_ids: list[int]) -> dict[int, frozenset[str]]:
    """participant id → the signals an open alert of theirs already tells the mentor about (an open
    "reported use" alert covers the reported-use signal: ``needs.COVERED_BY``). One query."""
    rows = (
        Alert.objects.filter(participant_id__in=participant_ids, status__in=OPEN_STATUSES)
        .exclude(kind=AlertKind.SIGNAL)  # an open early-warning alert is handled by "already over"
        .order_by()
        .values_list("participant_id", "kind")
        .distinct()
    )
    covered: dict[int, frozenset[str]] = {}
    for participant_id, kind in rows:
        codes = COVERED_BY.get(kind, frozenset()) & frozenset(SignalCode.values)
        if codes:
            covered[participant_id] = covered.get(participant_id, frozenset()) | codes
    return covered


def _raise_alerts(to_alert: list[tuple[_Entry, list[SignalResult], int]], now: dt.datetime) -> int:
    if not to_alert:
        return 0
    loaded = Membership.objects.select_related("user", "organization", "program").in_bulk(
        [entry.participant_id for entry, _news, _threshold in to_alert]
    )
    raised = 0
    for entry, news, threshold in to_alert:
        participant = loaded[entry.participant_id]
        try:
            # alert_raise is atomic itself: a failure rolls back only its own savepoint.
            alert_raise(
                participant=participant,
                kind=AlertKind.SIGNAL,
                reason=alert_reason(news, score=score_of(news), threshold=threshold),
                source=f"signals:{entry.as_of.isoformat()}",
                now=now,
            )
        except Exception:
            # One participant's alert failing must not stop everyone else's: log it loudly and carry on.
            logger.exception("Could not raise the early-warning alert for participant %s", entry.participant_id)
        else:
            raised += 1
    return raised


def _load_features(entries: list[_Entry], *, now: dt.datetime) -> None:
    """Features for each entry as of its own day. Entries are grouped by that day (one or two days
    in practice): a few queries per group, never per participant."""
    groups: dict[dt.date, list[_Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.as_of].append(entry)
    for as_of, group in groups.items():
        features = features_for(participant_ids=[e.participant_id for e in group], as_of=as_of, message_end=now)
        for entry in group:
            entry.features = features[entry.participant_id]


# --- Within seconds of every check-in (the worker) ----------------------------------------------


def _pending_participants(*, limit: int) -> list[int]:
    """The participants with check-ins waiting for the worker, longest waiting first. One query,
    on a partial index (nearly empty: only what arrived since the last pass)."""
    return list(
        CheckIn.objects.filter(signals_pending=True)
        .values("participant_id")
        .annotate(oldest=Min("updated_at"))
        .order_by("oldest")
        .values_list("participant_id", flat=True)[:limit]
    )


def _pending_checkins(participant_ids: list[int]) -> list[tuple[Any, ...]]:
    """These participants' waiting check-ins, as they are now, with what evaluating the participant
    needs: (participant id, check-in id, updated_at, organization id, program id, user's and
    program's time zones, whether the membership is active, its role). One query."""
    return list(
        CheckIn.objects.filter(signals_pending=True, participant_id__in=participant_ids)
        .order_by()
        .values_list(
            "participant_id",
            "pk",
            "updated_at",
            "participant__organization_id",
            "participant__program_id",
            "participant__user__time_zone",
            "participant__program__time_zone",
            "participant__is_active",
            "participant__role",
        )
    )


def _clear_pending(checkins: Sequence[tuple[int, dt.datetime]]) -> int:
    """Clear the flag of each (id, updated_at) read, only where the row still has that updated_at:
    a check-in changed since it was read stays pending and is evaluated again on the next pass.
    One UPDATE per CLEAR_CHUNK check-ins (a pass rarely has more)."""
    cleared = 0
    for start in range(0, len(checkins), CLEAR_CHUNK):
        unchanged = Q()
        for pk, updated_at in checkins[start : start + CLEAR_CHUNK]:
            unchanged |= Q(pk=pk, updated_at=updated_at)
        cleared += CheckIn.objects.filter(unchanged, signals_pending=True).update(signals_pending=False)
    return cleared


def _evaluate_and_clear(
    entries: list[_Entry], read: Mapping[int, list[tuple[int, dt.datetime]]], *, now: dt.datetime, configs: _Configs
) -> Counter[str]:
    """Evaluate the entries as of their day and clear the check-ins read for them, all or nothing."""
    with transaction.atomic():
        configs.load({e.program_id for e in entries})
        _load_features(entries, now=now)
        # The participant is here: absence signals (missed check-ins) are left to the nightly sweep.
        counts = _record(entries, configs=configs, now=now, origin=EvaluationOrigin.CHECKIN, include_absence=False)
        _clear_pending([checkin for entry in entries for checkin in read[entry.participant_id]])
    return counts


def _evaluate_one_at_a_time(
    entries: list[_Entry], read: Mapping[int, list[tuple[int, dt.datetime]]], *, now: dt.datetime, configs: _Configs
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for entry in entries:
        try:
            counts.update(_evaluate_and_clear([entry], read, now=now, configs=configs))
        except Exception:
            # Logged loudly on every pass until fixed; the flags stay, so nothing is lost meanwhile.
            logger.exception("Early-warning signals failed for participant %s; left pending", entry.participant_id)
            counts["failed"] += 1
    return counts


def signals_evaluate_pending(*, now: dt.datetime | None = None, batch_size: int = 500) -> dict[str, int]:
    """The worker's job, run on every pass of its loop (every second or two): evaluate the signals
    of the participants whose check-ins were written or changed since the last pass, so a
    worrying check-in reaches the mentor within seconds and the check-in request never waits.

    Takes up to ``batch_size`` participants with pending check-ins, longest waiting first, and
    evaluates each once, as of their own local today, in one batch (a fixed number of queries,
    plus those of each alert raised): writes or replaces that day's SignalEvaluation when
    anything is found (and removes an earlier one of that day when nothing is now), and raises a
    "signal" alert when the score crosses the program's threshold. Missed check-ins are left to
    the nightly sweep. In the same transaction, clears the flags of the check-ins it read, except
    those changed since (evaluated again on the next pass). Participants no longer active are
    not evaluated; their flags are cleared.

    Never loses a pending check-in: when the batch fails, each participant is tried on their own;
    one who still fails is logged and stays pending (tried again every pass) while everyone else
    is evaluated and cleared. Safe with several workers: evaluating a participant twice replaces
    the same row, and the alert's source makes a second raise add nothing. Returns counts:
    participants (evaluated), evaluations (with something found), alerts, failed."""
    now = now or timezone.now()
    participant_ids = _pending_participants(limit=batch_size)
    if not participant_ids:
        return _pending_totals(Counter())
    read: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    found: dict[int, _Entry] = {}
    inactive: list[tuple[int, dt.datetime]] = []
    for participant_id, pk, updated_at, *membership in _pending_checkins(participant_ids):
        organization_id, program_id, user_zone, program_zone, active, role = membership
        if not active or role != Role.PARTICIPANT:
            inactive.append((pk, updated_at))
            continue
        read[participant_id].append((pk, updated_at))
        if participant_id not in found:
            as_of = now.astimezone(zone_named(user_zone, program_zone)).date()
            found[participant_id] = _Entry(participant_id, organization_id, program_id, as_of)
    if inactive:
        _clear_pending(inactive)
    entries = [found[pk] for pk in participant_ids if pk in found]  # longest waiting first
    configs = _Configs()
    if len(entries) <= 1:
        return _pending_totals(_evaluate_one_at_a_time(entries, read, now=now, configs=configs))
    try:
        counts = _evaluate_and_clear(entries, read, now=now, configs=configs)
    except Exception:
        # All of it rolled back, flags included: one at a time now, so a participant whose
        # evaluation keeps failing holds back no one else.
        logger.exception("Early-warning signals failed for a batch of %s participants", len(entries))
        counts = _evaluate_one_at_a_time(entries, read, now=now, configs=configs)
    return _pending_totals(counts)


def _pending_totals(counts: Counter[str]) -> dict[str, int]:
    return {key: counts[key] for key in PENDING_COUNTS}


# --- The nightly sweep ---------------------------------------------------------------------------


def _participant_batch(*, after: int, limit: int, scope: Q | None = None) -> list[tuple[Any, ...]]:
    participants = Membership.objects.filter(role=Role.PARTICIPANT, is_active=True, pk__gt=after)
    if scope is not None:
        participants = participants.filter(scope)
    return list(
        participants.order_by("pk").values_list(
            "pk", "organization_id", "program_id", "user__time_zone", "program__time_zone"
        )[:limit]
    )


def _sweep_batch(rows: list[tuple[Any, ...]], *, now: dt.datetime, configs: _Configs) -> Counter[str]:
    """Evaluate one batch as of each participant's last complete local day (yesterday, in their
    own time zone): a few queries per such day, never per participant."""
    configs.load({row[2] for row in rows})
    entries = [
        _Entry(pk, organization_id, program_id, now.astimezone(zone_named(user_zone, program_zone)).date() - ONE_DAY)
        for pk, organization_id, program_id, user_zone, program_zone in rows
    ]
    _load_features(entries, now=now)
    counts = _record(entries, configs=configs, now=now, origin=EvaluationOrigin.SWEEP, include_absence=True)
    counts["batches"] = 1
    return counts


def _totals(counts: Counter[str]) -> dict[str, int]:
    return {key: counts[key] for key in SWEEP_COUNTS}


def signals_nightly_sweep(*, now: dt.datetime | None = None, batch_size: int = 2000) -> dict[str, int]:
    """Evaluate every active participant of every organization as of their last complete local
    day, including the signals that only show when nothing happens (missed check-ins, going
    quiet in messages). Works in batches of ``batch_size`` participants with a fixed number of
    queries per batch (plus those of each alert raised), each batch in its own transaction.
    Idempotent: a second run for the same day replaces the same evaluations and adds no alert.
    Returns counts: participants, evaluations (with something found), signals, alerts, batches."""
    now = now or timezone.now()
    configs = _Configs()
    totals: Counter[str] = Counter()
    after = 0
    while rows := _participant_batch(after=after, limit=batch_size):
        with transaction.atomic():
            totals.update(_sweep_batch(rows, now=now, configs=configs))
        after = rows[-1][0]
        if len(rows) < batch_size:
            break
    return _totals(totals)


def _due_scopes(now: dt.datetime) -> list[tuple[str, dt.date, Q]]:
    """Programs (and the participants without one) whose night has come (2 a.m. local) and whose
    sweep for that local date has not finished yet. Two small queries."""
    due: list[tuple[str, dt.date, Q]] = []
    for pk, zone_name in Program.objects.order_by("pk").values_list("pk", "time_zone"):
        local = now.astimezone(zone_named(zone_name))
        if local.hour >= SWEEP_LOCAL_HOUR:
            due.append((f"program:{pk}", local.date(), Q(program_id=pk)))
    utc_now = now.astimezone(UTC)
    if utc_now.hour >= SWEEP_LOCAL_HOUR:
        due.append((NO_PROGRAM_SCOPE, utc_now.date(), Q(program__isnull=True)))
    if not due:
        return []
    finished = set(
        SignalSweepRun.objects.filter(finished_at__isnull=False, run_on__gte=min(day for _, day, _ in due)).values_list(
            "scope", "run_on"
        )
    )
    return [item for item in due if (item[0], item[1]) not in finished]


def signals_sweep_due(
    *, now: dt.datetime | None = None, batch_size: int = 2000, max_batches: int = 1
) -> dict[str, int]:
    """The worker's nightly sweep, a little at a time: once a program's local time passes 2 a.m.,
    its participants are swept for that night, ``max_batches`` batches per call, resuming where
    the last call stopped (so the worker loop stays responsive and a killed worker picks up
    again). Each program is swept once per local day; two workers never sweep the same program
    at once (the run row is locked, the other skips it). Returns the counts of this call."""
    now = now or timezone.now()
    configs = _Configs()
    totals: Counter[str] = Counter()
    budget = max_batches
    for scope_name, run_on, scope in _due_scopes(now):
        if budget <= 0:
            break
        SignalSweepRun.objects.get_or_create(scope=scope_name, run_on=run_on, defaults={"started_at": now})
        with transaction.atomic():
            run = (
                SignalSweepRun.objects.select_for_update(skip_locked=True)
                .filter(scope=scope_name, run_on=run_on, finished_at__isnull=True)
                .first()
            )
            if run is None:
                continue  # another worker is on it, or it just finished
            counts: Counter[str] = Counter(run.counts)
            while budget > 0:
                rows = _participant_batch(after=run.cursor, limit=batch_size, scope=scope)
                if rows:
                    budget -= 1  # only real work counts: closing out a finished scope is free
                    batch_counts = _sweep_batch(rows, now=now, configs=configs)
                    counts.update(batch_counts)
                    totals.update(batch_counts)
                    run.cursor = rows[-1][0]
                if len(rows) < batch_size:
                    run.finished_at = now
                    break
            run.counts = dict(counts)
            run.save(update_fields=["cursor", "counts", "finished_at"])
    return _totals(totals)


# --- Settings ------------------------------------------------------------------------------------


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _clean_settings(
    *, alert_threshold: Any, weights: Mapping[str, Any], thresholds: Mapping[str, Any], enabled: Iterable[str]
) -> tuple[int, dict[str, int], dict[str, float], list[str]]:
    errors: dict[str, list[str]] = {}
    known = set(SignalCode.values)
    enabled = list(dict.fromkeys(enabled))
    for name, codes in (("weights", set(weights)), ("enabled", set(enabled))):
        unknown = sorted(codes - known)
        if unknown:
            errors[name] = [_("Unknown signal: %(codes)s.") % {"codes": ", ".join(unknown)}]
    clean_weights: dict[str, int] = {}
    for code in SignalCode.values:
        value = weights.get(code, DEFAULT_WEIGHTS[code])
        weight = _whole(value)
        if weight is None or not 0 <= weight <= WEIGHT_MAX:
            errors[f"weight_{code}"] = [
                _("The weight of “%(signal)s” must be a whole number from 0 to %(max)s.")
                % {"signal": SignalCode(code).label, "max": WEIGHT_MAX}
            ]
        else:
            clean_weights[code] = weight
    unknown_thresholds = sorted(set(thresholds) - set(THRESHOLDS_BY_KEY))
    if unknown_thresholds:
        errors["thresholds"] = [_("Unknown threshold: %(keys)s.") % {"keys": ", ".join(unknown_thresholds)}]
    clean_thresholds: dict[str, float] = {}
    for spec in THRESHOLDS:
        raw = thresholds.get(spec.key, spec.default)
        value = _whole(raw) if spec.integer else _number(raw)
        if value is None or not spec.minimum <= value <= spec.maximum:
            template = (
                _("“%(label)s” must be a whole number from %(min)s to %(max)s.")
                if spec.integer
                else _("“%(label)s” must be a number from %(min)s to %(max)s.")
            )
            errors[f"threshold_{spec.key}"] = [
                template % {"label": spec.label, "min": f"{spec.minimum:g}", "max": f"{spec.maximum:g}"}
            ]
        else:
            clean_thresholds[spec.key] = float(value)
    threshold = _whole(alert_threshold)
    if threshold is None or not 1 <= threshold <= ALERT_THRESHOLD_MAX:
        errors["alert_threshold"] = [
            _("The alert threshold must be a whole number from 1 to %(max)s.") % {"max": ALERT_THRESHOLD_MAX}
        ]
    elif not errors and enabled:
        reachable = sum(clean_weights[code] for code in enabled)
        if threshold > reachable:
            errors["alert_threshold"] = [
                _(
                    "With these signals and weights the score can reach at most %(max)s, so no alert would ever "
                    "be raised. Lower the alert threshold, or turn on or weigh up more signals."
                )
                % {"max": reachable}
            ]
    if errors:
        raise InvalidInput(_("Please check the highlighted settings."), field_errors=errors)
    assert threshold is not None
    return threshold, clean_weights, clean_thresholds, enabled


@transaction.atomic
def signal_settings_update(
    *,
    viewer: Membership,
    program: Program,
    alert_threshold: int,
    weights: Mapping[str, Any],
    thresholds: Mapping[str, Any],
    enabled: Iterable[str],
) -> SignalSettings:
    """Replace a program's signal settings (org admins only). A weight or threshold left out goes
    back to its default; signals not in ``enabled`` are switched off (an empty ``enabled`` turns
    the early-warning signals off for the program). Raises InvalidInput naming each bad field,
    including an alert threshold the enabled weights could never reach. Applies from the next
    evaluation on. Audits ``signals.settings_updated``."""
    policy.authorize(viewer, policy.ORG_MANAGE_PROGRAMS, program.organization)
    threshold, clean_weights, clean_thresholds, on = _clean_settings(
        alert_threshold=alert_threshold, weights=weights, thresholds=thresholds, enabled=enabled
    )
    settings, _created = SignalSettings.objects.select_for_update().get_or_create(
        program=program, defaults={"organization": program.organization}
    )
    settings.alert_threshold = threshold
    settings.weights = clean_weights
    settings.thresholds = clean_thresholds
    settings.disabled = [code for code in SignalCode.values if code not in on]
    settings.updated_at = timezone.now()
    settings.updated_by = viewer
    settings.save()
    log_action(
        "signals.settings_updated",
        actor=viewer,
        target=settings,
        organization=program.organization,
        extra={
            "program": program.pk,
            "alert_threshold": threshold,
            "weights": clean_weights,
            "thresholds": clean_thresholds,
            "disabled": settings.disabled,
        },
    )
    return settings
