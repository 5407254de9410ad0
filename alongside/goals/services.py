"""Changes to goals: made by the participant, or proposed by their matched mentor and accepted by them.

Every change is validated in full before anything is saved, adds a GoalEvent to the goal's
history (never edited or removed) and is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput
from alongside.core.localtime import local_today
from alongside.goals.catalogue import TEMPLATES_BY_KEY
from alongside.goals.models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_STEPS,
    STEP_TITLE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    WEEKLY_TARGET_MAX,
    ActivityKind,
    Goal,
    GoalEvent,
    GoalEventKind,
    GoalStatus,
    GoalStep,
)
from alongside.goals.selectors import authorize_goal_proposal
from alongside.notifications.services import notify
from alongside.organizations.models import Membership


@dataclass
class StepInput:
    title: str
    target_date: dt.date | None = None
    id: int | None = None  # an existing step of the goal being edited (keeps whether it is done)


@dataclass
class GoalInput:
    title: str
    description: str = ""
    target_date: dt.date | None = None
    steps: list[StepInput] = field(default_factory=list)
    template_key: str = ""
    counts_activity: str = ""
    weekly_target: int | None = None


def _check_target(
    value: dt.date | None, before: dt.date | None, today: dt.date, errors: dict[str, list[str]], name: str
) -> None:
    # A target already set may have passed; a new one should be today or later.
    if value is not None and value != before and value < today:
        errors.setdefault(name, []).append(_("Choose a target date from today on."))
    if value is not None and value.year > today.year + 50:
        errors.setdefault(name, []).append(_("Choose a target date within the next 50 years."))


def _validate(participant: Membership, data: GoalInput, goal: Goal | None = None) -> GoalInput:
    errors: dict[str, list[str]] = {}
    today = local_today(participant)
    title = data.title.strip()
    if not title:
        errors["title"] = [_("Give the goal a name.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Keep the name under %(n)s characters.") % {"n": TITLE_MAX_LENGTH}]
    if len(data.description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = [_("Keep this under %(n)s characters.") % {"n": DESCRIPTION_MAX_LENGTH}]
    _check_target(data.target_date, goal.target_date if goal else None, today, errors, "target_date")
    if data.template_key and data.template_key not in TEMPLATES_BY_KEY:
        errors["template_key"] = [_("Choose a goal template from the list.")]
    if data.counts_activity and data.counts_activity not in ActivityKind.values:
        errors["counts_activity"] = [_("Choose an activity from the list.")]
    if data.weekly_target is not None and not 1 <= data.weekly_target <= WEEKLY_TARGET_MAX:
        errors["weekly_target"] = [_("Choose between 1 and %(n)s times a week.") % {"n": WEEKLY_TARGET_MAX}]
    existing = {s.pk: s for s in goal.steps.all()} if goal else {}
    steps = [s for s in data.steps if s.title.strip()]
    if len(steps) > MAX_STEPS:
        errors["steps"] = [_("A goal can have up to %(n)s steps.") % {"n": MAX_STEPS}]
    for step in steps:
        if len(step.title.strip()) > STEP_TITLE_MAX_LENGTH:
            errors.setdefault("steps", []).append(
                _("Keep each step under %(n)s characters.") % {"n": STEP_TITLE_MAX_LENGTH}
            )
        if step.id is not None and step.id not in existing:
            errors.setdefault("steps", []).append(_("That step is not part of this goal."))
        before = existing[step.id].target_date if step.id in existing else None
        _check_target(step.target_date, before, today, errors, "steps")
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    return GoalInput(
        title=title,
        description=data.description.strip(),
        target_date=data.target_date,
        steps=[StepInput(title=s.title.strip(), target_date=s.target_date, id=s.id) for s in steps],
        template_key=data.template_key,
        counts_activity=data.counts_activity,
        weekly_target=data.weekly_target,
    )


def _event(goal: Goal, kind: str, actor: Membership, **detail: object) -> None:
    GoalEvent.objects.create(goal=goal, kind=kind, actor=actor, detail=detail)
    # The audit names what happened, not the participant's own words.
    extra = {k: v for k, v in detail.items() if k != "step"}
    log_action(f"goal.{kind}", actor=actor, target=goal, subject=goal.participant, extra=extra or None)


def _new_goal(participant: Membership, data: GoalInput, *, status: str, proposed_by: Membership | None) -> Goal:
    goal = Goal.objects.create(
        organization=participant.organization,
        participant=participant,
        title=data.title,
        description=data.description,
        template_key=data.template_key,
        status=status,
        target_date=data.target_date,
        proposed_by=proposed_by,
        counts_activity=data.counts_activity,
        weekly_target=data.weekly_target,
    )
    GoalStep.objects.bulk_create(
        GoalStep(goal=goal, order=i, title=s.title, target_date=s.target_date) for i, s in enumerate(data.steps)
    )
    return goal


def goal_create(*, participant: Membership, data: GoalInput) -> Goal:
    """The participant sets themselves a goal (active at once). Only the participant may.

    Raises InvalidInput naming each bad field; nothing is saved then. Records a ``created``
    event and audits ``goal.created``.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    clean = _validate(participant, data)
    with transaction.atomic():
        goal = _new_goal(participant, clean, status=GoalStatus.ACTIVE, proposed_by=None)
        _event(goal, GoalEventKind.CREATED, participant)
    return goal


