"""The workspace pages: a mentor's "today", a supervisor's team, one participant for their mentor.

Thin views: each page is one selector (which asks the policy and audits) and a template.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import member_view
from alongside.workspace import selectors


@member_view
def today(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return render(request, "workspace/today.html", {"caseload": selectors.caseload_today(viewer=viewer)})


@member_view
def team(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return render(request, "workspace/team.html", {"team": selectors.team_overview(viewer=viewer)})


@member_view
def participant(request: HttpRequest, viewer: Membership, participant_id: int) -> HttpResponse:
    page = selectors.participant_workspace(viewer=viewer, participant_id=participant_id)
    return render(request, "workspace/participant.html", {"page": page})
