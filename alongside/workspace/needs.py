"""Who may need their peer mentor today, and why: plain reasons, each with a published weight.

Pure functions: the selectors gather the facts (a fixed number of queries for a whole caseload or
team) and this module turns each participant's facts into reasons and a score. Nothing here reads
the database or the clock; every function is given ``today``.

The score is simply the sum of the weights of a participant's reasons, so anyone can check why
one person is above another. The weights say what comes first when there is not time for
everyone: someone who asked for a call, then an alert waiting for a person, then signs that the
day is hard, then gaps in contact, then things to follow up or celebrate. A reason to celebrate
counts a little, so it shows up, but never outranks a need.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alongside.alerts.templatetags.alerts_tags import clock
from alongside.recovery.milestones import Milestone, milestone_schedule, timeline_numbers

# How far back the check-in facts reach (local days, today included).
RECENT_DAYS = 7  # "the last 7 days": reported use, and the recent half of the rhythm
USUAL_DAYS = 28  # the 28 days before those 7: how often they usually check in
MOOD_BASELINE_DAYS = 7  # the mood average is over the 7 days before the latest check-in
# Check-in rows the selectors load per participant: the latest within RECENT_DAYS and the
# MOOD_BASELINE_DAYS before it.
CHECKIN_ROWS_DAYS = RECENT_DAYS + MOOD_BASELINE_DAYS

OUTREACH_WITHIN_DAYS = 2  # an ask for outreach counts when made today or yesterday
CRAVING_HIGH = 7  # craving 7 or more (of 10) in the latest check-in
MOOD_DROP = 2  # mood at least 2 points below their own average
MOOD_BASELINE_MIN_CHECKINS = 2  # an "average" of fewer check-ins is not a baseline
MISSED_CHECKINS = 2  # two or more check-ins fewer than their own rhythm
MILESTONE_WITHIN_DAYS = 3  # a milestone today or in the next 3 days


class ReasonCode(StrEnum):
    CRISIS = "crisis"
    OUTREACH = "outreach"
    ALERT = "alert"
    USE = "use"
    CRAVING = "craving"
    MOOD = "mood"
    MISSED_CHECKINS = "missed_checkins"
    NO_CONTACT = "no_contact"
    STEP_OVERDUE = "step_overdue"
    MILESTONE = "milestone"


# The weights, highest first. The score is the sum of the weights of the reasons that apply.
WEIGHTS: dict[ReasonCode, int] = {
    # A crisis alert not yet resolved: it also sorts first whatever the rest adds up to (``crisis_level``).
    ReasonCode.CRISIS: 100,
    ReasonCode.OUTREACH: 50,  # they asked for someone to reach out: the clearest signal there is
    ReasonCode.ALERT: 40,  # an open alert is waiting for a person
    ReasonCode.USE: 30,  # reported use in the last 7 days: a time for support, never judgment
    ReasonCode.CRAVING: 25,  # craving 7 or more in the latest check-in
    ReasonCode.MOOD: 20,  # mood well below their own usual
    ReasonCode.MISSED_CHECKINS: 15,  # quieter than their own rhythm
    ReasonCode.NO_CONTACT: 10,  # longer than the program's expected time between contacts
    ReasonCode.STEP_OVERDUE: 5,  # a goal step past its date: something to pick up together
    ReasonCode.MILESTONE: 3,  # a milestone coming up: a reason to celebrate together
}

# What each weight means, in plain words, for the page that explains the order.
WEIGHT_LABELS: dict[ReasonCode, object] = {
    ReasonCode.CRISIS: gettext_lazy("A crisis alert not yet resolved (always first)"),
    ReasonCode.OUTREACH: gettext_lazy("Asked for someone to reach out (today or yesterday)"),
    ReasonCode.ALERT: gettext_lazy("An open alert"),
    ReasonCode.USE: gettext_lazy("Reported use in the last 7 days"),
    ReasonCode.CRAVING: gettext_lazy("Craving 7 or more in their latest check-in"),
    ReasonCode.MOOD: gettext_lazy("Mood 2 or more below their own average of the week before"),
    ReasonCode.MISSED_CHECKINS: gettext_lazy("Two or more check-ins fewer than they usually make in a week"),
    ReasonCode.NO_CONTACT: gettext_lazy("No contact for longer than the program expects"),
    ReasonCode.STEP_OVERDUE: gettext_lazy("A goal step past its date"),
    ReasonCode.MILESTONE: gettext_lazy("A recovery milestone today or in the next 3 days"),
}


class DayCheckIn(NamedTuple):
    """The parts of one check-in that the reasons look at (a tuple: hundreds are made per page)."""

    local_date: dt.date
    mood: int
    craving: int
    used: bool | None
    wants_outreach: bool


@dataclass(frozen=True)
class RecoveryStartFacts:
    started_on: dt.date
    count_from: str
    setback_days: tuple[dt.date, ...] = ()


@dataclass
class ParticipantFacts:
    """Everything the reasons need about one participant, gathered for many at once."""

    today: dt.date  # the participant's own local day
    checkins: list[DayCheckIn] = field(default_factory=list)  # the last CHECKIN_ROWS_DAYS days, any order
    usual_checkin_days: int = 0  # days with a check-in in the USUAL_DAYS before the last RECENT_DAYS
    open_alerts: int = 0  # open or acknowledged, of any kind (crises included)
    acknowledged_alerts: int = 0  # of those, acknowledged
    crisis_open: int = 0  # crisis alerts no one has acknowledged yet
    crisis_acknowledged: int = 0  # crisis alerts acknowledged, not yet resolved
    # When the oldest crisis alert still waiting for someone was raised (else the oldest
    # acknowledged one): what "open since" says.
    crisis_since: dt.datetime | None = None
    last_contact_on: dt.date | None = None
    cared_for_since: dt.date | None = None  # the day the current match began (counts as a first contact)
    contact_expected_days: int = 7
    overdue_steps: int = 0
    recovery_starts: list[RecoveryStartFacts] = field(default_factory=list)


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    text: str

    @property
    def weight(self) -> int:
        return WEIGHTS[self.code]

    @property
    def is_celebration(self) -> bool:
        return self.code == ReasonCode.MILESTONE


@dataclass(frozen=True)
class Need:
    reasons: list[Reason]
    days_without_contact: int | None
    upcoming_milestone: Milestone | None
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


def expected_checkins(usual_checkin_days: int) -> int:
    """How many check-ins someone usually makes in RECENT_DAYS, from their USUAL_DAYS before:
    their usual days scaled to a week, rounded half up."""
    return (usual_checkin_days * RECENT_DAYS * 2 + USUAL_DAYS) // (USUAL_DAYS * 2)


def missed_checkins(*, recent_checkin_days: int, usual_checkin_days: int) -> int:
    """Check-ins missed against the participant's own rhythm (never negative).

    Their rhythm is how often they checked in over the 28 days before the last 7: someone who
    checked in on 24 of those days usually checks in 6 days a week; someone who checked in on 8
    usually does twice a week. Missed = that usual weekly number minus the days with a check-in
    in the last 7 local days (today included, so an unfinished today costs at most one). Two or
    more is a reason. A daily check-in person silent for three days has missed three; a
    twice-a-week person who checked in once has missed one, which is their ordinary variation.
    Someone with no check-ins in the 28 days before has no rhythm yet and never "misses".
    """
    return max(expected_checkins(usual_checkin_days) - recent_checkin_days, 0)


def upcoming_milestone(starts: Iterable[RecoveryStartFacts], today: dt.date) -> Milestone | None:
    """The soonest milestone of any of their timelines falling today or in the next few days."""
    soonest: Milestone | None = None
    for start in starts:
        if start.started_on > today:
            continue
        numbers = timeline_numbers(
            started_on=start.started_on, setback_days=start.setback_days, today=today, count_from=start.count_from
        )
        for milestone in milestone_schedule(numbers.anchor, today):
            coming_up = today <= milestone.on <= today + dt.timedelta(days=MILESTONE_WITHIN_DAYS)
            if coming_up and (soonest is None or milestone.on < soonest.on):
                soonest = milestone
    return soonest


def _checkin_reasons(facts: ParticipantFacts) -> list[Reason]:
    today = facts.today
    recent_start = today - dt.timedelta(days=RECENT_DAYS - 1)
    recent = sorted((c for c in facts.checkins if recent_start <= c.local_date <= today), key=lambda c: c.local_date)
    reasons: list[Reason] = []
    latest = recent[-1] if recent else None
    if latest is not None:
        if latest.wants_outreach and (today - latest.local_date).days < OUTREACH_WITHIN_DAYS:
            reasons.append(Reason(ReasonCode.OUTREACH, _("Asked for someone to reach out")))
        used_on = [c.local_date for c in recent if c.used]
        if used_on:
            reasons.append(Reason(ReasonCode.USE, _("Reported use %(when)s") % {"when": _when(max(used_on), today)}))
        if latest.craving >= CRAVING_HIGH:
            reasons.append(
                Reason(
                    ReasonCode.CRAVING,
                    _("Craving %(craving)s of 10 %(when)s")
                    % {"craving": latest.craving, "when": _when(latest.local_date, today)},
                )
            )
        baseline_start = latest.local_date - dt.timedelta(days=MOOD_BASELINE_DAYS)
        before = [c.mood for c in facts.checkins if baseline_start <= c.local_date < latest.local_date]
        if len(before) >= MOOD_BASELINE_MIN_CHECKINS:
            average = sum(before) / len(before)
            if average - latest.mood >= MOOD_DROP:
                reasons.append(
                    Reason(
                        ReasonCode.MOOD,
                        _("Mood %(mood)s of 5 %(when)s, below their usual %(average)s")
                        % {
                            "mood": latest.mood,
                            "when": _when(latest.local_date, today),
                            "average": formats.number_format(average, 1),
                        },
                    )
                )
    missed = missed_checkins(recent_checkin_days=len(recent), usual_checkin_days=facts.usual_checkin_days)
    if missed >= MISSED_CHECKINS:
        reasons.append(
            Reason(
                ReasonCode.MISSED_CHECKINS,
                ngettext(
                    "%(n)s check-in fewer than usual this week",
                    "%(n)s check-ins fewer than usual this week",
                    missed,
                )
                % {"n": missed},
            )
        )
    return reasons


def days_without_contact(facts: ParticipantFacts) -> int | None:
    """Days since the latest contact, or since the match began if that is later; None if neither is known."""
    known = [d for d in (facts.last_contact_on, facts.cared_for_since) if d is not None]
    return (facts.today - max(known)).days if known else None


def crisis_level(facts: ParticipantFacts) -> int:
    if facts.crisis_open:
        return 2
    return 1 if facts.crisis_acknowledged else 0


def _crisis_reason(facts: ParticipantFacts) -> Reason | None:
    level = crisis_level(facts)
    if not level:
        return None
    from alongside.alerts.selectors import crisis_mark_text

    since = clock(facts.crisis_since, facts.today) if facts.crisis_since else ""
    return Reason(ReasonCode.CRISIS, crisis_mark_text(since=since, acknowledged=level != 2))


def alert_counts_text(facts: ParticipantFacts) -> str:
    """Open alerts, with the acknowledged ones counted apart: "1 crisis not yet acknowledged ·
    2 open alerts · 1 acknowledged" (only the parts that apply)."""
    parts: list[str] = []
    other_open = facts.open_alerts - facts.acknowledged_alerts - facts.crisis_open
    if facts.crisis_open:
        parts.append(
            ngettext("%(n)s crisis not yet acknowledged", "%(n)s crises not yet acknowledged", facts.crisis_open)
            % {"n": facts.crisis_open}
        )
    if other_open > 0:
        parts.append(ngettext("%(n)s open alert", "%(n)s open alerts", other_open) % {"n": other_open})
    if facts.acknowledged_alerts:
        n = facts.acknowledged_alerts
        parts.append(ngettext("%(n)s acknowledged", "%(n)s acknowledged", n) % {"n": n})
    return " · ".join(parts)


