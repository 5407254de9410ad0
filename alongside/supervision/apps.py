from typing import Any

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "alongside.supervision"
    label = "supervision"

    def ready(self) -> None:
        from alongside.organizations.hooks import mentor_taking_participant

        mentor_taking_participant.connect(_caseload_cap, dispatch_uid="supervision.caseload_cap")


def _caseload_cap(*, mentor: Any, **_kwargs: Any) -> None:
    """A mentor at their caseload cap takes no one more (organizations asks before every match)."""
    from alongside.supervision.services import caseload_assert_room

    caseload_assert_room(mentor=mentor)
