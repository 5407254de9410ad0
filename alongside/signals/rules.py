"""The early-warning signals: what each one looks for, its weight, its thresholds, and the plain
words a mentor reads.

No black box. Each signal compares the participant with their own recent past (never with
other people), has a weight, and says why it was found in the participant's own numbers
("Craving has been 7 or higher for three days, above their usual 3."). A score is simply the
sum of the weights of the signals found; an alert is raised when the score reaches the
program's alert threshold. Everything here is plain Python over a few numbers per participant
(``Features``), which ``features.py`` computes in bulk in SQL.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alongside.checkins.models import CommonTrigger, Sleep

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Windows, counted back from the day the participant is evaluated "as of" (that day included).
RECENT_DAYS = 3  # "lately": the as-of day and the two before it
CRAVING_BASELINE_DAYS = 14  # their usual craving and HALT: the 14 days before the recent ones
MOOD_BASELINE_DAYS = 28  # their usual mood and check-in rhythm: the 28 days before the recent ones
WINDOW_DAYS = RECENT_DAYS + MOOD_BASELINE_DAYS  # every check-in the rules look at: 31 days
MIN_CRAVING_BASELINE = 5  # check-ins needed before "their usual craving" means anything
MIN_MOOD_BASELINE = 7
SLEEP_LOOKBACK_CHECKINS = 4
SLEEP_WITHIN_DAYS = 7  # "the last four check-ins" only counts check-ins of the past week
POOR_SLEEP_AT_MOST = Sleep.POOR.value  # poor or very poor
TRIGGER_LOOKBACK_CHECKINS = 5
MESSAGE_WEEKS = 8  # weekly message counts reach back this far
MESSAGE_HABIT_WEEKS = 4  # "used to message weekly": messages in most of these weeks...
MESSAGE_HABIT_MIN_WEEKS = 3  # ...at least this many of them

WEIGHT_MAX = 10
DEFAULT_ALERT_THRESHOLD = 4
ALERT_THRESHOLD_MAX = 80


class SignalCode(models.TextChoices):
    CRAVING_RISING = "craving_rising", _("Craving rising")
    MOOD_DROP = "mood_drop", _("Mood lower than usual")
    POOR_SLEEP = "poor_sleep", _("Poor sleep")
    HALT_BUILDING = "halt_building", _("Hungry, angry, lonely, tired building up")
    TRIGGER_REPEATING = "trigger_repeating", _("The same trigger again and again")
    REPORTED_USE = "reported_use", _("Reported use")
    MISSED_CHECKINS = "missed_checkins", _("Missed check-ins")
    QUIET_MESSAGES = "quiet_messages", _("Gone quiet in messages")


# What each signal looks for, in plain words (settings page, participant page).
DESCRIPTIONS: dict[str, StrOrPromise] = {
    SignalCode.CRAVING_RISING: _(
        "Craving over the last three days well above their own usual (the two weeks before), "
        "or very high in the latest check-in."
    ),
    SignalCode.MOOD_DROP: _(
        "Mood in the latest check-in, or over the last three days, well below their own usual (the four weeks before)."
    ),
    SignalCode.POOR_SLEEP: _("Poor or very poor sleep on most of the last four check-ins."),
    SignalCode.HALT_BUILDING: _(
        "Feeling several of hungry, angry, lonely and tired on several of the last three days, or more of them than usual."
    ),
    SignalCode.TRIGGER_REPEATING: _("The same trigger named again and again in the last five check-ins."),
    SignalCode.REPORTED_USE: _("Use reported in a recent check-in."),
    SignalCode.MISSED_CHECKINS: _(
        "Someone who usually checks in most days has missed recent days (found by the nightly review)."
    ),
    SignalCode.QUIET_MESSAGES: _("Someone who used to message their mentor most weeks has stopped writing."),
}

DEFAULT_WEIGHTS: dict[str, int] = {
    SignalCode.CRAVING_RISING: 3,
    SignalCode.MOOD_DROP: 2,
    SignalCode.POOR_SLEEP: 1,
    SignalCode.HALT_BUILDING: 1,
    SignalCode.TRIGGER_REPEATING: 1,
    SignalCode.REPORTED_USE: 3,
    SignalCode.MISSED_CHECKINS: 2,
    SignalCode.QUIET_MESSAGES: 2,
}

# Signals about something NOT happening. When a participant has just checked in they are here,
# so the check-in's own evaluation leaves these to the nightly sweep.
ABSENCE_SIGNALS = frozenset({SignalCode.MISSED_CHECKINS.value})


@dataclass(frozen=True)
class ThresholdSpec:
    key: str
    signal: str
    default: float
    minimum: float
    maximum: float
    integer: bool
    label: StrOrPromise


THRESHOLDS: tuple[ThresholdSpec, ...] = (
    ThresholdSpec("craving_rise", SignalCode.CRAVING_RISING, 2, 0.5, 10, False, _("Craving rise above their usual (0–10 scale)")),
    ThresholdSpec("craving_high", SignalCode.CRAVING_RISING, 8, 1, 10, True, _("Craving this high in the latest check-in")),
    ThresholdSpec("mood_drop", SignalCode.MOOD_DROP, 1.5, 0.5, 4, False, _("Mood drop below their usual (1–5 scale)")),
    ThresholdSpec("poor_sleep_nights", SignalCode.POOR_SLEEP, 3, 1, 4, True, _("Poor nights among the last four check-ins")),
    ThresholdSpec("halt_states", SignalCode.HALT_BUILDING, 3, 1, 4, True, _("Hungry, angry, lonely or tired: states felt in one day")),
    ThresholdSpec("halt_days", SignalCode.HALT_BUILDING, 2, 1, 3, True, _("Days like that among the last three")),
    ThresholdSpec("halt_rise", SignalCode.HALT_BUILDING, 1.5, 0.5, 4, False, _("Rise in states a day above their usual")),
    ThresholdSpec("trigger_repeats", SignalCode.TRIGGER_REPEATING, 3, 2, 5, True, _("Check-ins among the last five naming the same trigger")),
    ThresholdSpec("use_days", SignalCode.REPORTED_USE, 2, 1, 7, True, _("Days to look back for reported use")),
    ThresholdSpec("rhythm_days", SignalCode.MISSED_CHECKINS, 5, 1, 7, True, _("Usual check-in days a week (over the previous four weeks)")),
    ThresholdSpec("missed_days", SignalCode.MISSED_CHECKINS, 2, 1, 3, True, _("Missed days among the last three")),
    ThresholdSpec("quiet_days", SignalCode.QUIET_MESSAGES, 14, 7, 28, True, _("Days without a message to their mentor")),
)  # fmt: skip
THRESHOLDS_BY_KEY: dict[str, ThresholdSpec] = {spec.key: spec for spec in THRESHOLDS}


@dataclass(frozen=True)
class SignalConfig:
    """A program's effective settings: its saved choices over the defaults in code."""

    weights: Mapping[str, int]
    thresholds: Mapping[str, float]
    enabled: frozenset[str]
    alert_threshold: int = DEFAULT_ALERT_THRESHOLD

    @classmethod
    def default(cls) -> SignalConfig:
        return cls(
            weights=dict(DEFAULT_WEIGHTS),
            thresholds={spec.key: spec.default for spec in THRESHOLDS},
            enabled=frozenset(SignalCode.values),
        )

    def t(self, key: str) -> float:
        return self.thresholds.get(key, THRESHOLDS_BY_KEY[key].default)


