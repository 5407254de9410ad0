"""The caseload state: one row per participant, what the mentor's "today" and the supervisor's
team pages read instead of re-deriving everything from history on each view.

Kept up to date as things happen: every write that changes what the row is computed from marks it
stale (``dirty_since``) in the same transaction as the write (``caseload.state.mark_stale``), and
the worker recomputes stale rows from history with the one risk engine (``signals.needs``). A
row is also recomputed once its day is over (``valid_until``, the participant's next local
midnight): "no contact for 8 days" becomes 9 without anything being written.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseloadState(models.Model):
    participant = models.OneToOneField(
        "organizations.Membership", on_delete=models.CASCADE, primary_key=True, related_name="caseload_state"
    )
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    # The mentor of their active match when computed (None: not matched).
    mentor = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by every write that changes an input; cleared by the recompute that read it.
    dirty_since = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)  # None: never computed yet
    computed_for = models.DateField(null=True, blank=True)  # the participant's local day it was computed for
    valid_until = models.DateTimeField(null=True, blank=True)  # the end of that day: recomputed after it
    # Their latest check-in.
    latest_checkin_on = models.DateField(null=True, blank=True)
    latest_mood = models.PositiveSmallIntegerField(null=True, blank=True)
    latest_craving = models.PositiveSmallIntegerField(null=True, blank=True)
    # The signals' last evaluation (codes and numbers, with the program's weights) and its score.
    signals = models.JSONField(default=list, blank=True)
    signal_score = models.PositiveSmallIntegerField(default=0)
    # Every reason but the alerts' ([{"code", "weight", "params"}], heaviest first) and their weights' sum.
    reasons = models.JSONField(default=list, blank=True)
    score = models.PositiveIntegerField(default=0)
    last_contact_on = models.DateField(null=True, blank=True)
    cared_for_since = models.DateField(null=True, blank=True)  # the local day their current match began
    days_without_contact = models.IntegerField(null=True, blank=True)  # negative: a contact dated after their today
    # Alerts not yet resolved (a crisis is also read live by the pages: never missed when this is behind).
    open_alerts = models.PositiveIntegerField(default=0)
    acknowledged_alerts = models.PositiveIntegerField(default=0)
    crisis_open = models.PositiveIntegerField(default=0)
    crisis_acknowledged = models.PositiveIntegerField(default=0)
    crisis_since = models.DateTimeField(null=True, blank=True)
    alerts_by_kind = models.JSONField(default=dict, blank=True)  # kind → open or acknowledged
    highest_severity = models.CharField(max_length=16, blank=True)
    unread_messages = models.PositiveIntegerField(default=0)  # messages their mentor has not read
    overdue_steps = models.PositiveIntegerField(default=0)
    next_step_id = models.BigIntegerField(null=True, blank=True)
    next_step_on = models.DateField(null=True, blank=True)
    next_milestone_key = models.CharField(max_length=8, blank=True)
    next_milestone_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("caseload state")
        indexes = [
            models.Index(fields=["organization", "mentor"], name="caseload_org_mentor"),
            models.Index(fields=["dirty_since"], name="caseload_dirty", condition=models.Q(dirty_since__isnull=False)),
            models.Index(fields=["valid_until"], name="caseload_valid_until"),
        ]

    def __str__(self) -> str:
        return f"Caseload state {self.pk}"
