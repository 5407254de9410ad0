"""Reading alerts: the matched mentor's and their supervisor's, audited when they are read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, IntegerField, Min, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.alerts.escalation import on_call_now, playbook_for
from alongside.alerts.models import (
    OPEN_STATUSES,
    Alert,
    AlertEvent,
    AlertKind,
    AlertSeverity,
    AlertStatus,
    EscalationPlaybook,
    OnCallShift,
)
from alongside.audit.services import log_action_for_each
from alongside.core.exceptions import NotFound
from alongside.organizations.models import MatchStatus, Membership, ParticipantProfile, Program
from alongside.organizations.selectors import current_mentor

LIST_LIMIT = 200
_STATUS_ORDER = Case(
    *(When(status=status, then=Value(i)) for i, status in enumerate(AlertStatus.values)),
    output_field=IntegerField(),
)


@dataclass
class OpenAlertSummary:
    """One participant's alerts not yet resolved, counted apart: crises first, acknowledged apart."""

    open: int = 0  # open or acknowledged, every kind
    acknowledged: int = 0
    crisis_open: int = 0  # crisis severity, no one has acknowledged it yet
    crisis_acknowledged: int = 0
    crisis_open_since: dt.datetime | None = None  # the oldest crisis still waiting for someone
    crisis_acknowledged_since: dt.datetime | None = None

    @property
    def crisis_since(self) -> dt.datetime | None:
        return self.crisis_open_since or self.crisis_acknowledged_since


def open_alert_summaries(*, participant_ids: list[int]) -> dict[int, OpenAlertSummary]:
    """Alerts not yet resolved per participant, by status and whether a crisis, in ONE grouped
    query; participants without any are left out. The caller has already narrowed
    ``participant_ids`` to those the viewer may see."""
    rows = (
        Alert.objects.filter(participant_id__in=participant_ids, status__in=OPEN_STATUSES)
        .order_by()
        .values("participant_id", "status", "severity")
        .annotate(n=Count("pk"), oldest=Min("raised_at"))
    )
    summaries: dict[int, OpenAlertSummary] = {}
    for row in rows:
        summary = summaries.setdefault(row["participant_id"], OpenAlertSummary())
        n, acknowledged = row["n"], row["status"] == AlertStatus.ACKNOWLEDGED
        summary.open += n
        if acknowledged:
            summary.acknowledged += n
        if row["severity"] != AlertSeverity.CRISIS:
            continue
        if acknowledged:
            summary.crisis_acknowledged += n
            summary.crisis_acknowledged_since = _earlier(summary.crisis_acknowledged_since, row["oldest"])
        else:
            summary.crisis_open += n
            summary.crisis_open_since = _earlier(summary.crisis_open_since, row["oldest"])
    return summaries