@dataclass
class Features:
    """What the rules need to know about one participant, as of one day (see features.py)."""

    as_of: dt.date
    checkins: int = 0
    latest_date: dt.date | None = None
    latest_craving: int | None = None
    latest_mood: int | None = None
    latest_outreach: bool = False  # the latest check-in asked for someone to reach out
    recent_n: int = 0  # check-ins in the last RECENT_DAYS days
    recent_craving: float | None = None
    recent_craving_min: int | None = None
    recent_mood: float | None = None
    recent_halt: float | None = None
    craving_base_n: int = 0
    craving_base: float | None = None
    halt_base: float | None = None
    mood_base_n: int = 0  # check-ins in the MOOD_BASELINE_DAYS before the recent days
    mood_base: float | None = None
    halt_by_day: tuple[int | None, ...] = (None,) * RECENT_DAYS  # as-of day first
    sleep_n: int = 0  # of the last four check-ins (past week), how many rated sleep
    sleep_poor: int = 0
    last_used_on: dt.date | None = None
    repeated_trigger: str = ""
    repeated_trigger_count: int = 0
    # Messages the participant wrote: None when messaging is not installed.
    message_weeks: tuple[int, ...] | None = None  # messages per week, the week ending at message_end first
    message_last: dt.datetime | None = None
    message_end: dt.datetime | None = None


