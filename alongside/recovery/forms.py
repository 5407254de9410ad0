from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.forms import DateInput
from alongside.organizations.models import RecoveryPathway
from alongside.recovery.models import SETBACK_TEXT_MAX_LENGTH, SUBSTANCE_MAX_LENGTH, CountFrom


class RecoveryStartForm(forms.Form):
    pathway = forms.ChoiceField(label=_("Recovery pathway"), choices=RecoveryPathway.choices)
    substance = forms.CharField(
        label=_("Substance (optional)"),
        help_text=_("If you keep a separate count for one substance, name it here."),
        max_length=SUBSTANCE_MAX_LENGTH,
        required=False,
    )
    started_on = forms.DateField(label=_("The day you started"), widget=DateInput())
    count_from = forms.ChoiceField(
        label=_("Which number would you like to see?"),
        choices=CountFrom.choices,
        initial=CountFrom.START,
        widget=forms.RadioSelect,
    )


class SetbackForm(forms.Form):
    occurred_on = forms.DateField(label=_("When did it happen?"), widget=DateInput())
    learned = forms.CharField(
        label=_("What I learned (optional)"),
        help_text=_("Your mentor can read this, if it helps you talk it through."),
        max_length=SETBACK_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    private_note = forms.CharField(
        label=_("A private note (optional)"),
        help_text=_("Only you can read this."),
        max_length=SETBACK_TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    count_from = forms.ChoiceField(
        label=_("Which number would you like to see from now on?"),
        choices=CountFrom.choices,
        widget=forms.RadioSelect,
    )
