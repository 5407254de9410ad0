"""The numbers behind the signals, computed in SQL for a whole batch of participants at once.

One pass over the last WINDOW_DAYS of check-ins (a window function ranks each participant's
check-ins, conditional aggregates reduce them to a handful of numbers per participant), one
for the repeating triggers (the JSON lists unnested) and, when messaging is installed, one
over the messages the participants wrote. Three queries per batch, whatever its size: the
rules in ``rules.py`` then run in Python on these few numbers.

Runs on PostgreSQL and SQLite; the only differences are how a JSON list is measured and
unnested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.db import connection

from alongside.checkins.models import CheckIn
from alongside.signals.rules import (
    CRAVING_BASELINE_DAYS,
    MESSAGE_WEEKS,
    POOR_SLEEP_AT_MOST,
    RECENT_DAYS,
    SLEEP_LOOKBACK_CHECKINS,
    SLEEP_WITHIN_DAYS,
    TRIGGER_LOOKBACK_CHECKINS,
    WINDOW_DAYS,
    Features,
)

MESSAGING_APP = "alongside.messaging"


def _postgres() -> bool:
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise NotImplementedError("Early-warning signals run on PostgreSQL or SQLite.")
    return connection.vendor == "postgresql"


def _ids(column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
    if _postgres():
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _day(value: dt.date) -> Any:
    # SQLite stores dates as ISO text; PostgreSQL compares real dates.
    return value if _postgres() else value.isoformat()


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _as_float(value: Any) -> float | None:
    return None if value is None else float(value)  # PostgreSQL's AVG is a Decimal


def _window(column_list: str, ids_sql: str) -> str:
    """Each participant's check-ins in the window, newest first ranked 1, 2, 3..."""
    table = CheckIn._meta.db_table
    return (
        f"SELECT participant_id, {column_list}, "  # noqa: S608 - code constants only; values are bound parameters
        f"ROW_NUMBER() OVER (PARTITION BY participant_id ORDER BY local_date DESC) AS rn "
        f"FROM {table} WHERE {ids_sql} AND local_date >= %s AND local_date <= %s"
    )


