from __future__ import annotations

from django.http import HttpRequest

from alongside.organizations.models import Membership

SESSION_MEMBERSHIP = "alongside_membership_id"


def _active_membership(request: HttpRequest) -> Membership | None:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return None
    # One query on the hot path of every request: the user row is already loaded by the
    # session, so it is attached rather than joined again.
    memberships = Membership.objects.select_related("organization", "program").filter(user_id=user.pk, is_active=True)
    chosen = request.session.get(SESSION_MEMBERSHIP) if hasattr(request, "session") else None
    found = None
    if chosen is not None:
        found = next(iter(memberships.filter(pk=chosen)[:1]), None)
    if found is None:
        found = memberships.order_by("organization__name", "pk").first()
    if found is not None:
        found.user = user  # type: ignore[assignment]
    return found


def viewer_of(request: HttpRequest) -> Membership | None:
    """The membership the person is acting as: the one chosen in this session, else their first.

    One person may belong to two organizations; they see each separately, one at a time.
    API token authentication sets it directly to the token's organization.
    """
    if not hasattr(request, "_alongside_viewer"):
        request._alongside_viewer = _active_membership(request)  # type: ignore[attr-defined]
    return request._alongside_viewer  # type: ignore[attr-defined,no-any-return]


def set_viewer(request: HttpRequest, membership: Membership | None) -> None:
    request._alongside_viewer = membership  # type: ignore[attr-defined]
