"""What the participant sees right after saving words that may be about a crisis: the crisis
lines and their own safety plan, in warm words and never with method details
(templates/includes/crisis_support.html).

A form view that saved flagged text calls ``remember_crisis_support(request)`` before its
redirect; the page it redirects to calls ``crisis_support_for(request, participant)`` once and
shows the support when it returns something. The flag lives in the session, so it survives the
redirect, shows once, and cannot be set from a URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from alongside.organizations.models import Membership

SESSION_KEY = "alongside.crisis_support"
PLAN_ITEMS_SHOWN = 3


@dataclass(frozen=True)
class CrisisContact:
    name: str
    relationship: str
    tel: str


@dataclass(frozen=True)
class CrisisSupport:
    """The context of includes/crisis_support.html."""

    has_mentor: bool
    # The words were in a private journal entry: say that nobody was shown them.
    private: bool = False
    # The words may be about an overdose happening now: "what to do" comes first.
    overdose: bool = False
    coping: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    contacts: list[CrisisContact] = field(default_factory=list)


def remember_crisis_support(request: HttpRequest, *, overdose: bool = False) -> None:
    """Show the crisis support on the next page this person sees (after a redirect); with
    ``overdose``, the overdose response first."""
    request.session[SESSION_KEY] = "overdose" if overdose else True


def overdose_in_progress(text: str, *, participant: Membership) -> bool:
    """Whether words already found to be about a crisis may be about an overdose happening now
    (looked at again only then, which is rare)."""
    from alongside.crisis_language import analyse

    match = analyse(text, language=participant.user.language or None) if text else None
    return match is not None and match.is_overdose_in_progress


def needs_crisis_support(text: str, *, participant: Membership, already_found: bool | None = None) -> bool:
    """Whether what ``participant`` just saved may be about a crisis (the same detector the
    services use), so that the page after saving shows the crisis support. ``already_found``:
    what the service found when it looked at this same text while saving (None: it did not)."""
    from alongside.crisis_language import detect

    if already_found is not None:
        return already_found
    return bool(text) and detect(text, language=participant.user.language or None)


def crisis_support_for(request: HttpRequest, participant: Membership, *, private: bool = False) -> CrisisSupport | None:
    """The crisis support to show now, once, if a form just saved words that may be about a
    crisis; otherwise None."""
    remembered = request.session.pop(SESSION_KEY, False)
    if not remembered:
        return None
    return crisis_support(participant=participant, private=private, overdose=remembered == "overdose")


def crisis_support(*, participant: Membership, private: bool = False, overdose: bool = False) -> CrisisSupport:
    """Whether ``participant`` has a mentor who was told, and the parts of their own safety plan
    that help most in the moment: things that help, reasons for living, people they can call.
    For the participant's own eyes only (contact numbers included)."""
    from alongside.organizations.selectors import current_mentor
    from alongside.safety.models import Section
    from alongside.safety.selectors import safety_plan_for_owner

    plan = safety_plan_for_owner(participant=participant)
    items = {section.key: section.items for section in plan.sections}
    return CrisisSupport(
        # The same mentor on_crisis_detected tells (an active one): never "your mentor was told" when nobody was.
        has_mentor=current_mentor(participant=participant) is not None,
        private=private,
        overdose=overdose,
        coping=items.get(Section.COPING, [])[:PLAN_ITEMS_SHOWN],
        reasons=items.get(Section.REASONS, [])[:PLAN_ITEMS_SHOWN],
        contacts=[
            CrisisContact(name=c.name, relationship=c.relationship_label, tel=c.tel)
            for c in plan.contacts
            if c.can_call_in_crisis and c.tel
        ][:PLAN_ITEMS_SHOWN],
    )
