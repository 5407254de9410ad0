"""Recording check-ins: one per local day, safe to submit twice, never partly saved."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside import crisis_language
from alongside.access import policy
from alongside.alerts.escalation import Notice
from alongside.alerts.models import AlertKind
from alongside.alerts.services import alert_raise
from alongside.audit.services import log_action
from alongside.checkins.models import (
    BACKFILL_DAYS,
    NOTE_MAX_LENGTH,
    CheckIn,
    CommonTrigger,
    Halt,
    PersonalTrigger,
)
from alongside.core.changes import participant_changed
from alongside.core.exceptions import InvalidInput
from alongside.core.idempotency import create_once
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership

MAX_LIST_ITEMS = 20
OUTREACH_NOTICE = "checkin.outreach_requested"
MAX_LABEL_LENGTH = 60
_HALT = frozenset(Halt.values)
_COMMON_TRIGGERS = frozenset(CommonTrigger.values)


@dataclass
class CheckInInput:
    mood: int | None
    craving: int | None
    sleep_quality: int | None = None
    halt: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    coping: list[str] = field(default_factory=list)
    used: bool | None = None
    substance: str = ""
    amount: str = ""
    note: str = ""
    wants_outreach: bool = False
    local_date: dt.date | None = None
    made_at: dt.datetime | None = None
    client_id: uuid.UUID | None = None


def _clean_labels(values: list[str], errors: dict[str, list[str]], name: str) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        label = str(value).strip()
        if not label:
            continue
        if len(label) > MAX_LABEL_LENGTH:
            errors.setdefault(name, []).append(_("Keep each item under %(n)s characters.") % {"n": MAX_LABEL_LENGTH})
            continue
        if label not in cleaned:
            cleaned.append(label)
    if len(cleaned) > MAX_LIST_ITEMS:
        errors.setdefault(name, []).append(_("Choose at most %(n)s.") % {"n": MAX_LIST_ITEMS})
    return cleaned


def _validate(
    participant: Membership, data: CheckInInput, today: dt.date
) -> tuple[dt.date, dt.date, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    if data.mood is None or not 1 <= data.mood <= 5:
        errors["mood"] = [_("Choose how you feel, from 1 (very low) to 5 (very good).")]
    if data.craving is None or not 0 <= data.craving <= 10:
        errors["craving"] = [_("Choose a craving level from 0 (none) to 10 (strongest).")]
    if data.sleep_quality is not None and not 1 <= data.sleep_quality <= 5:
        errors["sleep_quality"] = [_("Choose sleep quality from 1 (very poor) to 5 (very good).")]
    if not _HALT.issuperset(data.halt):
        errors["halt"] = [_("Choose from hungry, angry, lonely and tired.")]
    if len(data.note) > NOTE_MAX_LENGTH:
        errors["note"] = [_("Keep the note under %(n)s characters.") % {"n": NOTE_MAX_LENGTH}]
    if len(data.substance) > 100 or len(data.amount) > 100:
        errors["substance"] = [_("Keep this under 100 characters.")]
    # Queued offline: the day is the one on which it was made, in the participant's zone.
    made_on = local_today(participant, data.made_at) if data.made_at else today
    local_date = data.local_date or made_on
    if local_date > today:
        errors["local_date"] = [_("A check-in cannot be for a day that has not happened yet.")]
    elif (today - local_date).days > BACKFILL_DAYS:
        errors["local_date"] = [_("You can fill in a missed day up to %(n)s days back.") % {"n": BACKFILL_DAYS}]
    if data.made_at is not None and data.made_at > timezone.now() + dt.timedelta(minutes=5):
        errors["made_at"] = [_("The time the check-in was made is in the future.")]
    return local_date, made_on, errors


class CleanCheckIn(NamedTuple):
    local_date: dt.date  # the day it is for
    today: dt.date  # the participant's today
    made_on: dt.date  # the participant's day when it was made (on the device, if queued offline)
    values: dict[str, object]  # the answers to store


def checkin_clean(participant: Membership, data: CheckInInput) -> CleanCheckIn:
    """What the participant sent, checked and tidied for storing; raises InvalidInput naming each
    bad field (nothing is stored then)."""
    today = local_today(participant)
    local_date, made_on, errors = _validate(participant, data, today)
    triggers = _clean_labels(data.triggers, errors, "triggers")
    coping = _clean_labels(data.coping, errors, "coping")
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    values: dict[str, object] = {
        "mood": data.mood,
        "craving": data.craving,
        "sleep_quality": data.sleep_quality,
        "halt": sorted(set(data.halt)),
        "triggers": triggers,
        "coping": coping,
        "used": data.used,
        "substance": data.substance.strip() if data.used else "",
        "amount": data.amount.strip() if data.used else "",
        "note": data.note.strip(),
        "wants_outreach": data.wants_outreach,
    }
    return CleanCheckIn(local_date, today, made_on, values)


def checkin_record(*, participant: Membership, data: CheckInInput) -> tuple[CheckIn, bool]:
    """Record (or, on the same local day, update) the participant's own check-in.

    Returns (check-in, created). Only the participant may record. The same client_id, or a
    second submission for today, never makes a second row: the day's first is stored by an
    INSERT that skips, rather than fails, when the unique constraints say the day (or the
    client_id) already has one, and only then is that row looked up and locked while it is
    replayed or edited; two concurrent first submissions meet at those constraints, and the
    second finds the first's row. A day in the past (up to BACKFILL_DAYS) can be filled in
    once and is marked as filled in late. Raises InvalidInput naming each bad field; nothing
    is saved then. Audits ``checkin.recorded`` or ``checkin.updated``; asking for outreach or
    reporting use raises an alert for the matched mentor (see ``alerts.services.alert_raise``),
    and crisis language in a new or changed note a crisis alert, without the note (see
    ``crisis_language.check``). The early-warning signals are not evaluated here: a new or
    changed check-in is left pending for the worker, which evaluates it within seconds
    (``signals.services.signals_evaluate_pending``).
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    clean = checkin_clean(participant, data)
    # In its own transaction, run again once should the fallback insert in _write meet a row
    # that appeared meanwhile.
    return create_once(lambda: _write(participant, clean, data))


