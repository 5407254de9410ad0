from __future__ import annotations

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


class AcceptInvitationForm(NewPasswordForm):
    display_name = forms.CharField(label=_("What should we call you?"), max_length=120)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    field_order = ["display_name", "language", "password", "password_again"]


class PreferencesForm(forms.Form):
    display_name = forms.CharField(label=_("Name"), max_length=120)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    time_zone = forms.CharField(label=_("Time zone"), max_length=64, help_text=_("For example America/Chicago."))


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. “reporting export”.")
    )
    expires_days = forms.IntegerField(label=_("Expires after (days)"), min_value=1, max_value=366, initial=90)
