"""Writing in message threads: sending, read receipts, adding the supervisor, working hours,
and the job that releases notifications held outside a mentor's working hours."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside import crisis_language
from alongside.access import policy
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput
from alongside.core.idempotency import create_once
from alongside.core.localtime import zone_for
from alongside.messaging.hours import Window, next_start
from alongside.messaging.models import BODY_MAX_LENGTH, MentorWorkingHours, Message, Thread, ThreadRead
from alongside.notifications.services import notify
from alongside.organizations.locking import participant_lock
from alongside.organizations.models import Membership, Role
from alongside.organizations.selectors import current_mentor

if TYPE_CHECKING:
    from alongside.messaging.selectors import ThreadSummary


@dataclass(frozen=True)
class ThreadPeople:
    """Who is in a thread right now (derived, never stored)."""

    participant: Membership
    mentor: Membership | None
    supervisor: Membership | None  # only once added, and only while supervising the current mentor

    def everyone(self) -> list[Membership]:
        return [m for m in (self.participant, self.mentor, self.supervisor) if m is not None]


def thread_people(thread: Thread) -> ThreadPeople:
    mentor = current_mentor(participant=thread.participant)
    supervisor = None
    if (
        mentor is not None
        and thread.supervisor_id is not None
        and mentor.supervisor is not None
        and mentor.supervisor.pk == thread.supervisor_id
        and mentor.supervisor.is_active
    ):
        supervisor = mentor.supervisor
    return ThreadPeople(participant=thread.participant, mentor=mentor, supervisor=supervisor)


def windows_of(mentor: Membership) -> list[Window]:
    return [
        Window(weekday=h.weekday, start=h.start, end=h.end)
        for h in MentorWorkingHours.objects.filter(mentor=mentor).order_by("weekday")
    ]


def thread_open(*, viewer: Membership, participant: Membership) -> Thread:
    """The participant's thread, made on first use. Returns it without reading any message.

    The participant, their matched mentor and that mentor's supervisor (who may then ask to
    join) may open it; to anyone else it does not exist. Audits ``thread.created`` once.
    """
    thread = (
        Thread.objects.select_related("participant__user", "participant__organization")
        .filter(organization_id=participant.organization_id, participant=participant)
        .first()
    )
    candidate = thread or Thread(organization_id=participant.organization_id, participant=participant)
    if not policy.can(viewer, policy.THREAD_ADD_SUPERVISOR, candidate):
        policy.authorize(viewer, policy.THREAD_READ, candidate)
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            candidate.save()
            log_action("thread.created", actor=viewer, target=candidate, subject=participant)
    except IntegrityError:
        # Opened at the same moment elsewhere: use that one.
        return Thread.objects.select_related("participant__user").get(
            organization_id=participant.organization_id, participant=participant
        )
    return candidate


def threads_open_for(*, viewer: Membership) -> list[ThreadSummary]:
    """The threads the viewer takes part in, making any missing one for a mentor's participants.

    A participant: their own. A mentor: one per currently matched participant. A supervisor:
    the threads they were added to, while they supervise that participant's mentor. Others:
    none. No message is read.
    """
    from alongside.messaging.selectors import threads_for

    if viewer.role == Role.PARTICIPANT:
        thread_open(viewer=viewer, participant=viewer)
    elif viewer.role == Role.MENTOR:
        have = Thread.objects.filter(organization_id=viewer.organization_id).values("participant_id")
        missing = policy.visible_participants(viewer).filter(is_active=True).exclude(pk__in=have)
        for participant in missing.select_related("user", "organization"):
            thread_open(viewer=viewer, participant=participant)  # once per participant, ever
    return threads_for(viewer=viewer)


def _validate_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        message = _("Write a message before sending.")
        raise InvalidInput(message, field_errors={"body": [message]})
    if len(body) > BODY_MAX_LENGTH:
        message = _("Keep a message under %(n)s characters.") % {"n": f"{BODY_MAX_LENGTH:,}"}
        raise InvalidInput(message, field_errors={"body": [message]})
    return body


def message_send(
    *,
    viewer: Membership,
    thread: Thread,
    body: str,
    client_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> tuple[Message, bool]:
    """Send a message in the thread. Returns (message, created).

    Anyone in the thread may write: the participant, their current mentor, the added
    supervisor. The same ``client_id`` twice (a double tap, a retry) stores one message.
    A participant's message is checked for crisis language: if found it is marked
    ``is_crisis``, the mentor is told at once and ``on_crisis_detected`` runs (no text leaves
    the thread). Otherwise, written outside the mentor's working hours, the mentor's
    notification is held until their next start (``messages_release_held``). Everyone else
    in the thread is told "New message from <name>", never the text. Audits ``message.sent``.
    """
    policy.authorize(viewer, policy.THREAD_WRITE, thread)
    body = _validate_body(body)
    return create_once(lambda: _send(viewer, thread, body, client_id, now or timezone.now()))


def _send(
    viewer: Membership, thread: Thread, body: str, client_id: uuid.UUID | None, now: dt.datetime
) -> tuple[Message, bool]:
    participant_lock(thread.participant)
    if client_id is not None:
        same = Message.objects.filter(thread=thread, sender=viewer, client_id=client_id).first()
        if same is not None:
            return same, False
    people = thread_people(thread)
    if people.mentor is None:
        reason = _("You are not matched with a mentor right now, so there is nobody to send this to yet.")
        raise InvalidInput(reason, field_errors={"body": [reason]})
    from_participant = viewer.pk == thread.participant_id
    crisis = crisis_language.analyse(body, language=viewer.user.language or None) if from_participant else None
    is_crisis = crisis is not None
    held_until = None
    if from_participant and not is_crisis:
        held_until = next_start(windows_of(people.mentor), zone_for(people.mentor), now)
    message = Message.objects.create(
        organization_id=thread.organization_id,
        thread=thread,
        sender=viewer,
        body=body,
        client_id=client_id or uuid.uuid4(),
        created_at=now,
        is_crisis=is_crisis,
        held_until=held_until,
        notified_at=None if held_until else now,
    )
    _mark_read(thread, viewer, message, now)  # you have read what you wrote
    log_action(
        "message.sent",
        actor=viewer,
        target=message,
        subject=thread.participant,
        extra={"thread": thread.pk, "crisis": is_crisis, "held": held_until is not None},
    )
    if held_until is None:
        _notify_new_message(message, people, sender=viewer)
    if crisis is not None:
        crisis_language.on_crisis_detected(
            participant=thread.participant,
            source="message",
            source_id=message.pk,
            category=crisis.category,
            link=reverse("messaging:thread_for_participant", args=[thread.participant.pk]),
        )
    return message, True


def _link(thread: Thread, recipient: Membership) -> str:
    if recipient.role == Role.PARTICIPANT:
        return reverse("messaging:thread", args=[thread.pk])
    return reverse("messaging:thread_for_participant", args=[thread.participant_id])


def _notify_new_message(message: Message, people: ThreadPeople, *, sender: Membership) -> None:
    name = sender.user.display_name
    for recipient in people.everyone():
        if recipient.pk == sender.pk:
            continue
        with translation.override(recipient.user.language or settings.LANGUAGE_CODE):
            notify(
                recipient=recipient.user,
                organization=message.thread.organization,
                kind="message.new",
                title=_("New message from %(name)s") % {"name": name},
                body=_("Open Alongside to read it."),
                link=_link(message.thread, recipient),
                dedupe_key=f"message-{message.pk}",
            )


def _mark_read(thread: Thread, member: Membership, message: Message, now: dt.datetime) -> ThreadRead:
    marker, created = ThreadRead.objects.select_for_update().get_or_create(
        thread=thread, member=member, defaults={"last_read_message": message, "read_at": now}
    )
    if not created and (marker.last_read_message_id or 0) < message.pk:
        marker.last_read_message = message
        marker.read_at = now
        marker.save(update_fields=["last_read_message", "read_at"])
    return marker


@transaction.atomic
def thread_mark_read(
    *, viewer: Membership, thread: Thread, message_id: int | None = None, now: dt.datetime | None = None
) -> ThreadRead | None:
    """Record that the viewer has read the thread up to ``message_id`` (default: the newest).

    Never moves backwards. Returns the read marker, or None when there is nothing to read.
    Read receipts are not audited (reading the thread page is, as ``message.viewed``).
    """
    policy.authorize(viewer, policy.THREAD_READ, thread)
    messages = Message.objects.filter(thread=thread)
    if message_id is not None:
        messages = messages.filter(pk=message_id)
    message = messages.order_by("-pk").first()
    if message is None:
        if message_id is not None:
            raise InvalidInput(
                _("That message is not in this conversation."),
                field_errors={"message_id": [_("That message is not in this conversation.")]},
            )
        return ThreadRead.objects.filter(thread=thread, member=viewer).first()
    return _mark_read(thread, viewer, message, now or timezone.now())


@transaction.atomic
def thread_add_supervisor(*, viewer: Membership, thread: Thread, now: dt.datetime | None = None) -> Thread:
    """Add the current mentor's supervisor to the thread.

    The matched mentor may add their supervisor; the supervisor may add themselves. Either
    way the participant is told, and sees it in the thread. Adding the same person again
    changes nothing. Audits ``thread.supervisor_added``.
    """
    policy.authorize(viewer, policy.THREAD_ADD_SUPERVISOR, thread)
    participant_lock(thread.participant)
    thread.refresh_from_db(fields=["supervisor", "supervisor_added_at", "supervisor_added_by"])
    people = thread_people(thread)
    mentor = people.mentor
    supervisor = mentor.supervisor if mentor is not None else None
    if supervisor is None or not supervisor.is_active:
        message = _("There is no supervisor to add: ask an organization admin to link one to the mentor.")
        raise InvalidInput(message, field_errors={"supervisor": [message]})
    if people.supervisor is not None:
        return thread  # already in the conversation
    now = now or timezone.now()
    thread.supervisor = supervisor
    thread.supervisor_added_at = now
    thread.supervisor_added_by = viewer
    thread.save(update_fields=["supervisor", "supervisor_added_at", "supervisor_added_by"])
    log_action(
        "thread.supervisor_added",
        actor=viewer,
        target=thread,
        subject=thread.participant,
        extra={"supervisor": supervisor.pk},
    )
    added = int(now.timestamp())
    told = [thread.participant] + ([supervisor] if viewer.pk != supervisor.pk else [])
    for recipient in told:
        with translation.override(recipient.user.language or settings.LANGUAGE_CODE):
            notify(
                recipient=recipient.user,
                organization=thread.organization,
                kind="message.supervisor_added",
                title=_("%(name)s joined the conversation") % {"name": supervisor.user.display_name},
                body=_("%(supervisor)s supports %(mentor)s as their supervisor and can now read these messages.")
                % {"supervisor": supervisor.user.display_name, "mentor": mentor.user.display_name if mentor else ""},
                link=_link(thread, recipient),
                email=recipient.role == Role.PARTICIPANT,
                dedupe_key=f"thread-{thread.pk}-supervisor-{supervisor.pk}-{added}",
            )
    return thread


def _validate_windows(windows: Sequence[Window]) -> list[Window]:
    problems: list[str] = []
    seen: set[int] = set()
    for w in windows:
        if not 0 <= w.weekday <= 6:
            problems.append(_("Choose days from Monday (0) to Sunday (6)."))
        elif w.weekday in seen:
            problems.append(_("Give one time window per day."))
        elif w.end <= w.start:
            problems.append(_("The end time must be after the start time."))
        seen.add(w.weekday)
    if problems:
        raise InvalidInput(_("Please check the days and times."), field_errors={"days": problems})
    return sorted(windows, key=lambda w: w.weekday)


@transaction.atomic
def working_hours_set(*, mentor: Membership, windows: Sequence[Window]) -> list[MentorWorkingHours]:
    """Replace the mentor's own working hours (an empty list: always available).

    Times are the mentor's wall clock, in their time zone. Only the mentor sets their own.
    Audits ``working_hours.updated``.
    """
    policy.authorize(mentor, policy.MENTOR_OWN_SUPPORT, mentor)
    clean = _validate_windows(windows)
    MentorWorkingHours.objects.filter(mentor=mentor).delete()
    rows = MentorWorkingHours.objects.bulk_create(
        [
            MentorWorkingHours(
                organization_id=mentor.organization_id,
                mentor=mentor,
                weekday=w.weekday,
                start=w.start.replace(second=0, microsecond=0),
                end=w.end.replace(second=0, microsecond=0),
            )
            for w in clean
        ]
    )
    log_action(
        "working_hours.updated",
        actor=mentor,
        target=mentor,
        extra={"days": [w.weekday for w in clean]},
    )
    return rows


def _unless_read(member: Membership | None, reads: Mapping[int, int | None], message: Message) -> Membership | None:
    if member is None or (reads.get(member.pk) or 0) >= message.pk:
        return None
    return member


def messages_release_held(*, now: dt.datetime | None = None) -> int:
    """Tell the mentor (and the added supervisor) about messages held outside working hours
    whose hold has ended. Returns how many messages were released.

    Run by the worker's sweep. Rows are claimed with SKIP LOCKED on PostgreSQL, so several
    workers never release the same message twice (and notify's dedupe key backs that up).
    A message the mentor already read in the meantime is released without a notification.
    """
    now = now or timezone.now()
    released = 0
    while True:
        with transaction.atomic():
            batch = list(
                Message.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("thread__participant__user", "thread__organization", "sender__user")
                .filter(held_until__isnull=False, held_until__lte=now, notified_at__isnull=True)
                .order_by("held_until", "pk")[:100]
            )
            if not batch:
                return released
            for message in batch:
                people = thread_people(message.thread)
                reads = dict(
                    ThreadRead.objects.filter(thread=message.thread).values_list("member_id", "last_read_message_id")
                )
                waiting = ThreadPeople(
                    participant=people.participant,
                    mentor=_unless_read(people.mentor, reads, message),
                    supervisor=_unless_read(people.supervisor, reads, message),
                )
                _notify_new_message(message, waiting, sender=message.sender)
                message.notified_at = now
                message.save(update_fields=["notified_at"])
                released += 1
