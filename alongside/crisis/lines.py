"""What a crisis line looks like on a page, and the US defaults every new organization starts with."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LineView:
    """A line put into one language, ready for a template or the API."""

    name: str
    how: str
    phone: str = ""
    text_number: str = ""
    text_body: str = ""
    chat_url: str = ""
    is_emergency: bool = False

    @property
    def phone_display(self) -> str:
        """A North American number grouped as people write it (1-800-662-4357); anything else as stored."""
        digits = self.phone
        if len(digits) == 11 and digits.startswith("1"):
            return f"1-{digits[1:4]}-{digits[4:7]}-{digits[7:]}"
        if len(digits) == 10 and digits.isdigit():
            return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        return digits

    @property
    def tel_href(self) -> str:
        return f"tel:{self.phone}" if self.phone else ""

    @property
    def sms_href(self) -> str:
        if not self.text_number:
            return ""
        # "sms:NUMBER?&body=…" is the form both Android and iOS open with the words filled in.
        return f"sms:{self.text_number}" + (f"?&body={quote(self.text_body)}" if self.text_body else "")


@dataclass(frozen=True)
class DefaultLine:
    name: Promise
    how: Promise
    phone: str = ""
    text_number: str = ""
    text_body: dict[str, str] = field(default_factory=dict)
    is_emergency: bool = False


US_DEFAULTS: tuple[DefaultLine, ...] = (
    DefaultLine(
        name=_("988 Suicide and Crisis Lifeline"),
        how=_("Call or text 988, any time. For Spanish, press 2 when you call, or text AYUDA to 988."),
        phone="988",
        text_number="988",
    ),
    DefaultLine(
        name=_("SAMHSA National Helpline"),
        how=_("1-800-662-4357: free, confidential help and treatment referrals, any time, in English and Spanish."),
        phone="18006624357",
    ),
    DefaultLine(
        name=_("Crisis Text Line"),
        how=_("Text HOME to 741741 (for Spanish, text AYUDA)."),
        text_number="741741",
        text_body={"en": "HOME", "es": "AYUDA"},
    ),
    DefaultLine(
        name=_("Emergency"),
        how=_("Call 911 if you or someone else is in immediate danger."),
        phone="911",
        is_emergency=True,
    ),
)


def in_language(words: dict[str, str], language: str | None = None) -> str:
    """The words in ``language`` (default: the active one), else English, else any language given."""
    language = (language or translation.get_language() or "en").split("-")[0]
    return words.get(language) or words.get("en") or next((w for w in words.values() if w), "")


def default_line_words(line: DefaultLine) -> dict[str, dict[str, str]]:
    """A default line's name, how-to and text body in every language the site speaks."""
    out: dict[str, dict[str, str]] = {"name": {}, "how": {}}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            out["name"][code] = str(line.name)
            out["how"][code] = str(line.how)
    return out


def default_views(language: str | None = None) -> list[LineView]:
    language = language or translation.get_language()
    return [
        LineView(
            name=str(line.name),
            how=str(line.how),
            phone=line.phone,
            text_number=line.text_number,
            text_body=in_language(line.text_body, language) if line.text_body else "",
            is_emergency=line.is_emergency,
        )
        for line in US_DEFAULTS
    ]


def emergency_line(lines: list[LineView]) -> LineView:
    """The emergency number among ``lines`` (the program's), else the US default 911."""
    for line in lines:
        if line.is_emergency and line.phone:
            return line
    return next(v for v in default_views() if v.is_emergency)
