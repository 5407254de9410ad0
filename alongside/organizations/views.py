"""Organization pages: participants, people and invitations, programs, matches, audit.

Thin views: load through a selector (which asks the policy), write through a service, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.access.services import break_glass_open
from alongside.core.exceptions import DomainError
from alongside.organizations import selectors, services
from alongside.organizations.forms import (
    AuditFilterForm,
    BreakGlassForm,
    ContactExpectationForm,
    InvitationForm,
    MatchForm,
    PhoneSharingForm,
    ProgramForm,
    ReassignForm,
    SupervisorAssignForm,
)
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import form_errors_from, member_view

AUDIT_PAGE_SIZE = 50

# Participants -----------------------------------------------------------------------------------


@member_view
def participants(request: HttpRequest, viewer: Membership) -> HttpResponse:
    rows = selectors.participants_for_viewer(viewer=viewer)
    return render(request, "organizations/participants.html", {"participants": rows})


@member_view
def participant_detail(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    record = selectors.participant_record(viewer=viewer, membership_id=membership_id)
    return render(request, "organizations/participant_detail.html", {"record": record})


@require_http_methods(["GET", "POST"])
@member_view
def phone_sharing(request: HttpRequest, viewer: Membership) -> HttpResponse:
    """The participant's own setting: may their mentor call or text them?"""
    page = selectors.phone_sharing_for_participant(viewer=viewer)
    form = PhoneSharingForm(
        request.POST if request.method == "POST" else None,
        initial={"share": page.shared},
        masked_phone_number=page.masked_phone_number,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_phone_sharing_set(participant=viewer, share=form.cleaned_data["share"])
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("organizations:phone_sharing")
    status = 400 if form.errors else 200
    return render(request, "organizations/phone_sharing.html", {"form": form, "page": page}, status=status)


@require_http_methods(["GET", "POST"])
@member_view
def break_glass(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    participant = selectors.participant_for_break_glass(viewer=viewer, membership_id=membership_id)
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_open(viewer=viewer, participant=participant, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Emergency access is open. The participant has been told."))
            return redirect("organizations:participant_detail", membership_id=participant.pk)
    return render(
        request,
        "organizations/break_glass.html",
        {"participant": participant, "form": form},
        status=400 if form.errors else 200,
    )


# People and invitations -------------------------------------------------------------------------


def _people_page(request: HttpRequest, viewer: Membership, **forms: Any) -> HttpResponse:
    context = {
        "members": selectors.members_for_admin(viewer=viewer),
        "invitations": selectors.pending_invitations(viewer=viewer),
        "supervisors": selectors.supervisors_for_admin(viewer=viewer),
        "invite_form": forms.get("invite_form")
        or InvitationForm(programs=selectors.programs_of_organization(viewer=viewer), prefix="invite"),
        "assign_error": forms.get("assign_error"),
    }
    status = 400 if any(isinstance(f, InvitationForm) and f.errors for f in forms.values()) else 200
    return render(request, "organizations/people.html", context, status=status)


@member_view
def people(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return _people_page(request, viewer)


@require_POST
@member_view
def invite(request: HttpRequest, viewer: Membership) -> HttpResponse:
    form = InvitationForm(request.POST, programs=selectors.programs_of_organization(viewer=viewer), prefix="invite")
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _raw = services.invitation_create(
                viewer=viewer,
                email=data["email"],
                role=data["role"],
                display_name=data["display_name"],
                program_id=data["program"].pk if data["program"] else None,
                language=data["language"],
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            # The raw token goes only into the email; it is never shown here.
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("organizations:people")
    return _people_page(request, viewer, invite_form=form)


@require_POST
@member_view
def invitation_revoke(request: HttpRequest, viewer: Membership, invitation_id: int) -> HttpResponse:
    invitation = selectors.invitation_get(viewer=viewer, invitation_id=invitation_id)
    services.invitation_revoke(viewer=viewer, invitation=invitation)
    messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    return redirect("organizations:people")


@require_http_methods(["GET", "POST"])
@member_view
def deactivate(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    member = selectors.member_to_manage(viewer=viewer, membership_id=membership_id)
    error = None
    if request.method == "POST":
        try:
            services.membership_deactivate(viewer=viewer, membership=member)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("%(name)s can no longer sign in to this organization.") % {"name": member.user.display_name}
            )
            return redirect("organizations:people")
    return render(
        request, "organizations/deactivate.html", {"member": member, "error": error}, status=400 if error else 200
    )


@require_POST
@member_view
def supervisor_assign(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    mentor = selectors.member_to_manage(viewer=viewer, membership_id=membership_id)
    form = SupervisorAssignForm(request.POST, supervisors=selectors.supervisors_for_admin(viewer=viewer))
    if form.is_valid():
        try:
            services.supervisor_assign(viewer=viewer, mentor=mentor, supervisor=form.cleaned_data["supervisor"])
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Supervisor updated for %(name)s.") % {"name": mentor.user.display_name})
            return redirect("organizations:people")
    error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    response = _people_page(request, viewer, assign_error=error)
    response.status_code = 400
    return response


# Programs ---------------------------------------------------------------------------------------


def _programs_page(
    request: HttpRequest, viewer: Membership, form: ProgramForm, contact_error: tuple[int, str] | None = None
) -> HttpResponse:
    context = {"programs": selectors.programs_for_admin(viewer=viewer), "form": form}
    if contact_error:
        context.update(contact_error_program=contact_error[0], contact_error=contact_error[1])
    return render(request, "organizations/programs.html", context, status=400 if form.errors or contact_error else 200)


@require_http_methods(["GET", "POST"])
@member_view
def programs(request: HttpRequest, viewer: Membership) -> HttpResponse:
    selectors.programs_for_admin(viewer=viewer)  # admins only, before anything else
    form = ProgramForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(viewer=viewer, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Program “%(name)s” was added.") % {"name": program.name})
            return redirect("organizations:programs")
    return _programs_page(request, viewer, form)


@require_POST
@member_view
def program_contact_expectation(request: HttpRequest, viewer: Membership, program_id: int) -> HttpResponse:
    program = selectors.program_for_admin(viewer=viewer, program_id=program_id)
    form = ContactExpectationForm(request.POST)
    if form.is_valid():
        try:
            services.program_set_contact_expectation(
                viewer=viewer, program=program, contact_expected_days=form.cleaned_data["contact_expected_days"]
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Saved for “%(name)s”.") % {"name": program.name})
            return redirect("organizations:programs")
    error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return _programs_page(request, viewer, ProgramForm(), contact_error=(program.pk, error))


# Matches ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_view
def matches(request: HttpRequest, viewer: Membership) -> HttpResponse:
    active = selectors.active_matches_for_viewer(viewer=viewer)
    form = MatchForm(
        request.POST if request.method == "POST" else None,
        mentors=selectors.matchable_mentors(viewer=viewer),
        participants=selectors.matchable_participants(viewer=viewer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            match = services.match_create(viewer=viewer, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(
                request,
                _("%(mentor)s is now walking alongside %(participant)s.")
                % {"mentor": match.mentor.user.display_name, "participant": match.participant.user.display_name},
            )
            return redirect("organizations:matches")
    return render(
        request, "organizations/matches.html", {"matches": active, "form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@member_view
def reassign(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    """Move a participant to another peer mentor (supervisors within their team, admins)."""
    reassignment = selectors.reassignment_for(viewer=viewer, membership_id=membership_id)
    current = reassignment.current
    if request.method == "POST" and current is not None and request.POST.get("mentor") == str(current.mentor_id):
        # A double tap, or a retry after the first move went through: it is done already.
        messages.info(
            request,
            _("%(mentor)s is already walking alongside %(participant)s.")
            % {"mentor": current.mentor.user.display_name, "participant": reassignment.participant.user.display_name},
        )
        return redirect("organizations:matches")
    form = ReassignForm(
        request.POST if request.method == "POST" else None,
        mentors=reassignment.mentors,
        initial={"next": request.GET.get("next", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            match = services.match_reassign(
                viewer=viewer,
                participant=reassignment.participant,
                new_mentor=form.cleaned_data["mentor"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(
                request,
                _("%(mentor)s is now walking alongside %(participant)s. Everyone involved has been told.")
                % {"mentor": match.mentor.user.display_name, "participant": match.participant.user.display_name},
            )
            next_url = form.cleaned_data["next"]
            if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                return redirect(next_url)
            return redirect("organizations:matches")
    return render(
        request,
        "organizations/reassign.html",
        {"reassignment": reassignment, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@member_view
def match_end(request: HttpRequest, viewer: Membership, match_id: int) -> HttpResponse:
    match = selectors.match_get(viewer=viewer, match_id=match_id)
    services.match_end(viewer=viewer, match=match)
    messages.success(
        request,
        _("The match between %(mentor)s and %(participant)s has ended.")
        % {"mentor": match.mentor.user.display_name, "participant": match.participant.user.display_name},
    )
    return redirect("organizations:matches")


# Audit ------------------------------------------------------------------------------------------


@member_view
def audit(request: HttpRequest, viewer: Membership) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    prefix = form.cleaned_data["action"].strip() if form.is_valid() else ""
    entries = selectors.audit_log_for_organization(viewer=viewer, action_prefix=prefix).select_related("actor")
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/audit.html",
        {"form": form, "page": page, "action_prefix": prefix},
        status=400 if form.errors else 200,
    )
