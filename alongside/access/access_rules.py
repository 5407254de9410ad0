"""The access rules for people and the organization itself: participants' and mentors'
memberships, the organization and its programs, and emergency-access grants."""

from __future__ import annotations

from alongside.access import policy
from alongside.access.models import BreakGlassGrant
from alongside.access.registry import field_equals, field_is_viewer, registry, viewer_role
from alongside.organizations.models import Membership, Organization, Program, Role

for _action in policy.PARTICIPANT_IN_PROGRAM:
    registry.register(
        Membership,
        _action,
        policy.IS_PARTICIPANT & policy.PARTICIPANT_IN_PROGRAM[_action],
        break_glass=policy.BREAK_GLASS if _action in policy.BREAK_GLASS_OPENS else None,
        subject=lambda participant: participant,
    )

for _action, _condition in policy.MENTOR_RULES.items():
    registry.register(Membership, _action, policy.IS_MENTOR & _condition)

registry.register(Membership, policy.MEMBER_MANAGE, viewer_role(Role.ADMIN))
registry.register(
    Membership,
    policy.MEMBER_PUT_ON_CALL,
    viewer_role(Role.SUPERVISOR, Role.ADMIN) & (policy.IS_MENTOR | field_equals("role", Role.SUPERVISOR)),
)

for _action, _condition in policy.ORG_RULES.items():
    registry.register(Organization, _action, _condition)
    registry.register(Program, _action, _condition)

# A grant: its holder sees and ends it; the participant it opened and an admin see it.
_holder = field_is_viewer("holder")
registry.register(BreakGlassGrant, policy.OBJECT_CHANGE, _holder)
registry.register(
    BreakGlassGrant, policy.OBJECT_VIEW, _holder | field_is_viewer("participant") | viewer_role(Role.ADMIN)
)
