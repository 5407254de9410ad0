"""The safety plan and support network over the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StringConstraints

from alongside.core.edge import idempotent
from alongside.core.exceptions import NotFound
from alongside.core.schema_types import BodySchema
from alongside.organizations.api_refs import require_viewer
from alongside.organizations.views_helpers import get_membership_or_404
from alongside.safety.models import (
    EMAIL_MAX_LENGTH,
    ITEM_MAX_LENGTH,
    MAX_ITEMS,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    Relationship,
    SupportContact,
)
from alongside.safety.schemas import ContactIn
from alongside.safety.selectors import (
    ContactView,
    PlanView,
    safety_plan_for_owner,
    safety_plan_for_viewer,
    support_contact_for_owner,
    support_contacts_for_owner,
)
from alongside.safety.services import (
    ContactInput,
    safety_plan_save,
    safety_plan_set_shared,
    support_contact_create,
    support_contact_delete,
    support_contact_update,
)

router = Router(tags=["safety plan"])

Item = Annotated[str, StringConstraints(max_length=ITEM_MAX_LENGTH)]
Items = list[Item]


def _items() -> Any:
    return Field(default_factory=list, max_length=MAX_ITEMS)


class SectionsIn(BodySchema):
    model_config = ConfigDict(extra="forbid")

    warning_signs: Items = _items()
    coping: Items = _items()
    distraction: Items = _items()
    help: Items = _items()
    professionals: Items = Field(
        default_factory=list, max_length=MAX_ITEMS, description="Your own; the crisis lines are always on the plan"
    )
    environment: Items = _items()
    reasons: Items = _items()


class SafetyPlanIn(BodySchema):
    sections: SectionsIn
    version: int | None = Field(
        None, ge=0, description="The version you edited; if the plan changed since, 409 and nothing is saved"
    )


class FixedResourceOut(Schema):
    key: str
    name: str
    description: str
    tel: str
    sms: str


class SectionOut(Schema):
    key: str
    title: str
    items: list[str]
    fixed: list[FixedResourceOut]


class ContactOut(Schema):
    id: int
    name: str
    relationship: Relationship
    can_call_in_crisis: bool
    phone: str
    email: str
    notes: str


class SharedContactOut(Schema):
    """A support contact as the mentor sees it: no phone, email or notes."""

    id: int
    name: str
    relationship: Relationship
    can_call_in_crisis: bool


class SafetyPlanOut(Schema):
    participant_id: int
    sections: list[SectionOut]
    contacts: list[ContactOut]
    shared_with_mentor: bool
    version: int
    updated_at: dt.datetime | None


class SharedSafetyPlanOut(Schema):
    participant_id: int
    sections: list[SectionOut]
    contacts: list[SharedContactOut]
    version: int
    updated_at: dt.datetime | None


class ContactPatch(BodySchema):
    name: str | None = Field(None, min_length=1, max_length=NAME_MAX_LENGTH)
    relationship: Relationship | None = None
    phone: str | None = Field(None, max_length=PHONE_MAX_LENGTH)
    email: str | None = Field(None, max_length=EMAIL_MAX_LENGTH)
    notes: str | None = Field(None, max_length=NOTES_MAX_LENGTH)
    can_call_in_crisis: bool | None = None


def _sections(view: PlanView) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "title": s.title,
            "items": s.items,
            "fixed": [
                {"key": r.key, "name": str(r.name), "description": str(r.description), "tel": r.tel, "sms": r.sms}
                for r in s.fixed
            ],
        }
        for s in view.sections
    ]


def _contact(c: ContactView | SupportContact) -> dict[str, Any]:
    return {
        "id": c.id if isinstance(c, ContactView) else c.pk,
        "name": c.name,
        "relationship": c.relationship,
        "can_call_in_crisis": c.can_call_in_crisis,
        "phone": c.phone or "",
        "email": c.email or "",
        "notes": c.notes or "",
    }


def _plan_out(view: PlanView) -> dict[str, Any]:
    return {
        "participant_id": view.participant.pk,
        "sections": _sections(view),
        "contacts": [_contact(c) for c in view.contacts],
        "shared_with_mentor": view.shared_with_mentor,
        "version": view.version,
        "updated_at": view.updated_at,
    }


@router.get(
    "/safety-plan", response=SafetyPlanOut, summary="My safety plan (empty, with the crisis lines, before I fill it in)"
)
def safety_plan_get(request: HttpRequest) -> dict[str, Any]:
    return _plan_out(safety_plan_for_owner(participant=require_viewer(request)))


@router.put(
    "/safety-plan", response=SafetyPlanOut, summary="Replace my safety plan (each save adds one to the version)"
)
def safety_plan_put(request: HttpRequest, payload: SafetyPlanIn) -> dict[str, Any]:
    viewer = require_viewer(request)
    safety_plan_save(participant=viewer, sections=payload.sections.model_dump(), expected_version=payload.version)
    return _plan_out(safety_plan_for_owner(participant=viewer))


@router.post("/safety-plan/share", response=SafetyPlanOut, summary="Share my safety plan with my mentor")
def safety_plan_share(request: HttpRequest) -> dict[str, Any]:
    viewer = require_viewer(request)
    safety_plan_set_shared(participant=viewer, shared=True)
    return _plan_out(safety_plan_for_owner(participant=viewer))


@router.post("/safety-plan/unshare", response=SafetyPlanOut, summary="Stop sharing my safety plan (immediately)")
def safety_plan_unshare(request: HttpRequest) -> dict[str, Any]:
    viewer = require_viewer(request)
    safety_plan_set_shared(participant=viewer, shared=False)
    return _plan_out(safety_plan_for_owner(participant=viewer))


@router.get(
    "/participants/{participant_id}/safety-plan",
    response=SharedSafetyPlanOut,
    summary="A participant's shared safety plan (their mentor and supervisor; audited; contact details masked)",
)
def participant_safety_plan(request: HttpRequest, participant_id: int) -> dict[str, Any]:
    viewer = require_viewer(request)
    participant = get_membership_or_404(participant_id)
    view = safety_plan_for_viewer(viewer=viewer, participant=participant)
    if view is None:
        raise NotFound()  # not shared: as if there were none
    return {
        "participant_id": participant.pk,
        "sections": _sections(view),
        "contacts": [
            {"id": c.id, "name": c.name, "relationship": c.relationship, "can_call_in_crisis": c.can_call_in_crisis}
            for c in view.contacts
        ],
        "version": view.version,
        "updated_at": view.updated_at,
    }


@router.get("/support-contacts", response=list[ContactOut], summary="My support network")
def support_contact_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_contact(c) for c in support_contacts_for_owner(participant=require_viewer(request))]


@router.post(
    "/support-contacts",
    response={201: ContactOut},
    url_name="support_contact_create",
    summary="Add someone to my support network (they are not users; idempotent with a key)",
)
@idempotent
def support_contact_add(request: HttpRequest, payload: ContactIn) -> Status[Any]:
    viewer = require_viewer(request)
    data = ContactInput(**{**payload.model_dump(), "relationship": payload.relationship.value})
    return Status(201, _contact(support_contact_create(participant=viewer, data=data)))


@router.patch("/support-contacts/{contact_id}", response=ContactOut, summary="Change someone in my support network")
def support_contact_change(request: HttpRequest, contact_id: int, payload: ContactPatch) -> dict[str, Any]:
    viewer = require_viewer(request)
    contact = support_contact_for_owner(participant=viewer, contact_id=contact_id)
    current = _contact(contact)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True, mode="json").items() if v is not None}
    merged = {**current, **changes}
    merged.pop("id")
    return _contact(support_contact_update(participant=viewer, contact=contact, data=ContactInput(**merged)))


@router.delete("/support-contacts/{contact_id}", response={204: None}, summary="Remove someone from my support network")
def support_contact_remove(request: HttpRequest, contact_id: int) -> Status[None]:
    viewer = require_viewer(request)
    support_contact_delete(
        participant=viewer, contact=support_contact_for_owner(participant=viewer, contact_id=contact_id)
    )
    return Status(204, None)
