"""Goal templates from peer-support practice: each prefills a title, description and steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from alongside.goals.models import ActivityKind


@dataclass(frozen=True)
class GoalTemplate:
    key: str
    title: str | Promise
    description: str | Promise
    steps: list[str | Promise] = field(default_factory=list)
    counts_activity: str = ""
    weekly_target: int | None = None


GOAL_TEMPLATES: list[GoalTemplate] = [
    GoalTemplate(
        "meetings",
        _("Go to 3 meetings a week"),
        _("Regular meetings keep me connected to people who understand."),
        [
            _("Find three meetings that fit my week"),
            _("Go to my first meeting"),
            _("Talk to one person after a meeting"),
        ],
        ActivityKind.MEETING,
        3,
    ),
    GoalTemplate(
        "relationship",
        _("Rebuild a relationship"),
        _("Reconnect, at a pace that works for both of us."),
        [
            _("Decide who I want to reconnect with"),
            _("Talk it through with my mentor"),
            _("Reach out with a short message"),
            _("Plan a time to meet"),
        ],
    ),
    GoalTemplate(
        "school",
        _("Go back to school or training"),
        _("Learn something that opens a door for me."),
        [_("Look at programs or courses near me"), _("Ask about financial help"), _("Apply"), _("Plan my first week")],
    ),
    GoalTemplate(
        "work",
        _("Find work"),
        _("A job that supports my recovery."),
        [
            _("Update my résumé"),
            _("Visit a job center or employment program"),
            _("Apply to three jobs"),
            _("Practice for an interview"),
        ],
    ),
    GoalTemplate(
        "housing",
        _("Find stable housing"),
        _("A safe, steady place to live."),
        [_("List what I need in a home"), _("Contact a housing program"), _("Gather my documents"), _("Visit places")],
    ),
    GoalTemplate(
        "health",
        _("Take care of my health"),
        _("Health and medical care: check-ups, medication, dental, mental health."),
        [
            _("Find a doctor or clinic"),
            _("Book an appointment"),
            _("Write down my questions"),
            _("Go to the appointment"),
        ],
    ),
    GoalTemplate(
        "exercise",
        _("Move my body 3 times a week"),
        _("Exercise that I enjoy, for my mood and my sleep."),
        [_("Pick an activity I like"), _("Plan when in my week"), _("Do it for the first time")],
        ActivityKind.EXERCISE,
        3,
    ),
    GoalTemplate(
        "volunteering",
        _("Volunteer in my community"),
        _("Give back, meet people and build a routine."),
        [_("Find an organization that needs help"), _("Sign up"), _("Do my first shift")],
        ActivityKind.VOLUNTEERING,
        1,
    ),
]

TEMPLATES_BY_KEY = {t.key: t for t in GOAL_TEMPLATES}
