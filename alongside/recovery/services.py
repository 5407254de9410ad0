"""Changes to a participant's recovery timeline: starts, setbacks, and milestone celebrations.

Only the participant writes their timeline. Every change is validated in full before anything
is saved and is audited; a setback never deletes or shortens the history before it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput
from alongside.core.localtime import local_today
from alongside.notifications.services import notify
from alongside.organizations.models import Membership, RecoveryPathway, Role
from alongside.recovery.milestones import due_celebration, milestone_schedule, timeline_numbers
from alongside.recovery.models import SETBACK_TEXT_MAX_LENGTH, SUBSTANCE_MAX_LENGTH, CountFrom, RecoveryStart, Setback

EARLIEST_DATE = dt.date(1900, 1, 1)


def _check_date(value: dt.date | None, today: dt.date, errors: dict[str, list[str]], name: str) -> None:
    if value is None:
        errors[name] = [_("Enter a date.")]
    elif value > today:
        errors[name] = [_("Choose a day that has already happened.")]
    elif value < EARLIEST_DATE:
        errors[name] = [_("Choose a date after 1900.")]


def _validate_start(
    participant: Membership,
    *,
    pathway: str,
    substance: str,
    started_on: dt.date | None,
    count_from: str,
    editing: RecoveryStart | None = None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    today = local_today(participant)
    if pathway not in RecoveryPathway.values:
        errors["pathway"] = [_("Choose a recovery pathway from the list.")]
    if len(substance) > SUBSTANCE_MAX_LENGTH:
        errors["substance"] = [_("Keep this under %(n)s characters.") % {"n": SUBSTANCE_MAX_LENGTH}]
    if count_from not in CountFrom.values:
        errors["count_from"] = [_("Choose which number you would like to see.")]
    _check_date(started_on, today, errors, "started_on")
    if editing is not None and started_on is not None and "started_on" not in errors:
        first = editing.setbacks.order_by("occurred_on").first()
        if first is not None and first.occurred_on < started_on:
            errors["started_on"] = [_("A setback is recorded before this date; the start cannot move past it.")]
    if not errors:
        clash = RecoveryStart.objects.filter(participant=participant, pathway=pathway, substance__iexact=substance)
        if editing is not None:
            clash = clash.exclude(pk=editing.pk)
        if clash.exists():
            errors["pathway"] = [_("You already have a start date for this pathway and substance.")]
    return errors


def recovery_start_create(
    *, participant: Membership, pathway: str, started_on: dt.date | None, substance: str = "", count_from: str = "start"
) -> RecoveryStart:
    """Add a start date on a pathway (optionally for one substance). Only the participant may.

    Raises InvalidInput naming each bad field (future date, before 1900, unknown pathway, text too
    long, a duplicate pathway and substance); nothing is saved then. Audits ``timeline.start_added``.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    substance = substance.strip()
    errors = _validate_start(
        participant, pathway=pathway, substance=substance, started_on=started_on, count_from=count_from
    )
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    assert started_on is not None
    with transaction.atomic():
        start = RecoveryStart.objects.create(
            organization=participant.organization,
            participant=participant,
            pathway=pathway,
            substance=substance,
            started_on=started_on,
            count_from=count_from,
        )
        log_action("timeline.start_added", actor=participant, target=start, subject=participant)
    return start


