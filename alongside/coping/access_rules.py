"""The coping toolbox, declared as a participant record type (strategies; activities are read
with them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.access import policy
from alongside.access.records import RecordType, declare
from alongside.coping.models import Activity, CopingStrategy

declare(
    RecordType(
        model=CopingStrategy,
        label=_("Coping strategies and activities"),
        participant_url="coping:toolbox",
        nav_label=_("Coping toolbox"),
        carer_url="coping:participant_toolkit",
        shared_as=_("your coping strategies and activities"),
        order=40,
    )
)
policy.record_rule(Activity)
