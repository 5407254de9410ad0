from __future__ import annotations

from alongside.organizations.models import Membership


def participant_lock(participant: Membership) -> None:
    """Serialize writes for one participant (a double tap, a retry, a second device).

    Locks only that membership row (no joins, so no other row is locked with it). Must be
    called inside a transaction. SQLite serializes writers anyway (IMMEDIATE transactions).
    """
    list(
        Membership.objects.select_for_update(of=("self",))
        .filter(pk=participant.pk)
        .order_by()
        .values_list("pk", flat=True)
    )
