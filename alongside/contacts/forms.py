from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.contacts.models import (
    ADDENDUM_MAX_LENGTH,
    AGREED_MAX_LENGTH,
    MAX_DURATION_MINUTES,
    SUMMARY_MAX_LENGTH,
    ContactMode,
    ContactTopic,
)
from alongside.contacts.services import ContactNoteInput
from alongside.core.forms import ClientIdForm, DateInput


class _ErrorsDescribeInputs(forms.Form):
    """Point each invalid input at its error message (and help text) for screen readers."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue  # the fieldset carries it
            ids = [f"id_{name}_helptext"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*ids, f"id_{name}_error"])


class ContactNoteForm(_ErrorsDescribeInputs):
    """Types only: the service checks the rules (the mentor's calendar day, the 24 hours)."""

    occurred_on = forms.DateField(label=_("Day of the contact"), widget=DateInput)
    duration_minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    mode = forms.ChoiceField(label=_("How you were in touch"), choices=ContactMode.choices, widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(
        label=_("What you talked about"),
        help_text=_("Choose at least one."),
        choices=ContactTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("What happened"),
        help_text=_("A few plain, nonclinical words. Only their mentor and that mentor's supervisor can read this."),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    agreed = forms.CharField(
        label=_("What you agreed (optional)"),
        max_length=AGREED_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on (optional)"),
        help_text=_("You will get a reminder on this day."),
        required=False,
        widget=DateInput,
    )

    def to_input(self) -> ContactNoteInput:
        data = self.cleaned_data
        return ContactNoteInput(
            occurred_on=data["occurred_on"],
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            topics=list(data["topics"]),
            summary=data["summary"],
            agreed=data["agreed"],
            follow_up_on=data["follow_up_on"],
        )


class NewContactNoteForm(ContactNoteForm, ClientIdForm):
    """A new note carries a client id (an edit does not)."""


class AddendumForm(_ErrorsDescribeInputs, ClientIdForm):
    text = forms.CharField(
        label=_("Addendum"),
        help_text=_("Add what you learned or did later. The note above stays as it was."),
        max_length=ADDENDUM_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
