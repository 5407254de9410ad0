"""Setting a program's or an organization's crisis lines (org admins only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from alongside.access import policy
from alongside.audit.services import log_action
from alongside.core.exceptions import InvalidInput
from alongside.crisis.lines import US_DEFAULTS, default_line_words
from alongside.crisis.models import CrisisLine
from alongside.organizations.models import Membership, Program

MAX_LINES = 12
NAME_MAX = 120
HOW_MAX = 300
TEXT_BODY_MAX = 40
# A number to dial or text: a short code (988, 911, 111, 116 123) or a full number with a country code.
_NUMBER = re.compile(r"^\+?[0-9]{2,15}$")


@dataclass
class LineInput:
    name: dict[str, str]
    how: dict[str, str] = field(default_factory=dict)
    phone: str = ""
    text_number: str = ""
    text_body: dict[str, str] = field(default_factory=dict)
    chat_url: str = ""
    is_emergency: bool = False


def _number(raw: str) -> str:
    return re.sub(r"[\s().-]", "", raw or "")


def _words(raw: dict[str, str], limit: int) -> dict[str, str]:
    languages = {code for code, _label in settings.LANGUAGES}
    return {code: text.strip()[:limit] for code, text in raw.items() if code in languages and text and text.strip()}


def _clean(index: int, line: LineInput) -> tuple[CrisisLine, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    name = _words(line.name, NAME_MAX)
    if not name:
        errors[f"lines.{index}.name"] = [_("Give the line a name in at least one language.")]
    if any(len(t) > NAME_MAX for t in line.name.values()) or any(len(t) > HOW_MAX for t in line.how.values()):
        errors[f"lines.{index}.name"] = [_("Keep the name under 120 characters and the description under 300.")]
    phone, text_number = _number(line.phone), _number(line.text_number)
    for key, value in (("phone", phone), ("text_number", text_number)):
        if value and not _NUMBER.match(value):
            errors[f"lines.{index}.{key}"] = [_("Enter digits only, with + and the country code for a full number.")]
    chat_url = (line.chat_url or "").strip()
    if chat_url and not chat_url.startswith("https://"):
        errors[f"lines.{index}.chat_url"] = [_("A chat address must start with https://.")]
    if not (phone or text_number or chat_url):
        errors[f"lines.{index}.phone"] = [_("Give a number to call, a number to text, or a chat address.")]
    row = CrisisLine(
        name=name,
        how=_words(line.how, HOW_MAX),
        phone=phone,
        text_number=text_number,
        text_body=_words(line.text_body, TEXT_BODY_MAX),
        chat_url=chat_url,
        is_emergency=line.is_emergency,
        position=index,
    )
    return row, errors


@transaction.atomic
def crisis_lines_replace(*, viewer: Membership, program: Program | None, lines: list[LineInput]) -> list[CrisisLine]:
    """Set the whole list of a scope's lines (the organization's, or one program's), in order.

    An empty list removes the scope's own lines: the program then shows its organization's, and
    an organization with none shows the US defaults. Audits ``crisis_lines.updated``.
    """
    policy.authorize(viewer, policy.ORG_MANAGE_CRISIS_LINES, viewer.organization)
    if program is not None and program.organization_id != viewer.organization_id:
        raise InvalidInput(_("Choose one of your programs."), field_errors={"program_id": [_("Unknown program.")]})
    if len(lines) > MAX_LINES:
        raise InvalidInput(
            _("Show at most %(count)s lines: in a crisis, fewer choices are easier.") % {"count": MAX_LINES},
            field_errors={"lines": [_("Too many lines.")]},
        )
    rows: list[CrisisLine] = []
    errors: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        row, row_errors = _clean(index, line)
        rows.append(row)
        errors.update(row_errors)
    if errors:
        raise InvalidInput(_("Please check the crisis lines."), field_errors=errors)
    scope = CrisisLine.objects.filter(organization_id=viewer.organization_id)
    scope = scope.filter(program=program) if program is not None else scope.filter(program__isnull=True)
    scope.delete()
    for row in rows:
        row.organization_id = viewer.organization_id
        row.program = program
    created = CrisisLine.objects.bulk_create(rows)
    log_action(
        "crisis_lines.updated",
        actor=viewer,
        target=program or viewer.organization,
        organization=viewer.organization,
        extra={"program_id": program.pk if program else None, "lines": len(created)},
    )
    return created


def us_default_inputs() -> list[LineInput]:
    """The US defaults as editable lines, in every language the site speaks (to start a list from)."""
    inputs = []
    for line in US_DEFAULTS:
        words = default_line_words(line)
        inputs.append(
            LineInput(
                name=words["name"],
                how=words["how"],
                phone=line.phone,
                text_number=line.text_number,
                text_body=dict(line.text_body),
                is_emergency=line.is_emergency,
            )
        )
    return inputs
