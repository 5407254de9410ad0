"""Who may need their peer mentor today, and why: reasons stored as codes with numbers, each with a
published weight, put into words only when a page shows them.

One risk engine. The signs in a participant's check-ins (craving, mood, sleep, use, missed
check-ins, going quiet in messages) are the early-warning signals of ``signals.rules``, judged
with the participant's program's own settings, exactly as the early-warning alerts are; this
module adds what a mentor also weighs (an ask for outreach, alerts waiting for a person, time
since the last contact, goal steps past their date, a milestone to celebrate) and orders them.

Pure functions: nothing here reads the database or the clock; every function is given
``today``. The caseload state (``alongside.caseload``) gathers the facts and keeps the result;
the pages rebuild each ``Reason`` from its code and numbers and read ``Reason.text`` in the
reader's language, whatever language was active when the worker computed it.

The score is simply the sum of the weights of a participant's reasons, so anyone can check why
one person is above another. A signal weighs its program's weight times ``SIGNAL_WEIGHT_SCALE``
(reported use, 3 points by default, weighs 30 here). Each thing counts once: an open alert raised
for something already among the reasons (reported use, an ask for outreach, early-warning signals)
adds no second weight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alongside.alerts.models import AlertKind
from alongside.alerts.templatetags.alerts_tags import clock
from alongside.recovery.milestones import Milestone, milestone_schedule, timeline_numbers
from alongside.signals.rules import (
    DEFAULT_WEIGHTS,
    Features,
    SignalCode,
    SignalConfig,
    SignalResult,
    evaluate,
    reason_for,
)

OUTREACH_WITHIN_DAYS = 2  # an ask for outreach counts when made today or yesterday
MILESTONE_WITHIN_DAYS = 3  # a milestone today or in the next 3 days
SIGNAL_WEIGHT_SCALE = 10  # a signal's program weight (0-10) times this is its weight here


class ReasonCode(StrEnum):
    """The reasons a mentor weighs besides the early-warning signals (whose codes are ``SignalCode``)."""

    CRISIS = "crisis"
    OUTREACH = "outreach"
    ALERT = "alert"
    NO_CONTACT = "no_contact"
    STEP_OVERDUE = "step_overdue"
    MILESTONE = "milestone"


# The weights of the reasons other than the signals, highest first.
WEIGHTS: dict[ReasonCode, int] = {
    # A crisis alert not yet resolved: it also sorts first whatever the rest adds up to (``crisis_level``).
    ReasonCode.CRISIS: 100,
    ReasonCode.OUTREACH: 50,  # they asked for someone to reach out: the clearest signal there is
    ReasonCode.ALERT: 40,  # an open alert is waiting for a person (and is not already a reason here)
    ReasonCode.NO_CONTACT: 10,  # longer than the program's expected time between contacts
    ReasonCode.STEP_OVERDUE: 5,  # a goal step past its date: something to pick up together
    ReasonCode.MILESTONE: 3,  # a milestone coming up: a reason to celebrate together
}

# What each weight means, in plain words, for the page that explains the order.
WEIGHT_LABELS: dict[ReasonCode, object] = {
    ReasonCode.CRISIS: gettext_lazy("A crisis alert not yet resolved (always first)"),
    ReasonCode.OUTREACH: gettext_lazy("Asked for someone to reach out (today or yesterday)"),
    ReasonCode.ALERT: gettext_lazy("An open alert"),
    ReasonCode.NO_CONTACT: gettext_lazy("No contact for longer than the program expects"),
    ReasonCode.STEP_OVERDUE: gettext_lazy("A goal step past its date"),
    ReasonCode.MILESTONE: gettext_lazy("A recovery milestone today or in the next 3 days"),
}

# Open alerts of these kinds are about something the reasons already count (the alert is not a
# second reason): the signal, or the reason code, that covers each.
COVERED_BY: dict[str, frozenset[str]] = {
    AlertKind.REPORTED_USE: frozenset({SignalCode.REPORTED_USE.value}),
    AlertKind.OUTREACH_REQUESTED: frozenset({ReasonCode.OUTREACH.value}),
    AlertKind.SIGNAL: frozenset(SignalCode.values),
}


def signal_weight(code: str, config: SignalConfig) -> int:
    return int(config.weights.get(code, DEFAULT_WEIGHTS[code])) * SIGNAL_WEIGHT_SCALE


@dataclass(frozen=True)
class RecoveryStartFacts:
    started_on: dt.date
    count_from: str
    setback_days: tuple[dt.date, ...] = ()


@dataclass
class AlertCounts:
    """A participant's alerts not yet resolved, counted apart."""

    open: int = 0  # open or acknowledged, of any kind (crises included)
    acknowledged: int = 0  # of those, acknowledged
    crisis_open: int = 0  # crisis alerts no one has acknowledged yet
    crisis_acknowledged: int = 0  # crisis alerts acknowledged, not yet resolved
    # When the oldest crisis alert still waiting for someone was raised (else the oldest
    # acknowledged one): what "open since" says.
    crisis_since: dt.datetime | None = None
    by_kind: dict[str, int] = field(default_factory=dict)  # open or acknowledged, per kind


