"""The edge: what every API create and every form does the same way, written once.

- ``@idempotent`` makes a create endpoint answer a retried request (same ``Idempotency-Key``, same
  body) with the first response and one record, refuse the key with another body (422), and
  document the header, so no create endpoint can forget any of it.
- ``field_errors`` puts a pydantic validation error into the translated, field-named messages a
  Django form gives, for the API's 422 problem document and for ``SchemaForm`` alike.
- ``SchemaForm`` is a Django form whose rules (limits, ranges, what is required, cross-field
  rules) come from the API's input schema: one declaration per input, so a page and its endpoint
  cannot drift apart.

Audited reads are ``alongside.access.reads.audited_read`` (it needs the access rules and the audit log).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any

from ninja import Header, Status
from pydantic import BaseModel

from alongside.core.idempotency import MAX_KEY_LENGTH, run_idempotent

# Idempotent creates ----------------------------------------------------------------------------

IDEMPOTENCY_KEY_PARAMETER = "idempotency_key"


def idempotency_key_header() -> Any:
    """The documented ``Idempotency-Key`` header parameter (``run_idempotent`` reads it)."""
    return Header(
        None,
        alias="Idempotency-Key",
        max_length=MAX_KEY_LENGTH,
        description="Any unique string. Retrying with the same key and body replays the first response.",
    )


def _status_and_body(result: Any) -> tuple[int, Any]:
    """What a create endpoint returned, as (status, JSON body): a ``Status``, or the created thing (201)."""
    if isinstance(result, Status):
        status, value = result.status_code, result.value
    else:
        status, value = 201, result
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    return status, value


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """Make an API create endpoint idempotent by ``Idempotency-Key``; put it under ``@router.post``.

    The endpoint returns what it made (a schema: 201) or a ``Status``. With the header, the whole
    endpoint runs once per person and key: the same key and body again answer the stored response
    without running it (one record); the same key with another body or path is refused with 422;
    a failed attempt (4xx) is not remembered, so a fixed body can reuse the key. The header is added
    to the endpoint's parameters, so the OpenAPI document lists it on every idempotent create.
    """
    hints = typing.get_type_hints(view)
    signature = inspect.signature(view)
    parameters = [
        param.replace(annotation=hints.get(name, param.annotation)) for name, param in signature.parameters.items()
    ]
    parameters.append(
        inspect.Parameter(
            IDEMPOTENCY_KEY_PARAMETER,
            inspect.Parameter.KEYWORD_ONLY,
            default=idempotency_key_header(),
            annotation=str | None,
        )
    )

    @functools.wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> Status[Any]:
        kwargs.pop(IDEMPOTENCY_KEY_PARAMETER, None)
        bodies = [value for value in kwargs.values() if isinstance(value, BaseModel)]
        fingerprint = (
            bodies[0].model_dump(mode="json") if len(bodies) == 1 else [b.model_dump(mode="json") for b in bodies]
        )
        status, body = run_idempotent(
            request, body=fingerprint if bodies else {}, action=lambda: _status_and_body(view(request, *args, **kwargs))
        )
        return Status(status, body)

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=Status[Any]
    )
    wrapper.__annotations__ = {**hints, IDEMPOTENCY_KEY_PARAMETER: str | None, "return": Status[Any]}
    wrapper.idempotent = True  # type: ignore[attr-defined]
    return wrapper


def not_idempotent(reason: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a create endpoint that must never replay a stored answer (say why): the check that every
    create is ``@idempotent`` accepts it, and the reason stays next to the endpoint."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.not_idempotent_because = reason  # type: ignore[attr-defined]
        return view

    return mark