def _checkin_rows(participant_ids: Sequence[int], as_of: dt.date) -> list[tuple[Any, ...]]:
    halt_n = "jsonb_array_length(halt)" if _postgres() else "json_array_length(halt)"
    ids_sql, ids_params = _ids("participant_id", participant_ids)
    day = dt.timedelta(days=1)
    recent = _day(as_of - (RECENT_DAYS - 1) * day)
    craving_base = _day(as_of - (RECENT_DAYS + CRAVING_BASELINE_DAYS - 1) * day)
    sleep_since = _day(as_of - (SLEEP_WITHIN_DAYS - 1) * day)
    halt_days = [_day(as_of - i * day) for i in range(RECENT_DAYS)]
    in_recent = "local_date >= %s"
    in_craving_base = "local_date >= %s AND local_date < %s"
    in_sleep = f"rn <= {SLEEP_LOOKBACK_CHECKINS} AND local_date >= %s"
    select = [
        ("COUNT(*)", []),
        ("MAX(local_date)", []),
        ("MAX(CASE WHEN rn = 1 THEN craving END)", []),
        ("MAX(CASE WHEN rn = 1 THEN mood END)", []),
        (f"SUM(CASE WHEN {in_recent} THEN 1 ELSE 0 END)", [recent]),
        (f"AVG(CASE WHEN {in_recent} THEN craving END)", [recent]),
        (f"MIN(CASE WHEN {in_recent} THEN craving END)", [recent]),
        (f"AVG(CASE WHEN {in_recent} THEN mood END)", [recent]),
        (f"AVG(CASE WHEN {in_recent} THEN halt_n END)", [recent]),
        (f"SUM(CASE WHEN {in_craving_base} THEN 1 ELSE 0 END)", [craving_base, recent]),
        (f"AVG(CASE WHEN {in_craving_base} THEN craving END)", [craving_base, recent]),
        (f"AVG(CASE WHEN {in_craving_base} THEN halt_n END)", [craving_base, recent]),
        ("SUM(CASE WHEN local_date < %s THEN 1 ELSE 0 END)", [recent]),
        ("AVG(CASE WHEN local_date < %s THEN mood END)", [recent]),
        *[("MAX(CASE WHEN local_date = %s THEN halt_n END)", [d]) for d in halt_days],
        (f"SUM(CASE WHEN {in_sleep} AND sleep_quality IS NOT NULL THEN 1 ELSE 0 END)", [sleep_since]),
        (f"SUM(CASE WHEN {in_sleep} AND sleep_quality <= {POOR_SLEEP_AT_MOST} THEN 1 ELSE 0 END)", [sleep_since]),
        ("MAX(CASE WHEN used THEN local_date END)", []),
        ("MAX(CASE WHEN rn = 1 AND wants_outreach THEN 1 ELSE 0 END)", []),
    ]
    window = _window(f"local_date, mood, craving, sleep_quality, used, wants_outreach, {halt_n} AS halt_n", ids_sql)
    sql = (
        f"WITH recent AS ({window}) SELECT participant_id, {', '.join(expr for expr, _ in select)} "  # noqa: S608
        f"FROM recent GROUP BY participant_id"
    )
    params: list[Any] = [*ids_params, _day(as_of - (WINDOW_DAYS - 1) * day), _day(as_of)]
    for _, expr_params in select:
        params.extend(expr_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def _repeated_triggers(participant_ids: Sequence[int], as_of: dt.date) -> dict[int, tuple[str, int]]:
    """participant id → (trigger, how many of their last five check-ins name it), the most
    repeated one; only triggers named at least twice."""
    ids_sql, ids_params = _ids("participant_id", participant_ids)
    unnest = (
        "CROSS JOIN LATERAL jsonb_array_elements_text(r.triggers) AS t(value)"
        if _postgres()
        else ", json_each(r.triggers) AS t"
    )
    sql = (
        f"SELECT r.participant_id, t.value, COUNT(*) FROM ({_window('local_date, triggers', ids_sql)}) r {unnest} "  # noqa: S608
        f"WHERE r.rn <= {TRIGGER_LOOKBACK_CHECKINS} GROUP BY r.participant_id, t.value HAVING COUNT(*) >= 2"
    )
    day = dt.timedelta(days=1)
    params = [*ids_params, _day(as_of - (WINDOW_DAYS - 1) * day), _day(as_of)]
    found: dict[int, tuple[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for participant_id, trigger, count in cursor.fetchall():
            best = found.get(participant_id)
            if best is None or (count, trigger) > (best[1], best[0]):
                found[participant_id] = (str(trigger), int(count))
    return found


def messaging_available() -> bool:
    """Going quiet in messages needs the messaging app; without it that signal is simply absent."""
    return apps.is_installed(MESSAGING_APP)


def _message_weeks(
    participant_ids: Sequence[int], end: dt.datetime
) -> dict[int, tuple[dt.datetime | None, tuple[int, ...]]]:
    """participant id → (their latest message, messages they wrote per week, newest week first).

    Only what the participant wrote to their thread counts (not their mentor's messages). Read
    only: counts and dates, never a message's text. Plain SQL like the check-in pass: it runs
    within seconds of every check-in, where compiling the equivalent ORM query cost more than
    running it."""
    from alongside.messaging.models import Message, Thread

    week = dt.timedelta(days=7)
    ops = connection.ops
    ids_sql, ids_params = _ids("t.participant_id", participant_ids)
    buckets = ", ".join(
        "SUM(CASE WHEN m.created_at >= %s AND m.created_at < %s THEN 1 ELSE 0 END)" for _ in range(MESSAGE_WEEKS)
    )
    sql = (
        f"SELECT t.participant_id, MAX(m.created_at), {buckets} "  # noqa: S608 - code constants only; values are bound
        f"FROM {Message._meta.db_table} m JOIN {Thread._meta.db_table} t ON t.id = m.thread_id "
        f"WHERE {ids_sql} AND m.sender_id = t.participant_id AND m.created_at >= %s AND m.created_at < %s "
        f"GROUP BY t.participant_id"
    )
    params: list[Any] = []
    for k in range(MESSAGE_WEEKS):
        params += [ops.adapt_datetimefield_value(end - (k + 1) * week), ops.adapt_datetimefield_value(end - k * week)]
    params += [
        *ids_params,
        ops.adapt_datetimefield_value(end - MESSAGE_WEEKS * week),
        ops.adapt_datetimefield_value(end),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {row[0]: (_as_datetime(row[1]), tuple(int(n or 0) for n in row[2:])) for row in rows}


def _as_datetime(value: Any) -> dt.datetime | None:
    # SQLite hands back the stored UTC text; PostgreSQL an aware datetime.
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _tune_for_batch() -> None:
    """For a batch, on PostgreSQL, for the rest of the batch's transaction: the planner's estimate
    for a long id list is high enough to switch on JIT compilation and parallel workers, which
    cost more than these ~60,000-row queries themselves (measured: 0.26 s -> 0.04 s a query);
    and the window sort fits in memory instead of spilling to disk."""
    if _postgres() and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '32MB'"
            )


def features_for(*, participant_ids: Sequence[int], as_of: dt.date, message_end: dt.datetime) -> dict[int, Features]:
    """Features of every participant in ``participant_ids`` as of the day ``as_of`` (that day
    included); a participant without check-ins gets empty features. Messages are counted up to
    ``message_end``. Two queries, three with messaging, for any number of participants."""
    features = {pk: Features(as_of=as_of) for pk in participant_ids}
    if not participant_ids:
        return features
    if len(participant_ids) > 1:
        _tune_for_batch()
    for row in _checkin_rows(participant_ids, as_of):
        f = features[row[0]]
        f.checkins = int(row[1])
        f.latest_date = _as_date(row[2])
        f.latest_craving, f.latest_mood = row[3], row[4]
        f.recent_n = int(row[5] or 0)
        f.recent_craving, f.recent_craving_min = _as_float(row[6]), row[7]
        f.recent_mood, f.recent_halt = _as_float(row[8]), _as_float(row[9])
        f.craving_base_n = int(row[10] or 0)
        f.craving_base, f.halt_base = _as_float(row[11]), _as_float(row[12])
        f.mood_base_n, f.mood_base = int(row[13] or 0), _as_float(row[14])
        f.halt_by_day = tuple(row[15 : 15 + RECENT_DAYS])
        position = 15 + RECENT_DAYS
        f.sleep_n, f.sleep_poor = int(row[position] or 0), int(row[position + 1] or 0)
        f.last_used_on = _as_date(row[position + 2])
        f.latest_outreach = bool(row[position + 3])
    for participant_id, (trigger, count) in _repeated_triggers(participant_ids, as_of).items():
        features[participant_id].repeated_trigger = trigger
        features[participant_id].repeated_trigger_count = count
    if messaging_available():
        weeks = _message_weeks(participant_ids, message_end)
        empty = (0,) * MESSAGE_WEEKS
        for participant_id, f in features.items():
            last, counts = weeks.get(participant_id, (None, empty))
            f.message_last, f.message_weeks, f.message_end = last, counts, message_end
    return features
