"""The declared participant record types, for the pages that list them (navigation, the page
about a participant for those who support them, the consent page "Who sees what")."""

from __future__ import annotations

from django import template

from alongside.access import policy
from alongside.access.records import RecordType, record_types
from alongside.organizations.models import Membership

register = template.Library()


@register.simple_tag
def participant_nav_records() -> list[RecordType]:
    """The record types in a participant's navigation, in order."""
    return [rt for rt in record_types() if rt.nav_label and rt.participant_url]


@register.simple_tag
def carer_records(viewer: Membership | None, participant: Membership, may_view_sensitive: bool) -> list[RecordType]:
    """The record types whose page about ``participant`` this viewer may open, in order.
    ``may_view_sensitive`` is what the page already knows, so the usual case costs no query."""
    allowed: dict[str, bool] = {policy.PARTICIPANT_VIEW_SENSITIVE: may_view_sensitive}
    shown = []
    for rt in record_types():
        if not rt.carer_url:
            continue
        if rt.action not in allowed:
            allowed[rt.action] = policy.can(viewer, rt.action, participant)
        if allowed[rt.action]:
            shown.append(rt)
    return shown


@register.simple_tag
def records_shared_with_mentor() -> list[RecordType]:
    """What the matched mentor and their supervisor read, as the consent page says it."""
    return [rt for rt in record_types() if rt.shared_as]