@dataclass
class ParticipantFacts:
    """Everything the reasons need about one participant (gathered for many at once)."""

    today: dt.date  # the participant's own local day
    features: Features | None = None  # their check-ins and messages as the signals read them, as of today
    config: SignalConfig = field(default_factory=SignalConfig.default)  # their program's signal settings
    latest_outreach_on: dt.date | None = None  # the latest check-in's day, when it asked for outreach
    alerts: AlertCounts = field(default_factory=AlertCounts)
    last_contact_on: dt.date | None = None
    cared_for_since: dt.date | None = None  # the day the current match began (counts as a first contact)
    contact_expected_days: int = 7
    overdue_steps: int = 0
    recovery_starts: list[RecoveryStartFacts] = field(default_factory=list)


# Reasons, and their words ---------------------------------------------------------------------------


def _when(day: dt.date, today: dt.date) -> str:
    """A day as a person would say it: "today", "yesterday", "tomorrow", else "on 20 November"."""
    offset = (day - today).days
    if offset == 0:
        return _("today")
    if offset == -1:
        return _("yesterday")
    if offset == 1:
        return _("tomorrow")
    return _("on %(date)s") % {"date": formats.date_format(day, "MONTH_DAY_FORMAT")}


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def alert_counts_text(p: Mapping[str, Any]) -> str:
    """Open alerts, with the acknowledged ones counted apart: "1 crisis not yet acknowledged ·
    2 open alerts · 1 acknowledged" (only the parts that apply)."""
    parts: list[str] = []
    crisis_open, acknowledged = int(p.get("crisis_open", 0)), int(p.get("acknowledged", 0))
    other_open = int(p.get("open", 0)) - acknowledged - crisis_open
    if crisis_open:
        parts.append(
            ngettext("%(n)s crisis not yet acknowledged", "%(n)s crises not yet acknowledged", crisis_open)
            % {"n": crisis_open}
        )
    if other_open > 0:
        parts.append(ngettext("%(n)s open alert", "%(n)s open alerts", other_open) % {"n": other_open})
    if acknowledged:
        parts.append(ngettext("%(n)s acknowledged", "%(n)s acknowledged", acknowledged) % {"n": acknowledged})
    return " · ".join(parts)


