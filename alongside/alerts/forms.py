from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alongside.alerts.models import (
    ACK_MINUTES_MAX,
    MAX_REPEAT_WEEKS,
    AlertSeverity,
    AlertStatus,
    EscalationPlaybook,
    PlaybookStep,
)
from alongside.alerts.schemas import NoteIn, ResolveIn
from alongside.core.edge import SchemaForm
from alongside.organizations.models import Membership


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), choices=[("", _("All alerts")), *AlertStatus.choices], required=False)


class ResolveForm(SchemaForm):
    schema = ResolveIn

    note = forms.CharField(
        label=_("Closing note"),
        help_text=_("What was done, in a sentence or two. It stays in the alert's history."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(SchemaForm):
    schema = NoteIn

    text = forms.CharField(
        label=_("Add a note"),
        help_text=_("For example: called, left a message."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- Escalation: the playbook and the on-call rota. ---

_NO_STEP = ("", _("(no further step)"))
TIMER_UNITS = [("minutes", _("minutes")), ("hours", _("hours")), ("days", _("days"))]
TIMER_RANGE_MESSAGE = _("Choose a time between 1 minute and 7 days.")
_UNIT_MINUTES = {"minutes": 1, "hours": 60, "days": 24 * 60}
PLAYBOOK_SLOTS = len(PlaybookStep.values)
SEVERITY_FIELDS = [
    (AlertSeverity.CRISIS, "crisis"),
    (AlertSeverity.HIGH, "high"),
    (AlertSeverity.NORMAL, "normal"),
]


def split_minutes(minutes: int) -> tuple[int, str]:
    """Show a timer in the largest unit that divides it: 240 → (4, "hours")."""
    if minutes % (24 * 60) == 0:
        return minutes // (24 * 60), "days"
    if minutes % 60 == 0:
        return minutes // 60, "hours"
    return minutes, "minutes"


class PlaybookForm(forms.Form):
    """The ladder (up to four steps, in order) and an acknowledgement timer per severity."""

    def __init__(self, *args: Any, playbook: EscalationPlaybook | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, PLAYBOOK_SLOTS + 1):
            self.fields[f"step_{i}"] = forms.ChoiceField(
                label=_("Step %(n)s") % {"n": i},
                choices=([] if i == 1 else [_NO_STEP]) + list(PlaybookStep.choices),
                required=i == 1,
            )
        for severity, name in SEVERITY_FIELDS:
            label = AlertSeverity(severity).label
            self.fields[f"{name}_amount"] = forms.IntegerField(
                label=_("%(severity)s: wait for an acknowledgement for") % {"severity": label},
                min_value=1,
                max_value=ACK_MINUTES_MAX,
                error_messages={"min_value": TIMER_RANGE_MESSAGE, "max_value": TIMER_RANGE_MESSAGE},
            )
            self.fields[f"{name}_unit"] = forms.ChoiceField(
                label=_("%(severity)s: unit") % {"severity": label}, choices=TIMER_UNITS
            )
        if playbook is not None and not self.is_bound:
            for i, step in enumerate(playbook.steps[:PLAYBOOK_SLOTS], start=1):
                self.initial[f"step_{i}"] = step
            for severity, name in SEVERITY_FIELDS:
                amount, unit = split_minutes(playbook.ack_minutes(severity))
                self.initial[f"{name}_amount"] = amount
                self.initial[f"{name}_unit"] = unit

    def steps(self) -> list[str]:
        return [
            self.cleaned_data[f"step_{i}"] for i in range(1, PLAYBOOK_SLOTS + 1) if self.cleaned_data.get(f"step_{i}")
        ]

    def ack_minutes(self) -> dict[str, int]:
        return {
            severity: self.cleaned_data[f"{name}_amount"] * _UNIT_MINUTES[self.cleaned_data[f"{name}_unit"]]
            for severity, name in SEVERITY_FIELDS
        }

    def step_fields(self) -> list[forms.BoundField]:
        return [self[f"step_{i}"] for i in range(1, PLAYBOOK_SLOTS + 1)]

    def timer_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (str(AlertSeverity(severity).label), self[f"{name}_amount"], self[f"{name}_unit"])
            for severity, name in SEVERITY_FIELDS
        ]


class PersonChoiceField(forms.ModelChoiceField[Membership]):
    """Shows people by name and role, never by the model's debugging string."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.user.display_name} ({obj.get_role_display()})"


class OnCallShiftForm(forms.Form):
    """A shift, in the program's local time: the view turns it into aware datetimes."""

    person = PersonChoiceField(label=_("Who is on call"), queryset=Membership.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    repeat_weeks = forms.IntegerField(
        label=_("Repeat for the next weeks"),
        help_text=_("0 for just this shift; for example 4 adds the same shift in each of the next four weeks."),
        min_value=0,
        max_value=MAX_REPEAT_WEEKS,
        initial=0,
    )
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, people: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, PersonChoiceField)
        person.queryset = people
        if not self.is_bound:
            self.initial.setdefault("client_id", uuid.uuid4())
