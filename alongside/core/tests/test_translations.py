"""compile_translations: .po to .mo in pure Python, and the Spanish catalogue is complete."""

from __future__ import annotations

import gettext
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from alongside.core.management.commands.compile_translations import PoSyntaxError, compile_po_file, parse_po

SPANISH_PO = Path(settings.BASE_DIR) / "alongside" / "locale" / "es" / "LC_MESSAGES" / "django.po"

SAMPLE_PO = r"""# A translator's comment
#, fuzzy
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: somewhere.py:1
msgid "Hello"
msgstr "Hola"

msgctxt "month name"
msgid "May"
msgstr "mayo"
msgid "May"
msgstr "puede"

#, python-format
msgid "%(n)s day"
msgid_plural "%(n)s days"
msgstr[0] "%(n)s día"
msgstr[1] "%(n)s días"

#, fuzzy
msgid "A guess"
msgstr "Una suposición"

msgid ""
"First line\n"
"Second \"quoted\"\tline \\ with \101\x42"
msgstr ""
"Primera línea\n"
"Segunda línea"

msgid "Not translated yet"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "Obsoleto"
"""


# The sample messages are looked up through these names, not literal gettext("...") calls, so that
# makemessages does not mistake them for the project's own strings.
def lookup(catalogue: gettext.GNUTranslations, message: str, context: str | None = None) -> str:
    return catalogue.gettext(message) if context is None else catalogue.pgettext(context, message)


def lookup_plural(catalogue: gettext.GNUTranslations, singular: str, plural: str, n: int) -> str:
    return catalogue.ngettext(singular, plural, n)


def compiled_catalogue(tmp_path: Path, text: str) -> gettext.GNUTranslations:
    po = tmp_path / "django.po"
    po.write_text(text, encoding="utf-8")
    mo, _count = compile_po_file(po)
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_it_compiles_plain_context_and_plural_messages(tmp_path: Path) -> None:
    catalogue = compiled_catalogue(tmp_path, SAMPLE_PO)

    assert lookup(catalogue, "Hello") == "Hola"
    assert lookup(catalogue, "May", context="month name") == "mayo"
    assert lookup(catalogue, "May") == "puede"
    assert lookup_plural(catalogue, "%(n)s day", "%(n)s days", 1) == "%(n)s día"
    assert lookup_plural(catalogue, "%(n)s day", "%(n)s days", 5) == "%(n)s días"


def test_it_joins_multi_line_strings_and_decodes_escapes(tmp_path: Path) -> None:
    catalogue = compiled_catalogue(tmp_path, SAMPLE_PO)

    assert lookup(catalogue, 'First line\nSecond "quoted"\tline \\ with AB') == "Primera línea\nSegunda línea"


def test_it_leaves_out_fuzzy_untranslated_and_obsolete_entries(tmp_path: Path) -> None:
    catalogue = compiled_catalogue(tmp_path, SAMPLE_PO)

    assert lookup(catalogue, "A guess") == "A guess"
    assert lookup(catalogue, "Not translated yet") == "Not translated yet"
    assert lookup(catalogue, "Obsolete") == "Obsolete"
    # The header is kept even when marked fuzzy, so the charset and plural rule still apply.
    assert catalogue.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"


def test_it_reports_a_malformed_file_with_its_line() -> None:
    with pytest.raises(PoSyntaxError, match=r":3: unknown escape"):
        parse_po('msgid ""\nmsgstr ""\nmsgid "bad \\q"\nmsgstr "x"\n', "broken.po")


def test_the_command_compiles_every_catalogue_in_a_locale_dir(tmp_path: Path) -> None:
    target = tmp_path / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(SPANISH_PO, target / "django.po")
    out = StringIO()

    call_command("compile_translations", locale_dirs=[str(tmp_path)], stdout=out)

    assert (target / "django.mo").stat().st_size > 0
    assert "messages" in out.getvalue()


def test_the_command_fails_loudly_when_there_is_nothing_to_compile(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"No \*/LC_MESSAGES/django\.po"):
        call_command("compile_translations", locale_dirs=[str(tmp_path)])


def test_a_spanish_page_renders_from_the_compiled_catalogue(tmp_path: Path) -> None:
    target = tmp_path / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(SPANISH_PO, target / "django.po")
    call_command("compile_translations", locale_dirs=[str(tmp_path)], stdout=StringIO())
    template = Template('{% load i18n %}{% translate "Need help now?" %} | {% translate "Sharing and consent" %}')

    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("es"):
        rendered = template.render(Context())

    assert rendered == "¿Necesitas ayuda ahora? | Información compartida y consentimiento"


def test_every_message_in_the_spanish_catalogue_is_translated() -> None:
    entries = parse_po(SPANISH_PO.read_text(encoding="utf-8"), SPANISH_PO)
    messages = [e for e in entries if not e.is_header]

    untranslated = [e.msgid for e in messages if not e.is_translated]
    fuzzy = [e.msgid for e in messages if e.is_fuzzy]

    assert len(messages) > 100
    assert untranslated == [], f"{len(untranslated)} untranslated in {SPANISH_PO.name}: {untranslated[:20]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy (unchecked) translations: {fuzzy[:20]}"


def test_the_spanish_catalogue_keeps_every_placeholder() -> None:
    import re

    placeholder = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")
    entries = parse_po(SPANISH_PO.read_text(encoding="utf-8"), SPANISH_PO)
    broken = []
    for e in entries:
        if e.is_header:
            continue
        if not e.msgid_plural:
            if sorted(placeholder.findall(e.msgstr)) != sorted(placeholder.findall(e.msgid)):
                broken.append(e.msgid)
            continue
        # Plural forms: the "one" form keeps the singular's placeholders (it may also name the
        # count); every other form keeps exactly the plural's, so no number is ever dropped.
        singular, plural = set(placeholder.findall(e.msgid)), set(placeholder.findall(e.msgid_plural))
        for index, text in sorted(e.msgstr_plural.items()):
            found = set(placeholder.findall(text))
            ok = (singular <= found <= singular | plural) if int(index) == 0 else found == plural
            if not ok:
                broken.append(e.msgid)

    assert broken == []


def test_the_spanish_catalogue_declares_two_plural_forms() -> None:
    entries = parse_po(SPANISH_PO.read_text(encoding="utf-8"), SPANISH_PO)
    header = next(e for e in entries if e.is_header)

    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr
    assert "charset=UTF-8" in header.msgstr
