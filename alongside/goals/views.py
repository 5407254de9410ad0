from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.access import policy
from alongside.core.exceptions import DomainError
from alongside.goals.catalogue import GOAL_TEMPLATES, TEMPLATES_BY_KEY
from alongside.goals.forms import GoalForm
from alongside.goals.models import Goal, GoalStatus
from alongside.goals.selectors import (
    authorize_goal_proposal,
    goal_for_owner,
    goal_for_viewer,
    goals_for_participant,
    may_propose_goal,
    step_for_owner,
)
from alongside.goals.services import goal_accept, goal_create, goal_decline, goal_propose, goal_update, step_toggle
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, get_membership_or_404, member_view


def _grouped(goals: list[Goal]) -> list[tuple[str, list[Goal]]]:
    return [(str(label), [g for g in goals if g.status == value]) for value, label in GoalStatus.choices]


def _list_page(request: HttpRequest, viewer: Membership, participant: Membership) -> HttpResponse:
    goals = list(goals_for_participant(viewer=viewer, participant=participant))
    return render(
        request,
        "goals/list.html",
        {
            "participant": participant,
            "own": viewer.pk == participant.pk,
            "groups": _grouped(goals),
            "any_goals": bool(goals),
            "may_propose": may_propose_goal(viewer=viewer, participant=participant),
        },
    )


@member_view
def goal_list(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return _list_page(request, viewer, viewer)


@member_view
def participant_goals(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    return _list_page(request, viewer, get_membership_or_404(membership_id))


def _form_page(request: HttpRequest, form: GoalForm, **context: object) -> HttpResponse:
    return render(request, "goals/form.html", {"form": form, **context}, status=400 if form.errors else 200)


@member_view
def goal_new(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """A template picker (plain links) above the goal form, prefilled from the chosen template."""
    policy.authorize(viewer, policy.PARTICIPANT_MANAGE_OWN, viewer)
    template = TEMPLATES_BY_KEY.get(request.POST.get("template_key") or request.GET.get("template") or "")
    form = GoalForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            goal = goal_create(participant=viewer, data=form.to_input())
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your goal is saved."))
            return redirect("goals:detail", goal.pk)
    return _form_page(request, form, templates=GOAL_TEMPLATES, chosen=template, mode="new")


@member_view
def goal_propose_view(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    participant = get_membership_or_404(membership_id)
    authorize_goal_proposal(viewer=viewer, participant=participant)
    template = TEMPLATES_BY_KEY.get(request.POST.get("template_key") or request.GET.get("template") or "")
    form = GoalForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            goal_propose(mentor=viewer, participant=participant, data=form.to_input())
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your suggestion has been sent. It is theirs to accept, change or decline."))
            return redirect("goals:participant_goals", participant.pk)
    return _form_page(request, form, templates=GOAL_TEMPLATES, chosen=template, mode="propose", participant=participant)


@member_view
def goal_detail(request: HttpRequest, viewer: Membership, goal_id: int) -> HttpResponse:
    goal = goal_for_viewer(viewer=viewer, goal_id=goal_id)
    progress = None
    if goal.counts_activity:
        # Activities logged in the participant's last 7 days count toward the weekly target.
        from alongside.coping.selectors import activity_counts
        from alongside.core.localtime import local_today
        from alongside.goals.selectors import goal_activity_progress

        since = local_today(goal.participant) - dt.timedelta(days=6)
        progress = goal_activity_progress(goal, activity_counts(participant=goal.participant, since=since))
    return render(
        request, "goals/detail.html", {"goal": goal, "own": goal.participant_id == viewer.pk, "activity": progress}
    )


@member_view
def goal_edit(request: HttpRequest, viewer: Membership, goal_id: int) -> HttpResponse:
    goal = goal_for_owner(viewer=viewer, goal_id=goal_id)
    proposed = goal.status == GoalStatus.PROPOSED
    form = GoalForm(request.POST or None, goal=goal, with_status=not proposed)
    if request.method == "POST" and form.is_valid():
        try:
            goal_update(participant=viewer, goal=goal, data=form.to_input(), status=form.cleaned_data.get("status"))
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your goal is updated."))
            return redirect("goals:detail", goal.pk)
    return _form_page(request, form, goal=goal, mode="edit", proposed=proposed)


@require_POST
@member_view
def goal_accept_view(request: HttpRequest, viewer: Membership, goal_id: int) -> HttpResponse:
    goal = goal_for_owner(viewer=viewer, goal_id=goal_id)
    try:
        goal_accept(participant=viewer, goal=goal)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You have taken on this goal."))
    return redirect("goals:detail", goal.pk)


@require_POST
@member_view
def goal_decline_view(request: HttpRequest, viewer: Membership, goal_id: int) -> HttpResponse:
    goal = goal_for_owner(viewer=viewer, goal_id=goal_id)
    try:
        goal_decline(participant=viewer, goal=goal)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Set aside. It stays in your history if you change your mind."))
    return redirect("goals:list")


@require_POST
@member_view
def step_toggle_view(request: HttpRequest, viewer: Membership, step_id: int) -> HttpResponse:
    """Check a step off (or undo it) from the goal page or the check-in page; back to ``next``."""
    step = step_for_owner(viewer=viewer, step_id=step_id)
    try:
        step = step_toggle(participant=viewer, step=step)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Step done. Well done.") if step.is_done else _("Step marked as not done yet."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("goals:detail", step.goal_id)
