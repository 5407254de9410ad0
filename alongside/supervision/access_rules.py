"""Access rules for supervision sessions and boundary concerns.

A session: its supervisor, and (to read) the mentors in it. A concern: the mentor who reported
it (to read) and that mentor's supervisor (to read and acknowledge)."""

from __future__ import annotations

from django.db.models import Q

from alongside.access import policy
from alongside.access.registry import Condition, field_is_viewer, registry, viewer_role
from alongside.organizations.models import Role
from alongside.supervision.models import BoundaryConcern, SessionAttendance, SupervisionSession

_RUNS_SESSION = field_is_viewer("supervisor")
_ATTENDED = Condition(
    lambda v, session: session.attendances.filter(mentor=v).exists(),
    lambda v: Q(pk__in=SessionAttendance.objects.filter(mentor=v).values("session_id")),
    "attended the session",
)
registry.register(SupervisionSession, policy.OBJECT_CHANGE, _RUNS_SESSION)
registry.register(SupervisionSession, policy.OBJECT_VIEW, _RUNS_SESSION | _ATTENDED)

_SUPERVISES_REPORTER = viewer_role(Role.SUPERVISOR) & Condition(
    lambda v, concern: concern.mentor.supervisor_id == v.pk,
    lambda v: Q(mentor__supervisor=v.pk),
    "supervises the reporting mentor",
)
registry.register(BoundaryConcern, policy.OBJECT_CHANGE, _SUPERVISES_REPORTER)
registry.register(BoundaryConcern, policy.OBJECT_VIEW, _SUPERVISES_REPORTER | field_is_viewer("mentor"))
