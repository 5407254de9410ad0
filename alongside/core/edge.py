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
import json
import typing
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext, ngettext
from ninja import Status
from ninja.params.functions import Header
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

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

    wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]  # the wrapper's signature is rewritten for django-ninja's parameter discovery
        parameters=parameters, return_annotation=Status[Any]
    )
    wrapper.__annotations__ = {**hints, IDEMPOTENCY_KEY_PARAMETER: str | None, "return": Status[Any]}
    wrapper.idempotent = True  # type: ignore[attr-defined]  # a marker attribute on the endpoint function, read by a test
    return wrapper


def not_idempotent(reason: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a create endpoint that must never replay a stored answer (say why): the check that every
    create is ``@idempotent`` accepts it, and the reason stays next to the endpoint."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.not_idempotent_because = reason  # type: ignore[attr-defined]  # a marker attribute on the endpoint function, read by a test
        return view

    return mark


# Validation messages ---------------------------------------------------------------------------

# Django's own wording where Django has one (its translations come with it), so a page and the API
# say the same thing about the same bad input.
_REQUIRED = "This field is required."
_SIMPLE: dict[str, str] = {
    "missing": _REQUIRED,
    "int_type": "Enter a whole number.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "float_type": "Enter a number.",
    "float_parsing": "Enter a number.",
    "finite_number": "Enter a number.",
    "date_type": "Enter a valid date.",
    "date_parsing": "Enter a valid date.",
    "date_from_datetime_parsing": "Enter a valid date.",
    "date_from_datetime_inexact": "Enter a valid date.",
    "datetime_type": "Enter a valid date/time.",
    "datetime_parsing": "Enter a valid date/time.",
    "datetime_from_date_parsing": "Enter a valid date/time.",
    "uuid_type": "Enter a valid UUID.",
    "uuid_parsing": "Enter a valid UUID.",
    "list_type": "Enter a list of values.",
}
_OWN: dict[str, Callable[[], str]] = {
    "bool_type": lambda: gettext("Enter true or false."),
    "bool_parsing": lambda: gettext("Enter true or false."),
    "string_type": lambda: gettext("Enter text."),
    "dict_type": lambda: gettext("Enter an object."),
    "model_type": lambda: gettext("Enter an object."),
    "model_attributes_type": lambda: gettext("Enter an object."),
    "extra_forbidden": lambda: gettext("This field is not accepted."),
}


def input_facts(given: Any) -> dict[str, Any]:
    """What ``error_message`` needs to know of a refused value when the value itself is not kept:
    a text's length, or a short choice as it was sent."""
    facts: dict[str, Any] = {}
    if isinstance(given, str):
        facts["input_length"] = len(given)
    if isinstance(given, str | int) and not isinstance(given, bool) and len(str(given)) <= 100:
        facts["given"] = given
    return facts


def error_message(error: ErrorDetails | dict[str, Any]) -> str:
    """One pydantic error in the words a Django form uses for it, in the active language."""
    kind = str(error.get("type", ""))
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    facts = {**input_facts(error.get("input")), **error}
    length = int(facts.get("input_length", 0))
    given = facts.get("given", "")
    if kind in _SIMPLE:
        return gettext(_SIMPLE[kind])
    if kind in _OWN:
        return _OWN[kind]()
    if kind == "string_too_short":
        limit = int(ctx.get("min_length", 1))
        if limit <= 1:
            return gettext(_REQUIRED)
        return ngettext(
            "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
            limit,
        ) % {"limit_value": limit, "show_value": length}
    if kind == "string_too_long":
        limit = int(ctx.get("max_length", 0))
        return ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            limit,
        ) % {"limit_value": limit, "show_value": length}
    if kind == "greater_than_equal":
        return gettext("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge")
        }
    if kind == "less_than_equal":
        return gettext("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": ctx.get("le")}
    if kind == "greater_than":
        return gettext("Ensure this value is greater than %(limit_value)s.") % {"limit_value": ctx.get("gt")}
    if kind == "less_than":
        return gettext("Ensure this value is less than %(limit_value)s.") % {"limit_value": ctx.get("lt")}
    if kind == "too_long":
        limit = int(ctx.get("max_length", 0))
        return ngettext(
            "Ensure this list has at most %(limit_value)d item (it has %(show_value)d).",
            "Ensure this list has at most %(limit_value)d items (it has %(show_value)d).",
            limit,
        ) % {"limit_value": limit, "show_value": int(ctx.get("actual_length") or 0)}
    if kind == "too_short":
        limit = int(ctx.get("min_length", 0))
        return ngettext(
            "Ensure this list has at least %(limit_value)d item (it has %(show_value)d).",
            "Ensure this list has at least %(limit_value)d items (it has %(show_value)d).",
            limit,
        ) % {"limit_value": limit, "show_value": int(ctx.get("actual_length") or 0)}
    if kind in {"enum", "literal_error"}:
        return gettext("Select a valid choice. %(value)s is not one of the available choices.") % {"value": given}
    if kind in {"value_error", "assertion_error"} and "error" in ctx:
        # A validator's own message (written with gettext where it is raised).
        return str(ctx["error"])
    return str(error.get("msg", ""))