def _reason_words(code: str, p: Mapping[str, Any], today: dt.date) -> str:
    if code == ReasonCode.CRISIS:
        from alongside.alerts.selectors import crisis_mark_text

        since = clock(dt.datetime.fromisoformat(p["since"]), today) if p.get("since") else ""
        return crisis_mark_text(since=since, acknowledged=bool(p.get("acknowledged")))
    if code == ReasonCode.OUTREACH:
        return _("Asked for someone to reach out")
    if code == ReasonCode.ALERT:
        return alert_counts_text(p)
    if code == ReasonCode.NO_CONTACT:
        n = int(p["days"])
        if p.get("never"):
            return ngettext("No contact yet, matched %(n)s day ago", "No contact yet, matched %(n)s days ago", n) % {
                "n": n
            }
        return ngettext("No contact for %(n)s day", "No contact for %(n)s days", n) % {"n": n}
    if code == ReasonCode.STEP_OVERDUE:
        n = int(p["n"])
        return ngettext("%(n)s goal step past its date", "%(n)s goal steps past their dates", n) % {"n": n}
    if code == ReasonCode.MILESTONE:
        on = _day(p["on"])
        milestone = Milestone(key=p["key"], on=on, reached=on <= today, days_to_go=max((on - today).days, 0))
        return _("Reaches %(milestone)s %(when)s: something to celebrate") % {
            "milestone": milestone.label,
            "when": _when(on, today),
        }
    return reason_for(code, p)  # an early-warning signal, in the words of ``signals.rules``


@dataclass(frozen=True)
class Reason:
    """One reason: its code, its weight and the numbers behind it. ``text`` says it in the
    language active when it is read (``today`` is the day "today" and "yesterday" count from)."""

    code: str
    weight: int
    params: Mapping[str, Any]
    today: dt.date

    @property
    def text(self) -> str:
        return _reason_words(self.code, self.params, self.today)

    @property
    def is_celebration(self) -> bool:
        return self.code == ReasonCode.MILESTONE

    def as_json(self) -> dict[str, Any]:
        """What the caseload state keeps: the code, the weight and the numbers, never words."""
        return {"code": self.code, "weight": self.weight, "params": dict(self.params)}

    @classmethod
    def from_json(cls, item: Mapping[str, Any], *, today: dt.date) -> Reason:
        return cls(code=str(item["code"]), weight=int(item["weight"]), params=item.get("params") or {}, today=today)


def _reason(code: ReasonCode, params: Mapping[str, Any], today: dt.date) -> Reason:
    return Reason(code=code.value, weight=WEIGHTS[code], params=params, today=today)


@dataclass(frozen=True)
class Need:
    reasons: list[Reason]
    days_without_contact: int | None
    upcoming_milestone: Milestone | None = None
    # 2: a crisis alert no one has acknowledged; 1: a crisis alert acknowledged, not resolved; 0: none.
    # It orders the lists before the score does: a crisis comes first whatever else is going on.
    crisis_level: int = 0

    @property
    def score(self) -> int:
        return sum(r.weight for r in self.reasons)

    @property
    def crisis(self) -> Reason | None:
        """The crisis reason, shown as the row's mark."""
        return next((r for r in self.reasons if r.code == ReasonCode.CRISIS), None)

    @property
    def other_reasons(self) -> list[Reason]:
        return [r for r in self.reasons if r.code != ReasonCode.CRISIS]

    @property
    def needs_attention(self) -> bool:
        """Any reason other than a celebration."""
        return any(not r.is_celebration for r in self.reasons)


# The rules ------------------------------------------------------------------------------------------


def upcoming_milestone(
    starts: Iterable[RecoveryStartFacts], today: dt.date, *, within_days: int | None = MILESTONE_WITHIN_DAYS
) -> Milestone | None:
    """The soonest milestone of any of their timelines falling today or later (within
    ``within_days``, or at any distance when None)."""
    soonest: Milestone | None = None
    for start in starts:
        if start.started_on > today:
            continue
        numbers = timeline_numbers(
            started_on=start.started_on, setback_days=start.setback_days, today=today, count_from=start.count_from
        )
        for milestone in milestone_schedule(numbers.anchor, today):
            coming_up = milestone.on >= today and (
                within_days is None or milestone.on <= today + dt.timedelta(days=within_days)
            )
            if coming_up and (soonest is None or milestone.on < soonest.on):
                soonest = milestone
    return soonest


def days_without_contact(facts: ParticipantFacts) -> int | None:
    """Days since the latest contact, or since the match began if that is later; None if neither is known."""
    known = [d for d in (facts.last_contact_on, facts.cared_for_since) if d is not None]
    return (facts.today - max(known)).days if known else None


