from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from alongside.organizations.middleware import viewer_of

# Shown on every participant page (and the login page): how to get help now.
CRISIS_RESOURCES = [
    {"key": "988", "tel": "988", "sms": "988"},
    {"key": "samhsa", "tel": "18006624357"},
    {"key": "text_home", "sms": "741741", "sms_body": "HOME"},
    {"key": "911", "tel": "911"},
]


def shell(request: HttpRequest) -> dict[str, Any]:
    viewer = viewer_of(request) if hasattr(request, "user") else None
    unread = 0
    other_memberships: list[Any] = []
    if viewer is not None:
        from alongside.notifications.selectors import unread_count

        unread = unread_count(viewer=viewer)
        other_memberships = list(
            viewer.user.memberships.filter(is_active=True).exclude(pk=viewer.pk).select_related("organization")
        )
    return {
        "viewer": viewer,
        "viewer_role": viewer.role if viewer else None,
        "show_crisis": viewer is None or viewer.role == "participant",
        "unread_notifications": unread,
        "other_memberships": other_memberships,
    }
