from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.core.exceptions import InvalidInput
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import get_membership_or_404, member_view
from alongside.trends.selectors import ALLOWED_DAYS, trends_for


def _render(request: HttpRequest, viewer: Membership, participant: Membership, own: bool) -> HttpResponse:
    context: dict[str, object] = {"participant": participant, "own": own, "choices": ALLOWED_DAYS}
    try:
        context["trends"] = trends_for(viewer=viewer, participant=participant, days=request.GET.get("days"))
    except InvalidInput as exc:
        context["error"] = exc.message
        return render(request, "trends/trends.html", context, status=400)
    return render(request, "trends/trends.html", context)


@member_view
def mine(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return _render(request, viewer, viewer, own=True)


@member_view
def participant(request: HttpRequest, viewer: Membership, membership_id: int) -> HttpResponse:
    return _render(request, viewer, get_membership_or_404(membership_id), own=False)
