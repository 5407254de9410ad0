from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.core.exceptions import DomainError
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view
from alongside.recovery.forms import RecoveryStartForm, SetbackForm
from alongside.recovery.selectors import start_for_owner, timeline_for
from alongside.recovery.services import (
    recovery_start_create,
    recovery_start_delete,
    recovery_start_update,
    setback_record,
)


@member_view
def timeline(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The participant's own timeline: days, stretches, milestones, setbacks with their notes."""
    return render(request, "recovery/timeline.html", {"timeline": timeline_for(viewer=viewer, participant=viewer)})


@member_view
def participant_timeline(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    participant = get_membership_or_404(membership_id)
    return render(request, "recovery/timeline.html", {"timeline": timeline_for(viewer=viewer, participant=participant)})


def _start_form_page(request: HttpRequest, form: RecoveryStartForm, start: object = None) -> HttpResponse:
    return render(
        request, "recovery/start_form.html", {"form": form, "start": start}, status=400 if form.errors else 200
    )


@member_view
def start_add(request: HttpRequest, viewer: Membership) -> HttpResponse:
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, viewer)  # staff have no timeline of their own
    form = RecoveryStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recovery_start_create(participant=viewer, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your start date is saved."))
            return redirect("recovery:timeline")
    return _start_form_page(request, form)


@member_view
def start_edit(request: HttpRequest, viewer: Membership, start_id: int) -> HttpResponse:
    start = start_for_owner(viewer=viewer, start_id=start_id)
    initial = {k: getattr(start, k) for k in ("pathway", "substance", "started_on", "count_from")}
    form = RecoveryStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            recovery_start_update(participant=viewer, start=start, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your timeline is updated."))
            return redirect("recovery:timeline")
    return _start_form_page(request, form, start)


@member_view
def start_delete(request: HttpRequest, viewer: Membership, start_id: int) -> HttpResponse:
    start = start_for_owner(viewer=viewer, start_id=start_id)
    if request.method == "POST":
        recovery_start_delete(participant=viewer, start=start)
        messages.success(request, _("That start date has been removed."))
        return redirect("recovery:timeline")
    return render(request, "recovery/start_delete.html", {"start": start})


@member_view
def setback_add(request: HttpRequest, viewer: Membership, start_id: int) -> HttpResponse:
    start = start_for_owner(viewer=viewer, start_id=start_id)
    form = SetbackForm(
        request.POST or None, initial={"occurred_on": local_today(viewer), "count_from": start.count_from}
    )
    if request.method == "POST" and form.is_valid():
        try:
            setback_record(participant=viewer, start=start, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Thank you for writing it down. Your days still count."))
            return redirect("recovery:timeline")
    return render(
        request, "recovery/setback_form.html", {"form": form, "start": start}, status=400 if form.errors else 200
    )
