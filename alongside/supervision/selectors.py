"""Reads for supervision, mentor wellbeing, caseload caps and boundary concerns.

Selectors that take a ``viewer`` ask the policy first. The batch selectors other apps call for a
whole team (``caseload_caps``, ``wellbeing_flags``, ``supervision_minutes_by_mentor``) take ids
only and run a fixed number of queries; their callers must already have checked that the viewer
may see those mentors (``wellbeing_flags`` is for the mentors' own supervisor:
``policy.MENTOR_VIEW_WELLBEING``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.alerts.selectors import open_crisis_counts_by_mentor
from alongside.core.exceptions import NotFound
from alongside.core.localtime import local_today, period_starts
from alongside.organizations.models import Match, MatchStatus, Membership, Role
from alongside.organizations.selectors import membership_by_id
from alongside.supervision.models import (
    DEFAULT_CASELOAD_CAP,
    SCALE_MAX,
    STRAIN_FLAG_AT,
    STRAIN_MAX,
    WORSENING_FLAG_AT,
    BoundaryConcern,
    ConcernStatus,
    MentorSupport,
    SessionAttendance,
    SupervisionSession,
    WellbeingCheck,
)

TREND_LENGTH = 12

# Caseload caps ---------------------------------------------------------------------------------


def caseload_cap_for(*, mentor: Membership) -> int:
    """The most participants this mentor may have at once (default 15). One query."""
    cap = MentorSupport.objects.filter(mentor=mentor).values_list("caseload_cap", flat=True).first()
    return cap if cap is not None else DEFAULT_CASELOAD_CAP


def caseload_caps(*, mentor_ids: list[int]) -> dict[int, int]:
    """Each mentor's caseload cap, the default for those never changed. ONE query."""
    caps = dict(MentorSupport.objects.filter(mentor_id__in=mentor_ids).values_list("mentor_id", "caseload_cap"))
    return {mentor_id: caps.get(mentor_id, DEFAULT_CASELOAD_CAP) for mentor_id in mentor_ids}


def caseload_sizes(*, mentor_ids: list[int]) -> dict[int, int]:
    """How many active matches each mentor has. ONE query."""
    counts = dict(
        Match.objects.filter(mentor_id__in=mentor_ids, status=MatchStatus.ACTIVE)
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    return {mentor_id: counts.get(mentor_id, 0) for mentor_id in mentor_ids}


def mentor_support_settings(*, mentor: Membership) -> MentorSupport:
    """The mentor's settings row, or an unsaved one with the defaults."""
    found = MentorSupport.objects.filter(mentor=mentor).first()
    return found or MentorSupport(organization_id=mentor.organization_id, mentor=mentor)


# Wellbeing flags -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WellbeingFlag:
    """Why a mentor's latest wellbeing check asks for their supervisor's attention, in plain words."""

    mentor_id: int
    answered_on: dt.date
    latest_score: int  # strain, 0 … 16
    previous_score: int | None
    reasons: list[str]

    @property
    def trend(self) -> str | None:
        """ "worse", "better" or "steady" against the check before; None for a first check."""
        if self.previous_score is None:
            return None
        if self.latest_score > self.previous_score:
            return "worse"
        return "better" if self.latest_score < self.previous_score else "steady"


def flag_reasons(latest: WellbeingCheck, previous: WellbeingCheck | None) -> list[str]:
    """The plain reasons a check is flagged: high overall strain, any answer at its hardest, or
    strain 3 or more points worse than the check before. Empty when nothing stands out."""
    reasons: list[str] = []
    score = latest.strain_score
    if score >= STRAIN_FLAG_AT:
        reasons.append(
            _("Overall strain is %(score)s of %(max)s (a flag starts at %(at)s).")
            % {"score": score, "max": STRAIN_MAX, "at": STRAIN_FLAG_AT}
        )
    if latest.emotional_exhaustion == SCALE_MAX:
        reasons.append(_("Feels completely drained after supporting people."))
    if latest.boundary_strain == SCALE_MAX:
        reasons.append(_("Keeping healthy boundaries has felt very hard."))
    if latest.workload == SCALE_MAX:
        reasons.append(_("The workload feels like too much."))
    if latest.support_felt == 0:
        reasons.append(_("Does not feel supported at all."))
    if previous is not None and score - previous.strain_score >= WORSENING_FLAG_AT:
        reasons.append(
            _("Strain rose by %(points)s points since the check on %(date)s (%(before)s → %(now)s).")
            % {
                "points": score - previous.strain_score,
                "date": date_format(previous.answered_on),
                "before": previous.strain_score,
                "now": score,
            }
        )
    return reasons


def _summary(latest: WellbeingCheck, previous: WellbeingCheck | None) -> WellbeingFlag:
    """The latest check's strain against the one before, with the flag's reasons (maybe none)."""
    return WellbeingFlag(
        mentor_id=latest.mentor_id,
        answered_on=latest.answered_on,
        latest_score=latest.strain_score,
        previous_score=previous.strain_score if previous is not None else None,
        reasons=flag_reasons(latest, previous),
    )


def _flagged(summary: WellbeingFlag | None) -> WellbeingFlag | None:
    """The summary when it asks for attention, else None."""
    return summary if summary is not None and summary.reasons else None


def flag_for(latest: WellbeingCheck | None, previous: WellbeingCheck | None) -> WellbeingFlag | None:
    return _flagged(_summary(latest, previous) if latest is not None else None)


_SCORE_FIELDS = (
    "pk",
    "mentor_id",
    "answered_on",
    "created_at",
    "emotional_exhaustion",
    "boundary_strain",
    "workload",
    "support_felt",
)


def _latest_two(mentor_ids: list[int]) -> dict[int, list[WellbeingCheck]]:
    """The two most recent checks of each mentor, newest first. ONE query (a window function);
    the encrypted note is not loaded."""
    rows = (
        WellbeingCheck.objects.filter(mentor_id__in=mentor_ids)
        .only(*_SCORE_FIELDS)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("mentor_id")],
                order_by=[F("answered_on").desc(), F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=2)
        .order_by("mentor_id", "rank")
    )
    found: dict[int, list[WellbeingCheck]] = {}
    for check in rows:
        found.setdefault(check.mentor_id, []).append(check)
    return found


