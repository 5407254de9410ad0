"""Alerts over the API: for the participant's matched mentor and that mentor's supervisor."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from alongside.alerts.escalation import escalation_steps_for
from alongside.alerts.models import (
    Alert,
    AlertEvent,
    AlertEventKind,
    AlertKind,
    AlertSeverity,
    AlertStatus,
    PlaybookStep,
)
from alongside.alerts.schemas import NoteIn, ResolveIn
from alongside.alerts.selectors import alert_for_response, alert_get, alerts_for_viewer, has_current_mentor
from alongside.alerts.services import (
    alert_acknowledge,
    alert_note_add,
    alert_resolve,
    crisis_button_press,
    crisis_press_withdraw,
)
from alongside.core.edge import idempotent
from alongside.core.schema_types import InputSchema
from alongside.crisis.selectors import in_danger_sentence
from alongside.organizations.api_refs import PersonRef, person_ref, require_viewer
from alongside.organizations.models import Membership

router = Router(tags=["alerts"])


class AlertOut(Schema):
    id: int
    participant: PersonRef
    kind: AlertKind
    severity: AlertSeverity = Field(description="Sets the acknowledgement timer: crisis, high or normal")
    status: AlertStatus
    reason: str = Field(description="The plain-language reason; never private journal text")
    source: str = Field(description='What raised it, e.g. "checkin:123" (may be empty)')
    raised_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by: PersonRef | None
    resolved_at: dt.datetime | None
    resolved_by: PersonRef | None
    resolution_note: str
    escalation_due_at: dt.datetime | None = Field(
        description="When the alert passes to the next person unless acknowledged (null once acknowledged)"
    )


class AlertEventOut(Schema):
    kind: AlertEventKind
    actor: PersonRef | None
    text: str
    occurred_at: dt.datetime


class EscalationStepOut(Schema):
    index: int = Field(description="Position in the program's escalation playbook (1 = first step)")
    step: PlaybookStep
    recipient: PersonRef
    notified_at: dt.datetime
    due_at: dt.datetime
    delivery_failed_at: dt.datetime | None = Field(description="Every outside channel failed for this person")


class AlertDetailOut(AlertOut):
    events: list[AlertEventOut]
    escalation: list[EscalationStepOut] = Field(description="Who has been told, in order")


class HelpLine(Schema):
    name: str
    how: str
    href: str


class CrisisAlertOut(Schema):
    alert_id: int
    status: AlertStatus
    raised_at: dt.datetime
    has_mentor: bool = Field(description="False when no mentor is matched: the support team was told instead")
    message: str
    help_now: list[HelpLine]


class AlertFilter(InputSchema):
    status: AlertStatus | None = Field(None, description="Only alerts with this status (default: all, open first)")


def _alert_out(alert: Alert) -> AlertOut:
    return AlertOut(
        id=alert.pk,
        participant=person_ref(alert.participant),
        kind=AlertKind(alert.kind),
        status=AlertStatus(alert.status),
        reason=alert.reason,
        source=alert.source,
        raised_at=alert.raised_at,
        acknowledged_at=alert.acknowledged_at,
        acknowledged_by=person_ref(alert.acknowledged_by) if alert.acknowledged_by else None,
        resolved_at=alert.resolved_at,
        resolved_by=person_ref(alert.resolved_by) if alert.resolved_by else None,
        resolution_note=alert.resolution_note,
        escalation_due_at=alert.escalation_due_at if alert.status == AlertStatus.OPEN else None,
        severity=AlertSeverity(alert.severity),
    )


def _event_out(event: AlertEvent) -> AlertEventOut:
    return AlertEventOut(
        kind=AlertEventKind(event.kind),
        actor=person_ref(event.actor) if event.actor else None,
        text=event.text,
        occurred_at=event.occurred_at,
    )


@router.get("/alerts", response=list[AlertOut], summary="Alerts for the people I support, open first (audited)")
def alert_list(request: HttpRequest, filters: Query[AlertFilter]) -> list[AlertOut]:
    viewer = require_viewer(request)
    status = filters.status.value if filters.status else None
    return [_alert_out(a) for a in alerts_for_viewer(viewer=viewer, status=status)]


@router.get(
    "/alerts/{alert_id}",
    response=AlertDetailOut,
    summary="An alert with its history (the participant's matched mentor and their supervisor; audited)",
)
def alert_detail(request: HttpRequest, alert_id: int) -> AlertDetailOut:
    viewer = require_viewer(request)
    alert = alert_get(viewer=viewer, alert_id=alert_id)
    return AlertDetailOut(
        **_alert_out(alert).model_dump(),
        events=[_event_out(e) for e in alert.events.all()],
        escalation=[
            EscalationStepOut(
                index=step.index,
                step=PlaybookStep(step.step),
                recipient=person_ref(step.recipient),
                notified_at=step.notified_at,
                due_at=step.due_at,
                delivery_failed_at=step.delivery_failed_at,
            )
            for step in escalation_steps_for(alert=alert)
        ],
    )


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response=AlertOut,
    summary="Acknowledge an open alert: I'm on it (the matched mentor or their supervisor)",
)
def alert_acknowledge_api(request: HttpRequest, alert_id: int) -> AlertOut:
    viewer = require_viewer(request)
    alert = alert_for_response(viewer=viewer, alert_id=alert_id)
    return _alert_out(alert_acknowledge(viewer=viewer, alert=alert))


@router.post(
    "/alerts/{alert_id}/resolve",
    response=AlertOut,
    summary="Resolve an open or acknowledged alert with a closing note (the matched mentor or their supervisor)",
)
def alert_resolve_api(request: HttpRequest, alert_id: int, payload: ResolveIn) -> AlertOut:
    viewer = require_viewer(request)
    alert = alert_for_response(viewer=viewer, alert_id=alert_id)
    return _alert_out(alert_resolve(viewer=viewer, alert=alert, note=payload.note))


@router.post(
    "/alerts/{alert_id}/notes",
    response={201: AlertEventOut},
    summary="Add a note to an alert's history (the matched mentor or their supervisor; idempotent)",
)
@idempotent
def alert_note_api(request: HttpRequest, alert_id: int, payload: NoteIn) -> AlertEventOut:
    viewer = require_viewer(request)
    alert = alert_for_response(viewer=viewer, alert_id=alert_id)
    return _event_out(alert_note_add(viewer=viewer, alert=alert, text=payload.text))


def _help_now(viewer: Membership) -> list[HelpLine]:
    from alongside.crisis.selectors import crisis_lines_for_viewer

    return [
        HelpLine(name=line.name, how=line.how, href=line.tel_href or line.sms_href or line.chat_url)
        for line in crisis_lines_for_viewer(viewer)
    ]


@router.post(
    "/crisis/alert",
    response={201: CrisisAlertOut},
    summary="Alert my mentor now: the crisis button (the participant; idempotent)",
    tags=["crisis"],
)
@idempotent
def crisis_alert_api(request: HttpRequest) -> CrisisAlertOut:
    # No body: one tap says all there is to say.
    viewer = require_viewer(request)
    alert = crisis_button_press(participant=viewer)
    has_mentor = has_current_mentor(participant=viewer)
    told = _("Your mentor has been alerted.") if has_mentor else _("Your support team has been alerted.")
    return CrisisAlertOut(
        alert_id=alert.pk,
        status=AlertStatus(alert.status),
        raised_at=alert.raised_at,
        has_mentor=has_mentor,
        message=f"{told} {in_danger_sentence(viewer)}",
        help_now=_help_now(viewer),
    )


@router.post(
    "/crisis/alert/mistake",
    response=CrisisAlertOut,
    summary="I pressed it by mistake: take back my crisis alert within minutes of pressing (the participant)",
    description=(
        "Whoever the alert reached is told at once and the escalation stops; the alert keeps its whole history. "
        "422 once the time to take it back has passed (CRISIS_MISTAKE_MINUTES), 404 when there is no open alert."
    ),
    tags=["crisis"],
)
def crisis_mistake_api(request: HttpRequest) -> CrisisAlertOut:
    viewer = require_viewer(request)
    alert = crisis_press_withdraw(participant=viewer)
    return CrisisAlertOut(
        alert_id=alert.pk,
        status=AlertStatus(alert.status),
        raised_at=alert.raised_at,
        has_mentor=has_current_mentor(participant=viewer),
        message=_(
            "Thank you for letting us know. We told your mentor it was a mistake, and no one else will be alerted."
        ),
        help_now=_help_now(viewer),
    )
