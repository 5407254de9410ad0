"""Forms for the organization pages: sizes and choices only. The services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alongside.organizations.models import (
    DEFAULT_CONTACT_EXPECTED_DAYS,
    MAX_CONTACT_EXPECTED_DAYS,
    Membership,
    Program,
    Role,
    SettingType,
)
from alongside.organizations.services import REASSIGN_REASON_MAX_LENGTH


class MemberChoiceField(forms.ModelChoiceField[Membership]):
    """Shows people by name, never by the model's debugging string."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.display_name)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    display_name = forms.CharField(
        label=_("Name (optional)"), max_length=120, required=False, help_text=_("Used to greet them in the email.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), required=False, empty_label=_("No program")
    )
    language = forms.ChoiceField(label=_("Language of the email"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, programs: QuerySet[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Program name"), max_length=200)
    setting_type = forms.ChoiceField(label=_("Setting"), choices=SettingType.choices)
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, initial="America/New_York", help_text=_("For example America/Chicago.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple, initial=["en"]
    )
    contact_expected_days = forms.IntegerField(
        label=_("Days between contacts"),
        min_value=1,
        max_value=MAX_CONTACT_EXPECTED_DAYS,
        initial=DEFAULT_CONTACT_EXPECTED_DAYS,
        required=False,
        help_text=_("After this many days without a contact, a participant shows on their mentor's list for today."),
    )

    def clean_contact_expected_days(self) -> int:
        days = self.cleaned_data.get("contact_expected_days")
        return DEFAULT_CONTACT_EXPECTED_DAYS if days is None else int(days)


class ContactExpectationForm(forms.Form):
    contact_expected_days = forms.IntegerField(
        label=_("Days between contacts"), min_value=1, max_value=MAX_CONTACT_EXPECTED_DAYS
    )


class MatchForm(forms.Form):
    mentor = MemberChoiceField(
        label=_("Peer mentor"), queryset=Membership.objects.none(), empty_label=_("Choose a peer mentor")
    )
    participant = MemberChoiceField(
        label=_("Participant"), queryset=Membership.objects.none(), empty_label=_("Choose a participant")
    )

    def __init__(
        self, *args: Any, mentors: QuerySet[Membership], participants: QuerySet[Membership], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field
        self.fields["participant"].queryset = participants  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field


class ReassignForm(forms.Form):
    mentor = MemberChoiceField(
        label=_("New peer mentor"), queryset=Membership.objects.none(), empty_label=_("Choose a peer mentor")
    )
    reason = forms.CharField(
        label=_("Why is this change being made?"),
        max_length=REASSIGN_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept in the audit log. The mentors and the participant are told about the change, not the reason."
        ),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, mentors: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field

    def add_error(self, field: str | None, error: Any) -> None:
        """Point each invalid input at its error message (and help text) for screen readers,
        whether the form or the service found the problem."""
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                help_id = [f"id_{name}_helptext"] if self.fields[name].help_text else []
                self.fields[name].widget.attrs["aria-describedby"] = " ".join([*help_id, f"id_{name}_error"])


class SupervisorAssignForm(forms.Form):
    supervisor = MemberChoiceField(
        label=_("Supervisor"), queryset=Membership.objects.none(), required=False, empty_label=_("No supervisor")
    )

    def __init__(self, *args: Any, supervisors: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to open this record now?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Be specific. The participant will see this reason, and it is kept in the audit log."),
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action starts with"),
        max_length=64,
        required=False,
        help_text=_("For example participant. or breakglass."),
    )


class PhoneSharingForm(forms.Form):
    """The participant's choice to let their matched mentor call or text them (off by default)."""

    share = forms.BooleanField(label=_("Let my mentor call or text me at this number"), required=False)

    def __init__(self, *args: Any, masked_phone_number: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if masked_phone_number:
            self.fields["share"].help_text = _(
                "Your mobile number %(masked)s. Your mentor sees it with a link to call or text you; if you "
                "press the crisis button and they cannot answer in time, so does whoever from your support "
                "team answers the alert (never an admin). Each time it is shown, it is listed under \u201cwho "
                "viewed my information\u201d. You can turn this off at any time."
            ) % {"masked": masked_phone_number}
