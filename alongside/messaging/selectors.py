"""Reading message threads. Every read starts from the viewer and goes through the policy;
a staff member reading a participant's messages is audited as ``message.viewed``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.core.exceptions import NotFound
from alongside.core.localtime import zone_for
from alongside.messaging.hours import is_within, next_start, phrases
from alongside.messaging.models import MentorWorkingHours, Message, Thread, ThreadRead
from alongside.messaging.services import ThreadPeople, thread_people, windows_of
from alongside.organizations.models import Match, MatchStatus, Membership

PAGE_SIZE = 50
POLL_LIMIT = 100


@dataclass(frozen=True)
class Availability:
    """When a mentor usually replies, seen from now."""

    mentor_name: str
    available_now: bool
    next_start: dt.datetime | None
    phrases: list[str]
    time_zone: str  # the mentor's
    viewer_time_zone: str  # the reader's, to show the next start on their clock

    @property
    def has_hours(self) -> bool:
        return bool(self.phrases)

    @property
    def hours_text(self) -> str:
        return get_text_list(self.phrases, _("and"))

    @property
    def same_zone(self) -> bool:
        return self.time_zone == self.viewer_time_zone


@dataclass
class MessageItem:
    message: Message
    mine: bool
    seen_by: list[str] = field(default_factory=list)

    @property
    def waiting(self) -> bool:
        """Held for the mentor's working hours and not yet released."""
        return self.message.held_until is not None and self.message.notified_at is None


@dataclass
class ThreadPage:
    thread: Thread
    people: ThreadPeople
    items: list[MessageItem]
    has_earlier: bool
    seen_key: str
    availability: Availability | None  # for the participant: their mentor's hours
    can_add_supervisor: bool

    @property
    def last_id(self) -> int:
        return self.items[-1].message.pk if self.items else 0

    @property
    def first_id(self) -> int:
        return self.items[0].message.pk if self.items else 0


@dataclass
class PollResult:
    items: list[MessageItem]
    # Earlier messages whose "Seen" line changed: re-rendered in place.
    changed: list[MessageItem]
    first_id: int
    last_id: int
    seen_key: str


@dataclass
class ThreadSummary:
    thread: Thread
    participant: Membership
    mentor: Membership | None
    supervisor: Membership | None
    unread: int
    last_message_at: dt.datetime | None


def _audit_view(viewer: Membership, thread: Thread, **extra: object) -> None:
    # The caller has authorized THREAD_READ on the thread (narrower than the participant's record).
    audited_read(viewer, "message.viewed", thread.participant, may=None, target=thread, extra=extra)


