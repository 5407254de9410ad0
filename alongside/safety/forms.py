from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.edge import SchemaForm
from alongside.core.exceptions import DomainError
from alongside.safety.models import (
    ITEM_MAX_LENGTH,
    MAX_ITEMS,
    Relationship,
    Section,
)
from alongside.safety.schemas import ContactIn

EXTRA_ROWS = 3
# Rows a crafted POST may send per section; beyond MAX_ITEMS the service explains the limit.
SCAN_ROWS = MAX_ITEMS * 2


class SafetyPlanForm(forms.Form):
    """Every section as a fixed number of text inputs: works without JavaScript.

    Each section shows its items plus EXTRA_ROWS blank rows (up to MAX_ITEMS); the "add more
    rows" button (``more=<section>``) re-renders with EXTRA_ROWS more for that section.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, data: Any = None, *, sections: dict[str, list[str]], version: int, more: str = "") -> None:
        initial: dict[str, Any] = {"version": version}
        self.rows: dict[str, int] = {}
        for key in Section.values:
            items = sections.get(key, [])
            if data is not None:
                posted = [i for i in range(SCAN_ROWS) if f"{key}-{i}" in data]
                count = max(posted) + 1 if posted else 0
            else:
                count = len(items)
                initial.update({f"{key}-{i}": item for i, item in enumerate(items)})
            extra = EXTRA_ROWS if data is None or key == more else 0
            self.rows[key] = max(count, min(count + extra, MAX_ITEMS))
        super().__init__(data, initial=initial)
        for key, label in Section.choices:
            for i in range(self.rows[key]):
                self.fields[f"{key}-{i}"] = forms.CharField(
                    label=_("%(section)s, item %(n)s") % {"section": label, "n": i + 1},
                    max_length=ITEM_MAX_LENGTH,
                    required=False,
                )
        self.section_errors: dict[str, list[str]] = {}

    def cleaned_sections(self) -> dict[str, list[str]]:
        return {key: [self.cleaned_data.get(f"{key}-{i}", "") for i in range(self.rows[key])] for key in Section.values}

    def add_domain_error(self, exc: DomainError) -> None:
        for key, messages in exc.field_errors.items():
            if key in Section.values:
                self.section_errors.setdefault(key, []).extend(messages)
            else:
                for message in messages:
                    self.add_error(None, message)
        self.add_error(None, exc.message)

    def blocks(self, sections: list[Any]) -> list[dict[str, Any]]:
        """What the template draws for each section: its rows, its errors, whether rows can be added."""
        return [
            {
                "section": section,
                "rows": [self[f"{section.key}-{i}"] for i in range(self.rows[section.key])],
                "errors": self.section_errors.get(section.key, []),
                "can_add": self.rows[section.key] < MAX_ITEMS,
            }
            for section in sections
        ]


class SupportContactForm(SchemaForm):
    schema = ContactIn

    name = forms.CharField(label=_("Name"))
    relationship = forms.ChoiceField(
        label=_("Who are they to you?"), choices=Relationship.choices, widget=forms.RadioSelect
    )
    phone = forms.CharField(label=_("Phone (optional)"))
    email = forms.CharField(label=_("Email (optional)"))
    notes = forms.CharField(
        label=_("Notes (optional)"),
        help_text=_("For example, the best time to call."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    can_call_in_crisis = forms.BooleanField(label=_("I can call this person in a crisis"), required=False)
