"""Reading contact notes. The matched mentor and that mentor's supervisor read a participant's
notes (every read of note text is audited as ``contact.viewed``); the participant, an admin,
other mentors and other supervisors do not. The aggregates at the bottom carry no text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Sum
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.contacts.models import ContactAddendum, ContactMode, ContactNote
from alongside.core.exceptions import Conflict, NotAllowed, NotFound
from alongside.core.localtime import local_today, period_starts
from alongside.organizations.models import Match, MatchStatus, Membership, Role

# Reading notes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactHistory:
    participant: Membership
    notes: list[ContactNote]
    total_minutes: int


def contact_history(*, viewer: Membership, participant: Membership) -> ContactHistory:
    """Every contact note about the participant, newest contact first, with the total time.

    For the matched mentor (including notes an earlier mentor wrote: continuity after a
    reassignment), that mentor's supervisor, or a break-glass holder. Audits ``contact.viewed``
    once per read, with the participant as subject.
    """
    policy.authorize(viewer, policy.CONTACT_NOTE_VIEW, participant)
    notes = list(
        ContactNote.objects.filter(participant=participant)
        .select_related("mentor__user")
        .prefetch_related(Prefetch("addenda", ContactAddendum.objects.select_related("author__user")))
    )
    audited_read(viewer, "contact.viewed", participant, may=None, extra={"notes": len(notes)})  # authorized above
    return ContactHistory(participant=participant, notes=notes, total_minutes=sum(n.duration_minutes for n in notes))


def _load_note(note_id: int) -> ContactNote:
    note = (
        ContactNote.objects.select_related("participant__user", "mentor__user")
        .prefetch_related(Prefetch("addenda", ContactAddendum.objects.select_related("author__user")))
        .filter(pk=note_id)
        .first()
    )
    if note is None:
        raise NotFound()
    return note


def contact_note_for_viewer(*, viewer: Membership, note_id: int) -> ContactNote:
    """One note with its addenda, for whoever may read the participant's notes. Audits ``contact.viewed``."""
    note = _load_note(note_id)
    audited_read(viewer, "contact.viewed", note.participant, may=policy.CONTACT_NOTE_VIEW, target=note)
    return note


def contact_note_for_editing(*, viewer: Membership, note_id: int, now: dt.datetime | None = None) -> ContactNote:
    """A note its author may still change (see ``assert_may_edit_contact_note``). Audits ``contact.viewed``."""
    note = _load_note(note_id)
    assert_may_edit_contact_note(viewer=viewer, note=note, now=now)
    audited_read(viewer, "contact.viewed", note.participant, may=None, target=note)  # only its author, checked above
    return note


def contact_note_for_writer(*, viewer: Membership, note_id: int) -> ContactNote:
    """A note the viewer may add an addendum to: they are the participant's matched mentor."""
    note = _load_note(note_id)
    policy.authorize(viewer, policy.CONTACT_NOTE_WRITE, note.participant)
    return note


def assert_may_edit_contact_note(*, viewer: Membership, note: ContactNote, now: dt.datetime | None = None) -> None:
    """Refuse unless the viewer wrote the note, is still the participant's matched mentor, and
    the note is less than 24 hours old. Someone who may not even read it: NotFound; a reader
    who may not write: NotAllowed; the author after 24 hours: Conflict (add an addendum)."""
    policy.authorize(viewer, policy.CONTACT_NOTE_WRITE, note.participant)
    if note.mentor_id != viewer.pk:
        raise NotAllowed(_("Only the mentor who wrote this note can change it. You can add an addendum."))
    if not note.is_editable(now):
        raise Conflict(
            _(
                "This note can no longer be changed: notes can be edited for 24 hours after they are written. Add an addendum instead."
            )
        )


def may_write_contact_note(*, viewer: Membership, participant: Membership) -> bool:
    return policy.can(viewer, policy.CONTACT_NOTE_WRITE, participant)


def assert_may_write_contact_note(*, viewer: Membership, participant: Membership) -> None:
    """Refuse unless the viewer is the participant's matched mentor (before showing the form)."""
    policy.authorize(viewer, policy.CONTACT_NOTE_WRITE, participant)


def may_edit_contact_note(*, viewer: Membership, note: ContactNote, now: dt.datetime | None = None) -> bool:
    try:
        assert_may_edit_contact_note(viewer=viewer, note=note, now=now)
    except (NotFound, NotAllowed, Conflict):
        return False
    return True


# Aggregates without text ---------------------------------------------------------------------
#
# These take ids, not a viewer: they are building blocks for pages (caseload, supervisor
# dashboard) whose callers have ALREADY scoped the ids to what the viewer may see through
# the access policy (visible_participants / visible_mentors). They return dates, counts and
# minutes only, so they write no audit entry. Each runs exactly one query.


def match_still_active() -> Exists:
    """The note's mentor is still matched with the note's participant (for use in a filter)."""
    return Exists(
        Match.objects.filter(
            status=MatchStatus.ACTIVE, mentor_id=OuterRef("mentor_id"), participant_id=OuterRef("participant_id")
        )
    )


