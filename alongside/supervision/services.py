"""What can happen in supervision: sessions recorded, wellbeing self-checks, caseload caps and
their enforcement, wellbeing reminders, and boundary concerns reported and acknowledged.

Every write is atomic, asks the policy first, and is audited. Notifications never carry the
sensitive text (notes, answers, concern details): only that something is there to read.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput
from alongside.core.idempotency import create_once
from alongside.core.localtime import local_today
from alongside.notifications.services import notify
from alongside.organizations.locking import participant_lock
from alongside.organizations.models import Membership, Role
from alongside.supervision.models import (
    CASELOAD_CAP_MAX,
    CASELOAD_CAP_MIN,
    CONCERN_MAX_LENGTH,
    DEFAULT_WELLBEING_INTERVAL_DAYS,
    FOLLOW_UPS_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_MAX_LENGTH,
    RESPONSE_MAX_LENGTH,
    SCALE_MAX,
    SESSION_MINUTES_MAX,
    SESSION_MINUTES_MIN,
    WELLBEING_INTERVAL_MAX,
    WELLBEING_INTERVAL_MIN,
    WELLBEING_NOTE_MAX_LENGTH,
    BoundaryConcern,
    ConcernKind,
    ConcernStatus,
    MentorSupport,
    SessionAttendance,
    SessionKind,
    SupervisionSession,
    SupervisionTopic,
    WellbeingCheck,
)
from alongside.supervision.selectors import caseload_cap_for, caseload_sizes, flag_for, wellbeing_due_on

# How far back a session may be logged: a typo in the year should not count towards hours.
SESSION_MAX_AGE_DAYS = 366


def _text(value: str, *, field: str, max_length: int, required: bool, errors: dict[str, list[str]]) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("Please write something here.")]
    elif len(value) > max_length:
        errors[field] = [_("Keep this under %(n)s characters.") % {"n": f"{max_length:,}"}]
    return value


# Supervision sessions --------------------------------------------------------------------------


def supervision_session_record(
    *,
    supervisor: Membership,
    kind: str,
    mentor_ids: list[int],
    occurred_on: dt.date,
    duration_minutes: int,
    topics: list[str],
    notes: str,
    follow_ups: str = "",
    follow_up_on: dt.date | None = None,
    client_id: uuid.UUID | None = None,
    today: dt.date | None = None,
) -> tuple[SupervisionSession, bool]:
    """A supervisor records a session with mentors they supervise. Returns (session, created).

    Individual sessions have exactly one mentor, group sessions at least one; every mentor must be
    an active mentor this supervisor supports. Not in the future, nor more than a year back. The
    same ``client_id`` twice stores one session. Notes are shared with the mentors in the session,
    who are told in the app (without the notes). Audits ``supervision_session.recorded``.
    """
    policy.authorize(supervisor, policy.ORG_RECORD_SUPERVISION, supervisor.organization)
    today = today or local_today(supervisor)
    errors: dict[str, list[str]] = {}
    if kind not in SessionKind.values:
        errors["kind"] = [_("Choose individual or group.")]
    wanted = sorted(set(mentor_ids))
    mentors = list(
        Membership.objects.filter(
            pk__in=wanted,
            organization_id=supervisor.organization_id,
            role=Role.MENTOR,
            is_active=True,
            supervisor=supervisor,
        ).select_related("user")
    )
    if not wanted:
        errors["mentors"] = [_("Choose the mentor (or mentors) in this session.")]
    elif len(mentors) != len(wanted):
        errors["mentors"] = [_("Choose only active mentors you supervise.")]
    elif kind == SessionKind.INDIVIDUAL and len(mentors) != 1:
        errors["mentors"] = [_("An individual session has exactly one mentor. Choose group for more.")]
    if occurred_on > today:
        errors["occurred_on"] = [_("The date cannot be in the future.")]
    elif occurred_on < today - dt.timedelta(days=SESSION_MAX_AGE_DAYS):
        errors["occurred_on"] = [_("Sessions can be logged up to a year back.")]
    if not SESSION_MINUTES_MIN <= duration_minutes <= SESSION_MINUTES_MAX:
        errors["duration_minutes"] = [
            _("Enter between %(min)s and %(max)s minutes.") % {"min": SESSION_MINUTES_MIN, "max": SESSION_MINUTES_MAX}
        ]
    topics = [t for t in SupervisionTopic.values if t in set(topics)]  # known, deduplicated, in order
    if not topics:
        errors["topics"] = [_("Choose at least one topic.")]
    notes = _text(notes, field="notes", max_length=NOTES_MAX_LENGTH, required=True, errors=errors)
    follow_ups = _text(follow_ups, field="follow_ups", max_length=FOLLOW_UPS_MAX_LENGTH, required=False, errors=errors)
    if follow_up_on is not None and follow_up_on < occurred_on:
        errors["follow_up_on"] = [_("The follow-up date cannot be before the session.")]
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)

    def create() -> tuple[SupervisionSession, bool]:
        participant_lock(supervisor)
        if client_id is not None:
            same = SupervisionSession.objects.filter(supervisor=supervisor, client_id=client_id).first()
            if same is not None:
                return same, False
        session = SupervisionSession.objects.create(
            organization=supervisor.organization,
            supervisor=supervisor,
            kind=kind,
            occurred_on=occurred_on,
            duration_minutes=duration_minutes,
            topics=topics,
            notes=notes,
            follow_ups=follow_ups,
            follow_up_on=follow_up_on,
            client_id=client_id or uuid.uuid4(),
        )
        SessionAttendance.objects.bulk_create([SessionAttendance(session=session, mentor=m) for m in mentors])
        log_action(
            "supervision_session.recorded",
            actor=supervisor,
            target=session,
            extra={"kind": kind, "mentors": [m.pk for m in mentors], "minutes": duration_minutes},
        )
        for mentor in mentors:
            with translation.override(mentor.user.language or None):
                notify(
                    recipient=mentor.user,
                    organization=supervisor.organization,
                    kind="supervision.session_recorded",
                    title=_("Your supervision session on %(date)s is in the log") % {"date": date_format(occurred_on)},
                    body=_("%(name)s recorded it. You can read the notes and follow-ups.")
                    % {"name": supervisor.user.display_name},
                    link=reverse("supervision:session_detail", args=[session.pk]),
                    email=False,
                    dedupe_key=f"supervision-session-{session.pk}",
                )
        return session, True

    return create_once(create)


# Wellbeing self-checks -------------------------------------------------------------------------


def wellbeing_check_record(
    *,
    mentor: Membership,
    emotional_exhaustion: int,
    boundary_strain: int,
    workload: int,
    support_felt: int,
    note: str = "",
    client_id: uuid.UUID | None = None,
    today: dt.date | None = None,
) -> tuple[WellbeingCheck, bool]:
    """A mentor answers their own wellbeing self-check. Returns (check, created).

    Only the mentor themself may answer. The same ``client_id`` twice stores one check. When the
    answers cross the flag threshold or worsened, the mentor's supervisor is told that a check
    needs their attention (never the answers). Audits ``wellbeing.checked`` (no answers either).
    """
    policy.authorize(mentor, policy.MENTOR_OWN_SUPPORT, mentor)
    errors: dict[str, list[str]] = {}
    answers = {
        "emotional_exhaustion": emotional_exhaustion,
        "boundary_strain": boundary_strain,
        "workload": workload,
        "support_felt": support_felt,
    }
    for name, value in answers.items():
        if not isinstance(value, int) or not 0 <= value <= SCALE_MAX:
            errors[name] = [_("Choose one of the answers.")]
    note = _text(note, field="note", max_length=WELLBEING_NOTE_MAX_LENGTH, required=False, errors=errors)
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    answered_on = today or local_today(mentor)

    def create() -> tuple[WellbeingCheck, bool]:
        participant_lock(mentor)
        if client_id is not None:
            same = WellbeingCheck.objects.filter(mentor=mentor, client_id=client_id).first()
            if same is not None:
                return same, False
        previous = WellbeingCheck.objects.filter(mentor=mentor).first()
        check = WellbeingCheck.objects.create(
            organization=mentor.organization,
            mentor=mentor,
            answered_on=answered_on,
            note=note,
            client_id=client_id or uuid.uuid4(),
            **answers,
        )
        log_action("wellbeing.checked", actor=mentor, target=check)
        flag = flag_for(check, previous)
        supervisor = mentor.supervisor
        if flag is not None and supervisor is not None and supervisor.is_active:
            with translation.override(supervisor.user.language or None):
                notify(
                    recipient=supervisor.user,
                    organization=mentor.organization,
                    kind="wellbeing.flagged",
                    title=_("%(name)s's wellbeing check-in may need your attention")
                    % {"name": mentor.user.display_name},
                    body=_("Open their page to see the answers and consider a check-in or their caseload."),
                    link=reverse("supervision:mentor_wellbeing", args=[mentor.pk]),
                    dedupe_key=f"wellbeing-flag-{check.pk}",
                )
        return check, True

    return create_once(create)


# Caseload cap and wellbeing rhythm -------------------------------------------------------------


def _support_row(mentor: Membership) -> MentorSupport:
    row, _created = MentorSupport.objects.select_for_update().get_or_create(
        mentor=mentor, defaults={"organization_id": mentor.organization_id}
    )
    return row


@transaction.atomic
def caseload_cap_set(*, viewer: Membership, mentor: Membership, caseload_cap: int, reason: str) -> MentorSupport:
    """The mentor's supervisor (or an admin) lowers or raises the mentor's caseload cap, saying why.

    The cap applies to new matches; participants already matched stay. The mentor is told (and
    sees the reason on their own page). Audits ``mentor.caseload_cap_changed`` with the reason.
    """
    policy.authorize(viewer, policy.MENTOR_SET_CASELOAD_CAP, mentor)
    errors: dict[str, list[str]] = {}
    if not CASELOAD_CAP_MIN <= caseload_cap <= CASELOAD_CAP_MAX:
        errors["caseload_cap"] = [
            _("Choose a cap between %(min)s and %(max)s.") % {"min": CASELOAD_CAP_MIN, "max": CASELOAD_CAP_MAX}
        ]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say briefly why, so the mentor understands the change.")]
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [_("Keep this under %(n)s characters.") % {"n": REASON_MAX_LENGTH}]
    if errors:
        raise InvalidInput(_("The caseload cap was not changed."), field_errors=errors)
    row = _support_row(mentor)
    before = row.caseload_cap
    if before == caseload_cap:
        return row
    row.caseload_cap = caseload_cap
    row.caseload_cap_reason = reason
    row.updated_at = timezone.now()
    row.save(update_fields=["caseload_cap", "caseload_cap_reason", "updated_at"])
    log_action(
        "mentor.caseload_cap_changed",
        actor=viewer,
        target=mentor,
        # The reason stays with the mentor's support record (encrypted): it often touches on their
        # wellbeing, which the org admin reading the audit log must not see.
        extra={"from": before, "to": caseload_cap},
    )
    with translation.override(mentor.user.language or None):
        notify(
            recipient=mentor.user,
            organization=mentor.organization,
            kind="mentor.caseload_cap_changed",
            title=_("Your caseload cap is now %(cap)s") % {"cap": caseload_cap},
            body=_("%(name)s changed it from %(before)s. You can read why on your supervision page.")
            % {"name": viewer.user.display_name, "before": before},
            link=reverse("supervision:wellbeing"),
        )
    return row


@transaction.atomic
def wellbeing_interval_set(*, viewer: Membership, mentor: Membership, days: int) -> MentorSupport:
    """The mentor's supervisor (or an admin) sets how often the wellbeing self-check comes round.
    Audits ``mentor.wellbeing_interval_changed``."""
    policy.authorize(viewer, policy.MENTOR_SET_CASELOAD_CAP, mentor)
    if not WELLBEING_INTERVAL_MIN <= days <= WELLBEING_INTERVAL_MAX:
        message = _("Choose between %(min)s and %(max)s days.") % {
            "min": WELLBEING_INTERVAL_MIN,
            "max": WELLBEING_INTERVAL_MAX,
        }
        raise InvalidInput(message, field_errors={"days": [message]})
    row = _support_row(mentor)
    if row.wellbeing_interval_days != days:
        before = row.wellbeing_interval_days
        row.wellbeing_interval_days = days
        row.updated_at = timezone.now()
        row.save(update_fields=["wellbeing_interval_days", "updated_at"])
        log_action("mentor.wellbeing_interval_changed", actor=viewer, target=mentor, extra={"from": before, "to": days})
    return row


def caseload_assert_room(*, mentor: Membership) -> None:
    """Refuse a new match when the mentor's caseload is at their cap. Call inside the match's
    transaction: it locks the mentor's row, so two matches at once cannot both take the last place."""
    participant_lock(mentor)
    cap = caseload_cap_for(mentor=mentor)
    size = caseload_sizes(mentor_ids=[mentor.pk])[mentor.pk]
    if size >= cap:
        message = _(
            "%(name)s's caseload is full (%(size)s of %(cap)s). Choose another mentor, or ask their "
            "supervisor to raise the cap."
        ) % {"name": mentor.user.display_name, "size": size, "cap": cap}
        raise InvalidInput(message, field_errors={"mentor": [message]})


