from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.edge import SchemaForm
from alongside.core.forms import ClientIdForm, DateInput
from alongside.organizations.models import Membership
from alongside.supervision.models import (
    WELLBEING_INTERVAL_MAX,
    WELLBEING_INTERVAL_MIN,
    BoundaryStrain,
    ConcernKind,
    Exhaustion,
    SessionKind,
    SupervisionTopic,
    SupportFelt,
    Workload,
)
from alongside.supervision.schemas import (
    BoundaryConcernAcknowledgeIn,
    BoundaryConcernIn,
    MentorCaseloadCapIn,
    MentorWellbeingCheckIn,
    SupervisionSessionIn,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SupervisionSessionForm(SchemaForm, ClientIdForm):
    schema = SupervisionSessionIn
    schema_names = {"mentors": "mentor_ids"}

    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices, widget=forms.RadioSelect)
    mentors = forms.TypedMultipleChoiceField(
        label=_("Mentor(s) in this session"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    duration_minutes = forms.IntegerField(label=_("How long (minutes)"))
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=SupervisionTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_(
            "Peer supervision is shared: the mentor (or mentors) in this session can read these notes "
            "and the follow-ups. Administrators cannot. Avoid details that identify participants."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups (optional)"),
        help_text=_("What each of you agreed to do next. Also shared with the mentor(s)."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up_on = forms.DateField(label=_("Follow up by (optional)"), widget=DateInput)

    def __init__(self, *args: Any, mentors: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentors"].choices = [(m.pk, m.user.display_name) for m in mentors]  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field


def _scale(label: StrOrPromise, choices: Any, help_text: StrOrPromise = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, help_text=help_text, choices=choices, coerce=int, widget=forms.RadioSelect
    )


class WellbeingCheckForm(SchemaForm, ClientIdForm):
    schema = MentorWellbeingCheckIn

    emotional_exhaustion = _scale(_("How drained have you felt after supporting people?"), Exhaustion.choices)
    boundary_strain = _scale(
        _("How hard has it been to keep healthy limits with the people you support?"),
        BoundaryStrain.choices,
        _("For example: messages at all hours, requests for favours, feeling responsible for everything."),
    )
    workload = _scale(_("How heavy has your workload felt?"), Workload.choices)
    support_felt = _scale(_("How supported have you felt by your supervisor and team?"), SupportFelt.choices)
    note = forms.CharField(
        label=_("Anything you want your supervisor to know? (optional)"),
        help_text=_("Only you and your supervisor can read it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CaseloadCapForm(SchemaForm):
    schema = MentorCaseloadCapIn

    caseload_cap = forms.IntegerField(label=_("Caseload cap (most participants at once)"))
    reason = forms.CharField(
        label=_("Why are you changing it?"),
        help_text=_("The mentor will see this."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WellbeingIntervalForm(forms.Form):
    days = forms.IntegerField(
        label=_("Wellbeing check-in every (days)"), min_value=WELLBEING_INTERVAL_MIN, max_value=WELLBEING_INTERVAL_MAX
    )


class BoundaryConcernForm(SchemaForm, ClientIdForm):
    schema = BoundaryConcernIn
    schema_names = {"participant": "participant_id"}

    kind = forms.ChoiceField(label=_("What is it about?"), choices=ConcernKind.choices, widget=forms.RadioSelect)
    participant = forms.TypedChoiceField(
        label=_("Is it about someone in your caseload? (optional)"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    details = forms.CharField(
        label=_("What happened?"),
        help_text=_("Only you and your supervisor can read this."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, participants: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [  # type: ignore[attr-defined]  # Form.fields is typed as the base Field; this one is a choice field
            ("", _("No one in particular, or I'd rather not say")),
            *[(p.pk, p.user.display_name) for p in participants],
        ]


class AcknowledgeForm(SchemaForm):
    schema = BoundaryConcernAcknowledgeIn

    response = forms.CharField(
        label=_("Your note back to the mentor"),
        help_text=_("The mentor will read this. Consider offering a time to talk."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
