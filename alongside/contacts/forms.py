from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.contacts.models import ContactMode, ContactTopic
from alongside.contacts.schemas import AddendumIn, ContactNoteIn
from alongside.contacts.services import ContactNoteInput
from alongside.core.edge import SchemaForm
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


class ContactNoteForm(SchemaForm, _ErrorsDescribeInputs):
    """Its limits are the API's (ContactNoteIn); the service checks the rest (the mentor's calendar
    day, the 24 hours)."""

    schema = ContactNoteIn

    occurred_on = forms.DateField(label=_("Day of the contact"), widget=DateInput)
    duration_minutes = forms.IntegerField(
        label=_("How long (minutes)"), widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1})
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
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    agreed = forms.CharField(label=_("What you agreed (optional)"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_on = forms.DateField(
        label=_("Follow up on (optional)"), help_text=_("You will get a reminder on this day."), widget=DateInput
    )

    def to_input(self) -> ContactNoteInput:
        return self.validated.to_input()  # type: ignore[no-any-return]  # the schema checked the form


class NewContactNoteForm(ContactNoteForm, ClientIdForm):
    """A new note carries a client id (an edit does not)."""


class AddendumForm(SchemaForm, _ErrorsDescribeInputs, ClientIdForm):
    schema = AddendumIn

    text = forms.CharField(
        label=_("Addendum"),
        help_text=_("Add what you learned or did later. The note above stays as it was."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
