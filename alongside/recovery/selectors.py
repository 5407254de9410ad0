"""Reading a recovery timeline: always given the viewer; views by anyone else are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.core.exceptions import NotFound
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership
from alongside.recovery.milestones import Milestone, TimelineNumbers, milestone_schedule, timeline_numbers
from alongside.recovery.models import CountFrom, RecoveryStart


@dataclass(frozen=True)
class SetbackView:
    id: int
    occurred_on: dt.date
    learned: str
    private_note: str | None  # None unless the viewer is the participant


@dataclass(frozen=True)
class StartSummary:
    start: RecoveryStart
    numbers: TimelineNumbers
    milestones: list[Milestone]
    setbacks: list[SetbackView]

    @property
    def reached(self) -> list[Milestone]:
        return [m for m in self.milestones if m.reached]

    @property
    def next_up(self) -> Milestone:
        return self.milestones[-1]

    @property
    def counts_from_latest_setback(self) -> bool:
        return self.start.count_from == CountFrom.LATEST_SETBACK


@dataclass(frozen=True)
class Timeline:
    participant: Membership
    today: dt.date
    starts: list[StartSummary]
    own: bool


def summarize_start(start: RecoveryStart, *, today: dt.date, own: bool) -> StartSummary:
    setbacks = list(start.setbacks.all())
    numbers = timeline_numbers(
        started_on=start.started_on,
        setback_days=[s.occurred_on for s in setbacks],
        today=today,
        count_from=start.count_from,
    )
    return StartSummary(
        start=start,
        numbers=numbers,
        milestones=milestone_schedule(numbers.anchor, today),
        setbacks=[
            SetbackView(
                id=s.pk, occurred_on=s.occurred_on, learned=s.learned, private_note=s.private_note if own else None
            )
            for s in setbacks
        ],
    )


def timeline_for(*, viewer: Membership, participant: Membership, today: dt.date | None = None) -> Timeline:
    """The participant's timelines with their numbers and milestones.

    The participant, their matched mentor and that mentor's supervisor may read it; anyone but the
    participant is audited as ``timeline.viewed`` and never sees a setback's private note.
    """
    audited_read(viewer, "timeline.viewed", participant)
    own = viewer.pk == participant.pk
    today = today or local_today(participant)
    starts = RecoveryStart.objects.filter(participant=participant).prefetch_related("setbacks")
    return Timeline(
        participant=participant,
        today=today,
        starts=[summarize_start(s, today=today, own=own) for s in starts],
        own=own,
    )


def start_for_owner(*, viewer: Membership, start_id: int) -> RecoveryStart:
    """A start the viewer may change: only their own (others get NotFound or NotAllowed)."""
    start = RecoveryStart.objects.select_related("participant__user").filter(pk=start_id).first()
    if start is None:
        raise NotFound()
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, start.participant)
    return start
