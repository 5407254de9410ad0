"""Reading safety plans and support networks.

The participant sees all of their own. Their matched mentor and that mentor's supervisor see
the plan only while it is shared, every such read is audited, and they never see a support
contact's phone, email or notes (boundaries: name and relationship only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from alongside.access import policy
from alongside.access.reads import audited_read
from alongside.core.exceptions import NotFound
from alongside.organizations.models import Membership
from alongside.safety.models import (
    SECTION_HINTS,
    FixedResource,
    SafetyPlan,
    Section,
    SupportContact,
)


@dataclass
class ContactView:
    id: int
    name: str
    relationship: str
    relationship_label: str
    can_call_in_crisis: bool
    # None when the viewer is not the participant: masked, not merely empty.
    phone: str | None = None
    email: str | None = None
    notes: str | None = None

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone or "" if ch.isdigit() or ch == "+")


@dataclass
class SectionView:
    key: str
    title: str
    hint: str
    items: list[str]
    fixed: tuple[FixedResource, ...] = ()
    contacts: list[ContactView] = field(default_factory=list)


@dataclass
class PlanView:
    participant: Membership
    sections: list[SectionView]
    contacts: list[ContactView]
    details_visible: bool
    shared_with_mentor: bool
    version: int
    updated_at: dt.datetime | None


def _contact_view(contact: SupportContact, details_visible: bool) -> ContactView:
    view = ContactView(
        id=contact.pk,
        name=contact.name,
        relationship=contact.relationship,
        relationship_label=str(contact.get_relationship_display()),
        can_call_in_crisis=contact.can_call_in_crisis,
    )
    if details_visible:
        view.phone, view.email, view.notes = contact.phone, contact.email, contact.notes
    return view


def _crisis_lines_on_plan(participant: Membership) -> tuple[FixedResource, ...]:
    """The program's crisis lines (not the emergency number), always on every plan."""
    from alongside.crisis.selectors import crisis_lines_for_viewer

    return tuple(
        FixedResource(key=str(index), name=line.name, description=line.how, tel=line.phone, sms=line.text_number)
        for index, line in enumerate(crisis_lines_for_viewer(participant), start=1)
        if not line.is_emergency and (line.phone or line.text_number)
    )


def _plan_view(participant: Membership, plan: SafetyPlan | None, details_visible: bool) -> PlanView:
    stored = plan.sections() if plan else {key: [] for key in Section.values}
    contacts = [_contact_view(c, details_visible) for c in SupportContact.objects.filter(participant=participant)]
    sections = [
        SectionView(
            key=key,
            title=str(label),
            hint=str(SECTION_HINTS[key]),
            items=stored[key],
            fixed=_crisis_lines_on_plan(participant) if key == Section.PROFESSIONALS else (),
            contacts=contacts if key == Section.HELP else [],
        )
        for key, label in Section.choices
    ]
    return PlanView(
        participant=participant,
        sections=sections,
        contacts=contacts,
        details_visible=details_visible,
        shared_with_mentor=bool(plan and plan.shared_with_mentor),
        version=plan.version if plan else 0,
        updated_at=plan.updated_at if plan else None,
    )


def safety_plan_for_owner(*, participant: Membership) -> PlanView:
    """The participant's own plan; an empty one (crisis lines included) before the first save."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    plan = SafetyPlan.objects.filter(participant=participant).first()
    return _plan_view(participant, plan, details_visible=True)


def safety_plan_for_viewer(*, viewer: Membership, participant: Membership) -> PlanView | None:
    """The plan as ``viewer`` may see it: whole for the participant; for their matched mentor
    and that mentor's supervisor only while shared (else None), with support contacts'
    details masked, audited as ``safety_plan.viewed``."""
    if policy.can(viewer, policy.PARTICIPANT_MANAGE_OWN, participant):
        return safety_plan_for_owner(participant=participant)
    policy.authorize(viewer, policy.PARTICIPANT_VIEW_SENSITIVE, participant)
    plan = SafetyPlan.objects.filter(participant=participant, shared_with_mentor=True).first()
    if plan is None:
        return None
    audited_read(viewer, "safety_plan.viewed", participant, may=None, target=plan)  # authorized above; shared only
    return _plan_view(participant, plan, details_visible=False)


def support_contacts_for_owner(*, participant: Membership) -> list[SupportContact]:
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    return list(SupportContact.objects.filter(participant=participant))


def support_contact_for_owner(*, participant: Membership, contact_id: int) -> SupportContact:
    """One of the participant's own contacts. To anyone else it does not exist: a mentor sees
    contacts only inside a shared plan, and never their details."""
    contact = SupportContact.objects.select_related("participant").filter(pk=contact_id).first()
    if contact is None:
        raise NotFound()
    if not policy.can(participant, policy.PARTICIPANT_MANAGE_OWN, contact.participant):
        raise policy.refusal(NotFound, "support_contact.open", contact.participant)
    return contact
