from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from django.http import HttpRequest

from alongside.organizations.models import Membership

__all__ = ["SESSION_MEMBERSHIP", "MembershipLoadingSession", "set_viewer", "viewer_of"]

# The membership the person acts as in this session (its id, kept in the session).
SESSION_MEMBERSHIP = "alongside_membership_id"


@runtime_checkable
class MembershipLoadingSession(Protocol):
    """A session that loads the chosen membership with itself (``websessions.store.SessionStore``
    does, in the same query as the session row), so the viewer costs no query of its own."""

    def loaded_membership(self, user_id: Any, membership_id: Any) -> Membership | None: ...


def _active_membership(request: HttpRequest) -> Membership | None:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return None
    session = getattr(request, "session", None)
    chosen = session.get(SESSION_MEMBERSHIP) if session is not None else None
    if chosen is not None and isinstance(session, MembershipLoadingSession):
        # Usually loaded with the session, in the same query (see websessions.store).
        loaded = session.loaded_membership(user.pk, chosen)
        if loaded is not None:
            loaded.user = user
            return loaded
    # Otherwise one query; the user row is already loaded, so it is attached, not joined again.
    memberships = Membership.objects.select_related("organization", "program").filter(user_id=user.pk, is_active=True)
    found = None
    if chosen is not None:
        found = next(iter(memberships.filter(pk=chosen)[:1]), None)
    if found is None:
        found = memberships.order_by("organization__name", "pk").first()
    if found is not None:
        found.user = user
        if chosen is None and session is not None:
            # Remembered, so the next request finds it with the session (and it stays the
            # same organization for this login even if another membership is added).
            session[SESSION_MEMBERSHIP] = found.pk
    return found


def viewer_of(request: HttpRequest) -> Membership | None:
    """The membership the person is acting as: the one chosen in this session, else their first.

    One person may belong to two organizations; they see each separately, one at a time.
    API token authentication sets it directly to the token's organization.
    """
    if not hasattr(request, "_alongside_viewer"):
        request._alongside_viewer = _active_membership(request)  # type: ignore[attr-defined]  # the acting membership is cached on the request, an attribute HttpRequest does not declare
    return request._alongside_viewer  # type: ignore[attr-defined,no-any-return]  # the acting membership is cached on the request, an attribute HttpRequest does not declare


def set_viewer(request: HttpRequest, membership: Membership | None) -> None:
    request._alongside_viewer = membership  # type: ignore[attr-defined]  # the acting membership is cached on the request, an attribute HttpRequest does not declare
