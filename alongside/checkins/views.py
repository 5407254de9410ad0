from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.checkins.forms import CheckInForm
from alongside.checkins.models import BACKFILL_DAYS
from alongside.checkins.selectors import (
    checkin_days_taken,
    checkin_for_today,
    checkins_for_participant,
    trigger_choices,
)
from alongside.checkins.services import checkin_record
from alongside.core.exceptions import DomainError
from alongside.core.localtime import local_today
from alongside.crisis_language.support import (
    crisis_support_for,
    needs_crisis_support,
    overdose_in_progress,
    remember_crisis_support,
)
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view


def _initial_from(checkin) -> dict[str, object]:  # type: ignore[no-untyped-def]  # takes a CheckIn or None; typed by the caller's form
    if checkin is None:
        return {}
    used = {True: "yes", False: "no"}.get(checkin.used, "skip")
    return {
        "mood": checkin.mood,
        "craving": checkin.craving,
        "sleep_quality": checkin.sleep_quality,
        "halt": checkin.halt,
        "triggers": checkin.triggers,
        "coping": checkin.coping,
        "used": used,
        "substance": checkin.substance,
        "amount": checkin.amount,
        "note": checkin.note,
        "wants_outreach": checkin.wants_outreach,
    }


@member_view
def checkin(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The daily check-in: one short form, works without JavaScript, safe to submit twice."""
    today = local_today(viewer)
    existing = checkin_for_today(participant=viewer)
    taken = checkin_days_taken(participant=viewer, since=today - dt.timedelta(days=BACKFILL_DAYS))
    form = CheckInForm(
        request.POST or None,
        today=today,
        trigger_choices=trigger_choices(participant=viewer),
        taken_days=taken,
        initial=_initial_from(existing),
    )
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        try:
            record, created = checkin_record(participant=viewer, data=data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Thank you for checking in.") if created else _("Your check-in is saved."))
            if record.wants_outreach:
                messages.info(request, _("Your mentor has been asked to reach out."))
            if needs_crisis_support(record.note, participant=viewer, already_found=record.crisis_found):
                remember_crisis_support(request, overdose=overdose_in_progress(record.note, participant=viewer))
            return redirect("checkins:history")
    from alongside.goals.selectors import open_steps_for_today

    context = {
        "form": form,
        "existing": existing,
        "taken_days": sorted((d for d in taken if d != today), reverse=True),
        "today_steps": open_steps_for_today(participant=viewer),
    }
    response = render(request, "checkins/checkin.html", context, status=400 if form.errors else 200)
    if not form.is_bound:
        # Kept on the participant's phone so they can check in offline (cleared at logout).
        response["Cache-Control"] = "private, no-cache"
    return response


@member_view
def history(request: HttpRequest, viewer: Membership) -> HttpResponse:
    checkins = checkins_for_participant(viewer=viewer, participant=viewer, days=30)
    context = {
        "checkins": checkins,
        "participant": viewer,
        "own": True,
        "crisis_support": crisis_support_for(request, viewer),
    }
    return render(request, "checkins/history.html", context)


@member_view
def participant_history(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    participant = get_membership_or_404(membership_id)
    checkins = checkins_for_participant(viewer=viewer, participant=participant, days=30)
    return render(request, "checkins/history.html", {"checkins": checkins, "participant": participant, "own": False})
