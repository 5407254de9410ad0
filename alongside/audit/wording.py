"""Audit entries put into words for the participant they are about ("Who viewed my information").

Each entry becomes one sentence in the reader's active language: the action's sentence
(``audit.actions``) with who did it in the participant's words — "Your mentor Dana", "Supervisor
Sam", "Alongside" for the system — and the name the participant knows them by (their display
name, never their email). Never a code, never the English role stored in ``actor_label``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from alongside.audit.actions import UnknownAuditAction, action_named
from alongside.audit.models import AuditEntry
from alongside.organizations.models import Match, MatchStatus, Membership, Role


@dataclass(frozen=True)
class AccessLogLine:
    occurred_at: dt.datetime
    sentence: str
    reason: str
    refused: bool


def access_log_lines(entries: Sequence[AuditEntry], participant: Membership) -> list[AccessLogLine]:
    """``entries`` (about ``participant``, with ``actor`` loaded) as sentences, in two queries
    whatever their number: the actors' roles in the participant's organization, and which of
    them are or were the participant's mentor."""
    actor_ids = {e.actor_id for e in entries if e.actor_id is not None}
    roles = dict(
        Membership.objects.filter(organization_id=participant.organization_id, user_id__in=actor_ids).values_list(
            "user_id", "role"
        )
    )
    mentors: dict[int, str] = {}
    for user_id, status in Match.objects.filter(participant=participant, mentor__user_id__in=actor_ids).values_list(
        "mentor__user_id", "status"
    ):
        if mentors.get(user_id) != MatchStatus.ACTIVE:  # a current match outranks an ended one
            mentors[user_id] = status
    lines = []
    for entry in entries:
        actor = _actor(entry, roles, mentors)
        try:
            template = str(action_named(entry.action).sentence)
        except UnknownAuditAction:  # an entry written under a code since removed
            template = _("%(actor)s opened or changed your information")
        lines.append(
            AccessLogLine(
                occurred_at=entry.occurred_at,
                sentence=template % {"actor": actor},
                reason=entry.reason,
                refused=entry.outcome == "refused",
            )
        )
    return lines


def _actor(entry: AuditEntry, roles: dict[int, str], mentors: dict[int, str]) -> str:
    """Who did it, as the participant would say it."""
    if entry.actor_id is None:
        return _("Alongside")
    name = entry.actor.display_name if entry.actor is not None else ""
    if not name:
        return _("Someone")
    role = roles.get(entry.actor_id)
    if entry.actor_id in mentors:
        if mentors[entry.actor_id] == MatchStatus.ACTIVE:
            return _("Your mentor %(name)s") % {"name": name}
        return _("Your former mentor %(name)s") % {"name": name}
    if role == Role.MENTOR:
        return _("Peer mentor %(name)s") % {"name": name}
    if role == Role.SUPERVISOR:
        return _("Supervisor %(name)s") % {"name": name}
    if role == Role.ADMIN:
        return _("Program administrator %(name)s") % {"name": name}
    return name