@dataclass(frozen=True)
class SignalResult:
    """One signal found: its code, its weight in the score, and why, in plain words."""

    code: str
    weight: int
    reason: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """What an evaluation keeps: the code, the weight and the numbers, never words (``reason_for``
        says them in the reader's language when read)."""
        return {"code": self.code, "weight": self.weight, "params": self.params}

    @property
    def label(self) -> str:
        return str(SignalCode(self.code).label)


def score_of(results: list[SignalResult]) -> int:
    return sum(result.weight for result in results)


# --- Plain words --------------------------------------------------------------------------------


def _num(value: float) -> str:
    """3, 3.5 — at most one decimal, in the reader's number format."""
    rounded = round(value, 1)
    return number_format(rounded, 0 if rounded == int(rounded) else 1)


def _day(iso: str) -> str:
    return date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")


def _trigger_label(value: str) -> str:
    labels = dict(CommonTrigger.choices)
    return str(labels.get(value, value))


def _craving_reason(p: Mapping[str, Any]) -> str:
    parts = []
    said_low = False  # "8 or higher for three days" already says a latest 8
    if p.get("usual") is not None:
        if p["low"] >= p["usual"] + p["rise"]:
            said_low = True
            template = (
                gettext("Craving has been %(low)s or higher for three days, above their usual %(usual)s.")
                if p["n"] >= RECENT_DAYS
                else gettext(
                    "Craving has been %(low)s or higher on two of the last three days, above their usual %(usual)s."
                )
            )
            parts.append(template % {"low": p["low"], "usual": _num(p["usual"])})
        else:
            parts.append(
                gettext(
                    "Craving has averaged %(mean)s out of 10 over the last three days, above their usual %(usual)s."
                )
                % {"mean": _num(p["mean"]), "usual": _num(p["usual"])}
            )
    if p.get("latest") is not None and p["latest"] >= p["high"] and not (said_low and p["latest"] <= p["low"]):
        parts.append(gettext("The latest check-in says %(latest)s out of 10.") % {"latest": p["latest"]})
    return " ".join(parts)


def _mood_reason(p: Mapping[str, Any]) -> str:
    if p["variant"] == "recent":
        return gettext("Mood has averaged %(mean)s out of 5 over the last three days, below their usual %(usual)s.") % {
            "mean": _num(p["mean"]),
            "usual": _num(p["usual"]),
        }
    return gettext("Mood was %(latest)s out of 5 in the latest check-in, below their usual %(usual)s.") % {
        "latest": p["latest"],
        "usual": _num(p["usual"]),
    }


def _sleep_reason(p: Mapping[str, Any]) -> str:
    return gettext("Slept poorly on %(poor)s of the last %(of)s check-ins.") % p


def _halt_reason(p: Mapping[str, Any]) -> str:
    if p["variant"] == "days":
        return gettext(
            "Felt %(states)s or more of hungry, angry, lonely and tired on %(days)s of the last three days."
        ) % {"states": p["states"], "days": p["days"]}
    return gettext(
        "Feeling hungry, angry, lonely or tired more than usual: about %(recent)s a day lately, against their usual %(usual)s."
    ) % {"recent": _num(p["recent"]), "usual": _num(p["usual"])}