def wellbeing_reminders_send_due(*, today: dt.date | None = None) -> int:
    """Remind each active mentor whose wellbeing self-check is due, once per due period.

    A check is due ``wellbeing_interval_days`` after the last one (or from joining, for a mentor
    who never answered); ``today`` is each mentor's own local day unless given. Three reads
    whatever the number of mentors; each reminder claims its due date with a conditional UPDATE
    first, so two workers sweeping at once never send twice. Returns how many were sent.
    """
    mentors = list(
        Membership.objects.filter(role=Role.MENTOR, is_active=True, user__is_active=True).select_related(
            "user", "program", "organization", "mentor_support"
        )
    )
    if not mentors:
        return 0
    last = dict(
        WellbeingCheck.objects.filter(mentor__role=Role.MENTOR, mentor__is_active=True)
        .order_by()
        .values("mentor_id")
        .annotate(last=Max("answered_on"))
        .values_list("mentor_id", "last")
    )
    due: list[tuple[Membership, dt.date]] = []
    for mentor in mentors:
        support = getattr(mentor, "mentor_support", None)
        interval = support.wellbeing_interval_days if support else DEFAULT_WELLBEING_INTERVAL_DAYS
        due_on = wellbeing_due_on(mentor=mentor, last_answered_on=last.get(mentor.pk), interval_days=interval)
        reminded_for = support.wellbeing_reminded_for if support else None
        # A reminder sent for this due date or a later one already covers it (an interval shortened later).
        if due_on <= (today or local_today(mentor)) and (reminded_for is None or reminded_for < due_on):
            due.append((mentor, due_on))
    if not due:
        return 0
    MentorSupport.objects.bulk_create(
        [
            MentorSupport(organization_id=m.organization_id, mentor=m)
            for m, _d in due
            if not hasattr(m, "mentor_support")
        ],
        ignore_conflicts=True,
    )
    return sum(1 for mentor, due_on in due if _send_wellbeing_reminder(mentor, due_on))


