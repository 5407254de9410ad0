from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from alongside.notifications.selectors import notifications_for
from alongside.notifications.services import notifications_mark_all_read
from alongside.organizations.models import Membership
from alongside.organizations.views_helpers import member_view


@member_view
def notification_list(request: HttpRequest, viewer: Membership) -> HttpResponse:
    return render(request, "notifications/list.html", {"notifications": notifications_for(viewer=viewer)})


@require_POST
@member_view
def notifications_read_all(request: HttpRequest, viewer: Membership) -> HttpResponse:
    notifications_mark_all_read(viewer=viewer)
    return redirect("notifications:list")
