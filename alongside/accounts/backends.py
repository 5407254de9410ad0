from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from alongside.accounts.models import User, normalize_email
from alongside.websessions.store import loading_store


class EmailBackend(ModelBackend):
    """Log in by email (case-insensitive). Inactive accounts cannot log in or stay logged in."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        email = kwargs.get("email") or username
        if not email or not password:
            return None
        user = User.objects.filter(email=normalize_email(email)).first()
        if user is None:
            # Spend the same time hashing so response time does not reveal which emails exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        # The user row usually came with the session (one query for both; see
        # websessions.store). Django's session-hash check runs on it just the same.
        store = loading_store.get()
        if store is not None:
            user = store.loaded_user(user_id)
            if user is not None:
                return user if self.user_can_authenticate(user) else None
        found: User | None = super().get_user(user_id)
        return found
