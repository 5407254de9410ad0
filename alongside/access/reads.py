"""Audited reads: the one way a selector reads someone's sensitive record for another person.

A selector that shows a participant's (or a mentor's) record to anyone but its owner calls
``audited_read`` once per read, on both the API and the pages (they share the selector): it
checks the viewer may, and writes exactly one audit entry, so the owner finds it under "who viewed
my information". The owner reading their own record is checked and not written down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.organizations.models import Membership, Role


def audited_read(
    viewer: Membership,
    action: str,
    owner: Membership,
    *,
    may: str | None = policy.PARTICIPANT_VIEW_SENSITIVE,
    target: models.Model | None = None,
    extra: dict[str, Any] | Callable[[], dict[str, Any]] | None = None,
    own_too: bool = False,
) -> None:
    """Authorize ``viewer`` to read ``owner``'s record, then audit the read as ``action``.

    ``owner`` is the person the record is about (a participant, or a mentor for their wellbeing
    checks); ``may`` the policy action the viewer needs on them (raises NotFound or NotAllowed),
    or None where the caller has just authorized a narrower rule itself. ``target`` is the record
    read (default: the owner); ``extra`` codes and numbers for the entry, never words someone wrote
    (or a function making them, called only when the read is audited).
    One entry per call, none when the owner reads their own (unless ``own_too``: the participant
    record's every read is logged); the participant is its subject.
    """
    if may is not None:
        policy.authorize(viewer, may, owner)
    if viewer.pk == owner.pk and not own_too:
        return
    subject = owner if owner.role == Role.PARTICIPANT else None
    if callable(extra):
        extra = extra()
    log_action(action, actor=viewer, target=target if target is not None else owner, subject=subject, extra=extra)