def _write(participant: Membership, clean: CleanCheckIn, data: CheckInInput) -> tuple[CheckIn, bool]:
    local_date, today, values = clean.local_date, clean.today, clean.values
    # The caseload state is marked in this transaction (the INSERT below sends no model signal).
    participant_changed.send(sender=CheckIn, participant_ids=[participant.pk])
    # Most submissions are the day's first: try to store it outright. The INSERT skips a row that
    # would be a second for the day or a replay of a client_id (the unique constraints; on
    # PostgreSQL it first waits for a concurrent first submission to commit), and only then is the
    # existing row looked up, locked, and replayed or edited below.
    checkin = CheckIn(
        organization=participant.organization,
        participant=participant,
        local_date=local_date,
        made_at=data.made_at or timezone.now(),
        # Late means filled in after its day; a check-in made on time offline is not late.
        filled_late=local_date < clean.made_on,
        client_id=data.client_id or uuid.uuid4(),
        **values,
    )
    if CheckIn.objects.insert_if_first(checkin):
        return _stored(participant, checkin), True
    # One query finds (and row-locks) a replay of this submission or the day's check-in. (This
    # relies on READ COMMITTED, Django's default on PostgreSQL: the lookup sees the row that the
    # INSERT waited for.) Should that row be gone again (deleted in between), nothing is found
    # and the check-in is stored below after all.
    wanted = Q(local_date=local_date)
    if data.client_id is not None:
        wanted |= Q(client_id=data.client_id)
    found = list(CheckIn.objects.select_for_update(of=("self",)).filter(wanted, participant=participant).order_by()[:2])
    for row in found:
        row.participant = participant  # already loaded (user, program): no query per use below
    if data.client_id is not None:
        same = next((c for c in found if c.client_id == data.client_id), None)
        if same is not None:
            return same, False  # a replay of a submission already stored
    existing = next((c for c in found if c.local_date == local_date), None)
    if existing is not None:
        if local_date != today:
            raise InvalidInput(
                _("You already checked in for that day. A past day's check-in cannot be changed."),
                field_errors={"local_date": [_("Already checked in for this day.")]},
            )
        asked_before, used_before, note_before = existing.wants_outreach, existing.used, existing.note
        for name, value in values.items():
            setattr(existing, name, value)
        existing.updated_at = timezone.now()
        existing.signals_pending = True  # the worker evaluates the signals again, with the new answers
        existing.save()
        log_action("checkin.updated", actor=participant, target=existing, subject=participant)
        _raise_alerts(participant, existing, asked_before=asked_before, used_before=used_before)
        _check_note(participant, existing, note_before=note_before)
        return existing, False
    checkin.save(force_insert=True)
    return _stored(participant, checkin), True


def _stored(participant: Membership, checkin: CheckIn) -> CheckIn:
    """What follows a new check-in: its audit entry, alerts, and the crisis check of its note."""
    _remember_personal_triggers(participant, checkin.triggers)
    log_action("checkin.recorded", actor=participant, target=checkin, subject=participant)
    _raise_alerts(participant, checkin, asked_before=False, used_before=None)
    _check_note(participant, checkin, note_before="")
    return checkin


def _remember_personal_triggers(participant: Membership, triggers: list[str]) -> None:
    for label in triggers:
        if label not in _COMMON_TRIGGERS:
            PersonalTrigger.objects.get_or_create(participant=participant, label=label)


def _raise_alerts(participant: Membership, checkin: CheckIn, *, asked_before: bool, used_before: bool | None) -> None:
    """Asking for outreach, or reporting use, newly in this check-in raises an alert for the mentor
    (one open alert per kind: asking again joins the open one)."""
    source = f"checkin:{checkin.pk}"
    if checkin.wants_outreach and not asked_before:
        day = date_format(checkin.local_date, "DATE_FORMAT")
        alert_raise(
            participant=participant,
            kind=AlertKind.OUTREACH_REQUESTED,
            reason=_("Asked for someone to reach out, in the check-in for %(day)s.") % {"day": day},
            source=source,
            raised_by=participant,
            # The escalation tells its first step, in warmer words than a generic alert.
            notice=lambda person: Notice(
                kind=OUTREACH_NOTICE,
                title=_("%(name)s would like you to reach out") % {"name": participant.user.display_name},
                body=_("They asked for contact in today's check-in."),
            ),
        )
    if checkin.used and not used_before:
        day = date_format(checkin.local_date, "DATE_FORMAT")
        alert_raise(
            participant=participant,
            kind=AlertKind.REPORTED_USE,
            reason=_("Reported use on %(day)s. A good moment to check in, without judgment.") % {"day": day},
            source=source,
            raised_by=participant,
        )


def _check_note(participant: Membership, checkin: CheckIn, *, note_before: str) -> None:
    """A new or changed note is checked for crisis language: if found, an alert and urgent
    notifications go out at once, without the note (see ``crisis_language.check``)."""
    if checkin.note and checkin.note != note_before:
        found = crisis_language.check(
            participant=participant, text=checkin.note, source="checkin", source_id=checkin.pk
        )
        checkin.crisis_found = found is not None
    elif not checkin.note:
        checkin.crisis_found = False
