"""Early-warning signal evaluations: read like the participant's sensitive record."""

from __future__ import annotations

from alongside.access import policy
from alongside.signals.models import SignalEvaluation

policy.record_rule(SignalEvaluation)
