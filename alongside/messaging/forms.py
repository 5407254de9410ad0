from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from alongside.core.edge import SchemaForm
from alongside.core.forms import ClientIdForm
from alongside.messaging.hours import Window
from alongside.messaging.models import MentorWorkingHours
from alongside.messaging.schemas import MessageIn

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class MessageForm(SchemaForm, ClientIdForm):
    schema = MessageIn
    schema_names = {"body": "text"}  # the API calls the message "text"

    body = forms.CharField(
        label=_("Your message"),
        help_text=_(
            "Only the people in this conversation can read it. Please keep phone numbers and email addresses out of it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _time_field(label: StrOrPromise) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class WorkingHoursForm(forms.Form):
    """One optional window per weekday: a checkbox and a start and end time."""

    def __init__(self, *args: Any, current: list[MentorWorkingHours] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        by_day = {h.weekday: h for h in current or []}
        for day, name in WEEKDAYS.items():
            self.fields[f"day_{day}_on"] = forms.BooleanField(
                label=_("I usually reply on %(day)s") % {"day": name}, required=False
            )
            self.fields[f"day_{day}_start"] = _time_field(_("From"))
            self.fields[f"day_{day}_end"] = _time_field(_("Until"))
            if day in by_day:
                self.initial[f"day_{day}_on"] = True
                self.initial[f"day_{day}_start"] = by_day[day].start
                self.initial[f"day_{day}_end"] = by_day[day].end

    def days(self) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "on": self[f"day_{day}_on"],
                "start": self[f"day_{day}_start"],
                "end": self[f"day_{day}_end"],
            }
            for day, name in WEEKDAYS.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in WEEKDAYS:
            if not data.get(f"day_{day}_on"):
                continue
            start, end = data.get(f"day_{day}_start"), data.get(f"day_{day}_end")
            if start is None and f"day_{day}_start" not in self.errors:
                self.add_error(f"day_{day}_start", _("Choose a start time, or untick the day."))
            if end is None and f"day_{day}_end" not in self.errors:
                self.add_error(f"day_{day}_end", _("Choose an end time, or untick the day."))
            if start is not None and end is not None and end <= start:
                self.add_error(f"day_{day}_end", _("The end time must be after the start time."))
        return data

    def windows(self) -> list[Window]:
        data = self.cleaned_data
        return [
            Window(weekday=day, start=data[f"day_{day}_start"], end=data[f"day_{day}_end"])
            for day in WEEKDAYS
            if data.get(f"day_{day}_on")
        ]