def thread_for_viewer(*, viewer: Membership, thread_id: int) -> Thread:
    """A thread the viewer may read; NotFound when missing or not theirs to know about,
    NotAllowed (403) when they know the participant but are not in the conversation."""
    thread = (
        Thread.objects.select_related("participant__user", "participant__organization", "organization")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        raise NotFound()
    policy.authorize(viewer, policy.THREAD_READ, thread)
    return thread


def thread_for_joining(*, viewer: Membership, thread_id: int) -> Thread:
    """A thread the viewer may read, or (a supervisor not yet added) may ask to join."""
    thread = Thread.objects.select_related("participant__user", "organization").filter(pk=thread_id).first()
    if thread is None:
        raise NotFound()
    if not policy.can(viewer, policy.THREAD_ADD_SUPERVISOR, thread):
        policy.authorize(viewer, policy.THREAD_READ, thread)
    return thread


def may_read(*, viewer: Membership, thread: Thread) -> bool:
    return policy.can(viewer, policy.THREAD_READ, thread)


def _markers(thread: Thread, people: ThreadPeople, viewer: Membership) -> dict[int, list[Membership]]:
    """message id → the other people for whom it is the newest message they have read that
    someone else wrote (where "Seen by" goes). One query."""
    others = {m.pk: m for m in people.everyone() if m.pk != viewer.pk}
    newest_read_from_others = Subquery(
        Message.objects.filter(thread_id=OuterRef("thread_id"), pk__lte=OuterRef("last_read_message_id"))
        .exclude(sender_id=OuterRef("member_id"))
        .order_by("-pk")
        .values("pk")[:1]
    )
    rows = (
        ThreadRead.objects.filter(thread=thread, member_id__in=others, last_read_message__isnull=False)
        .annotate(marker=newest_read_from_others)
        .values_list("member_id", "marker")
    )
    result: dict[int, list[Membership]] = {}
    for member_id, message_id in rows:
        if message_id is not None:
            result.setdefault(message_id, []).append(others[member_id])
    return result


def _seen_key(markers: dict[int, list[Membership]]) -> str:
    return ",".join(f"{mid}-{m.pk}" for mid in sorted(markers) for m in sorted(markers[mid], key=lambda m: m.pk))


def _item(message: Message, viewer: Membership, markers: dict[int, list[Membership]]) -> MessageItem:
    return MessageItem(
        message=message,
        mine=message.sender_id == viewer.pk,
        seen_by=[m.user.display_name for m in markers.get(message.pk, [])],
    )


def mentor_availability(
    *, mentor: Membership, now: dt.datetime | None = None, viewer: Membership | None = None
) -> Availability:
    """Whether the mentor is in their working hours now, and when they next start.

    Not sensitive (it is what a participant is shown before writing): no access check.
    """
    windows = windows_of(mentor)
    now = now or timezone.now()
    zone = zone_for(mentor)
    return Availability(
        mentor_name=mentor.user.display_name,
        available_now=is_within(windows, zone, now),
        next_start=next_start(windows, zone, now),
        phrases=phrases(windows),
        time_zone=zone.key,
        viewer_time_zone=zone_for(viewer or mentor).key,
    )


def thread_page(
    *, viewer: Membership, thread: Thread, before: int | None = None, now: dt.datetime | None = None
) -> ThreadPage:
    """The newest messages (or those before ``before``), oldest first, with read receipts.

    Audited as ``message.viewed`` when the viewer is not the participant.
    """
    policy.authorize(viewer, policy.THREAD_READ, thread)
    people = thread_people(thread)
    messages = Message.objects.filter(thread=thread).select_related("sender__user").order_by("-pk")
    if before is not None:
        messages = messages.filter(pk__lt=before)
    page = list(messages[: PAGE_SIZE + 1])
    has_earlier = len(page) > PAGE_SIZE
    page = list(reversed(page[:PAGE_SIZE]))
    markers = _markers(thread, people, viewer)
    availability = None
    if viewer.pk == thread.participant_id and people.mentor is not None:
        availability = mentor_availability(mentor=people.mentor, now=now, viewer=viewer)
    _audit_view(viewer, thread, messages=len(page))
    return ThreadPage(
        thread=thread,
        people=people,
        items=[_item(m, viewer, markers) for m in page],
        has_earlier=has_earlier,
        seen_key=_seen_key(markers),
        availability=availability,
        can_add_supervisor=people.supervisor is None
        and people.mentor is not None
        and people.mentor.supervisor is not None
        and policy.can(viewer, policy.THREAD_ADD_SUPERVISOR, thread),
    )


def thread_poll(*, viewer: Membership, thread: Thread, after: int, seen_key: str, first: int = 0) -> PollResult | None:
    """What changed since the viewer's page was drawn: messages after id ``after`` (one indexed
    range query on (thread, id)) and "Seen" lines that moved among the messages shown (ids
    ``first`` to ``after``). None when nothing changed."""
    policy.authorize(viewer, policy.THREAD_READ, thread)
    new = list(
        Message.objects.filter(thread=thread, pk__gt=after).select_related("sender__user").order_by("pk")[:POLL_LIMIT]
    )
    people = thread_people(thread)
    markers = _markers(thread, people, viewer)
    key = _seen_key(markers)
    if not new and key == seen_key:
        return None
    if new:
        _audit_view(viewer, thread, messages=len(new), poll=True)
    new_ids = {m.pk for m in new}
    old_marked = {int(part.split("-")[0]) for part in seen_key.split(",") if part.split("-")[0].isdigit()}
    to_redraw = (old_marked | set(markers)) - new_ids
    to_redraw = {pk for pk in to_redraw if first <= pk <= after} if first else set()
    changed = []
    if to_redraw and key != seen_key:
        redraw = Message.objects.filter(thread=thread, pk__in=to_redraw).select_related("sender__user")
        changed = [_item(m, viewer, markers) for m in redraw.order_by("pk")]
    return PollResult(
        items=[_item(m, viewer, markers) for m in new],
        changed=changed,
        first_id=first or (new[0].pk if new else 0),
        last_id=new[-1].pk if new else after,
        seen_key=key,
    )


def thread_messages(
    *, viewer: Membership, thread: Thread, after: int | None = None, limit: int = PAGE_SIZE
) -> list[Message]:
    """For the API: messages after id ``after`` (oldest first), or the newest ``limit``.
    Audited as ``message.viewed`` when the viewer is not the participant."""
    policy.authorize(viewer, policy.THREAD_READ, thread)
    messages = Message.objects.filter(thread=thread).select_related("sender__user")
    if after is not None:
        result = list(messages.filter(pk__gt=after).order_by("pk")[:limit])
    else:
        result = list(reversed(messages.order_by("-pk")[:limit]))
    _audit_view(viewer, thread, messages=len(result))
    return result


def read_markers(*, viewer: Membership, thread: Thread) -> list[ThreadRead]:
    """How far each person now in the thread has read (for the API's read receipts)."""
    policy.authorize(viewer, policy.THREAD_READ, thread)
    people = thread_people(thread)
    return list(
        ThreadRead.objects.filter(thread=thread, member__in=[m.pk for m in people.everyone()])
        .select_related("member__user")
        .order_by("member_id")
    )


def _threads_queryset(viewer: Membership) -> QuerySet[Thread]:
    """The participant's own thread, a mentor's matches' threads, a supervisor's threads they were
    added to while they supervise the current mentor; an admin none (messaging/access_rules.py)."""
    return policy.scope(viewer, policy.THREAD_READ, Thread)


def _unread_subquery(viewer: Membership) -> Subquery:
    last_read = ThreadRead.objects.filter(thread=OuterRef("thread"), member=viewer).values("last_read_message_id")[:1]
    return Subquery(last_read, output_field=IntegerField())


def unread_counts_for(*, viewer: Membership) -> dict[int, int]:
    """participant id → messages the viewer has not read yet (not their own), for every
    thread the viewer takes part in. One query."""
    rows = (
        Message.objects.filter(thread__in=_threads_queryset(viewer))
        .exclude(sender=viewer)
        .annotate(last_read=Coalesce(_unread_subquery(viewer), Value(0)))
        .filter(pk__gt=F("last_read"))
        .values("thread__participant_id")
        .annotate(n=Count("pk"))
        .values_list("thread__participant_id", "n")
    )
    return dict(rows)


def last_message_dates(*, participant_ids: list[int]) -> dict[int, dt.datetime]:
    """participant id → when the newest message in their thread was written. One query.

    Dates only, no content: the caller has already narrowed ``participant_ids`` to people the
    viewer may see."""
    rows = (
        Message.objects.filter(thread__participant_id__in=participant_ids)
        .values("thread__participant_id")
        .annotate(last=Max("created_at"))
        .values_list("thread__participant_id", "last")
    )
    return dict(rows)


def threads_for(*, viewer: Membership) -> list[ThreadSummary]:
    """The viewer's threads, most recent conversation first, with unread counts. A fixed
    number of queries whatever the number of threads."""
    threads = list(_threads_queryset(viewer).select_related("participant__user", "supervisor__user"))
    participant_ids = [t.participant_id for t in threads]
    unread = unread_counts_for(viewer=viewer)
    last = last_message_dates(participant_ids=participant_ids)
    mentors = {
        m.participant_id: m.mentor
        for m in Match.objects.filter(participant_id__in=participant_ids, status=MatchStatus.ACTIVE).select_related(
            "mentor__user"
        )
    }
    summaries = []
    for thread in threads:
        mentor = mentors.get(thread.participant_id)
        supervisor = (
            thread.supervisor
            if thread.supervisor is not None and mentor is not None and mentor.supervisor_id == thread.supervisor_id
            else None
        )
        summaries.append(
            ThreadSummary(
                thread=thread,
                participant=thread.participant,
                mentor=mentor,
                supervisor=supervisor,
                unread=unread.get(thread.participant_id, 0),
                last_message_at=last.get(thread.participant_id),
            )
        )
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    summaries.sort(key=lambda s: (s.last_message_at or epoch, s.thread.pk), reverse=True)
    return summaries


def working_hours_for(*, viewer: Membership) -> list[MentorWorkingHours]:
    """The mentor's own working hours (empty: always available)."""
    policy.authorize(viewer, policy.MENTOR_OWN_SUPPORT, viewer)
    return list(MentorWorkingHours.objects.filter(mentor=viewer).order_by("weekday"))
