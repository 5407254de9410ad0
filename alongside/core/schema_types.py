"""The shapes every API input is built from, so bad input is a 422 and never a 500.

Every request body is a ``BodySchema`` and every query filter an ``InputSchema``. Both refuse, in one
place and for every field however deeply nested:

- a NUL character in any text (PostgreSQL cannot store one, and no person types one);
- an integer outside what the database can hold (a 64-bit signed integer), unless the field sets
  tighter bounds of its own;
- anything but a JSON object where an object is expected (``[null, null]`` is not an empty patch).

A body's numbers and booleans are also taken only as JSON numbers and booleans, as the OpenAPI
document says: ``"email": 0`` is not ``false`` and ``"mood": true`` is not ``1``. Query strings keep
pydantic's usual parsing, since every query value arrives as text.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import ConfigDict, GetCoreSchemaHandler, ValidationInfo, model_validator
from pydantic.functional_validators import ModelWrapValidatorHandler
from pydantic_core import CoreSchema, PydanticCustomError

# The largest value a database integer column holds (PostgreSQL bigint, SQLite INTEGER).
MAX_INT = 2**63 - 1
MIN_INT = -(2**63)
MAX_ID = MAX_INT
# Far past the end of any list, and small enough that offset + limit never overflows.
MAX_OFFSET = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A record's id in a body or a query."""

Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
"""How many items of a list to skip."""

MAX_PAGE_SIZE = 200


def _refuse_nul(value: str) -> str:
    if "\x00" in value:
        # Django's own wording for the same refusal on a form (and its translations).
        raise PydanticCustomError("null_character", gettext("Null characters are not allowed."))
    return value


def _require_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    return value


def _wrap(node: dict[str, Any], mode: str, function: Any) -> None:
    """Replace the core schema ``node`` in place by itself with ``function`` run before or after it."""
    inner = dict(node)
    node.clear()
    node.update({"type": f"function-{mode}", "function": {"type": "no-info", "function": function}, "schema": inner})


def _harden(node: Any, *, strict_json: bool) -> None:
    """Walk a pydantic core schema and tighten every text, integer and (for bodies) scalar in it."""
    if isinstance(node, list):
        for item in node:
            _harden(item, strict_json=strict_json)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    for value in list(node.values()):
        _harden(value, strict_json=strict_json)
    if kind == "str":
        _wrap(node, "after", _refuse_nul)
    elif kind == "int":
        if "le" not in node and "lt" not in node:
            node["le"] = MAX_INT
        if "ge" not in node and "gt" not in node:
            node["ge"] = MIN_INT
    if strict_json:
        if kind in {"int", "bool", "float"}:
            node["strict"] = True
        if kind == "float":
            node["allow_inf_nan"] = False
        elif kind in {"date", "datetime", "time"}:
            # A day is written as text ("2026-05-01"); pydantic would also read 0 as 1970-01-01.
            _wrap(node, "before", _require_text)


class InputSchema(Schema):
    """Base of every API input (query filters directly; bodies through ``BodySchema``)."""

    # Built from what the client sent, never from an object's attributes.
    model_config = ConfigDict(from_attributes=False)
    _strict_json: ClassVar[bool] = False

    # Replaces django-ninja's root validator, which wraps the input for reading model attributes.
    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo) -> Any:
        return handler(values)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[Any], handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)
        _harden(schema, strict_json=cls._strict_json)
        return schema


class BodySchema(InputSchema):
    """Base of every JSON request body: an object whose numbers and booleans are JSON's own."""

    _strict_json: ClassVar[bool] = True


class Pagination(LimitOffsetPagination):
    """``?limit=&offset=`` → ``{items, count}``, for lists that grow with the organization.

    Both are bounded: django-ninja's own leaves them open, and a database refuses an offset past
    its integers (a 500 where a 422 belongs)."""

    class Input(InputSchema):
        limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
        offset: Offset = 0

    def __init__(self, max_limit: int = MAX_PAGE_SIZE, **kwargs: Any) -> None:
        super().__init__(max_limit=max_limit, **kwargs)
