"""Daily check-in reminders: settings, and the sweep that sends the ones due."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.checkins.models import CheckIn
from alongside.core.exceptions import InvalidInput
from alongside.core.localtime import local_now
from alongside.notifications.services import notification_mark_read, notify
from alongside.organizations.models import Membership, Role
from alongside.reminders.models import CheckinReminder


@transaction.atomic
def reminder_update(
    *, participant: Membership, local_time: dt.time | None, in_app: bool, email: bool
) -> CheckinReminder:
    """Set (or turn off, with ``local_time=None``) the participant's own daily reminder.

    A reminder needs at least one channel. Changing the time to later today lets today's
    reminder come at the new time if it has not been sent yet. Audits ``reminder.updated``.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    if local_time is not None and not (in_app or email):
        message = _("Choose at least one way to be reminded, or turn the reminder off.")
        raise InvalidInput(message, field_errors={"channels": [message]})
    reminder, _created = CheckinReminder.objects.select_for_update().get_or_create(
        participant=participant, defaults={"organization": participant.organization}
    )
    reminder.local_time = local_time.replace(second=0, microsecond=0) if local_time else None
    reminder.in_app = in_app
    reminder.email = email
    reminder.updated_at = timezone.now()
    reminder.save()
    log_action(
        "reminder.updated",
        actor=participant,
        target=reminder,
        subject=participant,
        extra={"on": reminder.is_on, "in_app": in_app, "email": email},
    )
    return reminder


def checkin_reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Remind every participant whose reminder time has passed today in their own time zone,
    who has not checked in today and has not been reminded today. Returns how many were sent.

    Reads are bounded whatever the number of participants: one query for the reminders that
    are on, one for today's check-ins of those due. Each send claims the day with a
    conditional UPDATE first, so two workers sweeping at once never send twice (and
    notify's dedupe key backs that up). Comparing wall-clock times is DST-safe: a time
    skipped by the spring change is sent at the first moment after it; a time repeated in
    autumn is sent once.
    """
    now = now or timezone.now()
    # Every zone's "today" is the UTC date, the day before or the day after.
    latest_local_day = now.astimezone(dt.UTC).date() + dt.timedelta(days=1)
    reminders = (
        CheckinReminder.objects.filter(
            local_time__isnull=False,
            participant__is_active=True,
            participant__role=Role.PARTICIPANT,
            participant__user__is_active=True,
        )
        .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=latest_local_day))
        .select_related("participant__user", "participant__program", "participant__organization")
    )
    due: list[tuple[CheckinReminder, dt.date]] = []
    for reminder in reminders.iterator(chunk_size=1000):
        here = local_now(reminder.participant, now)
        assert reminder.local_time is not None
        if here.time() >= reminder.local_time and reminder.last_sent_on != here.date():
            due.append((reminder, here.date()))
    if not due:
        return 0
    checked_in = set(
        CheckIn.objects.filter(
            participant_id__in={r.participant_id for r, _day in due}, local_date__in={day for _r, day in due}
        ).values_list("participant_id", "local_date")
    )
    sent = 0
    for reminder, day in due:
        if (reminder.participant_id, day) in checked_in:
            continue
        if _send(reminder, day):
            sent += 1
    return sent


def _send(reminder: CheckinReminder, day: dt.date) -> bool:
    participant = reminder.participant
    with transaction.atomic():
        claimed = (
            CheckinReminder.objects.filter(pk=reminder.pk)
            .filter(Q(last_sent_on__isnull=True) | ~Q(last_sent_on=day))
            .update(last_sent_on=day)
        )
        if not claimed:
            return False  # another worker got there first
        with translation.override(participant.user.language or None):
            notification = notify(
                recipient=participant.user,
                organization=participant.organization,
                kind="checkin.reminder",
                title=_("Time for your daily check-in"),
                body=_("It takes under a minute. How are you today?"),
                link=reverse("checkins:checkin"),
                email=reminder.email,
                dedupe_key=f"checkin-reminder-{day.isoformat()}",
            )
        if not reminder.in_app:
            # Email only: the notification is kept as the record but does not wait as unread.
            notification_mark_read(recipient=participant.user, notification_id=notification.pk)
    return True
