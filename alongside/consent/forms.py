"""The consent form: the 42 CFR §2.31 elements. Sizes and what is required come from the API's
ConsentIn (one declaration); the rest is checked in consent_record."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.consent.models import InformationCategory, RecipientType
from alongside.consent.schemas import ConsentIn, ConsentRevokeIn
from alongside.core.edge import SchemaForm


class ConsentForm(SchemaForm):
    schema = ConsentIn

    recipient_type = forms.ChoiceField(
        label=_("Who will receive the information?"), choices=RecipientType.choices, widget=forms.RadioSelect
    )
    recipient_name = forms.CharField(
        label=_("Name of the person or organization"),
        help_text=_("For example “Northside Housing Services” or “Jordan Lee (my sister)”."),
    )
    information = forms.MultipleChoiceField(
        label=_("What information may be shared?"),
        choices=InformationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    information_detail = forms.CharField(
        label=_("Any limits on what is shared (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example “only my goals about work”."),
    )
    purpose = forms.CharField(
        label=_("Why is it being shared?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example “so they can help me find housing”."),
    )
    expires_on = forms.DateField(
        label=_("This consent ends on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Pick a date. You can end it sooner at any time."),
    )
    signature_name = forms.CharField(
        label=_("Sign by typing your name"),
        help_text=_("Type your name exactly as it appears on your account."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class RevokeForm(SchemaForm):
    schema = ConsentRevokeIn

    reason = forms.CharField(label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 2}))
