"""Which crisis lines a person sees: their program's own, else their organization's, else the US defaults."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import translation

from alongside.access import policy
from alongside.crisis.lines import LineView, default_views, in_language
from alongside.crisis.models import CrisisLine
from alongside.organizations.models import Membership, Program
from alongside.organizations.selectors import program_for_admin


def _view(line: CrisisLine, language: str) -> LineView:
    return LineView(
        name=in_language(line.name, language),
        how=in_language(line.how, language) if line.how else "",
        phone=line.phone,
        text_number=line.text_number,
        text_body=in_language(line.text_body, language) if line.text_body else "",
        chat_url=line.chat_url,
        is_emergency=line.is_emergency,
    )


def crisis_lines_shown(*, organization_id: int | None, program_id: int | None) -> list[LineView]:
    """The lines for a page, in the active language (one query; none for a visitor)."""
    language = translation.get_language() or "en"
    if organization_id is None:
        return default_views(language)
    rows = list(
        CrisisLine.objects.filter(organization_id=organization_id).filter(
            Q(program__isnull=True) | Q(program_id=program_id) if program_id is not None else Q(program__isnull=True)
        )
    )
    own = [row for row in rows if program_id is not None and row.program_id == program_id]
    chosen = own or [row for row in rows if row.program_id is None]
    if not chosen:
        return default_views(language)
    emergency_last = sorted(chosen, key=lambda row: (row.is_emergency, row.position, row.pk))
    return [_view(row, language) for row in emergency_last]


def crisis_lines_for_viewer(viewer: Membership | None) -> list[LineView]:
    if viewer is None:
        return default_views()
    return crisis_lines_shown(organization_id=viewer.organization_id, program_id=viewer.program_id)


@dataclass(frozen=True)
class ScopeLines:
    """What an admin edits: one scope's own lines, and what is shown while it has none."""

    program: Program | None
    own: list[CrisisLine]
    inherits_from: str  # "organization" (a program without its own) or "defaults"


def crisis_lines_for_scope(*, viewer: Membership, program_id: int | None) -> ScopeLines:
    policy.authorize(viewer, policy.ORG_MANAGE_CRISIS_LINES, viewer.organization)
    program = program_for_admin(viewer=viewer, program_id=program_id) if program_id is not None else None
    rows = CrisisLine.objects.filter(organization_id=viewer.organization_id)
    own = list(rows.filter(program=program) if program is not None else rows.filter(program__isnull=True))
    org_has_lines = program is not None and rows.filter(program__isnull=True).exists()
    return ScopeLines(program=program, own=own, inherits_from="organization" if org_has_lines else "defaults")


def in_danger_sentence(viewer: Membership) -> str:
    """ "If you are in danger now, call 911." with the viewer's program's emergency number, in the
    active language."""
    from django.utils.translation import gettext as _

    from alongside.crisis.lines import emergency_line

    number = emergency_line(crisis_lines_for_viewer(viewer)).phone_display
    return _("If you are in danger now, call %(number)s.") % {"number": number}
