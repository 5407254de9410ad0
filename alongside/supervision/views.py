from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.core.exceptions import InvalidInput
from alongside.core.localtime import local_today
from alongside.organizations.models import Membership, Role
from alongside.organizations.views_helpers import form_errors_from, member_view
from alongside.supervision import selectors, services
from alongside.supervision.forms import (
    AcknowledgeForm,
    BoundaryConcernForm,
    CaseloadCapForm,
    SupervisionSessionForm,
    WellbeingCheckForm,
    WellbeingIntervalForm,
)
from alongside.supervision.models import ConcernStatus, SessionKind
from alongside.supervision.resources import SELF_CARE_RESOURCES


@member_view
def session_list(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The supervision hub: a supervisor's team and sessions, or a mentor's own sessions and rhythm."""
    if viewer.role == Role.SUPERVISOR:
        context = {
            "team": selectors.team_for_supervisor(viewer=viewer),
            "sessions": selectors.sessions_for_viewer(viewer=viewer)[:50],
        }
        return render(request, "supervision/team.html", context)
    return render(request, "supervision/hub.html", {"hub": selectors.mentor_hub(viewer=viewer)})


@member_view
def session_new(request: HttpRequest, viewer: Membership) -> HttpResponse:
    mentors = selectors.supervised_mentors(viewer=viewer)
    preselected = request.GET.get("mentor", "")
    initial = {
        "occurred_on": local_today(viewer),
        "kind": SessionKind.INDIVIDUAL,
        "duration_minutes": 60,
        "mentors": [int(preselected)] if preselected.isdigit() else [],
    }
    form = SupervisionSessionForm(request.POST or None, mentors=mentors, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session, _created = services.supervision_session_record(
                supervisor=viewer,
                kind=data["kind"],
                mentor_ids=data["mentors"],
                occurred_on=data["occurred_on"],
                duration_minutes=data["duration_minutes"],
                topics=data["topics"],
                notes=data["notes"],
                follow_ups=data["follow_ups"],
                follow_up_on=data["follow_up_on"],
                client_id=data["client_id"],
            )
        except InvalidInput as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The session is in the log. The mentors in it can read it."))
            return redirect("supervision:session_detail", session.pk)
    return render(
        request,
        "supervision/session_form.html",
        {"form": form, "has_mentors": bool(mentors)},
        status=400 if form.errors else 200,
    )


@member_view
def session_detail(request: HttpRequest, viewer: Membership, session_id: int) -> HttpResponse:
    session = selectors.session_for_viewer(viewer=viewer, session_id=session_id)
    return render(request, "supervision/session_detail.html", {"session": session})


@member_view
def hours(request: HttpRequest, viewer: Membership) -> HttpResponse:
    rows = selectors.supervision_hours_for_viewer(viewer=viewer)
    return render(request, "supervision/hours.html", {"rows": rows, "own": viewer.role != Role.SUPERVISOR})


@member_view
def wellbeing(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The mentor's own self-check, their trend, their cap, and self-care resources."""
    selectors.assert_is_mentor_self(viewer=viewer)
    form = WellbeingCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.wellbeing_check_record(
                mentor=viewer,
                emotional_exhaustion=data["emotional_exhaustion"],
                boundary_strain=data["boundary_strain"],
                workload=data["workload"],
                support_felt=data["support_felt"],
                note=data["note"],
                client_id=data["client_id"],
            )
        except InvalidInput as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Thank you for checking in with yourself. Your answers are saved."))
            return redirect("supervision:wellbeing")
    overview = selectors.wellbeing_overview(viewer=viewer, mentor=viewer)
    context = {
        "form": form,
        "overview": overview,
        "support": overview.settings,
        "caseload_size": selectors.caseload_sizes(mentor_ids=[viewer.pk])[viewer.pk],
        "resources": SELF_CARE_RESOURCES,
    }
    return render(request, "supervision/wellbeing.html", context, status=400 if form.errors else 200)


def _mentor_page(
    request: HttpRequest,
    viewer: Membership,
    mentor_id: int,
    *,
    cap_form: CaseloadCapForm | None = None,
    interval_form: WellbeingIntervalForm | None = None,
) -> HttpResponse:
    page = selectors.mentor_support_page(viewer=viewer, mentor_id=mentor_id)
    context = {
        "page": page,
        "cap_form": cap_form or CaseloadCapForm(initial={"caseload_cap": page.settings.caseload_cap}),
        "interval_form": interval_form
        or WellbeingIntervalForm(initial={"days": page.settings.wellbeing_interval_days}),
    }
    invalid = (cap_form is not None and cap_form.errors) or (interval_form is not None and interval_form.errors)
    return render(request, "supervision/mentor_wellbeing.html", context, status=400 if invalid else 200)


@member_view
def mentor_wellbeing(request: HttpRequest, viewer: Membership, mentor_id: int) -> HttpResponse:
    """A supervisor's page about one of their mentors (answers, trend, flag, cap); for an admin, the
    cap and rhythm only."""
    if mentor_id == viewer.pk:
        return redirect("supervision:wellbeing")
    return _mentor_page(request, viewer, mentor_id)


@require_POST
@member_view
def caseload_cap(request: HttpRequest, viewer: Membership, mentor_id: int) -> HttpResponse:
    mentor = selectors.mentor_for_support_change(viewer=viewer, mentor_id=mentor_id)
    form = CaseloadCapForm(request.POST)
    if form.is_valid():
        try:
            services.caseload_cap_set(
                viewer=viewer,
                mentor=mentor,
                caseload_cap=form.cleaned_data["caseload_cap"],
                reason=form.cleaned_data["reason"],
            )
        except InvalidInput as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The caseload cap is saved and the mentor has been told."))
            return redirect("supervision:mentor_wellbeing", mentor.pk)
    return _mentor_page(request, viewer, mentor.pk, cap_form=form)


@require_POST
@member_view
def wellbeing_interval(request: HttpRequest, viewer: Membership, mentor_id: int) -> HttpResponse:
    mentor = selectors.mentor_for_support_change(viewer=viewer, mentor_id=mentor_id)
    form = WellbeingIntervalForm(request.POST)
    if form.is_valid():
        try:
            services.wellbeing_interval_set(viewer=viewer, mentor=mentor, days=form.cleaned_data["days"])
        except InvalidInput as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("The wellbeing check-in rhythm is saved."))
            return redirect("supervision:mentor_wellbeing", mentor.pk)
    return _mentor_page(request, viewer, mentor.pk, interval_form=form)


