from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from alongside.crisis.models import CrisisLine
from alongside.crisis.services import LineInput

LANGUAGE_NAMES = {"en": "English", "es": "Español"}


class CrisisLineForm(forms.Form):
    """One line; its words in each language the site speaks."""

    phone = forms.CharField(
        label=_("Number to call"), max_length=20, required=False, help_text=_("For example 988, 911 or +44 116 123.")
    )
    text_number = forms.CharField(label=_("Number to text"), max_length=20, required=False)
    chat_url = forms.URLField(label=_("Chat address (https)"), max_length=300, required=False, assume_scheme="https")
    is_emergency = forms.BooleanField(label=_("Emergency number (shown last)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, _label in settings.LANGUAGES:
            language = LANGUAGE_NAMES.get(code, code)
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name (%(language)s)") % {"language": language}, max_length=120, required=False
            )
            self.fields[f"how_{code}"] = forms.CharField(
                label=_("How to reach it (%(language)s)") % {"language": language},
                max_length=300,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"text_body_{code}"] = forms.CharField(
                label=_("Word to text (%(language)s)") % {"language": language}, max_length=40, required=False
            )
        self.order_fields(
            [f"{kind}_{code}" for code, _l in settings.LANGUAGES for kind in ("name", "how")]
            + ["phone", "text_number"]
            + [f"text_body_{code}" for code, _l in settings.LANGUAGES]
            + ["chat_url", "is_emergency"]
        )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(value for key, value in data.items() if key not in {"DELETE", "ORDER", "is_emergency"})

    def to_input(self) -> LineInput:
        data = self.cleaned_data
        codes = [code for code, _l in settings.LANGUAGES]
        return LineInput(
            name={code: data.get(f"name_{code}", "") for code in codes},
            how={code: data.get(f"how_{code}", "") for code in codes},
            phone=data.get("phone", ""),
            text_number=data.get("text_number", ""),
            text_body={code: data.get(f"text_body_{code}", "") for code in codes},
            chat_url=data.get("chat_url", ""),
            is_emergency=bool(data.get("is_emergency")),
        )


CrisisLineFormSet = formset_factory(CrisisLineForm, extra=1, can_delete=True, max_num=12, validate_max=True)


def initial_from(lines: list[LineInput]) -> list[dict[str, Any]]:
    rows = []
    for line in lines:
        row: dict[str, Any] = {
            "phone": line.phone,
            "text_number": line.text_number,
            "chat_url": line.chat_url,
            "is_emergency": line.is_emergency,
        }
        for code, _l in settings.LANGUAGES:
            row[f"name_{code}"] = line.name.get(code, "")
            row[f"how_{code}"] = line.how.get(code, "")
            row[f"text_body_{code}"] = line.text_body.get(code, "")
        rows.append(row)
    return rows


def inputs_from_rows(rows: list[CrisisLine]) -> list[LineInput]:
    return [
        LineInput(
            name=dict(row.name),
            how=dict(row.how),
            phone=row.phone,
            text_number=row.text_number,
            text_body=dict(row.text_body),
            chat_url=row.chat_url,
            is_emergency=row.is_emergency,
        )
        for row in rows
    ]
