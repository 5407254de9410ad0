"""Goals, declared as a participant record type."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.access.records import RecordType, declare
from alongside.goals.models import Goal

declare(
    RecordType(
        model=Goal,
        label=_("Goals"),
        participant_url="goals:list",
        nav_label=_("Goals"),
        carer_url="goals:participant_goals",
        shared_as=_("your goals and progress"),
        order=20,
    )
)