def wellbeing_flags(*, mentor_ids: list[int]) -> dict[int, WellbeingFlag | None]:
    """For each mentor: a WellbeingFlag when their latest check crosses the threshold or worsened,
    else None (no check yet, or nothing stands out). ONE query, whatever the number of mentors.

    The reasons describe the mentor's answers: show them only to the mentor's own supervisor.
    """
    return {mentor_id: _flagged(summary) for mentor_id, summary in wellbeing_latest(mentor_ids=mentor_ids).items()}


def wellbeing_latest(*, mentor_ids: list[int]) -> dict[int, WellbeingFlag | None]:
    """For each mentor: their latest check's strain against the check before (the trend), with
    the flag's reasons when it asks for attention (an empty list when nothing stands out), or
    None before a first check. ONE query. Only for the mentor's own supervisor, like the flags."""
    checks = _latest_two(mentor_ids)
    result: dict[int, WellbeingFlag | None] = {}
    for mentor_id in mentor_ids:
        pair = checks.get(mentor_id, [])
        result[mentor_id] = _summary(pair[0], pair[1] if len(pair) > 1 else None) if pair else None
    return result


# Wellbeing for the mentor and their supervisor --------------------------------------------------


@dataclass
class WellbeingOverview:
    mentor: Membership
    checks: list[WellbeingCheck]  # newest first, at most TREND_LENGTH
    flag: WellbeingFlag | None
    settings: MentorSupport  # the cap and the check-in rhythm
    interval_days: int
    due_on: dt.date
    is_due: bool

    @property
    def trend_oldest_first(self) -> list[WellbeingCheck]:
        return list(reversed(self.checks))


def wellbeing_due_on(*, mentor: Membership, last_answered_on: dt.date | None, interval_days: int) -> dt.date:
    """When the next self-check is due: the interval after the last one, or from joining."""
    if last_answered_on is not None:
        return last_answered_on + dt.timedelta(days=interval_days)
    return local_today(mentor, mentor.created_at)


