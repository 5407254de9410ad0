from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_AUTH_AT = "alongside_auth_at"
SESSION_LAST_SEEN = "alongside_last_seen"
SESSION_IS_STAFF = "alongside_is_staff"


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
            if now - auth_at > settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600 or now - last_seen > idle_minutes * 60:
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
