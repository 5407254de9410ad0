"""Crafted check-in histories for the signal tests: a participant's days, counted back from a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from alongside.checkins.models import CheckIn
from alongside.organizations.models import Membership
from alongside.signals.features import features_for
from alongside.signals.rules import SignalConfig, SignalResult, evaluate

AS_OF = dt.date(2025, 6, 10)
# 09:00 UTC on the 11th: 04:00 in Chicago (Riverbend), 02:00 in Los Angeles (Harbor): the night is
# over everywhere and "yesterday" is AS_OF for every persona.
SWEEP_NOW = dt.datetime(2025, 6, 11, 9, 0, tzinfo=dt.UTC)
USUAL: dict[str, Any] = {"mood": 4, "craving": 3, "sleep_quality": 4, "halt": [], "triggers": [], "used": False}


def day(n: int, as_of: dt.date = AS_OF) -> dt.date:
    """``n`` days before ``as_of`` (0 is ``as_of`` itself)."""
    return as_of - dt.timedelta(days=n)


def checkins(participant: Membership, days: dict[int, dict[str, Any]], *, as_of: dt.date = AS_OF) -> None:
    """Check-ins on the given days (days back from ``as_of``), each the usual answers with overrides."""
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                organization_id=participant.organization_id,
                participant=participant,
                local_date=day(n, as_of),
                **{**USUAL, **values},
            )
            for n, values in days.items()
        ]
    )


def every_day(days: Iterable[int], **values: Any) -> dict[int, dict[str, Any]]:
    return {n: dict(values) for n in days}


def usual_month(**values: Any) -> dict[int, dict[str, Any]]:
    """A steady four weeks before the last three days (days 3 to 30 back)."""
    return every_day(range(3, 31), **values)


def signals_as_of(
    participant: Membership,
    *,
    as_of: dt.date = AS_OF,
    config: SignalConfig | None = None,
    include_absence: bool = True,
    message_end: dt.datetime | None = None,
) -> list[SignalResult]:
    end = message_end or dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    features = features_for(participant_ids=[participant.pk], as_of=as_of, message_end=end)[participant.pk]
    return evaluate(features, config or SignalConfig.default(), include_absence=include_absence)


def codes(results: list[SignalResult]) -> list[str]:
    return [r.code for r in results]


def reason(results: list[SignalResult], code: str) -> str:
    return next(r.reason for r in results if r.code == code)
