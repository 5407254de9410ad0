"""One input, one declaration: a page form and its API endpoint refuse the same bad input in the same words."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from alongside.conftest import Personas, login_client
from alongside.core.edge import SchemaForm, error_message
from alongside.core.testing.openapi import api_call
from alongside.journal.models import TEXT_MAX_LENGTH, JournalEntry


def _schema_forms() -> list[type[SchemaForm]]:
    found: list[type[SchemaForm]] = []
    pending = list(SchemaForm.__subclasses__())
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if "schema" in vars(form) or hasattr(form, "schema"):
            found.append(form)
    return found


# What each form needs to be built; a new SchemaForm is added here (the test below says so).
FORM_KWARGS: dict[str, dict[str, Any]] = {
    "ActivityForm": {"today": dt.date(2026, 5, 1)},
    "CheckInForm": {"today": dt.date(2026, 5, 1), "trigger_choices": [("stress", "Stress")]},
    "SupervisionSessionForm": {"mentors": []},
    "BoundaryConcernForm": {"participants": []},
}


def _import_forms() -> None:
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("alongside."):
            with contextlib.suppress(ModuleNotFoundError):
                importlib.import_module(f"{config.name}.forms")


def _bad_values(schema: type[BaseModel], form: SchemaForm) -> list[tuple[str, str, Any]]:
    """For each limit the schema declares on a field the form shows: (form field, schema field, a value past it)."""
    found = []
    reverse_names = {schema_name: name for name, schema_name in form.schema_names.items()}
    for schema_name, info in schema.model_fields.items():
        name = reverse_names.get(schema_name, schema_name)
        if name not in form.fields:
            continue
        for rule in info.metadata:
            if getattr(rule, "max_length", None) and "str" in str(info.annotation):
                found.append((name, schema_name, "x" * (rule.max_length + 1)))
            if getattr(rule, "le", None) is not None and "int" in str(info.annotation):
                found.append((name, schema_name, rule.le + 1))
            if getattr(rule, "ge", None) is not None and "int" in str(info.annotation):
                found.append((name, schema_name, rule.ge - 1))
    return found


def test_every_schema_form_takes_its_limits_from_its_schema_and_says_what_the_api_says(db: None) -> None:
    _import_forms()
    forms = _schema_forms()
    assert len(forms) >= 5  # the check would prove nothing if it found no forms
    checked = 0
    for form_class in forms:
        kwargs = FORM_KWARGS.get(form_class.__name__, {})
        blank = form_class(**kwargs)
        schema = form_class.schema
        for name, schema_name, bad in _bad_values(schema, blank):
            field = blank.fields[name]
            if getattr(field, "choices", None):
                continue  # a choice past the limit cannot be picked on the page
            try:
                schema.model_validate({schema_name: bad}, strict=False)
            except PydanticValidationError as exc:
                api_says = [error_message(e) for e in exc.errors() if tuple(e["loc"])[:1] == (schema_name,)]
            form = form_class(data={**_valid_data(blank), name: bad}, **kwargs)
            assert not form.is_valid(), (form_class.__name__, name)
            assert form.errors[name] == api_says, (form_class.__name__, name)
            checked += 1
    assert checked >= 5


def _valid_data(form: SchemaForm) -> dict[str, Any]:
    """Something each required field accepts: the first choice, a date, a number or a word."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if not field.required:
            continue
        choices = [value for value, _label in getattr(field, "choices", []) if value != ""]
        if choices:
            data[name] = choices[0]
        elif "Date" in type(field).__name__:
            data[name] = "2026-05-01"
        elif "Integer" in type(field).__name__:
            data[name] = field.min_value or 1  # type: ignore[attr-defined]
        else:
            data[name] = "word"
    return data


def test_an_overlong_journal_entry_gets_the_same_message_on_the_page_and_the_api(personas: Personas) -> None:
    client = login_client(personas.participant)
    text = "x" * (TEXT_MAX_LENGTH + 1)

    page = client.post(reverse("journal:new"), {"text": text, "client_id": str(uuid.uuid4())})
    response, body = api_call(client, "POST", "/journal", {"text": text})

    assert page.status_code == 400
    assert response.status_code == 422
    [api_error] = body["errors"]
    assert api_error["field"] == "text"
    assert api_error["message"] in page.context["form"].errors["text"]
    assert api_error["message"].startswith(f"Ensure this value has at most {TEXT_MAX_LENGTH} characters")
    assert text in page.content.decode()  # what was typed is kept
    assert JournalEntry.objects.count() == 0


def test_both_say_it_in_spanish(personas: Personas) -> None:
    user = personas.participant.user
    user.language = "es"
    user.save()
    client = login_client(personas.participant)

    # The page speaks the person's saved language; the API the one the caller asks for.
    page = client.post(reverse("coping:strategies"), {"text": ""})
    response, body = api_call(client, "POST", "/coping/strategies", {"text": ""}, headers={"Accept-Language": "es"})

    assert response.status_code == 422
    assert body["errors"] == [{"field": "text", "message": "Este campo es obligatorio."}]
    assert "Este campo es obligatorio." in page.content.decode()


@pytest.mark.parametrize(
    ("error", "english"),
    [
        ({"type": "missing", "loc": ("x",)}, "This field is required."),
        ({"type": "string_too_short", "ctx": {"min_length": 1}, "input": ""}, "This field is required."),
        ({"type": "less_than_equal", "ctx": {"le": 10}}, "Ensure this value is less than or equal to 10."),
        ({"type": "greater_than_equal", "ctx": {"ge": 1}}, "Ensure this value is greater than or equal to 1."),
        ({"type": "enum", "input": "nope"}, "Select a valid choice. nope is not one of the available choices."),
        (
            {"type": "too_long", "ctx": {"max_length": 4, "actual_length": 5}},
            "Ensure this list has at most 4 items (it has 5).",
        ),
        ({"type": "value_error", "ctx": {"error": ValueError("Say why.")}}, "Say why."),
    ],
)
def test_error_messages_are_a_forms_words(error: dict[str, Any], english: str) -> None:
    with translation.override("en"):
        assert error_message(error) == english


def test_a_goal_steps_fault_is_shown_on_its_row_with_the_apis_words(personas: Personas) -> None:
    from alongside.goals.forms import GoalForm
    from alongside.goals.models import STEP_TITLE_MAX_LENGTH, Goal

    client = login_client(personas.participant)
    long_title = "s" * (STEP_TITLE_MAX_LENGTH + 1)

    form = GoalForm(data={"title": "Walk more", "step_1_title": "", "step_2_title": long_title})
    response, body = api_call(client, "POST", "/goals", {"title": "Walk more", "steps": [{"title": long_title}]})

    assert not form.is_valid()
    assert response.status_code == 422
    assert body["errors"] == [{"field": "steps.0.title", "message": form.errors["step_2_title"][0]}]
    assert Goal.objects.count() == 0