def field_name(loc: Iterable[Any]) -> str:
    """Where an error is, as the API names it: ``steps.0.title``; "" for the whole input."""
    return ".".join(str(part) for part in loc)


# Forms that validate through the API's schema ---------------------------------------------------


def _limits(info: FieldInfo) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for rule in info.metadata:
        for name in ("max_length", "min_length", "ge", "le", "gt", "lt"):
            value = getattr(rule, name, None)
            if value is not None:
                found[name] = value
    return found


def take_rules(field: forms.Field, info: FieldInfo, *, required: bool | None = None) -> None:
    """Give a form field a schema field's rules: whether it is required (unless ``required`` says) and
    its limits, with the HTML attributes that let the browser help (maxlength, min, max)."""
    if not isinstance(field, forms.BooleanField):
        field.required = info.is_required() if required is None else required
    limits = _limits(info)
    attrs = field.widget.attrs
    if isinstance(field, forms.CharField):
        if "max_length" in limits:
            field.max_length = limits["max_length"]
            if not field.widget.is_hidden:
                attrs["maxlength"] = str(limits["max_length"])
        if limits.get("min_length", 0) > 1:
            field.min_length = limits["min_length"]
            attrs["minlength"] = str(limits["min_length"])
    elif isinstance(field, forms.IntegerField):
        if "ge" in limits:
            field.min_value = attrs["min"] = limits["ge"]
        if "le" in limits:
            field.max_value = attrs["max"] = limits["le"]


class SchemaForm(forms.Form):
    """A page's form whose rules are its API schema's: one declaration of the input.

    The form declares how the input looks (labels, widgets, choices); ``schema`` (the endpoint's
    ``BodySchema``) declares what it may be. Each form field named like a schema field takes the
    schema's ``required`` and limits (and the matching HTML attributes, so the browser helps too);
    ``clean`` then validates the cleaned values through the schema exactly as the API would receive
    them, so every limit, choice and cross-field rule gives the same translated message on both. The
    validated schema object is ``self.validated``: the view hands it to the service as the API does.
    """

    schema: ClassVar[type[BaseModel]]
    # A form field called otherwise than its schema field: {form name: schema name}.
    schema_names: ClassVar[dict[str, str]] = {}
    # Schema fields the page takes from its URL, not from the form (a setback's timeline): not checked here.
    from_url: ClassVar[frozenset[str]] = frozenset()
    validated: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            info = self.schema.model_fields.get(self.schema_names.get(name, name))
            if info is not None:
                take_rules(field, info)

    def schema_data(self) -> dict[str, Any]:
        """The cleaned values as the API would receive them; an empty optional value is left out
        (the schema's default applies). Override to reshape (several fields into one list)."""
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            schema_name = self.schema_names.get(name, name)
            info = self.schema.model_fields.get(schema_name)
            if info is None or (value in ("", None, []) and not info.is_required()):
                continue
            data[schema_name] = value
        return data

    def field_for(self, loc: tuple[Any, ...]) -> str | None:
        """The form field an error at ``loc`` belongs to (None: the form as a whole)."""
        name = str(loc[0]) if loc else ""
        name = {schema: form for form, schema in self.schema_names.items()}.get(name, name)
        return name if name in self.fields else None

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        already = set(self.errors)  # the form's own findings so far (full_clean is running)
        try:
            self.validated = self.schema.model_validate_json(json.dumps(self.schema_data(), cls=DjangoJSONEncoder))
        except PydanticValidationError as exc:
            for error in exc.errors(include_url=False):
                if error["loc"] and error["loc"][0] in self.from_url:
                    continue
                field = self.field_for(tuple(error["loc"]))
                if field in already:
                    continue  # the form already said what is wrong with it
                self.add_error(field, error_message(error))
        return cleaned
