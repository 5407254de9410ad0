from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.checkins.models import BACKFILL_DAYS, CommonCoping, Halt, Mood, Sleep
from alongside.checkins.schemas import CheckInIn
from alongside.checkins.services import CheckInInput
from alongside.core.edge import SchemaForm

USED_CHOICES = [("no", _("No")), ("yes", _("Yes")), ("skip", _("I'd rather not say"))]


def _day_label(n: int, day: dt.date, *, taken: bool) -> str:
    label = str(_("Today") if n == 0 else _("Yesterday") if n == 1 else day.strftime("%Y-%m-%d"))
    return str(_("%(day)s (already checked in)") % {"day": label}) if taken else label


class _DaySelect(forms.Select):
    """The day picker; days that already have a check-in are shown but cannot be chosen."""

    def __init__(self, *args: Any, taken: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):  # type: ignore[no-untyped-def]  # Django's widget method is untyped; the signature is Django's own
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if str(value) in self.taken:
            option["attrs"]["disabled"] = True
        return option


class CheckInForm(SchemaForm):
    """The check-in page. Its rules are the API's CheckInIn: the page's own pieces (another trigger,
    "I'd rather not say") are turned into the API's fields before the schema checks them."""

    schema = CheckInIn

    # "" means today, decided when the check-in is stored (it may wait offline past midnight).
    local_date = forms.TypedChoiceField(
        label=_("Which day is this for?"), coerce=dt.date.fromisoformat, required=False, empty_value=None
    )
    mood = forms.TypedChoiceField(
        label=_("How are you feeling?"), choices=Mood.choices, coerce=int, widget=forms.RadioSelect
    )
    craving = forms.TypedChoiceField(
        label=_("How strong are cravings right now?"),
        help_text=_("0 means none, 10 means the strongest you can imagine."),
        choices=[(i, str(i)) for i in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    sleep_quality = forms.TypedChoiceField(
        label=_("How did you sleep?"),
        choices=Sleep.choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    halt = forms.MultipleChoiceField(
        label=_("Are you feeling any of these?"),
        choices=Halt.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    triggers = forms.MultipleChoiceField(
        label=_("Did anything trigger you today?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_trigger = forms.CharField(label=_("Something else (optional)"), max_length=60, required=False)
    coping = forms.MultipleChoiceField(
        label=_("What helped?"), choices=CommonCoping.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    used = forms.ChoiceField(
        label=_("Did you use today?"),
        help_text=_("There is no wrong answer. It helps you and your mentor notice what is going on."),
        choices=USED_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    substance = forms.CharField(label=_("What, if you want to say (optional)"))
    amount = forms.CharField(label=_("How much, if you want to say (optional)"))
    note = forms.CharField(label=_("Anything else on your mind? (optional)"), widget=forms.Textarea(attrs={"rows": 3}))
    wants_outreach = forms.BooleanField(label=_("I'd like my mentor to reach out"), required=False)
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        today: dt.date,
        trigger_choices: list[tuple[str, str]],
        taken_days: set[dt.date] = frozenset(),  # type: ignore[assignment]  # a frozenset default for a set parameter: never mutated
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        days = [today - dt.timedelta(days=n) for n in range(BACKFILL_DAYS + 1)]
        self.fields["local_date"].choices = [  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field
            (
                "" if n == 0 else d.isoformat(),
                _day_label(n, d, taken=n > 0 and d in taken_days),
            )
            for n, d in enumerate(days)
        ]
        # A past day that already has a check-in cannot be filled in again, so it is not offered
        # (even from the copy of this page kept for offline use); today's can still be changed.
        self.fields["local_date"].widget = _DaySelect(
            choices=self.fields["local_date"].choices,  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field
            taken={d.isoformat() for d in taken_days if d != today},
        )
        self.fields["triggers"].choices = trigger_choices  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field
        if not self.is_bound:
            self.initial.setdefault("local_date", "")
            self.initial.setdefault("client_id", uuid.uuid4())

    def cleaned_triggers(self) -> list[str]:
        triggers = list(self.cleaned_data.get("triggers") or [])
        other = (self.cleaned_data.get("other_trigger") or "").strip()
        if other:
            triggers.append(other)
        return triggers

    def cleaned_used(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("used") or "skip")

    def schema_data(self) -> dict[str, Any]:
        data = super().schema_data()
        data.pop("used", None)  # "yes" / "no" / "skip" here, true / false / null in the API
        used = self.cleaned_used()
        if used is not None:
            data["used"] = used
        if "triggers" in self.cleaned_data:
            data["triggers"] = self.cleaned_triggers()
        return data

    def to_input(self) -> CheckInInput:
        return self.validated.to_input()  # type: ignore[no-any-return]  # the schema checked the form
