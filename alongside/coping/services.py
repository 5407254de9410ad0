"""Writes for the coping toolbox: a participant's own strategies and activity log.

Every function is for the participant themselves (policy PARTICIPANT_MANAGE_OWN), validates
everything before writing (InvalidInput names each bad field; nothing is partly saved) and
audits the change.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.coping.models import (
    ACTIVITY_BACKFILL_DAYS,
    ACTIVITY_MAX_MINUTES,
    ACTIVITY_NOTE_MAX_LENGTH,
    MAX_STRATEGIES,
    STRATEGY_MAX_LENGTH,
    Activity,
    ActivityKind,
    CopingStrategy,
)
from alongside.core.exceptions import InvalidInput, NotFound
from alongside.core.localtime import local_today
from alongside.organizations.locking import participant_lock
from alongside.organizations.models import Membership


def _lock_participant(participant: Membership) -> None:
    # Serializes a participant's own concurrent writes (positions, duplicate submissions).
    participant_lock(participant)


@transaction.atomic
def strategy_add(*, participant: Membership, text: str) -> CopingStrategy:
    """Add a coping strategy at the end of the participant's list. Audits ``coping.strategy_added``."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("Please write what helps you."), field_errors={"text": [_("This cannot be empty.")]})
    if len(text) > STRATEGY_MAX_LENGTH:
        raise InvalidInput(
            _("Please shorten this strategy."),
            field_errors={"text": [_("Keep it under %(n)s characters.") % {"n": STRATEGY_MAX_LENGTH}]},
        )
    _lock_participant(participant)
    existing = CopingStrategy.objects.filter(participant=participant)
    if existing.count() >= MAX_STRATEGIES:
        raise InvalidInput(
            _("Your list is full."),
            field_errors={
                "text": [_("You can keep up to %(n)s strategies. Remove one first.") % {"n": MAX_STRATEGIES}]
            },
        )
    last = existing.aggregate(last=Max("position"))["last"]
    strategy = CopingStrategy.objects.create(
        organization=participant.organization,
        participant=participant,
        text=text,
        position=0 if last is None else last + 1,
    )
    log_action("coping.strategy_added", actor=participant, target=strategy, subject=participant)
    return strategy


def _own_strategy(participant: Membership, strategy_id: int) -> CopingStrategy:
    strategy = CopingStrategy.objects.filter(participant=participant, pk=strategy_id).first()
    if strategy is None:
        raise NotFound()
    return strategy


@transaction.atomic
def strategy_remove(*, participant: Membership, strategy_id: int) -> None:
    """Remove one of the participant's own strategies. Audits ``coping.strategy_removed``."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    strategy = _own_strategy(participant, strategy_id)
    log_action("coping.strategy_removed", actor=participant, target=strategy, subject=participant)
    strategy.delete()


@transaction.atomic
def strategy_move(*, participant: Membership, strategy_id: int, direction: str) -> None:
    """Move a strategy one place ``up`` or ``down`` the list (at an end it stays put).

    Positions are renumbered 0..n-1 so gaps left by removals never matter. Audits
    ``coping.strategy_moved``.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    if direction not in {"up", "down"}:
        raise InvalidInput(_("Choose up or down."), field_errors={"direction": [_("Choose up or down.")]})
    _lock_participant(participant)
    strategy = _own_strategy(participant, strategy_id)
    ordered = list(CopingStrategy.objects.filter(participant=participant).order_by("position", "id"))
    index = next(i for i, s in enumerate(ordered) if s.pk == strategy.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    changed = []
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            changed.append(item)
    CopingStrategy.objects.bulk_update(changed, ["position"])
    log_action(
        "coping.strategy_moved", actor=participant, target=strategy, subject=participant, extra={"direction": direction}
    )


def activity_log(
    *,
    participant: Membership,
    kind: str,
    local_date: dt.date | None = None,
    minutes: int | None = None,
    note: str = "",
    client_id: uuid.UUID | None = None,
) -> tuple[Activity, bool]:
    """Log an activity on a day (default today, in the participant's time zone).

    Returns (activity, created). The same ``client_id`` again (a double tap, a retry) returns
    the activity already stored. The day may not be in the future nor more than 30 days back;
    minutes are 1–600 if given; the note (encrypted) is at most 500 characters. Audits
    ``coping.activity_logged``.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    today = local_today(participant)
    day = local_date or today
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose one of the kinds of activity listed.")]
    if day > today:
        errors["local_date"] = [_("An activity cannot be logged for a day that has not happened yet.")]
    elif (today - day).days > ACTIVITY_BACKFILL_DAYS:
        errors["local_date"] = [_("You can log an activity up to %(n)s days back.") % {"n": ACTIVITY_BACKFILL_DAYS}]
    if minutes is not None and not 1 <= minutes <= ACTIVITY_MAX_MINUTES:
        errors["minutes"] = [_("Minutes must be between 1 and %(n)s.") % {"n": ACTIVITY_MAX_MINUTES}]
    if len(note) > ACTIVITY_NOTE_MAX_LENGTH:
        errors["note"] = [_("Keep the note under %(n)s characters.") % {"n": ACTIVITY_NOTE_MAX_LENGTH}]
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    for attempt in range(2):
        try:
            with transaction.atomic():
                _lock_participant(participant)
                if client_id is not None:
                    same = Activity.objects.filter(participant=participant, client_id=client_id).first()
                    if same is not None:
                        return same, False
                activity = Activity.objects.create(
                    organization=participant.organization,
                    participant=participant,
                    kind=kind,
                    local_date=day,
                    minutes=minutes,
                    note=note,
                    client_id=client_id or uuid.uuid4(),
                )
                log_action("coping.activity_logged", actor=participant, target=activity, subject=participant)
                return activity, True
        except IntegrityError:
            # A concurrent duplicate won the insert (SQLite has no row lock); the retry finds it.
            if attempt:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def activity_delete(*, participant: Membership, activity_id: int) -> None:
    """Delete one of the participant's own activities. Audits ``coping.activity_deleted``."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    activity = Activity.objects.filter(participant=participant, pk=activity_id).first()
    if activity is None:
        raise NotFound()
    log_action("coping.activity_deleted", actor=participant, target=activity, subject=participant)
    activity.delete()
