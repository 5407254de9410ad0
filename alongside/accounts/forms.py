from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}),
    )


def current_password_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your current password"),
        max_length=256,
        strip=False,
        help_text=_("We ask again before any change to how you log in."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CurrentPasswordForm(forms.Form):
    current_password = current_password_field()


class TwoFactorSetupForm(forms.Form):
    """Turn on two-step login, or move it to a new app (then the current app's code is asked too)."""

    current_password = current_password_field()
    current_code = forms.CharField(
        label=_("Code from your current app"),
        max_length=20,
        help_text=_("The 6-digit code your current authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Code from the new app"),
        max_length=20,
        help_text=_("The 6-digit code the app you just set up shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, replacing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not replacing:
            del self.fields["current_code"]
            self.fields["code"].label = _("Code from your app")


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        max_length=256,
        strip=False,
        help_text=_("At least 10 characters. A few unrelated words make a strong, memorable password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("New password again"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords are not the same."))
        return data


class PasswordChangeForm(NewPasswordForm):
    current_password = current_password_field()
    field_order = ["current_password", "password", "password_again"]


class AcceptInvitationForm(NewPasswordForm):
    display_name = forms.CharField(label=_("What should we call you?"), max_length=120)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    field_order = ["display_name", "language", "password", "password_again"]


class PreferencesForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=120)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, help_text=_("For example America/Chicago."))


class OfflineSettingsForm(forms.Form):
    """What this phone keeps for when there is no connection (participants)."""

    section = forms.CharField(widget=forms.HiddenInput, initial="offline")
    offline_safety_plan = forms.BooleanField(
        label=_("Keep my safety plan on this phone for when I am offline"),
        required=False,
        help_text=_("Turn this off on a phone you share. The crisis lines and overdose steps stay available offline."),
    )


class DeliverySettingsForm(forms.Form):
    """How urgent messages reach the person, and when non-urgent ones may not.

    The current mobile number is never put back in the page: the field starts empty and its
    help shows only the last four digits. Empty keeps the number; "remove" deletes it.
    """

    section = forms.CharField(widget=forms.HiddenInput, initial="delivery")
    phone_number = forms.CharField(
        label=_("Mobile number for text messages"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    remove_phone_number = forms.BooleanField(label=_("Remove my mobile number"), required=False)
    quiet_hours_start = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        input_formats=["%H:%M"],
        help_text=_(
            "In your own time zone, as HH:MM. Emails and text messages wait until your quiet hours end; "
            "urgent messages about someone's safety still reach you."
        ),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_hours_end = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        input_formats=["%H:%M"],
        help_text=_("For example from 22:00 until 07:00. Leave both empty for no quiet hours."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, masked_phone_number: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phone = self.fields["phone_number"]
        if masked_phone_number:
            phone.help_text = _(
                "Now: %(masked)s. Type a new number to change it, or leave this empty to keep it. "
                "Only you see it, and only as its last four digits."
            ) % {"masked": masked_phone_number}
        else:
            phone.help_text = _(
                "Optional. With + and the country code, for example +1 555 010 1234. Used only to text you "
                "when someone may need you soon, such as an alert, and never shown to anyone."
            )
            del self.fields["remove_phone_number"]

    def phone_number_change(self) -> str | None:
        """None keeps the current number, "" removes it, anything else is the new number."""
        if self.cleaned_data.get("remove_phone_number"):
            return ""
        return self.cleaned_data["phone_number"].strip() or None


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. “reporting export”.")
    )
    expires_days = forms.IntegerField(label=_("Expires after (days)"), min_value=1, max_value=366, initial=90)
    current_password = current_password_field()
