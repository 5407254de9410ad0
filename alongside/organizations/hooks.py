"""What organizations asks of the apps above it, as Django signals they subscribe to (no app
imports back).

``mentor_taking_participant`` (``mentor``): a mentor is about to take on a participant, by a new
match or a reassignment, inside the match's transaction. A receiver that refuses raises a
``DomainError`` (an ``InvalidInput`` naming the ``mentor`` field), and the match is not made.
Supervision subscribes (``SupervisionConfig.ready``): the mentor's caseload cap, which locks the
mentor's row so two matches at once cannot both take the last place.
"""

from __future__ import annotations

from django.dispatch import Signal

from alongside.organizations.models import Membership

mentor_taking_participant = Signal()


def mentor_taking_participant_check(*, mentor: Membership) -> None:
    """Ask every receiver; the first to refuse raises, and its error reaches the caller."""
    mentor_taking_participant.send(sender=Membership, mentor=mentor)
