"""The recovery timeline, declared as a participant record type."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.access.records import RecordType, declare
from alongside.recovery.models import RecoveryStart

declare(
    RecordType(
        model=RecoveryStart,
        label=_("Recovery timeline"),
        participant_url="recovery:timeline",
        carer_url="recovery:participant_timeline",
        shared_as=_("your recovery timeline"),
        order=15,
    )
)
