"""Early-warning signals: each program's settings, and what was found for each participant."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.signals.rules import (
    DEFAULT_ALERT_THRESHOLD,
    DEFAULT_WEIGHTS,
    THRESHOLDS,
    SignalCode,
    SignalConfig,
    SignalResult,
    reason_for,
)


class SignalSettings(models.Model):
    """A program's weights, thresholds and alert threshold. Without a row the defaults in code
    apply; a key missing from ``weights`` or ``thresholds`` takes its default too. Signals are
    stored as the ones turned OFF, so a signal added in a later version starts switched on."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    program = models.OneToOneField("organizations.Program", on_delete=models.CASCADE, related_name="signal_settings")
    alert_threshold = models.PositiveSmallIntegerField(default=DEFAULT_ALERT_THRESHOLD)
    weights = models.JSONField(default=dict, blank=True)  # code → points
    thresholds = models.JSONField(default=dict, blank=True)  # threshold key → value
    disabled = models.JSONField(default=list, blank=True)  # codes turned off
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        "organizations.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "signal settings"

    def __str__(self) -> str:
        return f"Signal settings {self.pk}"

    def config(self) -> SignalConfig:
        weights = {code: int(self.weights.get(code, default)) for code, default in DEFAULT_WEIGHTS.items()}
        thresholds = {spec.key: float(self.thresholds.get(spec.key, spec.default)) for spec in THRESHOLDS}
        enabled = frozenset(code for code in SignalCode.values if code not in self.disabled)
        return SignalConfig(
            weights=weights, thresholds=thresholds, enabled=enabled, alert_threshold=self.alert_threshold
        )


class EvaluationOrigin(models.TextChoices):
    CHECKIN = "checkin", _("A check-in")
    SWEEP = "sweep", _("The nightly review")


class SignalEvaluation(models.Model):
    """The signals found for one participant on one day (their own local day), with the score
    and the reasons, so the people who support them can see why. One row per participant and
    day: a later evaluation of the same day (an edited check-in, the nightly sweep) replaces
    it. Days on which nothing was found keep no row."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "organizations.Membership", on_delete=models.CASCADE, related_name="signal_evaluations"
    )
    evaluated_on = models.DateField()
    score = models.PositiveSmallIntegerField()
    alert_threshold = models.PositiveSmallIntegerField()  # the program's threshold at the time
    # [{"code", "weight", "params"}], heaviest first: the numbers behind each signal, put into
    # words in the reader's language when read (rows from before kept a "reason" too: the fallback).
    signals = models.JSONField(default=list)
    origin = models.CharField(max_length=8, choices=EvaluationOrigin.choices)
    alerted = models.BooleanField(default=False)  # this evaluation raised (or joined) an alert
    evaluated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-evaluated_on"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "evaluated_on"], name="one_signal_evaluation_per_day"),
        ]

    def __str__(self) -> str:
        return f"Signal evaluation {self.evaluated_on}"

    @property
    def over_threshold(self) -> bool:
        return self.score >= self.alert_threshold

    def results(self) -> list[SignalResult]:
        """The signals found, each with its reason in the reader's language."""
        found = []
        for item in self.signals:
            params: dict[str, Any] = item.get("params") or {}
            reason = reason_for(item["code"], params, fallback=item.get("reason", ""))
            found.append(SignalResult(code=item["code"], weight=int(item["weight"]), reason=reason, params=params))
        return found


class SignalSweepRun(models.Model):
    """The nightly sweep of one scope (a program, or the participants without one) for one of
    its local days: makes the sweep run once a night, and lets it resume where it stopped."""

    scope = models.CharField(max_length=32)  # "program:<id>" or "no-program"
    run_on = models.DateField()  # the scope's local date when the sweep started
    cursor = models.BigIntegerField(default=0)  # the last participant id done
    counts = models.JSONField(default=dict)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "run_on"], name="one_signal_sweep_per_scope_day")]

    def __str__(self) -> str:
        return f"Signal sweep {self.scope} {self.run_on}"