def wellbeing_overview(*, viewer: Membership, mentor: Membership, today: dt.date | None = None) -> WellbeingOverview:
    """A mentor's recent checks (answers and note), flag and due date, for the mentor and their
    supervisor only. A supervisor's read is audited as ``wellbeing.viewed``."""
    policy.authorize(viewer, policy.MENTOR_VIEW_WELLBEING, mentor)
    checks = list(WellbeingCheck.objects.filter(mentor=mentor)[:TREND_LENGTH])
    settings_row = mentor_support_settings(mentor=mentor)
    interval = settings_row.wellbeing_interval_days
    due_on = wellbeing_due_on(
        mentor=mentor, last_answered_on=checks[0].answered_on if checks else None, interval_days=interval
    )
    today = today or local_today(mentor)
    audited_read(viewer, "wellbeing.viewed", mentor, may=None, extra={"checks": len(checks)})  # authorized above
    return WellbeingOverview(
        mentor=mentor,
        checks=checks,
        flag=flag_for(checks[0] if checks else None, checks[1] if len(checks) > 1 else None),
        settings=settings_row,
        interval_days=interval,
        due_on=due_on,
        is_due=due_on <= today,
    )


def own_wellbeing_checks(*, mentor: Membership) -> QuerySet[WellbeingCheck]:
    """The mentor's own checks, newest first (for the mentor only)."""
    policy.authorize(mentor, policy.MENTOR_OWN_SUPPORT, mentor)
    return WellbeingCheck.objects.filter(mentor=mentor)


def assert_is_mentor_self(*, viewer: Membership) -> None:
    """Refuse anyone but a mentor acting for themself (the self-check and concern forms)."""
    policy.authorize(viewer, policy.MENTOR_OWN_SUPPORT, viewer)


@dataclass
class MentorSupportPage:
    """What the supervisor's (or admin's) page about one mentor shows. ``wellbeing`` is None for an
    admin: they may change the cap but never see the answers."""

    mentor: Membership
    settings: MentorSupport
    caseload_size: int
    wellbeing: WellbeingOverview | None
    hours: SupervisionHours | None


def mentor_support_page(*, viewer: Membership, mentor_id: int, today: dt.date | None = None) -> MentorSupportPage:
    mentor = membership_by_id(mentor_id)
    if not policy.can(viewer, policy.MENTOR_VIEW_WELLBEING, mentor):
        policy.authorize(viewer, policy.MENTOR_SET_CASELOAD_CAP, mentor)
        wellbeing, hours = None, None
        settings_row = mentor_support_settings(mentor=mentor)
    else:
        today = today or local_today(viewer)
        wellbeing = wellbeing_overview(viewer=viewer, mentor=mentor, today=today)
        hours = supervision_minutes_by_mentor(mentor_ids=[mentor.pk], today=today)[mentor.pk]
        settings_row = wellbeing.settings
    return MentorSupportPage(
        mentor=mentor,
        settings=settings_row,
        caseload_size=caseload_sizes(mentor_ids=[mentor.pk])[mentor.pk],
        wellbeing=wellbeing,
        hours=hours,
    )


def mentor_for_support_change(*, viewer: Membership, mentor_id: int) -> Membership:
    """The mentor whose cap or wellbeing rhythm the viewer (their supervisor, or an admin) changes."""
    mentor = membership_by_id(mentor_id)
    policy.authorize(viewer, policy.MENTOR_SET_CASELOAD_CAP, mentor)
    return mentor


# Supervision sessions and hours ----------------------------------------------------------------


@dataclass(frozen=True)
class SupervisionHours:
    """A mentor's supervision time, in minutes."""

    this_month: int = 0
    last_90_days: int = 0
    all_time: int = 0
    sessions: int = 0


def supervision_minutes_by_mentor(*, mentor_ids: list[int], today: dt.date) -> dict[int, SupervisionHours]:
    """Each mentor's supervision minutes this month, in the last 90 days (the same window as
    contact hours: ``period_starts``) and in all, and how many sessions. ONE query."""
    _week_start, month_start, window_start = period_starts(today)
    minutes = "session__duration_minutes"
    rows = (
        SessionAttendance.objects.filter(mentor_id__in=mentor_ids, session__occurred_on__lte=today)
        .order_by()
        .values("mentor_id")
        .annotate(
            month=Sum(minutes, filter=Q(session__occurred_on__gte=month_start)),
            recent=Sum(minutes, filter=Q(session__occurred_on__gte=window_start)),
            total=Sum(minutes),
            n=Count("pk"),
        )
    )
    found = {
        row["mentor_id"]: SupervisionHours(
            this_month=row["month"] or 0, last_90_days=row["recent"] or 0, all_time=row["total"] or 0, sessions=row["n"]
        )
        for row in rows
    }
    return {mentor_id: found.get(mentor_id, SupervisionHours()) for mentor_id in mentor_ids}


