"""Consent: recording, revoking, and the one check every disclosure outside the program passes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.consent.models import PART2_NOTICE, Consent, InformationCategory, RecipientType
from alongside.core.exceptions import ConsentRequired, InvalidInput
from alongside.organizations.models import Membership

MAX_CONSENT_YEARS = 5


@dataclass(frozen=True)
class Disclosure:
    """Permission for one disclosure: the consent it rests on and the notice that must go with it."""

    consent: Consent
    notice: str = PART2_NOTICE


@transaction.atomic
def consent_record(
    *,
    participant: Membership,
    recipient_type: str,
    recipient_name: str,
    information: list[str],
    purpose: str,
    expires_on: dt.date,
    signature_name: str,
    information_detail: str = "",
    recipient_user_id: int | None = None,
) -> Consent:
    """Record the participant's own signed consent. Only the participant may sign for themselves.

    Audits ``consent.signed``. Raises InvalidInput naming the field for any missing element.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    errors: dict[str, list[str]] = {}
    valid_categories = set(InformationCategory.values)
    if not information or not set(information) <= valid_categories:
        errors["information"] = [_("Choose what information may be shared.")]
    if recipient_type not in RecipientType.values:
        errors["recipient_type"] = [_("Choose who will receive the information.")]
    if not recipient_name.strip():
        errors["recipient_name"] = [_("Name the person or organization who will receive it.")]
    if not purpose.strip():
        errors["purpose"] = [_("Say why the information is being shared.")]
    today = timezone.localdate()
    if expires_on <= today:
        errors["expires_on"] = [_("The end date must be in the future.")]
    elif expires_on > today.replace(year=today.year + MAX_CONSENT_YEARS):
        errors["expires_on"] = [_("A consent can last at most %(n)s years.") % {"n": MAX_CONSENT_YEARS}]
    if signature_name.strip().casefold() != participant.user.display_name.strip().casefold():
        errors["signature_name"] = [_("Type your name exactly as it appears on your account to sign.")]
    if errors:
        raise InvalidInput(_("The consent is missing required information."), field_errors=errors)
    consent = Consent.objects.create(
        organization=participant.organization,
        participant=participant,
        disclosing_party=participant.program.name if participant.program else participant.organization.name,
        information=sorted(set(information)),
        information_detail=information_detail.strip(),
        recipient_type=recipient_type,
        recipient_name=recipient_name.strip(),
        recipient_user_id=recipient_user_id,
        purpose=purpose.strip(),
        expires_on=expires_on,
        signature_name=signature_name.strip(),
    )
    log_action("consent.signed", actor=participant, target=consent, subject=participant)
    return consent


@transaction.atomic
def consent_revoke(*, participant: Membership, consent: Consent, reason: str = "") -> Consent:
    """Revoke at once: from this commit on, ``require_consent`` refuses disclosures under it."""
    policy.authorize(participant, policy.OBJECT_CHANGE, consent)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.revocation_reason = reason.strip()[:500]
        consent.save(update_fields=["revoked_at", "revocation_reason"])
        # The participant's reason stays on the consent: the org admin reads the audit log.
        log_action("consent.revoked", actor=participant, target=consent, subject=participant)
    return consent


def require_consent(
    *,
    participant: Membership,
    information: str,
    recipient_name: str | None = None,
    recipient_user_id: int | None = None,
    recipient_type: str | None = None,
) -> Disclosure:
    """The check every disclosure outside the program must pass.

    Returns the active consent that covers ``information`` going to this recipient, with the
    §2.32 notice to attach; raises ConsentRequired otherwise. Reads the database each time,
    so a revocation takes effect on the very next disclosure.
    """
    if information not in InformationCategory.values:
        raise ValueError(f"unknown information category {information!r}")
    if recipient_name is None and recipient_user_id is None:
        raise ValueError("name the recipient (recipient_name or recipient_user_id)")
    candidates = Consent.objects.filter(
        participant=participant,
        organization_id=participant.organization_id,
        revoked_at__isnull=True,
        expires_on__gte=timezone.localdate(),
    )
    if recipient_type:
        candidates = candidates.filter(recipient_type=recipient_type)
    for consent in candidates.order_by("-signed_at"):
        if information not in consent.information:
            continue
        if recipient_user_id is not None and consent.recipient_user_id == recipient_user_id:
            return Disclosure(consent=consent)
        if recipient_name is not None and consent.recipient_name.casefold() == recipient_name.strip().casefold():
            return Disclosure(consent=consent)
    raise ConsentRequired(
        _("This information cannot be shared outside the program without the participant's active written consent.")
    )