def goal_propose(*, mentor: Membership, participant: Membership, data: GoalInput) -> Goal:
    """The participant's matched mentor suggests a goal; it waits, as ``proposed``, for the participant.

    Nobody else may propose (a supervisor may read goals but not propose them). Records a
    ``proposed`` event, audits ``goal.proposed`` and notifies the participant.
    """
    authorize_goal_proposal(viewer=mentor, participant=participant)
    clean = _validate(participant, data)
    with transaction.atomic():
        goal = _new_goal(participant, clean, status=GoalStatus.PROPOSED, proposed_by=mentor)
        _event(goal, GoalEventKind.PROPOSED, mentor)
        notify(
            recipient=participant.user,
            organization=participant.organization,
            kind="goal.proposed",
            title=_("Your mentor suggested a goal"),
            body=_("Open it to accept it, change it or decline it. It is your choice."),
            link=reverse("goals:detail", args=[goal.pk]),
            dedupe_key=f"goal-proposed-{goal.pk}",
        )
    return goal


def _tell_proposer(goal: Goal, *, accepted: bool) -> None:
    if goal.proposed_by is None:
        return
    name = goal.participant.user.display_name
    notify(
        recipient=goal.proposed_by.user,
        organization=goal.organization,
        kind="goal.accepted" if accepted else "goal.declined",
        title=(
            _("%(name)s accepted a goal you suggested") if accepted else _("%(name)s set aside a goal you suggested")
        )
        % {"name": name},
        link=reverse("goals:detail", args=[goal.pk]),
        dedupe_key=f"goal-{'accepted' if accepted else 'declined'}-{goal.pk}",
    )


def _require_proposed(goal: Goal) -> None:
    if goal.status != GoalStatus.PROPOSED:
        raise InvalidInput(
            _("This goal is not waiting for your answer."), field_errors={"status": [_("Already answered.")]}
        )


def goal_accept(*, participant: Membership, goal: Goal) -> Goal:
    """The participant takes on a goal their mentor proposed: it becomes active. Audits ``goal.accepted``."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, goal.participant)
    _require_proposed(goal)
    with transaction.atomic():
        goal.status, goal.updated_at = GoalStatus.ACTIVE, timezone.now()
        goal.save(update_fields=["status", "updated_at"])
        _event(goal, GoalEventKind.ACCEPTED, participant)
        _tell_proposer(goal, accepted=True)
    return goal


def goal_decline(*, participant: Membership, goal: Goal) -> Goal:
    """The participant declines a proposed goal: it is set aside (and kept, with its history)."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, goal.participant)
    _require_proposed(goal)
    with transaction.atomic():
        goal.status, goal.updated_at = GoalStatus.SET_ASIDE, timezone.now()
        goal.save(update_fields=["status", "updated_at"])
        _event(goal, GoalEventKind.SET_ASIDE, participant, declined=True)
        _tell_proposer(goal, accepted=False)
    return goal


