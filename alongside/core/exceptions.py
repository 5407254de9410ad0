"""Domain exceptions. Services raise them; views and the API translate them once, at the edge."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base for errors a person can be told about."""

    status = 400
    title = "Bad request"

    def __init__(self, message: str = "", *, field_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message or self.title)
        self.message = message or self.title
        self.field_errors = field_errors or {}
        # Set by the policy on refusals: what was attempted on what, for the audit log.
        self.audit: dict[str, Any] | None = None


class NotFound(DomainError):
    """The object does not exist, or the viewer may not know it exists (another organization)."""

    status = 404
    title = "Not found"


class NotAllowed(DomainError):
    """The viewer knows the object exists but may not do this to it."""

    status = 403
    title = "Not allowed"


class ConsentRequired(DomainError):
    """A disclosure outside the program was attempted without an active consent."""

    status = 403
    title = "Consent required"


class InvalidInput(DomainError):
    status = 422
    title = "Invalid input"


class Conflict(DomainError):
    status = 409
    title = "Conflict"


class Throttled(DomainError):
    status = 429
    title = "Too many attempts"