def _earlier(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    return b if a is None else a if b is None else min(a, b)


def open_crisis_counts_by_mentor(*, mentor_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Crisis alerts not yet resolved about each mentor's current participants: (no one has
    acknowledged them, acknowledged), in ONE grouped query; mentors without any are left out.
    Counts only (no one named): the caller has already narrowed ``mentor_ids`` to those the
    viewer supervises."""
    rows = (
        Alert.objects.filter(
            severity=AlertSeverity.CRISIS,
            status__in=OPEN_STATUSES,
            participant__participant_matches__status=MatchStatus.ACTIVE,
            participant__participant_matches__mentor_id__in=mentor_ids,
        )
        .order_by()
        .values("participant__participant_matches__mentor_id", "status")
        .annotate(n=Count("pk", distinct=True))
    )
    counts: dict[int, tuple[int, int]] = {}
    for row in rows:
        mentor_id = row["participant__participant_matches__mentor_id"]
        not_yet, acknowledged = counts.get(mentor_id, (0, 0))
        if row["status"] == AlertStatus.ACKNOWLEDGED:
            acknowledged += row["n"]
        else:
            not_yet += row["n"]
        counts[mentor_id] = (not_yet, acknowledged)
    return counts


def open_alerts_by_participant(*, participant_ids: list[int]) -> dict[int, list[Alert]]:
    """Open (or acknowledged) alerts per participant, newest first, in ONE query; participants
    without any are left out. The caller has already narrowed ``participant_ids`` to those the
    viewer may see (and audits what it shows)."""
    grouped: dict[int, list[Alert]] = defaultdict(list)
    alerts = Alert.objects.filter(participant_id__in=participant_ids, status__in=OPEN_STATUSES).order_by(
        "-raised_at", "-pk"
    )
    for alert in alerts:
        grouped[alert.participant_id].append(alert)
    return dict(grouped)


def _alerts_they_answer(viewer: Membership) -> QuerySet[Alert]:
    """The alerts the viewer responds to: those of the participants in their care (a mentor's
    current matches, a supervisor's mentors' matches) and those whose escalation told them.
    Anyone else is refused (NotAllowed)."""
    policy.authorize(viewer, policy.ORG_VIEW_ALERTS, viewer.organization)
    return policy.scope(viewer, policy.ALERT_RESPOND, Alert)


def _audit_listed(viewer: Membership, alerts: list[Alert]) -> None:
    shown: dict[int, list[int]] = defaultdict(list)
    for alert in alerts:
        shown[alert.participant_id].append(alert.pk)
    by_id = {alert.participant_id: alert.participant for alert in alerts}
    log_action_for_each(
        "alert.listed",
        actor=viewer,
        subjects=[by_id[pk] for pk in shown],
        extra_by_subject={pk: {"alerts": ids} for pk, ids in shown.items()},
    )


# Crises not yet resolved first (not yet acknowledged, then acknowledged), then the rest by status.
_CRISIS_FIRST = Case(
    When(severity=AlertSeverity.CRISIS, status=AlertStatus.OPEN, then=Value(0)),
    When(severity=AlertSeverity.CRISIS, status=AlertStatus.ACKNOWLEDGED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def alerts_for_viewer(*, viewer: Membership, status: str | None = None, limit: int = LIST_LIMIT) -> list[Alert]:
    """The alerts the viewer responds to: crises not yet resolved first (those no one has
    acknowledged before those someone has), then open, acknowledged and resolved; newest first
    within each. A mentor sees their current matches' alerts, a supervisor those of their
    mentors' matches, and both see alerts whose escalation told them; anyone else is refused
    (NotAllowed). ``status`` narrows to one status.
    Audited as ``alert.listed``, once per participant shown."""
    alerts = _alerts_they_answer(viewer)
    if status:
        alerts = alerts.filter(status=status)
    found = list(
        alerts.select_related("participant__user").order_by(_CRISIS_FIRST, _STATUS_ORDER, "-raised_at", "-pk")[:limit]
    )
    _audit_listed(viewer, found)
    return found


@dataclass(frozen=True)
class AlertCounts:
    """Alerts not yet resolved that the viewer answers, acknowledged ones counted apart."""

    crisis_open: int = 0
    crisis_acknowledged: int = 0
    other_open: int = 0
    other_acknowledged: int = 0

    @property
    def crises(self) -> int:
        return self.crisis_open + self.crisis_acknowledged


def alert_counts_for_viewer(*, viewer: Membership) -> AlertCounts:
    """How many alerts the viewer answers are waiting (crises apart, acknowledged apart). One
    query; counts only, so nothing to audit."""
    rows = (
        _alerts_they_answer(viewer)
        .filter(status__in=OPEN_STATUSES)
        .order_by()
        .values("status")
        .annotate(
            crises=Count("pk", filter=Q(severity=AlertSeverity.CRISIS)),
            others=Count("pk", filter=~Q(severity=AlertSeverity.CRISIS)),
        )
    )
    counts = {row["status"]: (row["crises"], row["others"]) for row in rows}
    crisis_open, other_open = counts.get(AlertStatus.OPEN, (0, 0))
    crisis_acknowledged, other_acknowledged = counts.get(AlertStatus.ACKNOWLEDGED, (0, 0))
    return AlertCounts(
        crisis_open=crisis_open,
        crisis_acknowledged=crisis_acknowledged,
        other_open=other_open,
        other_acknowledged=other_acknowledged,
    )


def open_crises_for_viewer(*, viewer: Membership) -> list[Alert]:
    """Crisis alerts not yet resolved that the viewer answers, for the top of their home page:
    those no one has acknowledged first, oldest first. Audited as ``alert.listed``."""
    crises = list(
        _alerts_they_answer(viewer)
        .filter(severity=AlertSeverity.CRISIS, status__in=OPEN_STATUSES)
        .select_related("participant__user")
        .order_by(_STATUS_ORDER, "raised_at", "pk")[:LIST_LIMIT]
    )
    _audit_listed(viewer, crises)
    return crises


def alert_for_response(*, viewer: Membership, alert_id: int) -> Alert:
    """An alert the viewer is about to acknowledge, resolve or add a note to (the service then
    audits the change). Refused exactly as ``alert_get`` refuses."""
    alert = Alert.objects.select_related("participant__user").filter(pk=alert_id).first()
    if alert is None:
        raise NotFound()
    policy.authorize(viewer, policy.ALERT_RESPOND, alert)
    return alert


def alert_get(*, viewer: Membership, alert_id: int) -> Alert:
    """One alert with its history, for the participant's matched mentor or their supervisor.

    Also for anyone the alert's escalation told (this alert only). NotFound when there is no
    such alert or the viewer may not know of it; NotAllowed for someone who knows the
    participant but does not respond to their alerts (an admin, the participant). Audited as
    ``alert.viewed`` (with ``access: escalation`` when that is the only reason they may).
    """
    alert = (
        Alert.objects.select_related("participant__user", "acknowledged_by__user", "resolved_by__user")
        .prefetch_related(Prefetch("events", AlertEvent.objects.select_related("actor__user")))
        .filter(pk=alert_id)
        .first()
    )
    if alert is None:
        raise NotFound()
    policy.authorize(viewer, policy.ALERT_RESPOND, alert)
    in_care = policy.can(viewer, policy.ALERT_RESPOND, alert.participant)
    # Someone reached only through the escalation is named as such in the participant's log.
    extra = {} if in_care else {"access": "escalation"}
    audited_read(viewer, "alert.viewed", alert.participant, may=None, target=alert, extra=extra)  # authorized above
    return alert


# --- Escalation settings and the crisis button. ---

ROTA_AHEAD = dt.timedelta(days=7)
ROTA_LIST_LIMIT = 200


def _program_in_org(viewer: Membership, program_id: int) -> Program:
    program = Program.objects.select_related("organization").filter(pk=program_id).first()
    if program is None or program.organization_id != viewer.organization_id:
        raise NotFound()
    return program


def programs_for_escalation(*, viewer: Membership) -> list[Program]:
    """The organization's programs, for the escalation overview (staff)."""
    policy.authorize(viewer, policy.ORG_VIEW_ON_CALL, viewer.organization)
    return list(policy.scope(viewer, policy.ORG_VIEW_ON_CALL, Program).order_by("name"))


def playbook_for_admin(*, viewer: Membership, program_id: int) -> tuple[Program, EscalationPlaybook]:
    """A program and its playbook (saved, or the defaults), for the admin about to change it."""
    program = _program_in_org(viewer, program_id)
    policy.authorize(viewer, policy.ORG_MANAGE_ESCALATION, viewer.organization)
    return program, playbook_for(program)


def program_for_rota(*, viewer: Membership, program_id: int, manage: bool = False) -> Program:
    """A program whose rota the viewer sees (staff) or keeps (``manage``: supervisors, admins)."""
    program = _program_in_org(viewer, program_id)
    policy.authorize(viewer, policy.ORG_MANAGE_ON_CALL if manage else policy.ORG_VIEW_ON_CALL, viewer.organization)
    return program


def shift_for_rota(*, viewer: Membership, program_id: int, shift_id: int) -> OnCallShift:
    """One shift of the program's rota, for someone who keeps it."""
    program = program_for_rota(viewer=viewer, program_id=program_id, manage=True)
    shift = OnCallShift.objects.select_related("program__organization").filter(pk=shift_id, program=program).first()
    if shift is None:
        raise NotFound()
    return shift


def on_call_candidates(*, viewer: Membership) -> QuerySet[Membership]:
    """Who can be put on call: the organization's active mentors and supervisors."""
    policy.authorize(viewer, policy.ORG_MANAGE_ON_CALL, viewer.organization)
    return (
        policy.scope(viewer, policy.MEMBER_PUT_ON_CALL, Membership)
        .select_related("user")
        .filter(is_active=True, user__is_active=True)
        .order_by("user__display_name", "pk")
    )


@dataclass(frozen=True)
class Gap:
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass(frozen=True)
class Rota:
    program: Program
    zone: ZoneInfo
    shifts: list[OnCallShift]  # not yet over, soonest first
    on_call_now: list[Membership]
    gaps: list[Gap]  # uncovered time from now to a week ahead
    window_end: dt.datetime


def coverage_gaps(*, program: Program, start: dt.datetime, end: dt.datetime) -> list[Gap]:
    """The stretches between ``start`` and ``end`` that no active person's shift covers."""
    shifts = (
        OnCallShift.objects.filter(
            program=program,
            starts_at__lt=end,
            ends_at__gt=start,
            person__is_active=True,
            person__user__is_active=True,
        )
        .order_by("starts_at", "pk")
        .values_list("starts_at", "ends_at")
    )
    gaps: list[Gap] = []
    covered_until = start
    for starts_at, ends_at in shifts:
        if starts_at > covered_until:
            gaps.append(Gap(covered_until, starts_at))
        covered_until = max(covered_until, ends_at)
    if covered_until < end:
        gaps.append(Gap(covered_until, end))
    return gaps


def rota_for_viewer(*, viewer: Membership, program_id: int, now: dt.datetime | None = None) -> Rota:
    """A program's on-call rota: the shifts not yet over, who is on call now, and the gaps in the
    coming week, for the organization's staff."""
    now = now or timezone.now()
    program = program_for_rota(viewer=viewer, program_id=program_id)
    shifts = list(
        OnCallShift.objects.select_related("person__user")
        .filter(program=program, ends_at__gt=now)
        .order_by("starts_at", "pk")[:ROTA_LIST_LIMIT]
    )
    return Rota(
        program=program,
        zone=ZoneInfo(program.time_zone),
        shifts=shifts,
        on_call_now=on_call_now(program=program, now=now),
        gaps=coverage_gaps(program=program, start=now, end=now + ROTA_AHEAD),
        window_end=now + ROTA_AHEAD,
    )


def crisis_alert_for_participant(*, viewer: Membership) -> Alert | None:
    """The participant's own open crisis-button alert, to show them it was received (and seen)."""
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, viewer)
    return (
        Alert.objects.filter(participant=viewer, kind=AlertKind.CRISIS_BUTTON, status__in=OPEN_STATUSES)
        .select_related("acknowledged_by__user")  # "Dana saw your alert": who is on it
        .order_by("-raised_at", "-pk")
        .first()
    )


