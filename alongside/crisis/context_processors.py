from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alongside.organizations.middleware import viewer_of


def crisis_lines(request: HttpRequest) -> dict[str, Any]:
    """``crisis_lines`` for every page: looked up only when a page shows them (one query)."""

    def lines() -> list[Any]:
        from alongside.crisis.selectors import crisis_lines_for_viewer

        viewer = viewer_of(request) if hasattr(request, "user") and request.user.is_authenticated else None
        return crisis_lines_for_viewer(viewer)

    return {"crisis_lines": SimpleLazyObject(lines)}
