"""The goals inputs, declared once: the API takes them as bodies and the page forms validate through them."""

from __future__ import annotations

import datetime as dt

from ninja import Field

from alongside.core.schema_types import BodySchema
from alongside.goals.models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_STEPS,
    STEP_TITLE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    WEEKLY_TARGET_MAX,
    ActivityKind,
)
from alongside.goals.services import GoalInput, StepInput


class StepIn(BodySchema):
    title: str = Field(min_length=1, max_length=STEP_TITLE_MAX_LENGTH)
    target_date: dt.date | None = None


class GoalIn(BodySchema):
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH)
    description: str = Field("", max_length=DESCRIPTION_MAX_LENGTH)
    target_date: dt.date | None = None
    template_key: str = Field("", max_length=32, description="One of the goal templates, if started from one")
    counts_activity: ActivityKind | None = Field(None, description="A logged activity that counts toward the goal")
    weekly_target: int | None = Field(None, ge=1, le=WEEKLY_TARGET_MAX)
    steps: list[StepIn] = Field(default_factory=list, max_length=MAX_STEPS)

    def to_input(self) -> GoalInput:
        return GoalInput(
            title=self.title,
            description=self.description,
            target_date=self.target_date,
            template_key=self.template_key,
            counts_activity=self.counts_activity.value if self.counts_activity else "",
            weekly_target=self.weekly_target,
            steps=[StepInput(title=s.title, target_date=s.target_date) for s in self.steps],
        )
