"""The mentor's and the supervisor's workspace: who needs them today, their team, one participant.

Every page here runs a fixed number of queries whatever the size of the caseload or team: the
facts behind the reasons (``workspace.needs``) are gathered for all participants at once with
grouped queries, and each other app is asked through its one-query aggregate selector
(contacts, alerts, messaging, supervision). A caseload or team view writes ONE audit entry
listing the participants shown, not one per participant.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, Q

from alongside.access import policy
from alongside.alerts.models import Alert, AlertStatus
from alongside.alerts.selectors import (
    PhoneReach,
    open_alert_summaries,
    open_alerts_by_participant,
    participant_phone_for_viewer,
)
from alongside.audit.services import log_action, log_action_for_each
from alongside.checkins.models import CheckIn
from alongside.checkins.selectors import checkins_for_participant
from alongside.contacts.selectors import ContactHistory, contact_history, last_contact_dates, overdue_follow_ups
from alongside.core.localtime import local_today
from alongside.goals.models import Goal, GoalStatus, GoalStep
from alongside.goals.selectors import goals_for_participant
from alongside.journal.models import JournalEntry
from alongside.journal.selectors import journal_shared_entries
from alongside.messaging.selectors import unread_counts_for
from alongside.organizations.models import DEFAULT_CONTACT_EXPECTED_DAYS, Match, MatchStatus, Membership
from alongside.organizations.selectors import membership_by_id
from alongside.recovery.models import RecoveryStart
from alongside.recovery.selectors import Timeline, timeline_for
from alongside.safety.selectors import PlanView, safety_plan_for_viewer
from alongside.supervision.selectors import WellbeingFlag, caseload_caps, supervised_mentors, wellbeing_latest
from alongside.workspace.needs import (
    CHECKIN_ROWS_DAYS,
    RECENT_DAYS,
    USUAL_DAYS,
    WEIGHT_LABELS,
    WEIGHTS,
    DayCheckIn,
    Need,
    ParticipantFacts,
    ReasonCode,
    RecoveryStartFacts,
    assess,
)

RECENT_CHECKINS_DAYS = 14  # check-ins shown on the participant page
RECENT_ALERTS = 5  # resolved alerts shown on the participant page


# Facts for many participants at once -----------------------------------------------------------


def _by_local_day(facts: dict[int, ParticipantFacts]) -> dict[dt.date, list[int]]:
    """Participants grouped by their own local today (one group unless time zones differ)."""
    groups: dict[dt.date, list[int]] = defaultdict(list)
    for participant_id, f in facts.items():
        groups[f.today].append(participant_id)
    return groups


def _any_group(groups: dict[dt.date, list[int]], condition: object) -> Q:
    """OR of one condition per local-day group; ``condition(today, ids)`` builds each part."""
    combined = Q()
    for today, ids in groups.items():
        combined |= condition(today, ids)  # type: ignore[operator]
    return combined


def _add_checkin_facts(facts: dict[int, ParticipantFacts], groups: dict[dt.date, list[int]]) -> None:
    """Two queries: the last CHECKIN_ROWS_DAYS days of check-ins (one row per day, at most 14 per
    person), and, grouped, how many days they checked in over the USUAL_DAYS before the last
    RECENT_DAYS. Both are range scans of the (participant, local_date) unique index."""
    recent = _any_group(
        groups,
        lambda today, ids: Q(
            participant_id__in=ids,
            local_date__gte=today - dt.timedelta(days=CHECKIN_ROWS_DAYS - 1),
            local_date__lte=today,
        ),
    )
    rows = (
        CheckIn.objects.filter(recent)
        .order_by()
        .values_list("participant_id", "local_date", "mood", "craving", "used", "wants_outreach")
    )
    for participant_id, local_date, mood, craving, used, wants_outreach in rows:
        facts[participant_id].checkins.append(
            DayCheckIn(local_date=local_date, mood=mood, craving=craving, used=used, wants_outreach=wants_outreach)
        )
    usual = _any_group(
        groups,
        lambda today, ids: Q(
            participant_id__in=ids,
            local_date__gte=today - dt.timedelta(days=RECENT_DAYS + USUAL_DAYS - 1),
            local_date__lte=today - dt.timedelta(days=RECENT_DAYS),
        ),
    )
    counts = CheckIn.objects.filter(usual).order_by().values("participant_id").annotate(days=Count("pk"))
    for row in counts:
        facts[row["participant_id"]].usual_checkin_days = row["days"]


def _add_goal_facts(facts: dict[int, ParticipantFacts], groups: dict[dt.date, list[int]]) -> None:
    """One grouped query: open steps of active goals whose date is before the participant's today."""
    overdue = _any_group(groups, lambda today, ids: Q(goal__participant_id__in=ids, target_date__lt=today))
    rows = (
        GoalStep.objects.filter(overdue, goal__status=GoalStatus.ACTIVE, done_at__isnull=True)
        .order_by()
        .values("goal__participant_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        facts[row["goal__participant_id"]].overdue_steps = row["n"]


def _add_recovery_facts(facts: dict[int, ParticipantFacts]) -> None:
    """One query: every recovery start with its setback days (a row per setback)."""
    rows = (
        RecoveryStart.objects.filter(participant_id__in=list(facts))
        .order_by("pk")
        .values_list("pk", "participant_id", "started_on", "count_from", "setbacks__occurred_on")
    )
    starts: dict[int, tuple[int, dt.date, str, list[dt.date]]] = {}
    for start_id, participant_id, started_on, count_from, setback_on in rows:
        entry = starts.setdefault(start_id, (participant_id, started_on, count_from, []))
        if setback_on is not None:
            entry[3].append(setback_on)
    for participant_id, started_on, count_from, setbacks in starts.values():
        facts[participant_id].recovery_starts.append(
            RecoveryStartFacts(started_on=started_on, count_from=count_from, setback_days=tuple(setbacks))
        )


def gather_facts(matches: Iterable[Match], *, now: dt.datetime | None = None) -> dict[int, ParticipantFacts]:
    """The facts behind the reasons for each matched participant: six queries whatever their number.

    ``matches`` are active matches the caller has already scoped through the policy, with
    ``participant__user`` and ``participant__program`` loaded (for each person's own time zone
    and their program's expected time between contacts). ``now`` pins the clock (tests).
    """
    facts: dict[int, ParticipantFacts] = {}
    for match in matches:
        participant = match.participant
        program = participant.program
        facts[participant.pk] = ParticipantFacts(
            today=local_today(participant, now=now),
            cared_for_since=local_today(participant, now=match.started_at),
            contact_expected_days=program.contact_expected_days if program else DEFAULT_CONTACT_EXPECTED_DAYS,
        )
    if not facts:
        return facts
    ids = list(facts)
    groups = _by_local_day(facts)
    _add_checkin_facts(facts, groups)
    _add_goal_facts(facts, groups)
    _add_recovery_facts(facts)
    for participant_id, summary in open_alert_summaries(participant_ids=ids).items():
        f = facts[participant_id]
        f.open_alerts, f.acknowledged_alerts = summary.open, summary.acknowledged
        f.crisis_open, f.crisis_acknowledged = summary.crisis_open, summary.crisis_acknowledged
        f.crisis_since = summary.crisis_since
    for participant_id, day in last_contact_dates(participant_ids=ids).items():
        facts[participant_id].last_contact_on = day
    return facts


@dataclass(frozen=True)
class WeightRow:
    code: ReasonCode
    label: str
    weight: int


def weight_table() -> list[WeightRow]:
    """The published weights, highest first, for the page that explains the order."""
    return [WeightRow(code=code, label=str(WEIGHT_LABELS[code]), weight=w) for code, w in WEIGHTS.items()]


# The mentor's "today" --------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    participant: Membership
    match: Match
    need: Need
    facts: ParticipantFacts
    unread_messages: int

    @property
    def score(self) -> int:
        return self.need.score


@dataclass(frozen=True)
class CaseloadToday:
    mentor: Membership
    today: dt.date
    rows: list[CaseloadRow]
    weights: list[WeightRow]

    @property
    def needing_attention(self) -> int:
        return sum(1 for row in self.rows if row.need.needs_attention)


Ranked = TypeVar("Ranked", "CaseloadRow", "TeamParticipantRow")


def _ranked(rows: list[Ranked]) -> list[Ranked]:
    """A crisis first (not yet acknowledged, then acknowledged); then the highest score; then the
    longest without contact; then by name, for a stable order."""
    return sorted(
        rows,
        key=lambda r: (
            -r.need.crisis_level,
            -r.score,
            -(r.need.days_without_contact or 0),
            r.participant.user.display_name.casefold(),
            r.participant.pk,
        ),
    )


# Only what the pages use: loading a whole user would also decrypt fields nobody here shows.
_CASELOAD_FIELDS = (
    "id",
    "organization_id",
    "mentor_id",
    "participant_id",
    "status",
    "started_at",
    "participant__id",
    "participant__organization_id",
    "participant__user_id",
    "participant__program_id",
    "participant__role",
    "participant__is_active",
    "participant__user__id",
    "participant__user__display_name",
    "participant__user__time_zone",
    "participant__program__id",
    "participant__program__name",
    "participant__program__time_zone",
    "participant__program__contact_expected_days",
)


def _active_matches(viewer: Membership) -> list[Match]:
    """The viewer's active matches with participants they may see (the policy's scope). One query."""
    return list(
        Match.objects.filter(
            status=MatchStatus.ACTIVE,
            participant__in=policy.visible_participants(viewer).filter(is_active=True),
            mentor__in=policy.visible_mentors(viewer).filter(is_active=True),
        )
        .select_related("participant__user", "participant__program")
        .only(*_CASELOAD_FIELDS)
        .order_by("pk")
    )


def caseload_today(*, viewer: Membership, now: dt.datetime | None = None) -> CaseloadToday:
    """A mentor's caseload ordered by need, each participant with plain reasons (``workspace.needs``).

    Mentors only (NotAllowed for anyone else). A fixed number of queries whatever the caseload
    size. Audits ``caseload.viewed`` once per participant shown, in one INSERT.
    """
    policy.authorize(viewer, policy.ORG_VIEW_OWN_CASELOAD, viewer.organization)
    matches = _active_matches(viewer)
    facts = gather_facts(matches, now=now)
    unread = unread_counts_for(viewer=viewer) if matches else {}
    rows = [
        CaseloadRow(
            participant=m.participant,
            match=m,
            need=assess(facts[m.participant_id]),
            facts=facts[m.participant_id],
            unread_messages=unread.get(m.participant_id, 0),
        )
        for m in matches
    ]
    # One entry per participant shown (one INSERT), so each sees it under "who viewed my information".
    log_action_for_each("caseload.viewed", actor=viewer, subjects=[m.participant for m in matches])
    return CaseloadToday(mentor=viewer, today=local_today(viewer, now=now), rows=_ranked(rows), weights=weight_table())


# The supervisor's team -------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamParticipantRow:
    participant: Membership
    match: Match
    need: Need
    facts: ParticipantFacts
    overdue_follow_ups: int

    @property
    def score(self) -> int:
        return self.need.score


@dataclass
class TeamMentorRow:
    mentor: Membership
    cap: int
    participants: list[TeamParticipantRow]
    wellbeing_latest: WellbeingFlag | None  # their latest check and its trend, flagged or not

    @property
    def wellbeing(self) -> WellbeingFlag | None:
        """Their latest check, only when it asks for attention."""
        latest = self.wellbeing_latest
        return latest if latest is not None and latest.reasons else None

    @property
    def caseload(self) -> int:
        return len(self.participants)

    @property
    def over_cap(self) -> bool:
        return self.caseload > self.cap

    @property
    def at_cap(self) -> bool:
        return self.caseload >= self.cap

    @property
    def needing_attention(self) -> list[TeamParticipantRow]:
        return [p for p in self.participants if p.need.needs_attention]

    @property
    def overdue_follow_ups(self) -> int:
        return sum(p.overdue_follow_ups for p in self.participants)

    @property
    def open_alerts(self) -> int:
        return sum(p.facts.open_alerts for p in self.participants)

    @property
    def acknowledged_alerts(self) -> int:
        return sum(p.facts.acknowledged_alerts for p in self.participants)

    @property
    def crisis_open(self) -> int:
        """Crisis alerts about their participants that no one has acknowledged yet."""
        return sum(p.facts.crisis_open for p in self.participants)

    @property
    def crisis_acknowledged(self) -> int:
        return sum(p.facts.crisis_acknowledged for p in self.participants)

    @property
    def in_crisis(self) -> list[TeamParticipantRow]:
        return [p for p in self.participants if p.need.crisis_level]

    @property
    def overdue_contacts(self) -> int:
        return sum(
            1
            for p in self.participants
            if p.need.reasons and any(r.code == ReasonCode.NO_CONTACT for r in p.need.reasons)
        )


@dataclass(frozen=True)
class TeamOverview:
    supervisor: Membership
    today: dt.date
    mentors: list[TeamMentorRow]
    weights: list[WeightRow]

    @property
    def flagged_mentors(self) -> list[TeamMentorRow]:
        return [m for m in self.mentors if m.wellbeing is not None]

    @property
    def mentors_with_crisis(self) -> list[TeamMentorRow]:
        return [m for m in self.mentors if m.in_crisis]


def team_overview(*, viewer: Membership, now: dt.datetime | None = None) -> TeamOverview:
    """A supervisor's mentors, each with caseload against cap, participants needing attention
    (the same reasons as the mentor's "today"), overdue follow-ups, open alerts and a wellbeing flag.

    Supervisors only (NotAllowed for anyone else). A fixed number of queries whatever the size of
    the team. Audits ``team.viewed`` once per participant shown, in one INSERT.
    """
    policy.authorize(viewer, policy.ORG_VIEW_TEAM, viewer.organization)
    mentors = supervised_mentors(viewer=viewer)
    mentor_ids = [m.pk for m in mentors]
    matches = _active_matches(viewer) if mentors else []
    facts = gather_facts(matches, now=now)
    today = local_today(viewer, now=now)
    caps = caseload_caps(mentor_ids=mentor_ids) if mentors else {}
    latest = wellbeing_latest(mentor_ids=mentor_ids) if mentors else {}
    follow_ups = overdue_follow_ups(mentor_ids=mentor_ids, today=today) if matches else {}
    by_mentor: dict[int, list[TeamParticipantRow]] = defaultdict(list)
    for m in matches:
        by_mentor[m.mentor_id].append(
            TeamParticipantRow(
                participant=m.participant,
                match=m,
                need=assess(facts[m.participant_id]),
                facts=facts[m.participant_id],
                overdue_follow_ups=follow_ups.get(m.participant_id, 0),
            )
        )
    rows = [
        TeamMentorRow(
            mentor=mentor,
            cap=caps[mentor.pk],
            participants=_ranked(by_mentor.get(mentor.pk, [])),
            wellbeing_latest=latest.get(mentor.pk),
        )
        for mentor in mentors
    ]
    # Mentors with a participant in crisis first (not yet acknowledged before acknowledged);
    # otherwise by name, as ``supervised_mentors`` gives them (a stable sort keeps that order).
    rows.sort(key=lambda row: (-row.crisis_open, -row.crisis_acknowledged))
    # One entry per participant shown (one INSERT), so each sees it under "who viewed my information".
    log_action_for_each(
        "team.viewed", actor=viewer, subjects=[m.participant for m in matches], extra={"mentors": sorted(mentor_ids)}
    )
    return TeamOverview(supervisor=viewer, today=today, mentors=rows, weights=weight_table())


# One participant, for the people who support them ------------------------------------------------


@dataclass(frozen=True)
class ParticipantWorkspace:
    participant: Membership
    match: Match | None
    today: dt.date
    need: Need | None
    timeline: Timeline
    checkins: list[CheckIn]
    goals: list[Goal]
    journal_entries: list[JournalEntry]
    safety_plan: PlanView | None
    contacts: ContactHistory
    open_alerts: list[Alert]
    recent_alerts: list[Alert]  # resolved, newest first
    is_matched_mentor: bool
    phone: PhoneReach  # calling or texting them, if they chose to share their number


def participant_workspace(*, viewer: Membership, participant_id: int) -> ParticipantWorkspace:
    """One participant as their matched mentor (or that mentor's supervisor, or a break-glass
    holder) sees them: the reasons from "today", timeline, recent check-ins, goals with steps,
    shared journal entries, the shared safety plan, contact history, and open and recently resolved
    alerts.

    Everyone else is refused: NotFound outside the viewer's care, NotAllowed for the participant
    themselves and for an admin without break-glass. Each part is read through its own app's
    selector, which audits it (``timeline.viewed``, ``checkin.viewed``, ``goals.viewed``,
    ``journal.viewed``, ``safety_plan.viewed``, ``contact.viewed``), plus ``alert.listed`` for
    the alerts shown, and ``participant.phone_viewed`` when their shared number is shown. A
    bounded number of queries.
    """
    participant = membership_by_id(participant_id)
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_AS_CARER, participant)
    match = (
        Match.objects.filter(participant=participant, status=MatchStatus.ACTIVE)
        .select_related("mentor__user", "participant__user", "participant__program")
        .first()
    )
    today = local_today(participant)
    need = assess(gather_facts([match])[participant.pk]) if match else None
    open_alerts: list[Alert] = []
    recent_alerts: list[Alert] = []
    if policy.can(viewer, policy.ALERT_RESPOND, participant):  # not a break-glass holder
        open_alerts = open_alerts_by_participant(participant_ids=[participant.pk]).get(participant.pk, [])
        recent_alerts = list(
            Alert.objects.filter(participant=participant, status=AlertStatus.RESOLVED).order_by("-resolved_at", "-pk")[
                :RECENT_ALERTS
            ]
        )
        if open_alerts or recent_alerts:
            log_action(
                "alert.listed",
                actor=viewer,
                target=participant,
                subject=participant,
                extra={"alerts": [a.pk for a in [*open_alerts, *recent_alerts]]},
            )
    return ParticipantWorkspace(
        participant=participant,
        match=match,
        today=today,
        need=need,
        timeline=timeline_for(viewer=viewer, participant=participant, today=today),
        checkins=list(
            checkins_for_participant(viewer=viewer, participant=participant, days=RECENT_CHECKINS_DAYS, today=today)
        ),
        goals=list(goals_for_participant(viewer=viewer, participant=participant)),
        journal_entries=list(journal_shared_entries(viewer=viewer, participant=participant)),
        safety_plan=safety_plan_for_viewer(viewer=viewer, participant=participant),
        contacts=contact_history(viewer=viewer, participant=participant),
        open_alerts=open_alerts,
        recent_alerts=recent_alerts,
        is_matched_mentor=policy.is_matched_mentor(viewer, participant),
        phone=participant_phone_for_viewer(viewer=viewer, participant=participant),
    )
