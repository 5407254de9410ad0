"""A participant's caseload state (what the worker computed for the "today" and team pages):
read like the participant's sensitive record, by their matched mentor and that mentor's
supervisor (and the participant themself, whose record it is)."""

from __future__ import annotations

from alongside.access import policy
from alongside.caseload.models import CaseloadState

policy.record_rule(CaseloadState)
