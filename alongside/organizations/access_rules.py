"""Access rules for invitations and matches."""

from __future__ import annotations

from django.db.models import Q

from alongside.access import policy
from alongside.access.registry import Condition, registry, viewer_role
from alongside.organizations.models import Invitation, Match, Role

registry.register(Invitation, (policy.OBJECT_VIEW, policy.OBJECT_CHANGE), viewer_role(Role.ADMIN))

# Ending or replacing a match: an admin, or the supervisor of that match's mentor — never a
# supervisor of another team, who must not even learn the match exists.
_SUPERVISES_MATCH_MENTOR = viewer_role(Role.SUPERVISOR) & Condition(
    lambda v, match: match.mentor.supervisor_id == v.pk,
    lambda v: Q(mentor__supervisor=v.pk),
    "supervises the match's mentor",
)
registry.register(Match, policy.MATCH_MANAGE, viewer_role(Role.ADMIN) | _SUPERVISES_MATCH_MENTOR)
