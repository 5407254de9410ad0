"""Reading goals: always given the viewer; views by anyone but the participant are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.core.exceptions import NotAllowed, NotFound
from alongside.core.localtime import local_today
from alongside.goals.models import Goal, GoalEvent, GoalStatus, GoalStep
from alongside.organizations.models import Membership

DUE_SOON_DAYS = 7
_STATUS_ORDER = Case(
    *(When(status=status, then=Value(i)) for i, status in enumerate(GoalStatus.values)),
    output_field=IntegerField(),
)


def goals_for_participant(*, viewer: Membership, participant: Membership) -> QuerySet[Goal]:
    """The participant's goals, proposed and active first. Their matched mentor and that mentor's
    supervisor may read them too (audited as ``goals.viewed``)."""
    audited_read(viewer, "goals.viewed", participant)
    return (
        Goal.objects.filter(participant=participant)
        .select_related("proposed_by__user")
        .prefetch_related("steps")
        .order_by(_STATUS_ORDER, "-created_at")
    )


def _load_goal(goal_id: int) -> Goal:
    goal = (
        Goal.objects.select_related("participant__user", "proposed_by__user")
        .prefetch_related("steps", Prefetch("events", GoalEvent.objects.select_related("actor__user")))
        .filter(pk=goal_id)
        .first()
    )
    if goal is None:
        raise NotFound()
    return goal


def goal_for_viewer(*, viewer: Membership, goal_id: int) -> Goal:
    """One goal with its steps and history, for anyone who may read the participant's goals (audited)."""
    goal = _load_goal(goal_id)
    audited_read(viewer, "goals.viewed", goal.participant, extra={"goal_id": goal.pk})
    return goal


def goal_for_owner(*, viewer: Membership, goal_id: int) -> Goal:
    """A goal the viewer may change: only their own."""
    goal = _load_goal(goal_id)
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, goal.participant)
    return goal


def step_for_owner(*, viewer: Membership, step_id: int, goal_id: int | None = None) -> GoalStep:
    step = GoalStep.objects.select_related("goal__participant__user").filter(pk=step_id).first()
    if step is None or (goal_id is not None and step.goal_id != goal_id):
        raise NotFound()
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, step.goal.participant)
    return step


def authorize_goal_proposal(*, viewer: Membership, participant: Membership) -> None:
    """Raise unless the viewer is the participant's matched mentor (others who may read goals get NotAllowed)."""
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant)
    if not policy.is_matched_mentor(viewer, participant):
        raise NotAllowed(_("Only the participant's matched mentor may suggest a goal."))


def may_propose_goal(*, viewer: Membership, participant: Membership) -> bool:
    """Only the participant's matched mentor may suggest goals to them."""
    return policy.can(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant) and policy.is_matched_mentor(
        viewer, participant
    )


def open_steps_for_today(*, participant: Membership, limit: int = 5, today: dt.date | None = None) -> list[GoalStep]:
    """Steps to show on the check-in page: open steps of active goals that are due within a week
    (or overdue), earliest first, then the next undated step of each goal."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    today = today or local_today(participant)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    steps = GoalStep.objects.filter(
        goal__participant=participant, goal__status=GoalStatus.ACTIVE, done_at__isnull=True
    ).select_related("goal")
    dated = sorted(
        (s for s in steps if s.target_date is not None and s.target_date <= soon),
        key=lambda s: (s.target_date, s.goal_id, s.order),
    )
    next_undated: dict[int, GoalStep] = {}
    for step in sorted((s for s in steps if s.target_date is None), key=lambda s: (s.goal_id, s.order)):
        next_undated.setdefault(step.goal_id, step)
    return [*dated, *next_undated.values()][:limit]


@dataclass(frozen=True)
class ActivityProgress:
    kind: str
    done: int
    target: int | None
    percent: int | None  # None without a weekly target
    met: bool


def goal_activity_progress(goal: Goal, counts: dict[str, int]) -> ActivityProgress | None:
    """How far this week's logged activities go toward the goal's weekly target.

    ``counts`` maps activity kinds to this week's count, as the activity log reports them; the
    caller has already checked the viewer may see both. None when the goal counts no activity.
    """
    if not goal.counts_activity:
        return None
    done = max(int(counts.get(goal.counts_activity, 0)), 0)
    target = goal.weekly_target
    if not target:
        return ActivityProgress(kind=goal.counts_activity, done=done, target=None, percent=None, met=False)
    return ActivityProgress(
        kind=goal.counts_activity,
        done=done,
        target=target,
        percent=min(100, round(100 * done / target)),
        met=done >= target,
    )
