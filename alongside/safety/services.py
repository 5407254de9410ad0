"""Keeping a safety plan and a support network: the participant's own, never partly saved."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.core.exceptions import Conflict, InvalidInput, NotFound
from alongside.notifications.services import notify
from alongside.organizations.locking import participant_lock
from alongside.organizations.models import Membership
from alongside.organizations.selectors import current_match
from alongside.safety.models import (
    EMAIL_MAX_LENGTH,
    ITEM_MAX_LENGTH,
    MAX_CONTACTS,
    MAX_ITEMS,
    NAME_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    Relationship,
    SafetyPlan,
    Section,
    SupportContact,
)

PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-]{3,}$")


def _locked_plan(participant: Membership) -> SafetyPlan:
    """The participant's plan, created empty if needed, locked for the rest of the transaction."""
    participant_lock(participant)
    plan, _created = SafetyPlan.objects.select_for_update().get_or_create(
        participant=participant, defaults={"organization": participant.organization}
    )
    return plan


def _clean_sections(sections: dict[str, list[str]]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    unknown = set(sections) - set(Section.values)
    if unknown:
        errors["sections"] = [_("Unknown section: %(names)s.") % {"names": ", ".join(sorted(unknown))}]
    cleaned: dict[str, list[str]] = {}
    for key in Section.values:
        items = [str(item).strip() for item in sections.get(key, [])]
        items = [item for item in items if item]
        if any(len(item) > ITEM_MAX_LENGTH for item in items):
            errors.setdefault(key, []).append(_("Keep each item under %(n)s characters.") % {"n": ITEM_MAX_LENGTH})
        if len(items) > MAX_ITEMS:
            errors.setdefault(key, []).append(_("A section can hold up to %(n)s items.") % {"n": MAX_ITEMS})
        cleaned[key] = items
    if errors:
        raise InvalidInput(_("Please check the highlighted sections."), field_errors=errors)
    return cleaned


@transaction.atomic
def safety_plan_save(
    *, participant: Membership, sections: dict[str, list[str]], expected_version: int | None = None
) -> SafetyPlan:
    """Replace the participant's own safety plan with ``sections`` (blank items dropped).

    Only the participant may write. ``expected_version``, when given, must match the stored
    version (an edit made on another device in between raises Conflict; nothing is lost).
    Each save adds one to the version. The crisis lines are not stored: they are on every
    plan. Raises InvalidInput naming each bad section; nothing is saved then. Audits
    ``safety_plan.updated``.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    cleaned = _clean_sections(sections)
    plan = _locked_plan(participant)
    if expected_version is not None and expected_version != plan.version:
        raise Conflict(
            _("Your safety plan was changed somewhere else while you were editing. Please look at it again.")
        )
    plan.content = json.dumps(cleaned, ensure_ascii=False)
    plan.version += 1
    plan.updated_at = timezone.now()
    plan.save()
    log_action(
        "safety_plan.updated", actor=participant, target=plan, subject=participant, extra={"version": plan.version}
    )
    return plan


@transaction.atomic
def safety_plan_set_shared(*, participant: Membership, shared: bool) -> SafetyPlan:
    """Share the participant's plan with their assigned mentor (and so their supervisor), or stop.

    Takes effect on the next read. Audits ``safety_plan.shared`` / ``safety_plan.unshared``
    when it changes; sharing tells the matched mentor in the app.
    """
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    plan = _locked_plan(participant)
    if plan.shared_with_mentor == shared:
        return plan
    plan.shared_with_mentor = shared
    plan.shared_at = timezone.now() if shared else None
    plan.save(update_fields=["shared_with_mentor", "shared_at"])
    log_action(
        "safety_plan.shared" if shared else "safety_plan.unshared", actor=participant, target=plan, subject=participant
    )
    if shared:
        _tell_mentor(participant)
    return plan


def _tell_mentor(participant: Membership) -> None:
    match = current_match(participant=participant)
    if match is None:
        return
    notify(
        recipient=match.mentor.user,
        organization=participant.organization,
        kind="safety_plan.shared",
        title=_("%(name)s shared their safety plan with you") % {"name": participant.user.display_name},
        link=reverse("safety:participant_plan", args=[participant.pk]),
        email=False,
    )


@dataclass
class ContactInput:
    name: str
    relationship: str
    phone: str = ""
    email: str = ""
    notes: str = ""
    can_call_in_crisis: bool = False


def _clean_contact(data: ContactInput) -> ContactInput:
    errors: dict[str, list[str]] = {}
    name, phone, email, notes = (
        (data.name or "").strip(),
        (data.phone or "").strip(),
        (data.email or "").strip(),
        (data.notes or "").strip(),
    )
    if not name:
        errors["name"] = [_("Add a name, or a nickname you will recognise.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Keep the name under %(n)s characters.") % {"n": NAME_MAX_LENGTH}]
    if data.relationship not in Relationship.values:
        errors["relationship"] = [_("Choose who this person is to you.")]
    if phone and (len(phone) > PHONE_MAX_LENGTH or not PHONE_PATTERN.match(phone)):
        errors["phone"] = [_("Use digits, spaces, brackets, dashes and an optional + (for example 555-123-4567).")]
    if email:
        try:
            if len(email) > EMAIL_MAX_LENGTH:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter an email address like name@example.com.")]
    if len(notes) > NOTES_MAX_LENGTH:
        errors["notes"] = [_("Keep notes under %(n)s characters.") % {"n": NOTES_MAX_LENGTH}]
    if errors:
        raise InvalidInput(_("Please check the highlighted answers."), field_errors=errors)
    return ContactInput(name, data.relationship, phone, email, notes, bool(data.can_call_in_crisis))


@transaction.atomic
def support_contact_create(*, participant: Membership, data: ContactInput) -> SupportContact:
    """Add someone to the participant's own support network. Audits ``support_contact.created``."""
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    clean = _clean_contact(data)
    participant_lock(participant)
    if SupportContact.objects.filter(participant=participant).count() >= MAX_CONTACTS:
        raise InvalidInput(_("You can keep up to %(n)s contacts.") % {"n": MAX_CONTACTS})
    contact = SupportContact.objects.create(
        organization=participant.organization, participant=participant, **asdict(clean)
    )
    log_action("support_contact.created", actor=participant, target=contact, subject=participant)
    return contact


def _own(participant: Membership, contact: SupportContact) -> None:
    policy.authorize(participant, policy.PARTICIPANT_MANAGE_OWN, participant)
    if contact.participant_id != participant.pk:
        raise NotFound()


@transaction.atomic
def support_contact_update(*, participant: Membership, contact: SupportContact, data: ContactInput) -> SupportContact:
    """Change one of the participant's own contacts. Audits ``support_contact.updated``."""
    _own(participant, contact)
    for name, value in asdict(_clean_contact(data)).items():
        setattr(contact, name, value)
    contact.updated_at = timezone.now()
    contact.save()
    log_action("support_contact.updated", actor=participant, target=contact, subject=participant)
    return contact


@transaction.atomic
def support_contact_delete(*, participant: Membership, contact: SupportContact) -> None:
    """Remove one of the participant's own contacts for good. Audits ``support_contact.deleted`` (no details)."""
    _own(participant, contact)
    log_action("support_contact.deleted", actor=participant, target=contact, subject=participant)
    contact.delete()
