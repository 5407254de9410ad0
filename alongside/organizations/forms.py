"""Forms for the organization pages: sizes and choices only. The services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alongside.organizations.models import Membership, Program, Role, SettingType


class MemberChoiceField(forms.ModelChoiceField):
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
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Program name"), max_length=200)
    setting_type = forms.ChoiceField(label=_("Setting"), choices=SettingType.choices)
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, initial="America/New_York", help_text=_("For example America/Chicago.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple, initial=["en"]
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
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        self.fields["participant"].queryset = participants  # type: ignore[attr-defined]


class SupervisorAssignForm(forms.Form):
    supervisor = MemberChoiceField(
        label=_("Supervisor"), queryset=Membership.objects.none(), required=False, empty_label=_("No supervisor")
    )

    def __init__(self, *args: Any, supervisors: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]


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
