from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.checkins.models import CheckIn, CommonTrigger, PersonalTrigger
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership


def checkin_for_today(*, participant: Membership) -> CheckIn | None:
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    return CheckIn.objects.filter(participant=participant, local_date=local_today(participant)).first()


def checkin_days_taken(*, participant: Membership, since: dt.date) -> set[dt.date]:
    """The participant's own days since ``since`` that already have a check-in (for the day picker)."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    return set(
        CheckIn.objects.filter(participant=participant, local_date__gte=since).values_list("local_date", flat=True)
    )


def trigger_choices(*, participant: Membership) -> list[tuple[str, str]]:
    """The common triggers, then the participant's own."""
    own = PersonalTrigger.objects.filter(participant=participant).values_list("label", flat=True)
    return [(value, str(label)) for value, label in CommonTrigger.choices] + [(label, label) for label in own]


def checkins_for_participant(
    *, viewer: Membership, participant: Membership, days: int = 30, today: dt.date | None = None
) -> QuerySet[CheckIn]:
    """The participant's check-ins for the last ``days`` days. Views by anyone but the
    participant are audited as ``checkin.viewed``."""
    audited_read(viewer, "checkin.viewed", participant, extra={"days": days})
    since = (today or local_today(participant)) - dt.timedelta(days=days - 1)
    return CheckIn.objects.filter(participant=participant, local_date__gte=since).order_by("-local_date")
