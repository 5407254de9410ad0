from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.edge import SchemaForm
from alongside.journal.models import SEARCH_MAX_LENGTH, Prompt
from alongside.journal.schemas import JournalEntryIn

PROMPT_CHOICES = [("", _("No prompt, just write")), *Prompt.choices]


class JournalEntryForm(SchemaForm):
    schema = JournalEntryIn

    prompt = forms.ChoiceField(
        label=_("Need a place to start? (optional)"),
        choices=PROMPT_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Your entry"),
        help_text=_("Only you can read it unless you choose to share it with your mentor."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class NewJournalEntryForm(JournalEntryForm):
    share = forms.BooleanField(
        label=_("Share this entry with my mentor"),
        help_text=_("You can stop sharing it at any time."),
        required=False,
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())


class JournalSearchForm(forms.Form):
    q = forms.CharField(label=_("Search your entries"), max_length=SEARCH_MAX_LENGTH, required=False)
