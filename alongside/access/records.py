"""Participant record types, declared once.

A record type is a kind of record a participant owns (check-ins, goals, journal entries …).
Its app declares it in its ``access_rules.py``::

    declare(RecordType(model=Goal, label=_("Goals"), participant_url="goals:list", ...))

and from that one declaration: the access registry gets its rule and scope (``policy.record_rule``:
the participant, their matched mentor, that mentor's supervisor, break-glass for reads), the
participant's navigation shows it (``nav_label``), the participant's page for those who support
them links to it (``carer_url``), and the consent page "Who sees what" names it (``shared_as``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise

from alongside.access import policy
from alongside.access.models import ParticipantOwned
from alongside.access.registry import Condition

__all__ = ["ParticipantOwned", "RecordType", "declare", "record_types"]


@dataclass(frozen=True)
class RecordType:
    """One kind of participant record.

    ``label``: what it is called on the page for those who support the participant.
    ``participant_url``: the URL name of the participant's own list of them, if any.
    ``nav_label``: its entry in the participant's navigation, if it has one.
    ``carer_url``: the URL name (taking the participant's id) of the page where their matched
    mentor, that mentor's supervisor or a break-glass holder reads them, if any.
    ``shared_as``: how the consent page tells the participant their mentor sees them.
    ``action``: what reading one takes (default: reading the participant's sensitive record).
    ``readable``: what anyone but the participant may read of them (a journal: what was shared).
    ``order``: where it comes in navigation and lists.
    """

    model: type[models.Model]
    label: str | Promise
    participant_url: str | None = None
    nav_label: str | Promise | None = None
    carer_url: str | None = None
    shared_as: str | Promise | None = None
    action: str = policy.PARTICIPANT_VIEW_SENSITIVE
    readable: Condition | None = None
    order: int = 100


_declared: dict[type[models.Model], RecordType] = {}


def declare(record_type: RecordType) -> RecordType:
    """Declare a record type: register its access rule and make it known to the pages."""
    if record_type.model in _declared:
        raise ValueError(f"{record_type.model._meta.label} is declared twice")
    policy.record_rule(record_type.model, action=record_type.action, readable=record_type.readable)
    _declared[record_type.model] = record_type
    return record_type


def record_types() -> list[RecordType]:
    """Every declared record type, in their order."""
    return sorted(_declared.values(), key=lambda rt: (rt.order, str(rt.label)))