def signals_found(facts: ParticipantFacts) -> list[SignalResult]:
    """The early-warning signals as of their today, with their program's settings (the same rules
    and settings as the early-warning alerts), absence signals included."""
    if facts.features is None:
        return []
    return evaluate(facts.features, facts.config, include_absence=True)


def state_reasons(facts: ParticipantFacts) -> list[Reason]:
    """Every reason but the alerts' (which the pages add from the alerts, a crisis read live):
    what the caseload state keeps, heaviest first."""
    today = facts.today
    reasons: list[Reason] = []
    if facts.latest_outreach_on is not None and 0 <= (today - facts.latest_outreach_on).days < OUTREACH_WITHIN_DAYS:
        reasons.append(_reason(ReasonCode.OUTREACH, {"on": facts.latest_outreach_on.isoformat()}, today))
    for signal in signals_found(facts):
        reasons.append(
            Reason(code=signal.code, weight=signal_weight(signal.code, facts.config), params=signal.params, today=today)
        )
    quiet_days = days_without_contact(facts)
    if quiet_days is not None and quiet_days >= facts.contact_expected_days:
        reasons.append(
            _reason(ReasonCode.NO_CONTACT, {"days": quiet_days, "never": facts.last_contact_on is None}, today)
        )
    if facts.overdue_steps:
        reasons.append(_reason(ReasonCode.STEP_OVERDUE, {"n": facts.overdue_steps}, today))
    milestone = upcoming_milestone(facts.recovery_starts, today)
    if milestone is not None:
        reasons.append(_reason(ReasonCode.MILESTONE, {"key": milestone.key, "on": milestone.on.isoformat()}, today))
    reasons.sort(key=lambda r: -r.weight)
    return reasons


def crisis_level(alerts: AlertCounts) -> int:
    if alerts.crisis_open:
        return 2
    return 1 if alerts.crisis_acknowledged else 0


def alert_reasons(alerts: AlertCounts, reasons: Iterable[Reason], *, today: dt.date) -> list[Reason]:
    """The crisis mark (a crisis alert not yet resolved) and the open-alerts reason. An alert
    raised for something already among ``reasons`` (reported use, an ask for outreach, the
    early-warning signals) is not weighed again: the open-alerts reason counts only when some
    other alert is waiting for a person (its words still count every open alert)."""
    found: list[Reason] = []
    level = crisis_level(alerts)
    if level:
        since = alerts.crisis_since.isoformat() if alerts.crisis_since else ""
        found.append(_reason(ReasonCode.CRISIS, {"since": since, "acknowledged": level != 2}, today))
    codes = {r.code for r in reasons}
    uncovered = sum(n for kind, n in alerts.by_kind.items() if not (COVERED_BY.get(kind, frozenset()) & codes))
    if alerts.open and (uncovered or not alerts.by_kind):
        params = {"open": alerts.open, "acknowledged": alerts.acknowledged, "crisis_open": alerts.crisis_open}
        found.append(_reason(ReasonCode.ALERT, params, today))
    return found


def combine(reasons: list[Reason], alerts: AlertCounts, *, today: dt.date, quiet_days: int | None) -> Need:
    """The reasons kept and those of the alerts, heaviest first (a crisis always first)."""
    everything = [*reasons, *alert_reasons(alerts, reasons, today=today)]
    everything.sort(key=lambda r: -r.weight)
    milestone_reason = next((r for r in reasons if r.code == ReasonCode.MILESTONE), None)
    milestone = None
    if milestone_reason is not None:
        on = _day(milestone_reason.params["on"])
        milestone = Milestone(
            key=milestone_reason.params["key"], on=on, reached=on <= today, days_to_go=(on - today).days
        )
    return Need(
        reasons=everything,
        days_without_contact=quiet_days,
        upcoming_milestone=milestone,
        crisis_level=crisis_level(alerts),
    )


def assess(facts: ParticipantFacts) -> Need:
    """The reasons a participant may need their mentor today, highest weight first (a crisis
    alert not yet resolved always first)."""
    return combine(state_reasons(facts), facts.alerts, today=facts.today, quiet_days=days_without_contact(facts))
