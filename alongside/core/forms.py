"""Form pieces the apps share."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """A native date picker: its value is always ISO, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ClientIdForm(forms.Form):
    """A hidden id made when the form is shown, so a double submit stores one record."""

    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())
