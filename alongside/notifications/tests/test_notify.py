"""notify(): the in-app notification and the outbox chain it queues."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings

from alongside.accounts.models import User
from alongside.conftest import Personas
from alongside.notifications.models import Channel, Notification, OutboxMessage, OutboxStatus
from alongside.notifications.services import notify, quiet_hours_until
from alongside.notifications.testing import FakeSmsProvider

CHICAGO = ZoneInfo("America/Chicago")
PHONE = "+15550101234"


def _with_phone(user: User, *, quiet: tuple[dt.time, dt.time] | None = None, tz: str = "America/Chicago") -> User:
    user.phone_number = PHONE
    user.time_zone = tz
    user.quiet_hours_start, user.quiet_hours_end = quiet or (None, None)
    user.save()
    return user


def _chain(notification: Notification) -> list[tuple[str, str]]:
    return [
        (m.channel, m.status)
        for m in OutboxMessage.objects.filter(notification=notification).order_by("chain_position")
    ]


def test_a_normal_notification_goes_by_email_only(personas: Personas, sms_provider: FakeSmsProvider) -> None:
    user = _with_phone(personas.mentor.user)
    notification = notify(recipient=user, kind="k", title="T")
    assert _chain(notification) == [(Channel.EMAIL, OutboxStatus.PENDING)]


def test_a_normal_notification_asking_for_sms_texts_after_email(
    personas: Personas, sms_provider: FakeSmsProvider
) -> None:
    user = _with_phone(personas.mentor.user)
    notification = notify(recipient=user, kind="k", title="T", sms=True)
    assert _chain(notification) == [(Channel.EMAIL, OutboxStatus.PENDING), (Channel.SMS, OutboxStatus.WAITING)]


def test_an_urgent_notification_texts_first_then_emails(personas: Personas, sms_provider: FakeSmsProvider) -> None:
    user = _with_phone(personas.mentor.user)
    notification = notify(recipient=user, kind="k", title="Sam may need you now", link="/alerts/1/", urgent=True)
    assert notification.urgent
    assert _chain(notification) == [(Channel.SMS, OutboxStatus.PENDING), (Channel.EMAIL, OutboxStatus.WAITING)]
    text = OutboxMessage.objects.get(notification=notification, channel=Channel.SMS)
    assert text.to_address == PHONE and text.urgent
    assert text.body == f"Alongside: Sam may need you now {django_settings.SITE_URL}/alerts/1/"


def test_without_a_phone_or_without_sms_an_urgent_notification_is_emailed(
    personas: Personas,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    no_phone = notify(recipient=personas.mentor.user, kind="k", title="T", urgent=True, sms=True)
    assert _chain(no_phone) == [(Channel.EMAIL, OutboxStatus.PENDING)]
    user = _with_phone(personas.supervisor.user)  # SMS is not configured in this test
    sms_off = notify(recipient=user, kind="k", title="T", urgent=True, sms=True)
    assert _chain(sms_off) == [(Channel.EMAIL, OutboxStatus.PENDING)]


def test_email_false_keeps_it_in_the_app(personas: Personas) -> None:
    notification = notify(recipient=personas.mentor.user, kind="k", title="T", email=False)
    assert Notification.objects.filter(pk=notification.pk).exists()
    assert _chain(notification) == []


def test_an_inactive_person_gets_nothing_outside_the_app(personas: Personas, sms_provider: FakeSmsProvider) -> None:
    user = _with_phone(personas.mentor.user)
    user.is_active = False
    user.save()
    assert _chain(notify(recipient=user, kind="k", title="T", urgent=True)) == []


def test_a_normal_message_in_quiet_hours_waits_for_them_to_end(personas: Personas) -> None:
    user = _with_phone(personas.mentor.user, quiet=(dt.time(22), dt.time(7)))
    late = dt.datetime(2026, 3, 10, 23, 30, tzinfo=CHICAGO)
    notification = notify(recipient=user, kind="k", title="T", now=late)
    message = OutboxMessage.objects.get(notification=notification)
    assert message.next_attempt_at == dt.datetime(2026, 3, 11, 7, 0, tzinfo=CHICAGO)
    assert notification.created_at == late  # in the app at once


def test_an_urgent_message_in_quiet_hours_goes_now(personas: Personas) -> None:
    user = _with_phone(personas.mentor.user, quiet=(dt.time(22), dt.time(7)))
    late = dt.datetime(2026, 3, 10, 23, 30, tzinfo=CHICAGO)
    notification = notify(recipient=user, kind="k", title="T", urgent=True, now=late)
    assert OutboxMessage.objects.get(notification=notification).next_attempt_at == late


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (dt.datetime(2026, 3, 10, 21, 59), None),
        (dt.datetime(2026, 3, 10, 22, 0), dt.datetime(2026, 3, 11, 7, 0)),
        (dt.datetime(2026, 3, 11, 6, 59), dt.datetime(2026, 3, 11, 7, 0)),
        (dt.datetime(2026, 3, 11, 7, 0), None),
        (dt.datetime(2026, 3, 11, 12, 0), None),
    ],
)
def test_quiet_hours_may_span_midnight(personas: Personas, local: dt.datetime, expected: dt.datetime | None) -> None:
    user = _with_phone(personas.mentor.user, quiet=(dt.time(22), dt.time(7)))
    found = quiet_hours_until(user=user, at=local.replace(tzinfo=CHICAGO))
    assert found == (expected.replace(tzinfo=CHICAGO) if expected else None)


def test_quiet_hours_within_a_day_and_across_a_clock_change(personas: Personas) -> None:
    user = _with_phone(personas.mentor.user, quiet=(dt.time(13), dt.time(15)))
    assert quiet_hours_until(user=user, at=dt.datetime(2026, 3, 10, 14, 0, tzinfo=CHICAGO)) == dt.datetime(
        2026, 3, 10, 15, 0, tzinfo=CHICAGO
    )
    assert quiet_hours_until(user=user, at=dt.datetime(2026, 3, 10, 12, 0, tzinfo=CHICAGO)) is None
    # Clocks go forward on 8 March 2026 in Chicago: the night is an hour shorter, 07:00 is still 07:00.
    user.quiet_hours_start, user.quiet_hours_end = dt.time(22), dt.time(7)
    end = quiet_hours_until(user=user, at=dt.datetime(2026, 3, 7, 23, 0, tzinfo=CHICAGO))
    assert end is not None and end.astimezone(CHICAGO).replace(tzinfo=None) == dt.datetime(2026, 3, 8, 7, 0)


def test_quiet_hours_use_the_program_time_zone_when_the_person_has_none(personas: Personas) -> None:
    user = _with_phone(personas.mentor.user, quiet=(dt.time(22), dt.time(7)), tz="UTC")
    program_zone = ZoneInfo(personas.program.time_zone)
    at = dt.datetime(2026, 3, 10, 23, 30, tzinfo=program_zone)
    assert quiet_hours_until(user=user, at=at, organization=personas.org) == dt.datetime(
        2026, 3, 11, 7, 0, tzinfo=program_zone
    )


def test_a_repeated_event_queues_one_chain(personas: Personas, sms_provider: FakeSmsProvider) -> None:
    user = _with_phone(personas.mentor.user)
    for _ in range(3):
        notify(recipient=user, kind="k", title="T", urgent=True, dedupe_key="alert-1-step-0")
    assert Notification.objects.count() == 1 and OutboxMessage.objects.count() == 2
