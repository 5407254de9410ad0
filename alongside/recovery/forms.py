from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.edge import SchemaForm
from alongside.core.forms import DateInput
from alongside.organizations.models import RecoveryPathway
from alongside.recovery.models import CountFrom
from alongside.recovery.schemas import SetbackIn, StartIn


class RecoveryStartForm(SchemaForm):
    schema = StartIn

    pathway = forms.ChoiceField(label=_("Recovery pathway"), choices=RecoveryPathway.choices)
    substance = forms.CharField(
        label=_("Substance (optional)"),
        help_text=_("If you keep a separate count for one substance, name it here."),
    )
    started_on = forms.DateField(label=_("The day you started"), widget=DateInput())
    count_from = forms.ChoiceField(
        label=_("Which number would you like to see?"),
        choices=CountFrom.choices,
        initial=CountFrom.START,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["count_from"].required = True  # the page always asks (one is chosen already)


class SetbackForm(SchemaForm):
    schema = SetbackIn
    from_url = frozenset({"start_id"})

    occurred_on = forms.DateField(label=_("When did it happen?"), widget=DateInput())
    learned = forms.CharField(
        label=_("What I learned (optional)"),
        help_text=_("Your mentor can read this, if it helps you talk it through."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    private_note = forms.CharField(
        label=_("A private note (optional)"),
        help_text=_("Only you can read this."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    count_from = forms.ChoiceField(
        label=_("Which number would you like to see from now on?"),
        choices=CountFrom.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["count_from"].required = True  # the page always asks (the current one is chosen already)
