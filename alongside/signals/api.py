"""Early-warning signals over the API: a participant's signals (the people who support them)
and each program's signal settings (org admins)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from alongside.core.schema_types import BodySchema
from alongside.organizations.api_refs import PersonRef, ProgramRef, person_ref, require_viewer
from alongside.organizations.views_helpers import get_membership_or_404
from alongside.signals.models import EvaluationOrigin, SignalEvaluation
from alongside.signals.rules import ALERT_THRESHOLD_MAX, SignalCode
from alongside.signals.selectors import ProgramSignalSettings, participant_signals, signal_settings_for_admin
from alongside.signals.services import signal_settings_update

router = Router(tags=["signals"])


class SignalOut(Schema):
    code: SignalCode
    label: str
    weight: int = Field(description="Points this signal adds to the score")
    reason: str = Field(description="Why it was found, in plain words and the participant's own numbers")


class EvaluationOut(Schema):
    evaluated_on: dt.date = Field(description="The participant's local day evaluated")
    score: int = Field(description="The sum of the weights of the signals found")
    alert_threshold: int = Field(description="The program's alert threshold at the time")
    over_threshold: bool
    alerted: bool = Field(description="This evaluation raised (or joined) an alert")
    origin: EvaluationOrigin
    signals: list[SignalOut]


class ParticipantSignalsOut(Schema):
    participant: PersonRef
    alert_threshold: int = Field(description="The program's alert threshold now")
    enabled: list[SignalCode] = Field(description="The signals the program looks for now")
    latest: EvaluationOut | None = Field(description="The newest evaluation with anything found, last 30 days")
    history: list[EvaluationOut] = Field(description="Evaluations of the last 30 days, newest first")


class SignalSettingsOut(Schema):
    program: ProgramRef
    alert_threshold: int
    enabled: list[SignalCode]
    weights: dict[str, int] = Field(description="Signal code → points toward the score")
    thresholds: dict[str, float] = Field(description="Threshold name → value")
    customized: bool = Field(description="False while the program uses the defaults")
    updated_at: dt.datetime | None


class SignalSettingsIn(BodySchema):
    alert_threshold: int = Field(ge=1, le=ALERT_THRESHOLD_MAX)
    enabled: list[SignalCode] = Field(description="The signals to look for; the others are switched off")
    weights: dict[str, int] = Field(default_factory=dict, description="Signal code → points (0–10); missing: default")
    thresholds: dict[str, float] = Field(default_factory=dict, description="Threshold name → value; missing: default")


def _evaluation_out(evaluation: SignalEvaluation) -> EvaluationOut:
    return EvaluationOut(
        evaluated_on=evaluation.evaluated_on,
        score=evaluation.score,
        alert_threshold=evaluation.alert_threshold,
        over_threshold=evaluation.over_threshold,
        alerted=evaluation.alerted,
        origin=EvaluationOrigin(evaluation.origin),
        signals=[
            SignalOut(code=SignalCode(r.code), label=r.label, weight=r.weight, reason=r.reason)
            for r in evaluation.results()
        ],
    )


def _settings_out(current: ProgramSignalSettings) -> SignalSettingsOut:
    config = current.config
    return SignalSettingsOut(
        program=ProgramRef(id=current.program.pk, name=current.program.name),
        alert_threshold=config.alert_threshold,
        enabled=[SignalCode(code) for code in SignalCode.values if code in config.enabled],
        weights=dict(config.weights),
        thresholds=dict(config.thresholds),
        customized=current.settings is not None,
        updated_at=current.settings.updated_at if current.settings is not None else None,
    )


@router.get(
    "/participants/{participant_id}/signals",
    response=ParticipantSignalsOut,
    summary="A participant's early-warning signals with their reasons (their mentor and supervisor; audited)",
)
def participant_signals_api(request: HttpRequest, participant_id: int) -> ParticipantSignalsOut:
    viewer = require_viewer(request)
    found = participant_signals(viewer=viewer, participant=get_membership_or_404(participant_id))
    return ParticipantSignalsOut(
        participant=person_ref(found.participant),
        alert_threshold=found.config.alert_threshold,
        enabled=[SignalCode(code) for code in SignalCode.values if code in found.config.enabled],
        latest=_evaluation_out(found.latest) if found.latest is not None else None,
        history=[_evaluation_out(e) for e in found.history],
    )


@router.get(
    "/programs/{program_id}/signal-settings",
    response=SignalSettingsOut,
    summary="A program's early-warning signal settings (org admins)",
)
def signal_settings_get(request: HttpRequest, program_id: int) -> SignalSettingsOut:
    viewer = require_viewer(request)
    return _settings_out(signal_settings_for_admin(viewer=viewer, program_id=program_id))


@router.put(
    "/programs/{program_id}/signal-settings",
    response=SignalSettingsOut,
    summary="Replace a program's early-warning signal settings (org admins; left out: the default)",
)
def signal_settings_put(request: HttpRequest, program_id: int, payload: SignalSettingsIn) -> SignalSettingsOut:
    viewer = require_viewer(request)
    current = signal_settings_for_admin(viewer=viewer, program_id=program_id)
    signal_settings_update(
        viewer=viewer,
        program=current.program,
        alert_threshold=payload.alert_threshold,
        weights=payload.weights,
        thresholds=payload.thresholds,
        enabled=[code.value for code in payload.enabled],
    )
    return _settings_out(signal_settings_for_admin(viewer=viewer, program_id=program_id))
