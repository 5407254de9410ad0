"""Login sessions, stored in the database with who they belong to.

Django's own session table keeps only an encoded blob, so every request paid three lookups
before any work: the session, then the user it names, then the membership the person is
acting as. Here the session row also records the user and the chosen membership, so a
request loads all three in one query (see ``store.SessionStore``), and a person's sessions
can be found by who they are.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class WebSession(AbstractBaseSession):
    # Kept in step with the encoded session data on every save. No database constraint: the
    # encoded data stays the authority (a stale or dangling id only means the slower path).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    membership = models.ForeignKey(
        "organizations.Membership", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "websessions_session"

    @classmethod
    def get_session_store_class(cls) -> type:
        from alongside.websessions.store import SessionStore

        return SessionStore
