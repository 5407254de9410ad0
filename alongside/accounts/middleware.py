from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from alongside.websessions.store import SessionStore, loading_store

SESSION_AUTH_AT = "alongside_auth_at"
SESSION_LAST_SEEN = "alongside_last_seen"
SESSION_IS_STAFF = "alongside_is_staff"


def _user_of(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        session = getattr(request, "session", None)
        token = loading_store.set(session if isinstance(session, SessionStore) else None)
        try:
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]  # Django's own request attribute for the user, undeclared in the stubs
        finally:
            loading_store.reset(token)
    return request._cached_user  # type: ignore[attr-defined]  # Django's own request attribute for the user, undeclared in the stubs


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, except that the user comes with the session row when it can (one query for
    session, user and chosen membership instead of three; see websessions.store)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user_of(request))  # type: ignore[assignment]  # Django's own lazy user, as AuthenticationMiddleware sets it


class SessionPolicyMiddleware:
    """Idle and absolute session timeouts. Staff sessions idle out sooner (default 15 minutes)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            auth_at = float(session.get(SESSION_AUTH_AT, now))
            last_seen = float(session.get(SESSION_LAST_SEEN, now))
            idle_minutes = (
                settings.STAFF_IDLE_TIMEOUT_MINUTES
                if session.get(SESSION_IS_STAFF, True)
                else settings.PARTICIPANT_IDLE_TIMEOUT_MINUTES
            )
            absolute_out = now - auth_at > settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600
            if absolute_out or now - last_seen > idle_minutes * 60:
                if _is_crisis_press(request):
                    return self._crisis_press_then_logout(request, reason="absolute" if absolute_out else "idle")
                logout(request)
                if request.path.startswith("/api/"):
                    # The API sees an anonymous caller and answers 401 problem+json.
                    return self.get_response(request)
                messages.info(request, _("You were logged out to keep your information safe. Please log in again."))
                return HttpResponseRedirect(reverse("accounts:login"))
            # Write at most once a minute, to avoid a session save on every request. Background
            # requests (a page polling for new messages) are not the person being active, so
            # they never keep an unattended session alive.
            background = request.headers.get("X-Alongside-Background") == "1"
            if not background and (now - last_seen > 60 or SESSION_LAST_SEEN not in session):
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)

    def _crisis_press_then_logout(self, request: HttpRequest, *, reason: str) -> HttpResponse:
        """A participant whose session timed out pressed "Alert my mentor now": the person is
        clearly there and may be in crisis, so the alert is raised first (the request goes on to
        the view, CSRF and all), and only then is the session ended. They see the confirmation
        with the crisis lines and are told to log in again for anything else.

        Both timeouts are covered: an alert raised from a forgotten session costs a mentor a
        check-in call; a cry for help lost to a login page could cost far more. The page shows
        nothing private, and the session ends with this response either way.
        """
        from alongside.alerts.selectors import crisis_alert_for_participant, has_current_mentor
        from alongside.audit.services import log_action
        from alongside.organizations.middleware import set_viewer, viewer_of

        viewer = viewer_of(request)
        response = self.get_response(request)
        assert viewer is not None  # checked by _is_crisis_press
        alert = crisis_alert_for_participant(viewer=viewer)
        context = {"alert": alert, "has_mentor": has_current_mentor(participant=viewer), "session_ended": True}
        log_action(
            "session.crisis_press_after_timeout",
            actor=viewer,
            target=alert,
            organization=viewer.organization,
            reason=reason,
            outcome="ok" if response.status_code < 400 else "failed",
            request=request,
        )
        logout(request)
        set_viewer(request, None)
        # A refused press (an expired form, say) keeps its status; the page then says the alert
        # could not be sent, and still lists every crisis line.
        status = 200 if response.status_code < 400 else response.status_code
        return render(request, "alerts/crisis_alerted.html", context, status=status)


def _is_crisis_press(request: HttpRequest) -> bool:
    """A POST of the crisis button by someone acting as a participant (never staff)."""
    from alongside.organizations.middleware import viewer_of
    from alongside.organizations.models import Role

    if request.method != "POST" or request.path != reverse("alerts:crisis_alert"):
        return False
    if request.session.get(SESSION_IS_STAFF, True):
        return False
    viewer = viewer_of(request)
    return viewer is not None and viewer.role == Role.PARTICIPANT
