from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.access.models import ParticipantOwned
from alongside.core.crypto import EncryptedTextField

TITLE_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 2000
STEP_TITLE_MAX_LENGTH = 200
MAX_STEPS = 12
WEEKLY_TARGET_MAX = 50


class GoalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    SET_ASIDE = "set_aside", _("Set aside")


class ActivityKind(models.TextChoices):
    """The activity log's kinds (the coping app), named here so goals need not import it."""

    EXERCISE = "exercise", _("Exercise")
    VOLUNTEERING = "volunteering", _("Volunteering")
    MINDFULNESS = "mindfulness", _("Mindfulness")
    MEETING = "meeting", _("Meeting attended")
    SERVICE = "service", _("Service")


class GoalEventKind(models.TextChoices):
    CREATED = "created", _("Created")
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    EDITED = "edited", _("Edited")
    STEP_DONE = "step_done", _("Step done")
    STEP_UNDONE = "step_undone", _("Step not done yet")
    ACHIEVED = "achieved", _("Achieved")
    SET_ASIDE = "set_aside", _("Set aside")


class Goal(ParticipantOwned):
    """A participant's goal, made by them or proposed by their mentor and accepted by them."""

    participant = models.ForeignKey("organizations.Membership", on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = EncryptedTextField(blank=True)
    template_key = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    target_date = models.DateField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts_activity = models.CharField(max_length=16, choices=ActivityKind.choices, blank=True)
    weekly_target = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(WEEKLY_TARGET_MAX)]
    )
    updated_at = models.DateTimeField(default=timezone.now)
    achieved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["participant", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def progress_percent(self) -> int:
        """Share of steps done (0–100); a goal without steps is 100 once achieved, else 0."""
        steps = list(self.steps.all())
        if not steps:
            return 100 if self.status == GoalStatus.ACHIEVED else 0
        return round(100 * sum(1 for s in steps if s.is_done) / len(steps))


class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=STEP_TITLE_MAX_LENGTH)
    target_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class GoalEvent(models.Model):
    """The goal's history: one row for every change, never edited or deleted."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=GoalEventKind.choices)
    actor = models.ForeignKey("organizations.Membership", null=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"