def supervised_mentors(*, viewer: Membership) -> list[Membership]:
    """The active mentors this supervisor supports, by name (for session forms and the team list)."""
    policy.authorize(viewer, policy.ORG_RECORD_SUPERVISION, viewer.organization)
    return list(
        policy.visible_mentors(viewer)
        .filter(is_active=True)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


def sessions_for_viewer(*, viewer: Membership) -> QuerySet[SupervisionSession]:
    """A supervisor's recorded sessions, or the sessions a mentor took part in; newest first."""
    base = SupervisionSession.objects.select_related("supervisor__user").prefetch_related("mentors__user")
    if viewer.role == Role.SUPERVISOR:
        policy.authorize(viewer, policy.ORG_RECORD_SUPERVISION, viewer.organization)
    else:
        policy.authorize(viewer, policy.MENTOR_VIEW_SUPERVISION, viewer)
    return base.filter(pk__in=policy.scope(viewer, policy.OBJECT_VIEW, SupervisionSession).values("pk"))


def session_for_viewer(*, viewer: Membership, session_id: int) -> SupervisionSession:
    """One session, notes included: for its supervisor and the mentors in it (nobody else)."""
    session = (
        SupervisionSession.objects.select_related("supervisor__user")
        .prefetch_related("mentors__user")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound()
    policy.authorize(viewer, policy.OBJECT_VIEW, session)
    return session


@dataclass
class MentorHoursRow:
    mentor: Membership
    hours: SupervisionHours


def supervision_hours_for_viewer(*, viewer: Membership, today: dt.date | None = None) -> list[MentorHoursRow]:
    """A mentor's own supervision hours, or each of a supervisor's mentors'. Fixed queries."""
    today = today or local_today(viewer)
    if viewer.role == Role.SUPERVISOR:
        mentors = supervised_mentors(viewer=viewer)
    else:
        policy.authorize(viewer, policy.MENTOR_VIEW_SUPERVISION, viewer)
        mentors = [viewer]
    hours = supervision_minutes_by_mentor(mentor_ids=[m.pk for m in mentors], today=today)
    return [MentorHoursRow(mentor=m, hours=hours[m.pk]) for m in mentors]


# The supervisor's team -------------------------------------------------------------------------


@dataclass
class TeamRow:
    mentor: Membership
    caseload_size: int
    caseload_cap: int
    flag: WellbeingFlag | None
    last_check_on: dt.date | None
    hours: SupervisionHours
    open_concerns: int
    crisis_open: int = 0  # crisis alerts about their participants no one has acknowledged yet
    crisis_acknowledged: int = 0  # acknowledged, not yet resolved

    @property
    def caseload_full(self) -> bool:
        return self.caseload_size >= self.caseload_cap


def team_for_supervisor(*, viewer: Membership, today: dt.date | None = None) -> list[TeamRow]:
    """The supervisor's mentors with caseload against cap, wellbeing flag, supervision hours,
    open boundary concerns and crisis alerts not yet resolved about their participants; those
    with a crisis first (not yet acknowledged before acknowledged), the others by name. Seven
    queries, whatever the size of the team."""
    today = today or local_today(viewer)
    mentors = supervised_mentors(viewer=viewer)
    ids = [m.pk for m in mentors]
    sizes = caseload_sizes(mentor_ids=ids)
    caps = caseload_caps(mentor_ids=ids)
    latest = wellbeing_latest(mentor_ids=ids)
    hours = supervision_minutes_by_mentor(mentor_ids=ids, today=today)
    concerns = dict(
        BoundaryConcern.objects.filter(mentor_id__in=ids, status=ConcernStatus.OPEN)
        .order_by()
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values_list("mentor_id", "n")
    )
    crises = open_crisis_counts_by_mentor(mentor_ids=ids) if ids else {}
    rows: list[TeamRow] = []
    for m in mentors:
        summary = latest[m.pk]
        crisis_open, crisis_acknowledged = crises.get(m.pk, (0, 0))
        rows.append(
            TeamRow(
                mentor=m,
                caseload_size=sizes[m.pk],
                caseload_cap=caps[m.pk],
                flag=_flagged(summary),
                last_check_on=summary.answered_on if summary is not None else None,
                hours=hours[m.pk],
                open_concerns=concerns.get(m.pk, 0),
                crisis_open=crisis_open,
                crisis_acknowledged=crisis_acknowledged,
            )
        )
    rows.sort(key=lambda row: (-row.crisis_open, -row.crisis_acknowledged))  # stable: by name otherwise
    return rows


# Boundary concerns -----------------------------------------------------------------------------


def concerns_for_viewer(*, viewer: Membership) -> QuerySet[BoundaryConcern]:
    """A mentor's own reports, or (for a supervisor) the reports of the mentors they support.
    Open ones first, then newest."""
    base = BoundaryConcern.objects.select_related("mentor__user", "participant__user").order_by(
        "-status", "-created_at", "-pk"
    )
    # "open" sorts after "acknowledged": descending puts open first.
    if viewer.role == Role.SUPERVISOR:
        policy.authorize(viewer, policy.ORG_RECORD_SUPERVISION, viewer.organization)
    else:
        policy.authorize(viewer, policy.MENTOR_OWN_SUPPORT, viewer)
    return base.filter(pk__in=policy.scope(viewer, policy.OBJECT_VIEW, BoundaryConcern).values("pk"))


def concern_for_viewer(*, viewer: Membership, concern_id: int) -> BoundaryConcern:
    """One concern: for the mentor who reported it and their supervisor. The supervisor's read is
    audited as ``boundary_concern.viewed``."""
    concern = (
        BoundaryConcern.objects.select_related("mentor__user", "participant__user", "acknowledged_by__user")
        .filter(pk=concern_id)
        .first()
    )
    if concern is None:
        raise NotFound()
    policy.authorize(viewer, policy.OBJECT_VIEW, concern)
    audited_read(viewer, "boundary_concern.viewed", concern.mentor, may=None, target=concern)
    return concern


def concern_participant_choices(*, viewer: Membership) -> list[Membership]:
    """The participants a mentor may name in a concern: their current caseload."""
    policy.authorize(viewer, policy.MENTOR_OWN_SUPPORT, viewer)
    return list(
        policy.visible_participants(viewer)
        .filter(is_active=True)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )


@dataclass
class MentorHub:
    """What a mentor's supervision page shows: their sessions, hours, check-in rhythm and reports."""

    sessions: list[SupervisionSession]
    hours: SupervisionHours
    wellbeing_due_on: dt.date
    wellbeing_is_due: bool
    open_concerns: int
    caseload_size: int
    caseload_cap: int


def mentor_hub(*, viewer: Membership, today: dt.date | None = None) -> MentorHub:
    policy.authorize(viewer, policy.MENTOR_VIEW_SUPERVISION, viewer)
    today = today or local_today(viewer)
    settings_row = mentor_support_settings(mentor=viewer)
    last = WellbeingCheck.objects.filter(mentor=viewer).aggregate(last=Max("answered_on"))["last"]
    due_on = wellbeing_due_on(mentor=viewer, last_answered_on=last, interval_days=settings_row.wellbeing_interval_days)
    return MentorHub(
        sessions=list(sessions_for_viewer(viewer=viewer)[:50]),
        hours=supervision_minutes_by_mentor(mentor_ids=[viewer.pk], today=today)[viewer.pk],
        wellbeing_due_on=due_on,
        wellbeing_is_due=due_on <= today,
        open_concerns=BoundaryConcern.objects.filter(mentor=viewer, status=ConcernStatus.OPEN).count(),
        caseload_size=caseload_sizes(mentor_ids=[viewer.pk])[viewer.pk],
        caseload_cap=settings_row.caseload_cap,
    )


def may_acknowledge(*, viewer: Membership, concern: BoundaryConcern) -> bool:
    """Whether the viewer is the supervisor who may acknowledge this concern."""
    return policy.can(viewer, policy.OBJECT_CHANGE, concern)


def assert_may_acknowledge(*, viewer: Membership, concern: BoundaryConcern) -> None:
    policy.authorize(viewer, policy.OBJECT_CHANGE, concern)
