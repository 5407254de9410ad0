"""Access rules for consents: the participant's own; read (never changed) by whoever may read
the participant's sensitive record."""

from __future__ import annotations

from alongside.access import policy
from alongside.access.registry import field_is_viewer, registry
from alongside.consent.models import Consent
from alongside.organizations.models import Membership

_OWN = field_is_viewer("participant")
registry.register(Consent, policy.OBJECT_CHANGE, _OWN)
registry.register(
    Consent,
    policy.OBJECT_VIEW,
    _OWN | policy.participant_condition(policy.PARTICIPANT_VIEW_SENSITIVE).via("participant", Membership),
)
