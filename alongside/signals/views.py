"""Early-warning signal pages: a participant's signals for the people who support them, and
each program's settings for its admins. They work without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.core.exceptions import DomainError
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view
from alongside.signals.forms import SignalSettingsForm
from alongside.signals.rules import DESCRIPTIONS, SignalCode
from alongside.signals.selectors import (
    HISTORY_DAYS,
    participant_signals,
    signal_settings_for_admin,
    signal_settings_overview,
)
from alongside.signals.services import signal_settings_update


@member_view
def participant(request: HttpRequest, viewer: Membership, participant_id: int) -> HttpResponse:
    found = participant_signals(viewer=viewer, participant=get_membership_or_404(participant_id))
    context = {
        "found": found,
        "participant": found.participant,
        "history_days": HISTORY_DAYS,
        "descriptions": [
            (label, DESCRIPTIONS[code]) for code, label in SignalCode.choices if code in found.config.enabled
        ],
    }
    return render(request, "signals/participant.html", context)


@member_view
def settings_index(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return render(request, "signals/settings_index.html", {"programs": signal_settings_overview(viewer=viewer)})


@member_view
def settings(request: HttpRequest, viewer: Membership, program_id: int) -> HttpResponse:
    current = signal_settings_for_admin(viewer=viewer, program_id=program_id)
    form = SignalSettingsForm(request.POST or None, config=current.config)
    if request.method == "POST" and form.is_valid():
        try:
            signal_settings_update(viewer=viewer, program=current.program, **form.settings_input())
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(
                request, _("Saved. The new settings apply from the next check-in and the next nightly review.")
            )
            return redirect("signals:settings", current.program.pk)
    context = {"current": current, "program": current.program, "form": form}
    return render(request, "signals/settings.html", context, status=400 if form.errors else 200)
