"""Alert pages for mentors and supervisors: the list, one alert with its history, and the
three answers (acknowledge, add a note, resolve with a closing note); the escalation settings
(a program's playbook and on-call rota); and the participant's crisis button. They work
without JavaScript."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.access import policy
from alongside.alerts.escalation import escalation_steps_for, on_call_now, scheduler_health
from alongside.alerts.forms import NoteForm, OnCallShiftForm, PlaybookForm, ResolveForm, StatusFilterForm
from alongside.alerts.models import Alert, AlertStatus
from alongside.alerts.selectors import (
    alert_counts_for_viewer,
    alert_for_response,
    alert_get,
    alerts_for_viewer,
    crisis_alert_for_participant,
    has_current_mentor,
    on_call_candidates,
    participant_phone_for_viewer,
    playbook_for_admin,
    program_for_rota,
    programs_for_escalation,
    rota_for_viewer,
    shift_for_rota,
)
from alongside.alerts.services import (
    alert_acknowledge,
    alert_note_add,
    alert_resolve,
    crisis_button_press,
    crisis_press_can_withdraw,
    crisis_press_withdraw,
    on_call_shift_add,
    on_call_shift_remove,
    playbook_update,
    program_local_datetime,
)
from alongside.core.exceptions import DomainError
from alongside.organizations.models import Membership, Program, Role
from alongside.organizations.views_helpers import form_errors_from, member_view


@member_view
def alert_list(request: HttpRequest, viewer: Membership) -> HttpResponse:
    filters = StatusFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    alerts = alerts_for_viewer(viewer=viewer, status=status or None)
    context = {
        "alerts": alerts,
        "counts": alert_counts_for_viewer(viewer=viewer),
        "filters": filters,
        "status": status,
        "status_label": AlertStatus(status).label if status else "",
    }
    return render(request, "alerts/list.html", context)


def _detail_page(
    request: HttpRequest,
    viewer: Membership,
    alert: Alert,
    resolve_form: ResolveForm | None = None,
    note_form: NoteForm | None = None,
) -> HttpResponse:
    context = {
        "alert": alert,
        "escalation_steps": escalation_steps_for(alert=alert),
        # Someone reached only by the escalation may answer the alert, not open the record.
        "can_open_record": policy.can(viewer, policy.PARTICIPANT_VIEW_AS_CARER, alert.participant),
        "phone": participant_phone_for_viewer(viewer=viewer, participant=alert.participant),
        "resolve_form": resolve_form or ResolveForm(prefix="resolve"),
        "note_form": note_form or NoteForm(prefix="note"),
    }
    invalid = (resolve_form is not None and resolve_form.errors) or (note_form is not None and note_form.errors)
    return render(request, "alerts/detail.html", context, status=400 if invalid else 200)


@member_view
def alert_detail(request: HttpRequest, viewer: Membership, alert_id: int) -> HttpResponse:
    return _detail_page(request, viewer, alert_get(viewer=viewer, alert_id=alert_id))


@require_POST
@member_view
def alert_acknowledge_view(request: HttpRequest, viewer: Membership, alert_id: int) -> HttpResponse:
    alert = alert_for_response(viewer=viewer, alert_id=alert_id)
    try:
        alert_acknowledge(viewer=viewer, alert=alert)
    except DomainError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("Acknowledged. Others can see you are on it."))
    return redirect("alerts:detail", alert.pk)


@require_POST
@member_view
def alert_resolve_view(request: HttpRequest, viewer: Membership, alert_id: int) -> HttpResponse:
    alert = alert_for_response(viewer=viewer, alert_id=alert_id)
    form = ResolveForm(request.POST, prefix="resolve")
    if form.is_valid():
        try:
            alert_resolve(viewer=viewer, alert=alert, note=form.cleaned_data["note"])
        except DomainError as exc:
            if "status" in exc.field_errors:  # resolved meanwhile (another tab, a colleague)
                messages.info(request, exc.message)
                return redirect("alerts:detail", alert.pk)
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Resolved. Thank you for following up."))
            return redirect("alerts:detail", alert.pk)
    return _detail_page(request, viewer, alert_get(viewer=viewer, alert_id=alert.pk), resolve_form=form)


@require_POST
@member_view
def alert_note_view(request: HttpRequest, viewer: Membership, alert_id: int) -> HttpResponse:
    alert = alert_for_response(viewer=viewer, alert_id=alert_id)
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            alert_note_add(viewer=viewer, alert=alert, text=form.cleaned_data["text"])
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your note is added."))
            return redirect("alerts:detail", alert.pk)
    return _detail_page(request, viewer, alert_get(viewer=viewer, alert_id=alert.pk), note_form=form)


# --- Escalation settings ---


@member_view
def escalation_overview(request: HttpRequest, viewer: Membership) -> HttpResponse:
    programs = programs_for_escalation(viewer=viewer)
    context = {
        "programs": [(program, on_call_now(program=program)) for program in programs],
        "health": scheduler_health(),
        "can_edit_playbooks": policy.can(viewer, policy.ORG_MANAGE_ESCALATION, viewer.organization),
    }
    return render(request, "alerts/escalation.html", context)


@member_view
def playbook_edit(request: HttpRequest, viewer: Membership, program_id: int) -> HttpResponse:
    program, playbook = playbook_for_admin(viewer=viewer, program_id=program_id)
    form = PlaybookForm(request.POST or None, playbook=playbook)
    if request.method == "POST" and form.is_valid():
        try:
            playbook_update(viewer=viewer, program=program, steps=form.steps(), ack_minutes=form.ack_minutes())
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The escalation playbook is saved."))
            return redirect("alerts:playbook", program.pk)
    status = 400 if form.errors else 200
    return render(request, "alerts/playbook.html", {"program": program, "form": form}, status=status)


@member_view
def rota(request: HttpRequest, viewer: Membership, program_id: int) -> HttpResponse:
    can_manage = policy.can(viewer, policy.ORG_MANAGE_ON_CALL, viewer.organization)
    form = None
    if request.method == "POST":
        program = program_for_rota(viewer=viewer, program_id=program_id, manage=True)
        form = OnCallShiftForm(request.POST, people=on_call_candidates(viewer=viewer))
        if form.is_valid() and _add_shift(viewer, program, form):
            messages.success(request, _("The shift is on the rota."))
            return redirect("alerts:rota", program.pk)
    elif can_manage:
        form = OnCallShiftForm(people=on_call_candidates(viewer=viewer))
    context = {"rota": rota_for_viewer(viewer=viewer, program_id=program_id), "form": form, "can_manage": can_manage}
    return render(request, "alerts/rota.html", context, status=400 if form is not None and form.errors else 200)


def _add_shift(viewer: Membership, program: Program, form: OnCallShiftForm) -> bool:
    data = form.cleaned_data
    try:
        starts_at = program_local_datetime(
            program=program, day=data["starts_on"], time=data["starts_time"], field="starts_time"
        )
        ends_at = program_local_datetime(
            program=program, day=data["ends_on"], time=data["ends_time"], field="ends_time"
        )
        on_call_shift_add(
            viewer=viewer,
            program=program,
            person=data["person"],
            starts_at=starts_at,
            ends_at=ends_at,
            repeat_weeks=data["repeat_weeks"],
            client_id=data["client_id"],
        )
    except DomainError as exc:
        form_errors_from(exc, form)
        return False
    return True


@require_POST
@member_view
def rota_shift_remove(request: HttpRequest, viewer: Membership, program_id: int, shift_id: int) -> HttpResponse:
    shift = shift_for_rota(viewer=viewer, program_id=program_id, shift_id=shift_id)
    on_call_shift_remove(viewer=viewer, shift=shift)
    messages.success(request, _("The shift is off the rota."))
    return redirect("alerts:rota", program_id)


# --- The crisis button ---


@require_http_methods(["GET", "HEAD", "POST"])
@member_view
def crisis_alert(request: HttpRequest, viewer: Membership) -> HttpResponse:
    if request.method != "POST":
        # A press made while logged out comes back here as a GET after login: show the button
        # and the crisis lines again rather than a blank "method not allowed".
        if viewer.role == Role.PARTICIPANT:
            return redirect("alerts:crisis_alerted")
        return redirect("crisis:help")
    try:
        client_id: uuid.UUID | None = uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        client_id = None  # still alert: a missing key must never stop a cry for help
    already = crisis_alert_for_participant(viewer=viewer)
    alert = crisis_button_press(participant=viewer, client_id=client_id)
    again = already is not None and already.pk == alert.pk
    # The fragment brings the confirmation into view even without JavaScript.
    return redirect(reverse("alerts:crisis_alerted") + ("?again=1" if again else "") + "#crisis-sent-title")


@member_view
def crisis_alerted(request: HttpRequest, viewer: Membership) -> HttpResponse:
    alert = crisis_alert_for_participant(viewer=viewer)
    context = {
        "alert": alert,
        "has_mentor": has_current_mentor(participant=viewer),
        "again": alert is not None and request.GET.get("again") == "1",
        "withdrawn": alert is None and request.GET.get("withdrawn") == "1",
        "can_withdraw": crisis_press_can_withdraw(alert=alert),
        "mistake_minutes": settings.CRISIS_MISTAKE_MINUTES,
    }
    return render(request, "alerts/crisis_alerted.html", context)


@require_POST
@member_view
def crisis_mistake(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """ "I pressed it by mistake": tells whoever was reached and stops the escalation."""
    try:
        crisis_press_withdraw(participant=viewer)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("alerts:crisis_alerted") + "#crisis-sent-title")
    return redirect(reverse("alerts:crisis_alerted") + "?withdrawn=1#crisis-sent-title")
