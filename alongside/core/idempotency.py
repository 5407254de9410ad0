"""Idempotency for POSTs: a retried or double-submitted request creates one record, whether it
carries an Idempotency-Key header or a client id the service stores with the record."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from alongside.core.exceptions import Conflict, InvalidInput
from alongside.core.models import IdempotencyRecord

MAX_KEY_LENGTH = 200

# Set on the request by whoever authenticated it (the API's sign-in, alongside.api): the organization
# the person is acting in ("org12"). The same key and body sent while acting in another organization
# is a different request, refused rather than replayed.
ACTING_IN_ATTRIBUTE = "alongside_acting_in"

T = TypeVar("T")


def _fingerprint(method: str, path: str, body: Any) -> str:
    canonical = json.dumps({"m": method, "p": path, "b": body}, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def create_once(create: Callable[[], tuple[T, bool]]) -> tuple[T, bool]:
    """Run ``create`` (which returns the record and whether it made it) in its own transaction.

    ``create`` first looks for a record with the same client id. When a concurrent duplicate
    won the insert on the unique client id (IntegrityError), it runs once more, in a fresh
    transaction, and finds that one. A second IntegrityError is raised.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                return create()
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def run_idempotent(request: HttpRequest, *, body: Any, action: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    """Run ``action`` once per (user, Idempotency-Key); replay its stored (status, body) after.

    Without the header, ``action`` simply runs. The key is claimed inside the same
    transaction as the action's writes, so concurrent duplicates wait on the unique index
    and then see the stored result instead of writing again.
    """
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return action()
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"Idempotency-Key must be at most {MAX_KEY_LENGTH} characters.")
    # The organization is part of the request (see ACTING_IN_ATTRIBUTE).
    scope = f"{request.path}@{getattr(request, ACTING_IN_ATTRIBUTE, 'org-')}"
    fingerprint = _fingerprint(request.method or "POST", scope, body)
    user = request.user
    if not user.is_authenticated:
        return action()  # keys are per person; anonymous callers never reach a POST that needs one
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=user, key=key, method=request.method or "POST", path=request.path, request_hash=fingerprint
            )
            status, payload = action()
            if status >= 400:
                # Errors are not remembered: fixing the body and retrying with the same key works.
                transaction.set_rollback(True)
                return status, payload
            record.response_status = status
            record.response_body = json.loads(json.dumps(payload, default=str))
            record.save(update_fields=["response_status", "response_body"])
            return status, payload
    except IntegrityError:
        existing = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if existing is None:
            raise
    if existing.request_hash != fingerprint:
        raise InvalidInput("This Idempotency-Key was already used with a different request.")
    if existing.response_status is None:
        raise Conflict("A request with this Idempotency-Key is still being processed.")
    return existing.response_status, existing.response_body
