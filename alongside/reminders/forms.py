from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

CHANNEL_CHOICES = [("in_app", _("In the app")), ("email", _("By email"))]


class ReminderForm(forms.Form):
    enabled = forms.TypedChoiceField(
        label=_("Daily check-in reminder"),
        choices=[("on", _("On")), ("off", _("Off"))],
        coerce=lambda v: v == "on",
        widget=forms.RadioSelect,
    )
    local_time = forms.TimeField(
        label=_("At what time?"),
        help_text=_("In your own time zone, as HH:MM, for example 19:30."),
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    channels = forms.MultipleChoiceField(
        label=_("How should we remind you?"),
        choices=CHANNEL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("enabled") and data.get("local_time") is None and "local_time" not in self.errors:
            self.add_error("local_time", _("Choose a time for the reminder, or turn it off."))
        return data
