from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alongside.organizations.middleware import viewer_of


def crisis_lines(request: HttpRequest) -> dict[str, Any]:
    """``crisis_lines`` for every page, and ``emergency_line`` (the number to call in an emergency:
    911 unless the program set another): looked up only when a page shows them (one query)."""

    def lines() -> list[Any]:
        from alongside.crisis.selectors import crisis_lines_for_viewer

        viewer = viewer_of(request) if hasattr(request, "user") and request.user.is_authenticated else None
        return crisis_lines_for_viewer(viewer)

    shown = SimpleLazyObject(lines)

    def emergency() -> Any:
        from alongside.crisis.lines import emergency_line

        return emergency_line(list(shown))

    return {"crisis_lines": shown, "emergency_line": SimpleLazyObject(emergency)}
