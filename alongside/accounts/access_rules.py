"""Access rules for personal access tokens: only the person whose token it is."""

from __future__ import annotations

from django.db.models import Q

from alongside.access import policy
from alongside.access.registry import Condition, registry
from alongside.accounts.models import PersonalAccessToken

_OWN_TOKEN = Condition(lambda v, token: token.user_id == v.user_id, lambda v: Q(user_id=v.user_id), "own token")
registry.register(PersonalAccessToken, (policy.OBJECT_VIEW, policy.OBJECT_CHANGE), _OWN_TOKEN)
