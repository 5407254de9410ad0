"""The consent API: a participant signs, reads and revokes their own 42 CFR Part 2 consents."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from alongside.consent import selectors, services
from alongside.consent.models import PART2_NOTICE, Consent, InformationCategory, RecipientType
from alongside.consent.schemas import ConsentIn, ConsentRevokeIn
from alongside.core.edge import idempotent
from alongside.organizations.api_refs import require_viewer

router = Router(tags=["consents"])

RIGHT_TO_REVOKE = (
    "The participant may revoke this consent at any time. Revocation takes effect immediately: nothing more "
    "is shared under it from that moment. Information already shared before revocation cannot be taken back."
)


class ConsentStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


class ConsentOut(Schema):
    id: int
    status: ConsentStatus
    participant_id: int
    disclosing_party: str
    information: list[InformationCategory]
    information_labels: list[str]
    information_detail: str
    recipient_type: RecipientType
    recipient_name: str
    purpose: str
    expires_on: dt.date
    signature_name: str
    signed_at: dt.datetime
    revoked_at: dt.datetime | None
    revocation_reason: str

    # A replayed idempotent response arrives as the stored dict, already resolved.
    @staticmethod
    def resolve_information_labels(obj: Consent | dict[str, Any]) -> Any:
        return obj["information_labels"] if isinstance(obj, dict) else obj.information_labels()


class ConsentDetailOut(ConsentOut):
    notice: str = Field(description="The 42 CFR §2.32 notice that accompanies every disclosure under this consent.")
    right_to_revoke: str

    @staticmethod
    def resolve_notice(obj: object) -> str:
        return PART2_NOTICE

    @staticmethod
    def resolve_right_to_revoke(obj: object) -> str:
        return RIGHT_TO_REVOKE


@router.get("/consents", response=list[ConsentOut], summary="My consents (participants; empty for anyone else)")
def consent_list(request: HttpRequest) -> list[Consent]:
    return list(selectors.api_own_consents(viewer=require_viewer(request)))


@router.post(
    "/consents", response={201: ConsentDetailOut}, summary="Sign a consent to share outside the program (idempotent)"
)
@idempotent
def consent_create(request: HttpRequest, payload: ConsentIn) -> ConsentDetailOut:
    consent = services.consent_record(
        participant=require_viewer(request),
        recipient_type=payload.recipient_type.value,
        recipient_name=payload.recipient_name,
        information=[category.value for category in payload.information],
        information_detail=payload.information_detail,
        purpose=payload.purpose,
        expires_on=payload.expires_on,
        signature_name=payload.signature_name,
    )
    return ConsentDetailOut.model_validate(consent)


@router.get("/consents/{consent_id}", response=ConsentDetailOut, summary="One consent, with the §2.32 notice")
def consent_detail(request: HttpRequest, consent_id: int) -> Consent:
    return selectors.consent_get(viewer=require_viewer(request), consent_id=consent_id)


@router.post(
    "/consents/{consent_id}/revoke",
    response=ConsentDetailOut,
    summary="Revoke my consent; it stops covering disclosures at once",
)
def consent_revoke(request: HttpRequest, consent_id: int, payload: ConsentRevokeIn) -> Consent:
    viewer = require_viewer(request)
    consent = selectors.consent_get(viewer=viewer, consent_id=consent_id)
    return services.consent_revoke(participant=viewer, consent=consent, reason=payload.reason)
