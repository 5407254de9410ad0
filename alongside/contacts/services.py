"""Recording contacts: the matched mentor writes notes (safe to submit twice, never partly saved),
changes them for 24 hours, then adds addenda; follow-up dates become reminders."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.contacts.models import (
    ADDENDUM_MAX_LENGTH,
    AGREED_MAX_LENGTH,
    MAX_DAYS_BACK,
    MAX_DURATION_MINUTES,
    SUMMARY_MAX_LENGTH,
    ContactAddendum,
    ContactMode,
    ContactNote,
    ContactTopic,
)
from alongside.contacts.selectors import assert_may_edit_contact_note, follow_up_fulfilled, match_still_active
from alongside.core.exceptions import InvalidInput
from alongside.core.idempotency import create_once
from alongside.core.localtime import local_now, local_today
from alongside.notifications.services import notify
from alongside.organizations.models import Membership

MAX_FOLLOW_UP_DAYS_AHEAD = 366
# Follow-up reminders go out from this hour of the mentor's own morning, not at midnight.
FOLLOW_UP_REMINDER_HOUR = 8
# A reminder missed while no worker ran is still sent for this many days after the date.
FOLLOW_UP_REMINDER_GRACE_DAYS = 7


@dataclass
class ContactNoteInput:
    occurred_on: dt.date | None
    duration_minutes: int | None
    mode: str
    topics: list[str] = field(default_factory=list)
    summary: str = ""
    agreed: str = ""
    follow_up_on: dt.date | None = None


@dataclass(frozen=True)
class _Clean:
    occurred_on: dt.date
    duration_minutes: int
    mode: str
    topics: list[str]
    summary: str
    agreed: str
    follow_up_on: dt.date | None


def _validate(data: ContactNoteInput, today: dt.date) -> _Clean:
    """Check every field against the mentor's own calendar day; raise InvalidInput naming each bad one."""
    errors: dict[str, list[str]] = {}
    occurred_on = data.occurred_on
    if occurred_on is None:
        errors["occurred_on"] = [_("Choose the day of the contact.")]
    elif occurred_on > today:
        errors["occurred_on"] = [_("A contact cannot be on a day that has not happened yet.")]
    elif (today - occurred_on).days > MAX_DAYS_BACK:
        errors["occurred_on"] = [_("You can record a contact up to %(n)s days back.") % {"n": MAX_DAYS_BACK}]
    duration = data.duration_minutes
    if isinstance(duration, bool) or not isinstance(duration, int) or not 1 <= duration <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [
            _("Enter how long it lasted in minutes, from 1 to %(n)s.") % {"n": MAX_DURATION_MINUTES}
        ]
    if data.mode not in ContactMode.values:
        errors["mode"] = [_("Choose how you were in touch: in person, phone, video, text or group.")]
    topics = [str(t) for t in data.topics]
    if not topics:
        errors["topics"] = [_("Choose at least one topic.")]
    elif not set(topics) <= set(ContactTopic.values):
        errors["topics"] = [_("Choose topics from the list.")]
    summary = (data.summary or "").strip()
    if not summary:
        errors["summary"] = [_("Write a few words about what happened.")]
    elif len(summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = [_("Keep this under %(n)s characters.") % {"n": f"{SUMMARY_MAX_LENGTH:,}"}]
    agreed = (data.agreed or "").strip()
    if len(agreed) > AGREED_MAX_LENGTH:
        errors["agreed"] = [_("Keep this under %(n)s characters.") % {"n": f"{AGREED_MAX_LENGTH:,}"}]
    follow_up_on = data.follow_up_on
    if follow_up_on is not None and occurred_on is not None:
        if follow_up_on < occurred_on:
            errors["follow_up_on"] = [_("The follow-up date cannot be before the contact.")]
        elif (follow_up_on - today).days > MAX_FOLLOW_UP_DAYS_AHEAD:
            errors["follow_up_on"] = [_("Choose a follow-up date within the next year.")]
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    assert occurred_on is not None and isinstance(duration, int)
    return _Clean(
        occurred_on=occurred_on,
        duration_minutes=duration,
        mode=data.mode,
        # The order of the list, once each, whatever order they were ticked in.
        topics=[t for t in ContactTopic.values if t in topics],
        summary=summary,
        agreed=agreed,
        follow_up_on=follow_up_on,
    )


def contact_note_create(
    *,
    mentor: Membership,
    participant: Membership,
    data: ContactNoteInput,
    client_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> tuple[ContactNote, bool]:
    """Record a contact with a participant. Returns (note, created).

    Only the participant's currently matched mentor may write (policy CONTACT_NOTE_WRITE);
    anyone else is refused before anything is read. The day is checked against the mentor's
    own local date (not in the future, at most MAX_DAYS_BACK back). The same ``client_id``
    twice (a double tap, a retry) stores one note and returns it unchanged. Raises
    InvalidInput naming each bad field; nothing is saved then. Audits ``contact.created``
    with the participant as subject (they see it in their access log).
    """
    policy.authorize(mentor, policy.CONTACT_NOTE_WRITE, participant)
    now = now or timezone.now()
    clean = _validate(data, local_today(mentor, now))
    return create_once(lambda: _create(mentor, participant, clean, client_id, now))


def _create(
    mentor: Membership, participant: Membership, clean: _Clean, client_id: uuid.UUID | None, now: dt.datetime
) -> tuple[ContactNote, bool]:
    if client_id is not None:
        same = ContactNote.objects.filter(mentor=mentor, client_id=client_id).first()
        if same is not None:
            return same, False
    note = ContactNote.objects.create(
        organization_id=participant.organization_id,
        mentor=mentor,
        participant=participant,
        occurred_on=clean.occurred_on,
        duration_minutes=clean.duration_minutes,
        mode=clean.mode,
        topics=clean.topics,
        summary=clean.summary,
        agreed=clean.agreed,
        follow_up_on=clean.follow_up_on,
        client_id=client_id or uuid.uuid4(),
        created_at=now,
        updated_at=now,
    )
    log_action(
        "contact.created",
        actor=mentor,
        target=note,
        subject=participant,
        extra={"mode": note.mode, "duration_minutes": note.duration_minutes},
    )
    return note, True


_EDITABLE = ("occurred_on", "duration_minutes", "mode", "topics", "summary", "agreed", "follow_up_on")


@transaction.atomic
def contact_note_update(
    *, mentor: Membership, note: ContactNote, data: ContactNoteInput, now: dt.datetime | None = None
) -> ContactNote:
    """Change a note. Only its author, while still the participant's matched mentor, and only
    within 24 hours of writing it: afterwards the service refuses with Conflict (409) and a
    message pointing to addenda. Audits ``contact.updated`` with the names of the changed
    fields (never their text)."""
    now = now or timezone.now()
    # Lock the row so two edits, or an edit racing the 24-hour mark, see one state.
    locked = ContactNote.objects.select_for_update(of=("self",)).select_related("participant").get(pk=note.pk)
    assert_may_edit_contact_note(viewer=mentor, note=locked, now=now)
    clean = _validate(data, local_today(mentor, now))
    changed = [name for name in _EDITABLE if getattr(locked, name) != getattr(clean, name)]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, getattr(clean, name))
    locked.updated_at = now
    locked.save(update_fields=[*changed, "updated_at"])
    log_action("contact.updated", actor=mentor, target=locked, subject=locked.participant, extra={"fields": changed})
    return locked


def contact_addendum_add(
    *,
    author: Membership,
    note: ContactNote,
    text: str,
    client_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> tuple[ContactAddendum, bool]:
    """Add an addendum to a note (any time). Only the participant's currently matched mentor
    may add one; the note itself never changes. The same ``client_id`` twice stores one
    addendum. Audits ``contact.addendum_added``. Returns (addendum, created)."""
    participant = note.participant
    policy.authorize(author, policy.CONTACT_NOTE_WRITE, participant)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(
            _("Please check the highlighted answers."), field_errors={"text": [_("Write the addendum first.")]}
        )
    if len(text) > ADDENDUM_MAX_LENGTH:
        raise InvalidInput(
            _("Please check the highlighted answers."),
            field_errors={"text": [_("Keep this under %(n)s characters.") % {"n": f"{ADDENDUM_MAX_LENGTH:,}"}]},
        )

    def create() -> tuple[ContactAddendum, bool]:
        if client_id is not None:
            same = ContactAddendum.objects.filter(note=note, client_id=client_id).first()
            if same is not None:
                return same, False
        addendum = ContactAddendum.objects.create(
            note=note,
            author=author,
            text=text,
            client_id=client_id or uuid.uuid4(),
            created_at=now or timezone.now(),
        )
        log_action("contact.addendum_added", actor=author, target=note, subject=participant)
        return addendum, True

    return create_once(create)


def contact_follow_ups_remind_due(*, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Remind mentors of the follow-ups they planned. Returns how many reminders were sent.

    A note's follow-up is due on its date in the mentor's own time zone, from
    FOLLOW_UP_REMINDER_HOUR local time (or any time that day, when ``today`` is given: then
    ``today`` stands for every mentor's local date). Each follow-up date is reminded once: the
    note is claimed with a conditional UPDATE before notify() (whose dedupe key backs that up),
    so two workers never send twice; changing the date within the 24 hours makes a new reminder.
    Nothing is sent when the mentor is no longer matched with the participant, when a later
    contact has already happened on or after the date, when the note was written after the date
    had passed, or more than FOLLOW_UP_REMINDER_GRACE_DAYS after it. The notification names the
    participant but never carries the note's text.
    """
    now = now or timezone.now()
    utc_day = now.astimezone(dt.UTC).date()
    # Every zone's local date is the UTC date, the day before or the day after.
    latest = today or utc_day + dt.timedelta(days=1)
    earliest = (today or utc_day - dt.timedelta(days=1)) - dt.timedelta(days=FOLLOW_UP_REMINDER_GRACE_DAYS)
    candidates = (
        ContactNote.objects.filter(
            follow_up_on__isnull=False,
            follow_up_on__gte=earliest,
            follow_up_on__lte=latest,
            mentor__is_active=True,
            mentor__user__is_active=True,
        )
        .filter(Q(follow_up_reminded_for__isnull=True) | ~Q(follow_up_reminded_for=F("follow_up_on")))
        .filter(match_still_active())
        .exclude(follow_up_fulfilled())
        .select_related("mentor__user", "mentor__program", "participant__user", "organization")
        .order_by("follow_up_on", "pk")
    )
    sent = 0
    for note in candidates.iterator(chunk_size=500):
        assert note.follow_up_on is not None
        here = local_now(note.mentor, now)
        day = today or here.date()
        due_today = note.follow_up_on == day and (today is not None or here.hour >= FOLLOW_UP_REMINDER_HOUR)
        if not (note.follow_up_on < day or due_today):
            continue
        if (day - note.follow_up_on).days > FOLLOW_UP_REMINDER_GRACE_DAYS:
            continue
        if note.follow_up_on < local_today(note.mentor, note.created_at):
            continue  # written after the date had passed: the mentor knows already
        if _send_follow_up(note):
            sent += 1
    return sent


def _send_follow_up(note: ContactNote) -> bool:
    follow_up_on = note.follow_up_on
    assert follow_up_on is not None
    mentor = note.mentor
    with transaction.atomic():
        claimed = (
            ContactNote.objects.filter(pk=note.pk, follow_up_on=follow_up_on)
            .exclude(follow_up_reminded_for=follow_up_on)
            .update(follow_up_reminded_for=follow_up_on)
        )
        if not claimed:
            return False  # another worker got there first, or the date just changed
        with translation.override(mentor.user.language or None):
            notify(
                recipient=mentor.user,
                organization=note.organization,
                kind="contact.follow_up_due",
                title=_("Time to follow up with %(name)s") % {"name": note.participant.user.display_name},
                body=_("You planned this follow-up in a contact note. Open it to see what you agreed."),
                link=reverse("contacts:detail", args=[note.pk]),
                dedupe_key=f"contact-follow-up-{note.pk}-{follow_up_on.isoformat()}",
            )
    return True
