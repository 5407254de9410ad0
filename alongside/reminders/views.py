from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.core.exceptions import DomainError
from alongside.core.localtime import zone_for
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, member_view
from alongside.reminders.forms import ReminderForm
from alongside.reminders.selectors import reminder_for
from alongside.reminders.services import reminder_update


@member_view
def settings(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """Choose a daily check-in reminder time (or none) and how it arrives."""
    current = reminder_for(viewer=viewer)
    initial = {
        "enabled": "on" if current.is_on else "off",
        "local_time": current.local_time,
        "channels": [name for name in ("in_app", "email") if getattr(current, name)],
    }
    form = ReminderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        channels = form.cleaned_data["channels"]
        try:
            reminder_update(
                participant=viewer,
                local_time=form.cleaned_data["local_time"] if form.cleaned_data["enabled"] else None,
                in_app="in_app" in channels,
                email="email" in channels,
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your reminder settings are saved."))
            return redirect("reminders:settings")
    context = {"form": form, "time_zone": zone_for(viewer).key}
    return render(request, "reminders/settings.html", context, status=400 if form.errors else 200)
