"""Consent's part of pages other apps own: the consents on a participant's record page (the
page is organizations'; what it lists about consents is declared here, so organizations never
imports consent)."""

from __future__ import annotations

from typing import Any

from django import template

from alongside.consent.selectors import consents_for_participant
from alongside.organizations.models import Membership

register = template.Library()


@register.inclusion_tag("consent/_participant_consents.html")
def participant_consents(viewer: Membership, participant: Membership) -> dict[str, Any]:
    """The participant's consents to share outside the program, for those who may see their
    sensitive information (the page shows this only to them; the selector checks it again)."""
    return {"consents": list(consents_for_participant(viewer=viewer, participant=participant))}
