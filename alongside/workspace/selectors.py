"""The mentor's and the supervisor's workspace: who needs them today, their team, one participant.

"Today" and the team page read what the worker computed: one caseload-state row per person
(``alongside.caseload``), all loaded in ONE primary-key query after the matches, plus the open
crisis alerts of the whole list read live in ONE indexed query (a crisis shows at once even while the worker is
behind). They never re-derive reasons from history, and say how fresh the rows are. A fixed
number of queries whatever the size of the caseload or team. A caseload or team view writes ONE
audit entry listing the participants shown, not one per participant.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from django.utils import timezone

from alongside.access import policy
from alongside.alerts.models import Alert, AlertStatus
from alongside.alerts.selectors import (
    PhoneReach,
    open_alerts_by_participant,
    participant_phone_for_viewer,
)
from alongside.audit.services import log_action, log_action_for_each
from alongside.caseload.selectors import Freshness, RowFacts, crisis_now, need_and_facts, states_for
from alongside.caseload.state import compute
from alongside.checkins.models import CheckIn
from alongside.checkins.selectors import checkins_for_participant
from alongside.contacts.selectors import ContactHistory, contact_history, overdue_follow_ups
from alongside.core.localtime import local_today
from alongside.goals.models import Goal
from alongside.goals.selectors import goals_for_participant
from alongside.journal.models import JournalEntry
from alongside.journal.selectors import journal_shared_entries
from alongside.organizations.models import Match, MatchStatus, Membership
from alongside.organizations.selectors import membership_by_id
from alongside.recovery.selectors import Timeline, timeline_for
from alongside.safety.selectors import PlanView, safety_plan_for_viewer
from alongside.signals.needs import WEIGHT_LABELS, WEIGHTS, Need, ReasonCode, signal_weight
from alongside.signals.rules import SignalCode, SignalConfig
from alongside.signals.selectors import signal_configs_for
from alongside.supervision.selectors import WellbeingFlag, caseload_caps, supervised_mentors, wellbeing_latest

RECENT_CHECKINS_DAYS = 14  # check-ins shown on the participant page
RECENT_ALERTS = 5  # resolved alerts shown on the participant page


@dataclass(frozen=True)
class WeightRow:
    code: str
    label: str
    weight: int


def weight_table(config: SignalConfig) -> list[WeightRow]:
    """The published weights, highest first, for the page that explains the order: the early-warning
    signals with the weights of the viewer's program (times ``SIGNAL_WEIGHT_SCALE``)."""
    rows = [WeightRow(code=code.value, label=str(WEIGHT_LABELS[code]), weight=w) for code, w in WEIGHTS.items()]
    rows += [
        WeightRow(code=code, label=str(SignalCode(code).label), weight=signal_weight(code, config))
        for code in SignalCode.values
        if code in config.enabled
    ]
    return sorted(rows, key=lambda row: -row.weight)


def _weights_for(viewer: Membership) -> list[WeightRow]:
    return weight_table(signal_configs_for(program_ids={viewer.program_id})[viewer.program_id])


# The mentor's "today" --------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    participant: Membership
    match: Match
    need: Need
    facts: RowFacts
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
    freshness: Freshness

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
    """A mentor's caseload ordered by need, each participant with the reasons kept in their
    caseload state (``signals.needs``), a crisis read live.

    Mentors only (NotAllowed for anyone else). A fixed number of queries whatever the caseload
    size. Audits ``caseload.viewed`` once per participant shown, in one INSERT.
    """
    policy.authorize(viewer, policy.ORG_VIEW_OWN_CASELOAD, viewer.organization)
    now = now or timezone.now()
    matches = _active_matches(viewer)
    shown = [m.participant_id for m in matches]
    states, crises = states_for(participant_ids=shown), crisis_now(participant_ids=shown)
    rows = []
    for m in matches:
        need, facts = need_and_facts(
            states.get(m.participant_id),
            crises.get(m.participant_id),
            today=local_today(m.participant, now=now),
            now=now,
        )
        rows.append(
            CaseloadRow(
                participant=m.participant, match=m, need=need, facts=facts, unread_messages=facts.unread_messages
            )
        )
    # One entry per participant shown (one INSERT), so each sees it under "who viewed my information".
    log_action_for_each("caseload.viewed", actor=viewer, subjects=[m.participant for m in matches])
    return CaseloadToday(
        mentor=viewer,
        today=local_today(viewer, now=now),
        rows=_ranked(rows),
        weights=_weights_for(viewer),
        freshness=Freshness.of((row.facts for row in rows), now=now),
    )


# The supervisor's team -------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamParticipantRow:
    participant: Membership
    match: Match
    need: Need
    facts: RowFacts
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
    freshness: Freshness

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
    now = now or timezone.now()
    mentors = supervised_mentors(viewer=viewer)
    mentor_ids = [m.pk for m in mentors]
    matches = _active_matches(viewer) if mentors else []
    shown = [m.participant_id for m in matches]
    states, crises = states_for(participant_ids=shown), crisis_now(participant_ids=shown)
    today = local_today(viewer, now=now)
    caps = caseload_caps(mentor_ids=mentor_ids) if mentors else {}
    latest = wellbeing_latest(mentor_ids=mentor_ids) if mentors else {}
    follow_ups = overdue_follow_ups(mentor_ids=mentor_ids, today=today) if matches else {}
    by_mentor: dict[int, list[TeamParticipantRow]] = defaultdict(list)
    for m in matches:
        need, facts = need_and_facts(
            states.get(m.participant_id),
            crises.get(m.participant_id),
            today=local_today(m.participant, now=now),
            now=now,
        )
        by_mentor[m.mentor_id].append(
            TeamParticipantRow(
                participant=m.participant,
                match=m,
                need=need,
                facts=facts,
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
    return TeamOverview(
        supervisor=viewer,
        today=today,
        mentors=rows,
        weights=_weights_for(viewer),
        freshness=Freshness.of((p.facts for row in rows for p in row.participants), now=now),
    )


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


def _need_now(participant: Membership) -> Need:
    """One participant's need computed now from history, with the same engine as the worker (the
    page about one person never waits for the worker)."""
    now = timezone.now()
    state = compute([participant.pk], now=now).get(participant.pk)
    crisis = crisis_now(participant_ids=[participant.pk]).get(participant.pk)
    return need_and_facts(state, crisis, today=local_today(participant, now=now), now=now)[0]


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
    need = _need_now(participant) if match else None
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