def _send_wellbeing_reminder(mentor: Membership, due_on: dt.date) -> bool:
    with transaction.atomic():
        claimed = (
            MentorSupport.objects.filter(mentor=mentor)
            .filter(Q(wellbeing_reminded_for__isnull=True) | Q(wellbeing_reminded_for__lt=due_on))
            .update(wellbeing_reminded_for=due_on)
        )
        if not claimed:
            return False  # another worker got there first
        with translation.override(mentor.user.language or None):
            notify(
                recipient=mentor.user,
                organization=mentor.organization,
                kind="wellbeing.due",
                title=_("Time for your wellbeing check-in"),
                body=_("Four short questions about how you are doing. Only you and your supervisor see the answers."),
                link=reverse("supervision:wellbeing"),
                dedupe_key=f"wellbeing-due-{mentor.pk}-{due_on.isoformat()}",
            )
    return True


# Boundary concerns -----------------------------------------------------------------------------


def boundary_concern_report(
    *,
    mentor: Membership,
    kind: str,
    details: str,
    participant_id: int | None = None,
    client_id: uuid.UUID | None = None,
) -> tuple[BoundaryConcern, bool]:
    """A mentor tells their supervisor about a boundary concern. Returns (concern, created).

    The participant, if named, must be in the mentor's caseload now. The supervisor is told that
    there is a new concern (never the details). The same ``client_id`` twice stores one concern.
    Audits ``boundary_concern.reported``.
    """
    policy.authorize(mentor, policy.MENTOR_OWN_SUPPORT, mentor)
    errors: dict[str, list[str]] = {}
    if kind not in ConcernKind.values:
        errors["kind"] = [_("Choose what kind of concern this is.")]
    details = _text(details, field="details", max_length=CONCERN_MAX_LENGTH, required=True, errors=errors)
    participant = None
    if participant_id is not None:
        participant = (
            policy.visible_participants(mentor).filter(pk=participant_id, is_active=True).select_related("user").first()
        )
        if participant is None:
            errors["participant"] = [_("Choose someone in your caseload, or no one.")]
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)

    def create() -> tuple[BoundaryConcern, bool]:
        participant_lock(mentor)
        if client_id is not None:
            same = BoundaryConcern.objects.filter(mentor=mentor, client_id=client_id).first()
            if same is not None:
                return same, False
        concern = BoundaryConcern.objects.create(
            organization=mentor.organization,
            mentor=mentor,
            participant=participant,
            kind=kind,
            details=details,
            client_id=client_id or uuid.uuid4(),
        )
        log_action("boundary_concern.reported", actor=mentor, target=concern, extra={"kind": kind})
        supervisor = mentor.supervisor
        if supervisor is not None and supervisor.is_active:
            with translation.override(supervisor.user.language or None):
                notify(
                    recipient=supervisor.user,
                    organization=mentor.organization,
                    kind="boundary_concern.reported",
                    title=_("%(name)s reported a boundary concern") % {"name": mentor.user.display_name},
                    body=_("Open it in Alongside to read it and respond."),
                    link=reverse("supervision:concern_detail", args=[concern.pk]),
                    dedupe_key=f"boundary-concern-{concern.pk}",
                )
        return concern, True

    return create_once(create)


