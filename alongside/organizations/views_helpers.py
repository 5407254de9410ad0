"""Small helpers shared by the thin views: the one place domain errors become pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string

from alongside.audit.services import log_action
from alongside.core.exceptions import DomainError, NotAllowed, NotFound
from alongside.organizations.middleware import viewer_of
from alongside.organizations.selectors import membership_by_id

# Views look a member up by id with the same 404 rule as everything else.
get_membership_or_404 = membership_by_id

F = TypeVar("F", bound=Callable[..., HttpResponse])


def audit_refusal(request: HttpRequest, exc: DomainError) -> None:
    """Write a refused attempt to the audit log (outside the failed transaction)."""
    info = getattr(exc, "audit", None)
    if not info:
        return
    viewer = viewer_of(request) if request.user.is_authenticated else None
    target = info["target"]
    same_org = (
        viewer is not None and getattr(target, "organization_id", getattr(target, "pk", None)) == viewer.organization_id
    )
    log_action(
        f"{info['action']}.refused",
        actor=viewer or (request.user if request.user.is_authenticated else None),
        # Another organization's object is not named in this organization's log.
        target=target if same_org else None,
        organization=viewer.organization if viewer else None,
        outcome="refused",
        request=request,
        extra={} if same_org else {"cross_organization": True},
    )


def member_view(view: F) -> F:
    """Require login and an active membership; pass it as ``viewer``; turn refusals into 404/403.

    NotFound and an object of another organization look the same: a plain 404.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        viewer = viewer_of(request)
        if viewer is None:
            return HttpResponseForbidden(render_to_string("core/no_membership.html", request=request))
        try:
            return view(request, viewer, *args, **kwargs)
        except NotFound as exc:
            audit_refusal(request, exc)
            raise Http404() from exc
        except NotAllowed as exc:
            audit_refusal(request, exc)
            return HttpResponseForbidden(render_to_string("403.html", {"message": exc.message}, request=request))

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature; mypy cannot see through it


def form_errors_from(exc: DomainError, form: Any) -> None:
    """Put a domain error's field messages on a Django form, the rest at the top."""
    for field, messages in exc.field_errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
    if not exc.field_errors:
        form.add_error(None, exc.message)