def recovery_start_update(
    *,
    participant: Membership,
    start: RecoveryStart,
    pathway: str,
    started_on: dt.date | None,
    substance: str = "",
    count_from: str = "start",
) -> RecoveryStart:
    """Change a start's pathway, substance, date or shown number. Same checks as creating, and the
    start may not move past a setback already recorded. Audits ``timeline.start_changed``."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, start.participant)
    substance = substance.strip()
    errors = _validate_start(
        participant, pathway=pathway, substance=substance, started_on=started_on, count_from=count_from, editing=start
    )
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    assert started_on is not None
    with transaction.atomic():
        before = {"started_on": start.started_on.isoformat(), "pathway": start.pathway, "count_from": start.count_from}
        start.pathway, start.substance, start.started_on, start.count_from = pathway, substance, started_on, count_from
        start.updated_at = timezone.now()
        start.save()
        log_action(
            "timeline.start_changed", actor=participant, target=start, subject=participant, extra={"before": before}
        )
    return start


def recovery_start_delete(*, participant: Membership, start: RecoveryStart) -> None:
    """Remove a start (and its setbacks) the participant added, e.g. by mistake. Audits ``timeline.start_removed``."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, start.participant)
    with transaction.atomic():
        log_action(
            "timeline.start_removed",
            actor=participant,
            target=participant,
            subject=participant,
            extra={"start_id": start.pk, "pathway": start.pathway, "setbacks": start.setbacks.count()},
        )
        start.delete()


def setback_record(
    *,
    participant: Membership,
    start: RecoveryStart,
    occurred_on: dt.date | None,
    private_note: str = "",
    learned: str = "",
    count_from: str | None = None,
) -> Setback:
    """Record a setback on a timeline. It adds to the history and never removes from it.

    ``count_from`` (optional) changes which number the participant sees from now on. Raises
    InvalidInput for a future date, a date before the start, or text that is too long; nothing is
    saved then. Audits ``timeline.setback_recorded`` (never with the note's text).
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, start.participant)
    errors: dict[str, list[str]] = {}
    _check_date(occurred_on, local_today(participant), errors, "occurred_on")
    if "occurred_on" not in errors and occurred_on is not None and occurred_on < start.started_on:
        errors["occurred_on"] = [_("Choose a day on or after this timeline's start date.")]
    for name, value in (("private_note", private_note), ("learned", learned)):
        if len(value) > SETBACK_TEXT_MAX_LENGTH:
            errors[name] = [_("Keep this under %(n)s characters.") % {"n": SETBACK_TEXT_MAX_LENGTH}]
    if count_from is not None and count_from not in CountFrom.values:
        errors["count_from"] = [_("Choose which number you would like to see.")]
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    assert occurred_on is not None
    with transaction.atomic():
        setback = Setback.objects.create(
            organization=start.organization,
            start=start,
            occurred_on=occurred_on,
            private_note=private_note.strip(),
            learned=learned.strip(),
        )
        if count_from is not None and count_from != start.count_from:
            start.count_from = count_from
            start.updated_at = timezone.now()
            start.save(update_fields=["count_from", "updated_at"])
        log_action("timeline.setback_recorded", actor=participant, target=setback, subject=participant)
    return setback


def milestones_celebrate_due(*, today: dt.date | None = None) -> int:
    """Notify each participant of a milestone they reached in the last few days. For the worker.

    ``today`` (for tests) overrides every participant's local day. Safe to run as often as you
    like: each milestone of each timeline (and, when counting from the latest setback, of each
    fresh count) is announced once, by the notification's dedupe key. Returns how many were due.
    """
    due = 0
    starts = RecoveryStart.objects.select_related("participant__user", "participant__program", "organization").filter(
        participant__role=Role.PARTICIPANT, participant__is_active=True, participant__user__is_active=True
    )
    for start in starts.iterator():
        local = today or local_today(start.participant)
        numbers = timeline_numbers(
            started_on=start.started_on,
            setback_days=start.setbacks.values_list("occurred_on", flat=True),
            today=local,
            count_from=start.count_from,
        )
        milestone = due_celebration(milestone_schedule(numbers.anchor, local), local)
        if milestone is None:
            continue
        due += 1
        count = "start" if start.count_from == CountFrom.START else numbers.anchor.isoformat()
        with transaction.atomic(), translation.override(start.participant.user.language or None):
            notify(
                recipient=start.participant.user,
                organization=start.organization,
                kind="recovery.milestone",
                title=_("You reached %(milestone)s") % {"milestone": milestone.label},
                body=_("A milestone on your recovery timeline. Every day counts, and so does this one."),
                link=reverse("recovery:timeline"),
                dedupe_key=f"recovery-milestone-{start.pk}-{count}-{milestone.key}",
            )
    return due
