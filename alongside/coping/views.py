from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.coping.forms import ActivityForm, StrategyForm
from alongside.coping.selectors import activities_for, strategies_for, toolkit_for, weekly_counts
from alongside.coping.services import activity_delete as delete_activity
from alongside.coping.services import activity_log, strategy_add, strategy_remove
from alongside.coping.services import strategy_move as move_strategy
from alongside.core.exceptions import DomainError
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view

URGE_SURFING_MINUTES = (5, 10, 15)


@member_view
def toolbox(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return render(request, "coping/toolbox.html")


@member_view
def breathing(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return render(request, "coping/breathing.html")


def _grounding_steps() -> list[dict[str, object]]:
    senses = [
        (
            5,
            _("5 things you can see"),
            _("Look around. Name five things you can see, big or small."),
            _("Thing %(i)s you can see"),
        ),
        (
            4,
            _("4 things you can touch"),
            _("Notice four things you can feel: your feet on the floor, your clothes, a table."),
            _("Thing %(i)s you can touch"),
        ),
        (3, _("3 things you can hear"), _("Listen. Name three sounds, near or far."), _("Sound %(i)s you can hear")),
        (
            2,
            _("2 things you can smell"),
            _("Notice two smells. If you cannot smell anything, name two smells you like."),
            _("Smell %(i)s"),
        ),
        (
            1,
            _("1 thing you can taste"),
            _("Notice one taste in your mouth, or take a sip of water."),
            _("Something you can taste"),
        ),
    ]
    return [
        {"n": n, "title": title, "hint": hint, "inputs": [(i, label % {"i": i}) for i in range(1, n + 1)]}
        for n, title, hint, label in senses
    ]


@member_view
def grounding(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return render(request, "coping/grounding.html", {"steps": _grounding_steps()})


@member_view
def urge_surfing(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return render(request, "coping/urge_surfing.html", {"durations": URGE_SURFING_MINUTES})


@member_view
def strategies(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The participant's own list of what helps: add here; remove and reorder by small POSTs."""
    own = strategies_for(viewer=viewer, participant=viewer)
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            strategy_add(participant=viewer, text=form.cleaned_data["text"])
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Added to your coping list."))
            return redirect("coping:strategies")
    return render(
        request, "coping/strategies.html", {"form": form, "strategies": own}, status=400 if form.errors else 200
    )


@require_POST
@member_view
def strategy_delete(request: HttpRequest, viewer: Membership, strategy_id: int) -> HttpResponse:
    strategy_remove(participant=viewer, strategy_id=strategy_id)
    messages.success(request, _("Removed from your coping list."))
    return redirect("coping:strategies")


@require_POST
@member_view
def strategy_move(request: HttpRequest, viewer: Membership, strategy_id: int) -> HttpResponse:
    try:
        move_strategy(participant=viewer, strategy_id=strategy_id, direction=request.POST.get("direction", ""))
    except DomainError as exc:
        if exc.status != 422:
            raise
        messages.error(request, exc.message)
        return redirect("coping:strategies")
    return redirect("coping:strategies")


@member_view
def activities(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """Log an activity and see the last 30 days, with this week's count per kind."""
    recent = activities_for(viewer=viewer, participant=viewer)
    form = ActivityForm(request.POST or None, today=local_today(viewer))
    if request.method == "POST" and form.is_valid():
        try:
            _activity, created = activity_log(participant=viewer, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(
                request, _("Activity logged. Well done.") if created else _("That activity is already logged.")
            )
            return redirect("coping:activities")
    context = {"form": form, "activities": recent, "week": weekly_counts(viewer=viewer, participant=viewer)}
    return render(request, "coping/activities.html", context, status=400 if form.errors else 200)


@require_POST
@member_view
def activity_delete(request: HttpRequest, viewer: Membership, activity_id: int) -> HttpResponse:
    delete_activity(participant=viewer, activity_id=activity_id)
    messages.success(request, _("Activity removed."))
    return redirect("coping:activities")


@member_view
def participant_toolkit(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    toolkit = toolkit_for(viewer=viewer, participant=get_membership_or_404(membership_id))
    return render(request, "coping/participant_toolkit.html", {"toolkit": toolkit})
