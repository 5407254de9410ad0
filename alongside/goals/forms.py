from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.core.edge import SchemaForm, take_rules
from alongside.core.forms import DateInput
from alongside.goals.catalogue import GoalTemplate
from alongside.goals.models import MAX_STEPS, ActivityKind, Goal, GoalStatus
from alongside.goals.schemas import GoalIn, StepIn
from alongside.goals.services import GoalInput, StepInput

BLANK_STEP_ROWS = 3


class GoalForm(SchemaForm):
    """A goal and its steps as plain fields (step_N_title, step_N_target), so it works without JavaScript.
    Its rules are the API's GoalIn: the step rows are validated as its ``steps``."""

    schema = GoalIn

    title = forms.CharField(label=_("Goal"))
    description = forms.CharField(
        label=_("Why it matters, or what it looks like (optional)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    target_date = forms.DateField(label=_("Target date (optional)"), widget=DateInput())
    counts_activity = forms.ChoiceField(
        label=_("Logged activity that counts toward it (optional)"), choices=[("", _("None")), *ActivityKind.choices]
    )
    weekly_target = forms.IntegerField(label=_("Times a week (optional)"))
    template_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        goal: Goal | None = None,
        template: GoalTemplate | None = None,
        with_status: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        steps: list[tuple[int | None, str, Any]] = []
        if goal is not None:
            self.initial.update(
                {
                    "title": goal.title,
                    "description": goal.description,
                    "target_date": goal.target_date,
                    "counts_activity": goal.counts_activity,
                    "weekly_target": goal.weekly_target,
                    "template_key": goal.template_key,
                    "status": goal.status,
                }
            )
            steps = [(s.pk, s.title, s.target_date) for s in goal.steps.all()]
        elif template is not None:
            self.initial.update(
                {
                    "title": str(template.title),
                    "description": str(template.description),
                    "counts_activity": template.counts_activity,
                    "weekly_target": template.weekly_target,
                    "template_key": template.key,
                }
            )
            steps = [(None, str(t), None) for t in template.steps]
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=[(s.value, s.label) for s in GoalStatus if s != GoalStatus.PROPOSED],
                widget=forms.RadioSelect,
            )
        self.step_rows = min(MAX_STEPS, len(steps) + BLANK_STEP_ROWS)
        for i in range(self.step_rows):
            n = i + 1
            self.fields[f"step_{n}_id"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            self.fields[f"step_{n}_title"] = forms.CharField(label=_("Step %(n)s") % {"n": n})
            take_rules(self.fields[f"step_{n}_title"], StepIn.model_fields["title"], required=False)
            self.fields[f"step_{n}_target"] = forms.DateField(
                label=_("Step %(n)s target date (optional)") % {"n": n}, required=False, widget=DateInput()
            )
            if i < len(steps):
                step_id, title, target = steps[i]
                self.initial.update({f"step_{n}_id": step_id, f"step_{n}_title": title, f"step_{n}_target": target})

    def schema_data(self) -> dict[str, Any]:
        data = super().schema_data()
        # Rows left blank are not steps; the n-th step given is the n-th row with a title.
        self._step_rows = [n for n in range(1, self.step_rows + 1) if self.cleaned_data.get(f"step_{n}_title")]
        steps = [
            {"title": self.cleaned_data[f"step_{n}_title"], "target_date": self.cleaned_data.get(f"step_{n}_target")}
            for n in self._step_rows
        ]
        return {**data, "steps": steps} if steps else data

    def field_for(self, loc: tuple[Any, ...]) -> str | None:
        if len(loc) == 3 and loc[0] == "steps" and isinstance(loc[1], int) and loc[1] < len(self._step_rows):
            name = f"step_{self._step_rows[loc[1]]}_{'target' if loc[2] == 'target_date' else 'title'}"
            return name if name in self.fields else None
        return super().field_for(loc)

    def step_fields(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"step_{n}_id"], self[f"step_{n}_title"], self[f"step_{n}_target"])
            for n in range(1, self.step_rows + 1)
        ]

    def goal_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("title", "description", "target_date", "counts_activity", "weekly_target")]

    def to_input(self) -> GoalInput:
        data = self.cleaned_data
        return GoalInput(
            title=data["title"],
            description=data["description"],
            target_date=data["target_date"],
            template_key=data["template_key"],
            counts_activity=data["counts_activity"],
            weekly_target=data["weekly_target"],
            steps=[
                StepInput(id=data[f"step_{n}_id"], title=data[f"step_{n}_title"], target_date=data[f"step_{n}_target"])
                for n in range(1, self.step_rows + 1)
            ],
        )
