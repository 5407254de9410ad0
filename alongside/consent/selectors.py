from __future__ import annotations

from django.db.models import QuerySet

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.consent.models import Consent
from alongside.core.exceptions import NotFound
from alongside.organizations.models import Membership


def consents_for_participant(*, viewer: Membership, participant: Membership) -> QuerySet[Consent]:
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant)
    return policy.scope(viewer, policy.OBJECT_VIEW, Consent).filter(participant=participant)


def consent_get(*, viewer: Membership, consent_id: int) -> Consent:
    consent = Consent.objects.filter(pk=consent_id).select_related("participant__user").first()
    if consent is None:
        raise NotFound()
    policy.authorize(viewer, policy.OBJECT_VIEW, consent)
    audited_read(viewer, "consent.viewed", consent.participant, may=None, target=consent)
    return consent


# For the HTTP API (alongside/consent/api.py) --------------------------------------------------


def api_own_consents(*, viewer: Membership) -> QuerySet[Consent]:
    """The viewer's own consents, newest first; nothing for anyone who is not a participant."""
    if not policy.can(viewer, policy.PARTICIPANT_MANAGE_OWN, viewer):
        return Consent.objects.none()
    return policy.scope(viewer, policy.OBJECT_CHANGE, Consent).order_by("-signed_at", "-pk")