@transaction.atomic
def boundary_concern_acknowledge(*, viewer: Membership, concern: BoundaryConcern, response: str) -> BoundaryConcern:
    """The mentor's supervisor acknowledges a concern with a note back to the mentor.

    Acknowledging again with the same note changes nothing (a double submit); a different note on
    an acknowledged concern is refused. The mentor is told (not the note). Audits
    ``boundary_concern.acknowledged``.
    """
    policy.authorize(viewer, policy.OBJECT_CHANGE, concern)
    errors: dict[str, list[str]] = {}
    response = _text(response, field="response", max_length=RESPONSE_MAX_LENGTH, required=True, errors=errors)
    if errors:
        raise InvalidInput(_("Please write a note back to the mentor."), field_errors=errors)
    concern = BoundaryConcern.objects.select_for_update(of=("self",)).select_related("mentor__user").get(pk=concern.pk)
    if concern.status == ConcernStatus.ACKNOWLEDGED:
        if concern.response == response:
            return concern
        message = _("This concern was already acknowledged.")
        raise InvalidInput(message, field_errors={"response": [message]})
    concern.status = ConcernStatus.ACKNOWLEDGED
    concern.response = response
    concern.acknowledged_by = viewer
    concern.acknowledged_at = timezone.now()
    concern.save(update_fields=["status", "response", "acknowledged_by", "acknowledged_at"])
    log_action("boundary_concern.acknowledged", actor=viewer, target=concern)
    mentor = concern.mentor
    with translation.override(mentor.user.language or None):
        notify(
            recipient=mentor.user,
            organization=mentor.organization,
            kind="boundary_concern.acknowledged",
            title=_("Your supervisor responded to your boundary concern"),
            body=_("Open it in Alongside to read their note."),
            link=reverse("supervision:concern_detail", args=[concern.pk]),
            dedupe_key=f"boundary-concern-ack-{concern.pk}",
        )
    return concern
