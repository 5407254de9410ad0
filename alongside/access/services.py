from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.access.models import BreakGlassGrant
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput
from alongside.notifications.services import notify
from alongside.organizations.models import Membership

MIN_REASON_LENGTH = 15


@transaction.atomic
def break_glass_open(*, viewer: Membership, participant: Membership, reason: str) -> BreakGlassGrant:
    """Open a participant's record in an emergency, for BREAK_GLASS_MINUTES.

    Only supervisors and admins of the participant's organization. The reason is required,
    stored encrypted, audited as ``breakglass.opened``, and the participant is told.
    """
    policy.authorize(viewer, policy.PARTICIPANT_BREAK_GLASS, participant)
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise InvalidInput(
            _("Say why you need emergency access (at least %(n)s characters).") % {"n": MIN_REASON_LENGTH},
            field_errors={"reason": [_("A reason is required.")]},
        )
    grant = BreakGlassGrant.objects.create(
        organization=viewer.organization,
        holder=viewer,
        participant=participant,
        reason=reason.strip(),
        expires_at=timezone.now() + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    log_action("breakglass.opened", actor=viewer, target=participant, subject=participant, reason=reason.strip())
    notify(
        recipient=participant.user,
        organization=viewer.organization,
        kind="breakglass.opened",
        title=_("Your record was opened for an urgent reason"),
        body=_(
            "%(name)s (%(role)s) opened your record in an emergency, with this reason: %(reason)s. "
            "You can see every view of your information in Settings."
        )
        % {"name": viewer.user.display_name, "role": viewer.get_role_display(), "reason": reason.strip()},
        link=reverse("accounts:access_log"),
    )
    return grant


@transaction.atomic
def break_glass_close(*, viewer: Membership, grant: BreakGlassGrant) -> BreakGlassGrant:
    policy.authorize(viewer, policy.OBJECT_CHANGE, grant)
    if grant.ended_at is None:
        grant.ended_at = timezone.now()
        grant.save(update_fields=["ended_at"])
        log_action("breakglass.closed", actor=viewer, target=grant.participant, subject=grant.participant)
    return grant
