"""The one way anything is written to the audit log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models

from alongside.audit.actions import action_named
from alongside.audit.models import NAMED_TARGETS, AuditEntry, target_label

if TYPE_CHECKING:
    from django.http import HttpRequest

    from alongside.accounts.models import User
    from alongside.organizations.models import Membership


def client_address(request: HttpRequest | None) -> str | None:
    """The caller's address: REMOTE_ADDR, or the right hop of X-Forwarded-For behind trusted proxies."""
    if request is None:
        return None
    from django.conf import settings

    remote: str | None = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded: list[str] = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return remote


def log_action(
    action: str,
    *,
    actor: User | Membership | None,
    target: models.Model | None = None,
    organization: Any = None,
    subject: Membership | None = None,
    reason: str = "",
    outcome: str = "ok",
    request: HttpRequest | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry.

    ``action`` is a namespaced code (``participant.viewed``, ``consent.revoked``,
    ``breakglass.opened``) registered in ``audit.actions`` with its label and sentence (an
    unregistered code raises ``UnknownAuditAction``). ``actor`` is the user or membership acting (None for the
    system). ``subject`` is the participant membership whose information is touched, so
    that the participant can see it under "who viewed my information". Runs inside the
    caller's transaction: a change and its audit entry commit or fail together.

    The entry names ``target`` by its kind and id ("Goal 17"; people, organizations and programs
    by name: ``models.target_label``), and an org admin reads every entry: ``extra`` holds codes,
    ids and numbers, never words someone wrote, and ``reason`` only the reason staff state for
    what they did (emergency access, a reassignment).
    """
    entry = _entry(
        action,
        actor=actor,
        target=target,
        organization=organization,
        subject=subject,
        reason=reason,
        outcome=outcome,
        request=request,
        extra=extra,
    )
    entry.save(force_insert=True)
    return entry


def log_action_for_each(
    action: str,
    *,
    actor: Membership,
    subjects: Sequence[Membership],
    extra: dict[str, Any] | None = None,
    extra_by_subject: Mapping[int, dict[str, Any]] | None = None,
) -> list[AuditEntry]:
    """Append one entry per participant shown on a page that lists several (a caseload, a team,
    an alerts list), each with that participant as its target and subject so it shows under
    their "who viewed my information" — in one INSERT, whatever the number of participants."""
    for subject in subjects:
        if subject.organization_id == actor.organization_id:
            subject.organization = actor.organization  # its label names the organization: no query per row
    who = _who(actor)  # the same actor on every row: its label is made once
    entries = [
        _entry(
            action,
            actor=actor,
            who=who,
            target=subject,
            subject=subject,
            extra={**(extra or {}), **((extra_by_subject or {}).get(subject.pk) or {})},
        )
        for subject in subjects
    ]
    return AuditEntry.objects.bulk_create(entries) if entries else []


def _who(actor: User | Membership | None) -> tuple[User | None, str]:
    """The acting user and how the log names them."""
    from alongside.organizations.models import Membership

    if isinstance(actor, Membership):
        return actor.user, f"{actor.user.display_name} ({actor.get_role_display()})"
    if actor is not None:
        return actor, actor.display_name or actor.email
    return None, "Alongside (system)"


def _entry(
    action: str,
    *,
    actor: User | Membership | None,
    target: models.Model | None = None,
    organization: Any = None,
    subject: Membership | None = None,
    reason: str = "",
    outcome: str = "ok",
    request: HttpRequest | None = None,
    extra: dict[str, Any] | None = None,
    who: tuple[User | None, str] | None = None,
) -> AuditEntry:
    from alongside.organizations.models import Membership

    action_named(action)  # a code nobody can read is refused before anything is written
    user, label = who or _who(actor)
    if organization is None:
        if isinstance(actor, Membership):
            organization = actor.organization
        elif target is not None and hasattr(target, "organization_id"):
            organization = getattr(target, "organization", None)
    if subject is None and isinstance(target, Membership) and target.role == "participant":
        subject = target
    target_type = target._meta.label_lower if target is not None else ""
    target_id = str(target.pk) if target is not None else ""
    # Only a person, organization or program is named; str() of anything else may hold its text.
    name = str(target) if target_type in NAMED_TARGETS else ""
    return AuditEntry(
        action=action,
        actor=user,
        actor_label=label[:200],
        organization=organization,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label(target_type, target_id, name)[:200],
        subject=subject,
        reason=reason,
        outcome=outcome,
        address=client_address(request),
        extra=extra or {},
    )