def _trigger_reason(p: Mapping[str, Any]) -> str:
    return gettext("Named the same trigger, “%(trigger)s”, in %(n)s of the last %(of)s check-ins.") % {
        "trigger": _trigger_label(p["trigger"]),
        "n": p["n"],
        "of": p["of"],
    }


def _use_reason(p: Mapping[str, Any]) -> str:
    return gettext("Reported use on %(day)s. A good moment to check in, without judgment.") % {"day": _day(p["day"])}


def _missed_reason(p: Mapping[str, Any]) -> str:
    return (
        gettext("Usually checks in about %(per_week)s days a week, but missed %(missed)s of the last three days.") % p
    )


def _quiet_reason(p: Mapping[str, Any]) -> str:
    return gettext("Used to message their mentor most weeks, but has not written for %(days)s days.") % p


_REASONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    SignalCode.CRAVING_RISING: _craving_reason,
    SignalCode.MOOD_DROP: _mood_reason,
    SignalCode.POOR_SLEEP: _sleep_reason,
    SignalCode.HALT_BUILDING: _halt_reason,
    SignalCode.TRIGGER_REPEATING: _trigger_reason,
    SignalCode.REPORTED_USE: _use_reason,
    SignalCode.MISSED_CHECKINS: _missed_reason,
    SignalCode.QUIET_MESSAGES: _quiet_reason,
}


def reason_for(code: str, params: Mapping[str, Any], fallback: str = "") -> str:
    """The reason in the reader's language, from the numbers stored with the signal."""
    render = _REASONS.get(code)
    if render is None:
        return fallback
    try:
        return render(params)
    except (KeyError, TypeError, ValueError):
        return fallback  # stored by an older version with other numbers: show what it said then


# --- The rules ----------------------------------------------------------------------------------
# Each returns the numbers behind the signal when it is found, else None.


def _recent_start(f: Features) -> dt.date:
    return f.as_of - dt.timedelta(days=RECENT_DAYS - 1)


def _craving_rising(f: Features, c: SignalConfig) -> dict[str, Any] | None:
    rise, high = c.t("craving_rise"), int(c.t("craving_high"))
    rising = (
        f.recent_n >= 2
        and f.craving_base_n >= MIN_CRAVING_BASELINE
        and f.recent_craving is not None
        and f.craving_base is not None
        and f.recent_craving >= f.craving_base + rise
    )
    latest_is_recent = f.latest_date is not None and f.latest_date >= _recent_start(f)
    very_high = latest_is_recent and f.latest_craving is not None and f.latest_craving >= high
    if not (rising or very_high):
        return None
    params: dict[str, Any] = {"rise": rise, "high": high, "latest": f.latest_craving if very_high else None}
    if rising:
        params.update(n=f.recent_n, low=f.recent_craving_min, mean=f.recent_craving, usual=f.craving_base)
    return params


def _mood_drop(f: Features, c: SignalConfig) -> dict[str, Any] | None:
    if f.mood_base_n < MIN_MOOD_BASELINE or f.mood_base is None:
        return None
    floor = f.mood_base - c.t("mood_drop")
    if f.recent_n >= 2 and f.recent_mood is not None and f.recent_mood <= floor:
        return {"variant": "recent", "mean": f.recent_mood, "usual": f.mood_base}
    latest_is_recent = f.latest_date is not None and f.latest_date >= _recent_start(f)
    if latest_is_recent and f.latest_mood is not None and f.latest_mood <= floor:
        return {"variant": "latest", "latest": f.latest_mood, "usual": f.mood_base}
    return None


def _poor_sleep(f: Features, c: SignalConfig) -> dict[str, Any] | None:
    if f.sleep_poor >= int(c.t("poor_sleep_nights")):
        return {"poor": f.sleep_poor, "of": f.sleep_n}
    return None