@member_view
def concern_list(request: HttpRequest, viewer: Membership) -> HttpResponse:
    concerns = selectors.concerns_for_viewer(viewer=viewer)
    return render(
        request,
        "supervision/concern_list.html",
        {"concerns": concerns[:100], "own": viewer.role != Role.SUPERVISOR},
    )


@member_view
def concern_new(request: HttpRequest, viewer: Membership) -> HttpResponse:
    participants = selectors.concern_participant_choices(viewer=viewer)
    form = BoundaryConcernForm(request.POST or None, participants=participants)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern, _created = services.boundary_concern_report(
                mentor=viewer,
                kind=data["kind"],
                details=data["details"],
                participant_id=data["participant"],
                client_id=data["client_id"],
            )
        except InvalidInput as exc:
            form_errors_from(exc, form)
        else:
            if viewer.supervisor_id is not None:
                messages.success(request, _("Thank you for speaking up. Your supervisor has been told."))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you for speaking up. It is saved, and you have no supervisor linked yet: "
                        "please tell your program's admin so someone can support you."
                    ),
                )
            return redirect("supervision:concern_detail", concern.pk)
    return render(
        request,
        "supervision/concern_form.html",
        {"form": form, "has_supervisor": viewer.supervisor_id is not None},
        status=400 if form.errors else 200,
    )


@member_view
def concern_detail(request: HttpRequest, viewer: Membership, concern_id: int) -> HttpResponse:
    """One concern; its mentor's supervisor acknowledges it here with a note (POST)."""
    concern = selectors.concern_for_viewer(viewer=viewer, concern_id=concern_id)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST":
        selectors.assert_may_acknowledge(viewer=viewer, concern=concern)
    if request.method == "POST" and form.is_valid():
        try:
            services.boundary_concern_acknowledge(
                viewer=viewer, concern=concern, response=form.cleaned_data["response"]
            )
        except InvalidInput as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Acknowledged. The mentor has been told."))
            return redirect("supervision:concern_detail", concern.pk)
    return render(
        request,
        "supervision/concern_detail.html",
        {
            "concern": concern,
            "form": form,
            "may_acknowledge": selectors.may_acknowledge(viewer=viewer, concern=concern)
            and concern.status == ConcernStatus.OPEN,
        },
        status=400 if form.errors else 200,
    )
