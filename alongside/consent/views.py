"""Consent pages: a participant's own consents (42 CFR Part 2) and the enrollment sharing notice."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alongside.consent.forms import ConsentForm, RevokeForm
from alongside.consent.models import PART2_NOTICE
from alongside.consent.selectors import consent_get, consents_for_participant
from alongside.consent.services import MAX_CONSENT_YEARS, consent_record, consent_revoke
from alongside.core.exceptions import DomainError
from alongside.organizations.models import Membership
from alongside.organizations.selectors import participant_self, sharing_explained_at
from alongside.organizations.services import sharing_explained_acknowledge
from alongside.organizations.views_helpers import form_errors_from, member_view


@member_view
def consent_list(request: HttpRequest, viewer: Membership) -> HttpResponse:
    participant = participant_self(viewer=viewer)
    consents = consents_for_participant(viewer=viewer, participant=participant)
    return render(request, "consent/list.html", {"consents": consents})


@require_http_methods(["GET", "POST"])
@member_view
def consent_new(request: HttpRequest, viewer: Membership) -> HttpResponse:
    participant = participant_self(viewer=viewer)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = consent_record(participant=participant, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(request, _("Your consent was signed and saved."))
            return redirect("consent:detail", consent_id=consent.pk)
    return render(
        request, "consent/new.html", {"form": form, "max_years": MAX_CONSENT_YEARS}, status=400 if form.errors else 200
    )


@member_view
def consent_detail(request: HttpRequest, viewer: Membership, consent_id: int) -> HttpResponse:
    consent = consent_get(viewer=viewer, consent_id=consent_id)
    return render(
        request,
        "consent/detail.html",
        {
            "consent": consent,
            "notice": PART2_NOTICE,
            "is_own": consent.participant_id == viewer.pk,
            "revoke_form": RevokeForm(),
        },
    )


@require_POST
@member_view
def consent_revoke_view(request: HttpRequest, viewer: Membership, consent_id: int) -> HttpResponse:
    consent = consent_get(viewer=viewer, consent_id=consent_id)
    form = RevokeForm(request.POST)
    # A revocation is never refused over its optional reason: an over-long one is just dropped.
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    consent_revoke(participant=viewer, consent=consent, reason=reason)
    messages.success(request, _("Your consent was revoked. Nothing more will be shared under it."))
    return redirect("consent:detail", consent_id=consent.pk)


@require_http_methods(["GET", "POST"])
@member_view
def sharing(request: HttpRequest, viewer: Membership) -> HttpResponse:
    acknowledged_at = sharing_explained_at(viewer=viewer)
    if request.method == "POST":
        sharing_explained_acknowledge(participant=viewer)
        messages.success(request, _("Thank you. You can come back to this page at any time."))
        return redirect("consent:sharing")
    return render(request, "consent/sharing.html", {"acknowledged_at": acknowledged_at})
