"""The session engine (``SESSION_ENGINE = "alongside.websessions.store"``).

A database-backed store like Django's, whose rows also say whose session it is. Loading a
session fetches, in the same query (the ORM's ``select_related``), the user and the membership
the person chose (with its organization and program). ``accounts.backends.EmailBackend.get_user`` and
``organizations.middleware.viewer_of`` take those instead of querying again; Django's checks
all still run (the session's auth hash against the user's password and session generation,
the account being active, the membership being active and theirs). Anything that does not
line up falls back to the ordinary lookups.
"""

from __future__ import annotations

import contextvars
import logging
from typing import TYPE_CHECKING, Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from alongside.websessions.models import WebSession

if TYPE_CHECKING:
    from alongside.accounts.models import User
    from alongside.organizations.models import Membership

# The membership the person acts as in this session (organizations.middleware re-exports it).
SESSION_MEMBERSHIP = "alongside_membership_id"

# The store of the request whose user is being loaded (set by accounts.middleware around
# django.contrib.auth.get_user, read by EmailBackend.get_user).
loading_store: contextvars.ContextVar[SessionStore | None] = contextvars.ContextVar(
    "alongside_loading_session_store", default=None
)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class SessionStore(DBStore):
    _row: WebSession | None = None

    @classmethod
    def get_model_class(cls) -> type[WebSession]:
        return WebSession

    def create_model_instance(self, data: dict[str, Any]) -> WebSession:
        row = super().create_model_instance(data)
        assert isinstance(row, WebSession)
        row.user_id = _as_int(data.get(SESSION_KEY))
        row.membership_id = _as_int(data.get(SESSION_MEMBERSHIP))
        return row

    def _get_session_from_db(self) -> WebSession | None:
        # As Django's own store, with the user and the chosen membership joined in: one query.
        loading = WebSession.objects.select_related("user", "membership__organization", "membership__program")
        try:
            row: WebSession | None = loading.get(session_key=self.session_key, expire_date__gt=timezone.now())
        except (WebSession.DoesNotExist, SuspiciousOperation) as e:
            if isinstance(e, SuspiciousOperation):  # as Django's own store does
                logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            row = None
        if row is None:
            self._session_key = None
        return row

    def load(self) -> dict[str, Any]:
        row = self._get_session_from_db()
        self._row = row
        return self.decode(row.session_data) if row else {}

    def _loaded(self) -> WebSession | None:
        # Only what was loaded for the data now in the session: after a login, a logout or a
        # switch of organization the row no longer speaks for it.
        row = self._row
        if row is None or self._session_cache is None:  # type: ignore[attr-defined]
            return None
        data = self._session_cache  # type: ignore[attr-defined]
        if row.user_id != _as_int(data.get(SESSION_KEY)):
            return None
        return row

    def loaded_user(self, user_id: Any) -> User | None:
        """The user loaded with this session, if it is the one with ``user_id`` (else None)."""
        row = self._loaded()
        if row is None or row.user_id is None or row.user_id != _as_int(user_id):
            return None
        return row.user

    def loaded_membership(self, user_id: Any, membership_id: Any) -> Membership | None:
        """The membership loaded with this session, if it is ``membership_id``, belongs to
        ``user_id`` and is active (else None)."""
        row = self._loaded()
        if row is None or row.membership_id is None or row.membership_id != _as_int(membership_id):
            return None
        membership = row.membership
        if membership is None or membership.user_id != _as_int(user_id) or not membership.is_active:
            return None
        return membership

    def cycle_key(self) -> None:
        super().cycle_key()
        self._row = None

    def flush(self) -> None:
        super().flush()
        self._row = None
