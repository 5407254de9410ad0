from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.coping.models import ActivityKind
from alongside.coping.schemas import ActivityIn, StrategyIn
from alongside.core.edge import SchemaForm


class StrategyForm(SchemaForm):
    schema = StrategyIn

    text = forms.CharField(
        label=_("Something that helps me"),
        help_text=_("For example: call my sister, walk round the block, play my favourite song."),
    )


class ActivityForm(SchemaForm):
    schema = ActivityIn

    kind = forms.ChoiceField(label=_("What did you do?"), choices=ActivityKind.choices, widget=forms.RadioSelect)
    local_date = forms.DateField(
        label=_("Which day?"),
        help_text=_("Today or up to 30 days back."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    minutes = forms.IntegerField(label=_("For how many minutes? (optional)"))
    note = forms.CharField(label=_("A note for yourself (optional)"), widget=forms.Textarea(attrs={"rows": 2}))
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_date"].widget.attrs["max"] = today.isoformat()
        if not self.is_bound:
            self.initial.setdefault("local_date", today)
            self.initial.setdefault("client_id", uuid.uuid4())