def goal_update(*, participant: Membership, goal: Goal, data: GoalInput, status: str | None = None) -> Goal:
    """The participant changes their goal: details, steps (kept steps keep their done state) and status.

    Editing a proposed goal accepts it. ``status`` may be active, achieved or set aside. Records
    ``edited`` (naming what changed), ``accepted``, ``achieved`` or ``set_aside`` events as they
    apply, each audited; nothing is saved if any field is invalid.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, goal.participant)
    clean = _validate(participant, data, goal)
    if status is not None and status not in {GoalStatus.ACTIVE, GoalStatus.ACHIEVED, GoalStatus.SET_ASIDE}:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors={"status": [_("Choose a status.")]})
    with transaction.atomic():
        changed = [
            name
            for name in ("title", "description", "target_date", "counts_activity", "weekly_target")
            if getattr(goal, name) != getattr(clean, name)
        ]
        for name in changed:
            setattr(goal, name, getattr(clean, name))
        if _replace_steps(goal, clean.steps):
            changed.append("steps")
        was_proposed = goal.status == GoalStatus.PROPOSED
        new_status = GoalStatus.ACTIVE if was_proposed else (status or goal.status)
        status_changed = new_status != goal.status
        goal.status = new_status
        if new_status != GoalStatus.ACHIEVED:
            goal.achieved_at = None
        elif status_changed:
            goal.achieved_at = timezone.now()
        goal.updated_at = timezone.now()
        goal.save()
        if changed:
            _event(goal, GoalEventKind.EDITED, participant, changed=changed)
        if was_proposed:
            _event(goal, GoalEventKind.ACCEPTED, participant)
            _tell_proposer(goal, accepted=True)
        elif status_changed and new_status in {GoalStatus.ACHIEVED, GoalStatus.SET_ASIDE}:
            _event(goal, new_status, participant)
        elif status_changed:
            _event(goal, GoalEventKind.EDITED, participant, changed=["status"], status=new_status)
    return goal


def _replace_steps(goal: Goal, steps: list[StepInput]) -> bool:
    """Make the goal's steps match ``steps`` in order; True if anything changed."""
    existing = {s.pk: s for s in goal.steps.all()}
    keep = {s.id for s in steps if s.id is not None}
    removed = [pk for pk in existing if pk not in keep]
    changed = bool(removed)
    GoalStep.objects.filter(pk__in=removed).delete()
    for order, data in enumerate(steps):
        step = existing.get(data.id) if data.id is not None else None
        if step is None:
            GoalStep.objects.create(goal=goal, order=order, title=data.title, target_date=data.target_date)
            changed = True
        elif (step.order, step.title, step.target_date) != (order, data.title, data.target_date):
            step.order, step.title, step.target_date = order, data.title, data.target_date
            step.save(update_fields=["order", "title", "target_date"])
            changed = True
    return changed


def step_toggle(*, participant: Membership, step: GoalStep) -> GoalStep:
    """Check a step off, or mark it not done yet. Only the participant, and not on a goal still
    waiting for their answer. Records ``step_done`` / ``step_undone`` and audits it."""
    goal = step.goal
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, goal.participant)
    if goal.status == GoalStatus.PROPOSED:
        raise InvalidInput(_("Accept this goal before checking off its steps."))
    with transaction.atomic():
        step.done_at = None if step.is_done else timezone.now()
        step.save(update_fields=["done_at"])
        kind = GoalEventKind.STEP_DONE if step.is_done else GoalEventKind.STEP_UNDONE
        _event(goal, kind, participant, step=step.title)
        goal.updated_at = timezone.now()
        goal.save(update_fields=["updated_at"])
    return step