def has_current_mentor(*, participant: Membership) -> bool:
    return current_mentor(participant=participant) is not None


# --- Reaching the person: the number a participant chose to share. ---


@dataclass(frozen=True)
class PhoneReach:
    """What a carer sees about calling or texting a participant.

    ``number`` only when the participant shares it and the viewer may call them; ``shown`` is
    False for a viewer who may not call them at all (the page then says nothing of a number)."""

    shown: bool
    number: str = ""


def participant_phone_for_viewer(*, viewer: Membership, participant: Membership) -> PhoneReach:
    """The participant's mobile number, for their matched mentor (or whoever a crisis alert's
    escalation reached while it is not resolved: ``policy.PARTICIPANT_VIEW_PHONE``), when the
    participant chose to share it. Each time the number is returned it is audited as
    ``participant.phone_viewed`` with the participant as subject (they see it under "who
    viewed my information"); nothing is audited when nothing is shown."""
    if not policy.can(viewer, policy.PARTICIPANT_VIEW_PHONE, participant):
        return PhoneReach(shown=False)
    shared = (
        ParticipantProfile.objects.filter(membership=participant, phone_shared_with_mentor_at__isnull=False)
        .values_list("membership__user__phone_number", flat=True)
        .first()
    )
    number = str(shared or "")
    if number:
        audited_read(viewer, "participant.phone_viewed", participant, may=None)  # PARTICIPANT_VIEW_PHONE, above
    return PhoneReach(shown=True, number=number)


def crisis_mark_text(*, since: str, acknowledged: bool) -> str:
    """The one wording of a crisis mark, for the alert pages and the mentor's "today"."""
    from django.utils.translation import gettext as _

    if acknowledged:
        return _("Crisis — open since %(since)s, acknowledged") % {"since": since}
    return _("Crisis — open since %(since)s, not yet acknowledged") % {"since": since}