def assess(facts: ParticipantFacts) -> Need:
    """The reasons a participant may need their mentor today, highest weight first (a crisis
    alert not yet resolved always first)."""
    reasons = _checkin_reasons(facts)
    crisis = _crisis_reason(facts)
    if crisis is not None:
        reasons.append(crisis)
    if facts.open_alerts:
        reasons.append(Reason(ReasonCode.ALERT, alert_counts_text(facts)))
    quiet_days = days_without_contact(facts)
    if quiet_days is not None and quiet_days >= facts.contact_expected_days:
        if facts.last_contact_on is None:
            text = ngettext(
                "No contact yet, matched %(n)s day ago", "No contact yet, matched %(n)s days ago", quiet_days
            ) % {"n": quiet_days}
        else:
            text = ngettext("No contact for %(n)s day", "No contact for %(n)s days", quiet_days) % {"n": quiet_days}
        reasons.append(Reason(ReasonCode.NO_CONTACT, text))
    if facts.overdue_steps:
        reasons.append(
            Reason(
                ReasonCode.STEP_OVERDUE,
                ngettext("%(n)s goal step past its date", "%(n)s goal steps past their dates", facts.overdue_steps)
                % {"n": facts.overdue_steps},
            )
        )
    milestone = upcoming_milestone(facts.recovery_starts, facts.today)
    if milestone is not None:
        text = _("Reaches %(milestone)s %(when)s: something to celebrate") % {
            "milestone": milestone.label,
            "when": _when(milestone.on, facts.today),
        }
        reasons.append(Reason(ReasonCode.MILESTONE, text))
    reasons.sort(key=lambda r: -r.weight)
    return Need(
        reasons=reasons,
        days_without_contact=quiet_days,
        upcoming_milestone=milestone,
        crisis_level=crisis_level(facts),
    )
