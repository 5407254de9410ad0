from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from alongside.checkins.models import CheckIn
from alongside.conftest import Personas
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership


@pytest.fixture
def add_checkin(personas: Personas) -> Callable[..., CheckIn]:
    """``add_checkin(days_ago, mood=, craving=, sleep=, triggers=)`` stores a check-in on that local day."""

    def _add(
        days_ago: int,
        *,
        mood: int = 3,
        craving: int = 3,
        sleep: int | None = 3,
        triggers: list[str] | None = None,
        participant: Membership | None = None,
    ) -> CheckIn:
        who = participant or personas.participant
        return CheckIn.objects.create(
            organization=who.organization,
            participant=who,
            local_date=local_today(who) - dt.timedelta(days=days_ago),
            mood=mood,
            craving=craving,
            sleep_quality=sleep,
            triggers=triggers or [],
        )

    return _add