def follow_up_fulfilled() -> Exists:
    """A later contact with the same participant happened on or after the note's follow-up date."""
    return Exists(
        ContactNote.objects.filter(participant_id=OuterRef("participant_id"), occurred_on__gte=OuterRef("follow_up_on"))
        .filter(Q(occurred_on__gt=OuterRef("occurred_on")) | Q(created_at__gt=OuterRef("created_at")))
        .exclude(pk=OuterRef("pk"))
    )


def last_contact_dates(*, participant_ids: list[int]) -> dict[int, dt.date]:
    """participant_id → the day of their most recent recorded contact (any mentor). Participants
    never contacted are absent. Callers must have scoped ``participant_ids`` to participants the
    viewer may see. One query."""
    rows = (
        ContactNote.objects.filter(participant_id__in=participant_ids)
        .values("participant_id")
        .annotate(last=Max("occurred_on"))
        .order_by()
    )
    return {row["participant_id"]: row["last"] for row in rows}


def overdue_follow_ups(*, mentor_ids: list[int], today: dt.date) -> dict[int, int]:
    """participant_id → how many follow-ups these mentors planned that are overdue: the date is
    before ``today``, the mentor is still matched with the participant, and no later contact
    with the participant has happened on or after the date. Participants with none are absent.
    Callers must have scoped ``mentor_ids`` to mentors the viewer may see. One query."""
    rows = (
        ContactNote.objects.filter(mentor_id__in=mentor_ids, follow_up_on__lt=today)
        .filter(match_still_active())
        .exclude(follow_up_fulfilled())
        .values("participant_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["participant_id"]: row["n"] for row in rows}


# Service hours ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodMinutes:
    week: int = 0
    month: int = 0
    last_90_days: int = 0


@dataclass(frozen=True)
class ModeMinutes:
    mode: str
    label: str
    minutes: PeriodMinutes


@dataclass(frozen=True)
class MentorServiceHours:
    mentor: Membership
    by_mode: list[ModeMinutes]
    total: PeriodMinutes
    contacts_90_days: int


@dataclass(frozen=True)
class ServiceHoursReport:
    today: dt.date
    week_start: dt.date
    month_start: dt.date
    since: dt.date
    mentors: list[MentorServiceHours]


def _hours_report(mentors: list[Membership], today: dt.date) -> ServiceHoursReport:
    """Minutes per mentor and mode for this week (from Monday), this month and the last 90
    days: one query whatever the number of mentors."""
    week_start, month_start, since = period_starts(today)
    rows = (
        ContactNote.objects.filter(mentor__in=mentors, occurred_on__gte=min(since, month_start, week_start))
        .values("mentor_id", "mode")
        .annotate(
            week=Sum("duration_minutes", filter=Q(occurred_on__gte=week_start)),
            month=Sum("duration_minutes", filter=Q(occurred_on__gte=month_start)),
            last_90_days=Sum("duration_minutes", filter=Q(occurred_on__gte=since)),
            contacts=Count("id", filter=Q(occurred_on__gte=since)),
        )
        .order_by()
    )
    found: dict[tuple[int, str], dict[str, Any]] = {(r["mentor_id"], r["mode"]): dict(r) for r in rows}
    report: list[MentorServiceHours] = []
    for mentor in mentors:
        by_mode = []
        contacts = 0
        for mode, label in ContactMode.choices:
            row = found.get((mentor.pk, mode), {})
            contacts += row.get("contacts") or 0
            by_mode.append(
                ModeMinutes(
                    mode=mode,
                    label=str(label),
                    minutes=PeriodMinutes(
                        week=row.get("week") or 0,
                        month=row.get("month") or 0,
                        last_90_days=row.get("last_90_days") or 0,
                    ),
                )
            )
        total = PeriodMinutes(
            week=sum(m.minutes.week for m in by_mode),
            month=sum(m.minutes.month for m in by_mode),
            last_90_days=sum(m.minutes.last_90_days for m in by_mode),
        )
        report.append(MentorServiceHours(mentor=mentor, by_mode=by_mode, total=total, contacts_90_days=contacts))
    return ServiceHoursReport(today=today, week_start=week_start, month_start=month_start, since=since, mentors=report)


def service_hours_for_viewer(*, viewer: Membership, today: dt.date | None = None) -> ServiceHoursReport:
    """Service hours of the mentors the viewer may see (policy MENTOR_VIEW): a mentor their own,
    a supervisor each mentor they supervise, an admin every mentor. Minutes only, no text.
    Periods are counted in the viewer's local calendar. Participants are refused (403)."""
    if viewer.role == Role.PARTICIPANT:
        raise policy.refusal(NotAllowed, policy.MENTOR_VIEW, viewer)
    mentors = [
        m
        for m in policy.visible_mentors(viewer)
        .filter(is_active=True)
        .select_related("user")
        .order_by("user__display_name", "pk")
        if policy.can(viewer, policy.MENTOR_VIEW, m)
    ]
    return _hours_report(mentors, today or local_today(viewer))


def service_hours_for_mentor(
    *, viewer: Membership, mentor: Membership, today: dt.date | None = None
) -> ServiceHoursReport:
    """One mentor's service hours (the report's only row), for the mentor, their supervisor or
    an admin (policy MENTOR_VIEW). Periods are counted in the viewer's local calendar."""
    policy.authorize(viewer, policy.MENTOR_VIEW, mentor)
    return _hours_report([mentor], today or local_today(viewer))
