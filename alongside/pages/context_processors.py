from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from alongside.organizations.middleware import viewer_of


def shell(request: HttpRequest) -> dict[str, Any]:
    viewer = viewer_of(request) if hasattr(request, "user") else None
    unread = 0
    if viewer is not None:
        from alongside.notifications.selectors import unread_count

        unread = unread_count(viewer=viewer)
    return {
        "viewer": viewer,
        "viewer_role": viewer.role if viewer else None,
        "show_crisis": viewer is None or viewer.role == "participant",
        "unread_notifications": unread,
    }
