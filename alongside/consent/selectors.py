from __future__ import annotations

from django.db.models import QuerySet

from alongside.access import policy
from alongside.consent.models import Consent
from alongside.core.exceptions import NotFound
from alongside.organizations.models import Membership


def consents_for_participant(*, viewer: Membership, participant: Membership) -> QuerySet[Consent]:
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant)
    return Consent.objects.filter(participant=participant, organization_id=viewer.organization_id)


def consent_get(*, viewer: Membership, consent_id: int) -> Consent:
    consent = Consent.objects.filter(pk=consent_id).select_related("participant__user").first()
    if consent is None:
        raise NotFound()
    policy.authorize(viewer, policy.OBJECT_VIEW, consent)
    return consent