def _halt_building(f: Features, c: SignalConfig) -> dict[str, Any] | None:
    states = int(c.t("halt_states"))
    heavy_days = sum(1 for n in f.halt_by_day if n is not None and n >= states)
    if heavy_days >= int(c.t("halt_days")):
        return {"variant": "days", "states": states, "days": heavy_days}
    if (
        f.recent_n >= 2
        and f.craving_base_n >= MIN_CRAVING_BASELINE
        and f.recent_halt is not None
        and f.halt_base is not None
        and f.recent_halt >= 2
        and f.recent_halt >= f.halt_base + c.t("halt_rise")
    ):
        return {"variant": "rise", "recent": f.recent_halt, "usual": f.halt_base}
    return None


def _trigger_repeating(f: Features, c: SignalConfig) -> dict[str, Any] | None:
    if f.repeated_trigger and f.repeated_trigger_count >= int(c.t("trigger_repeats")):
        of = min(f.checkins, TRIGGER_LOOKBACK_CHECKINS)
        return {"trigger": f.repeated_trigger, "n": f.repeated_trigger_count, "of": of}
    return None


def _reported_use(f: Features, c: SignalConfig) -> dict[str, Any] | None:
    since = f.as_of - dt.timedelta(days=int(c.t("use_days")) - 1)
    if f.last_used_on is not None and f.last_used_on >= since:
        return {"day": f.last_used_on.isoformat()}
    return None


def _missed_checkins(f: Features, c: SignalConfig) -> dict[str, Any] | None:
    per_week = int(c.t("rhythm_days"))
    usual_days = math.ceil(per_week * MOOD_BASELINE_DAYS / 7)
    missed = RECENT_DAYS - f.recent_n
    if f.mood_base_n >= usual_days and missed >= int(c.t("missed_days")):
        return {"per_week": round(f.mood_base_n * 7 / MOOD_BASELINE_DAYS), "missed": missed}
    return None


def _quiet_messages(f: Features, c: SignalConfig) -> dict[str, Any] | None:
    if f.message_weeks is None or f.message_end is None:
        return None
    quiet_days = int(c.t("quiet_days"))
    if f.message_last is not None and f.message_last >= f.message_end - dt.timedelta(days=quiet_days):
        return None
    first = math.ceil(quiet_days / 7)
    habit = f.message_weeks[first : first + MESSAGE_HABIT_WEEKS]
    if sum(1 for n in habit if n) < MESSAGE_HABIT_MIN_WEEKS or f.message_last is None:
        return None
    return {"days": (f.message_end - f.message_last).days}


_RULES: dict[str, Callable[[Features, SignalConfig], dict[str, Any] | None]] = {
    SignalCode.CRAVING_RISING: _craving_rising,
    SignalCode.MOOD_DROP: _mood_drop,
    SignalCode.POOR_SLEEP: _poor_sleep,
    SignalCode.HALT_BUILDING: _halt_building,
    SignalCode.TRIGGER_REPEATING: _trigger_repeating,
    SignalCode.REPORTED_USE: _reported_use,
    SignalCode.MISSED_CHECKINS: _missed_checkins,
    SignalCode.QUIET_MESSAGES: _quiet_messages,
}


def evaluate(features: Features, config: SignalConfig, *, include_absence: bool = True) -> list[SignalResult]:
    """The signals found for one participant, heaviest first, each with its plain reason."""
    found: list[SignalResult] = []
    for code, rule in _RULES.items():
        if code not in config.enabled or (not include_absence and code in ABSENCE_SIGNALS):
            continue
        params = rule(features, config)
        if params is not None:
            weight = int(config.weights.get(code, DEFAULT_WEIGHTS[code]))
            found.append(SignalResult(code=str(code), weight=weight, reason=_REASONS[code](params), params=params))
    found.sort(key=lambda result: -result.weight)
    return found


def alert_reason(results: list[SignalResult], *, score: int, threshold: int) -> str:
    """What the mentor reads on the alert: the score, then each signal with its points."""
    lines = [
        gettext("Early-warning score %(score)s (an alert is raised at %(threshold)s):")
        % {"score": score, "threshold": threshold}
    ]
    lines += [f"• {result.reason} (+{result.weight})" for result in results]
    return "\n".join(lines)
