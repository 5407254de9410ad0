"""The translations: compiled by Babel (``pybabel compile``, as ``make install`` runs it), and the
Spanish catalogue complete and well-formed."""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from django.conf import settings
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

SPANISH_PO = Path(settings.BASE_DIR) / "alongside" / "locale" / "es" / "LC_MESSAGES" / "django.po"

SAMPLE_PO = r"""# A translator's comment
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
"Second \"quoted\"\tline"
msgstr ""
"Primera línea\n"
"Segunda línea"

msgid "Not translated yet"
msgstr ""

#~ msgid "Obsolete"
#~ msgstr "Obsoleto"
"""


def pybabel_compile(locale_dir: Path) -> int:
    """What ``make install`` runs, on ``locale_dir``; its exit status."""
    return int(
        CommandLineInterface().run(["pybabel", "-q", "compile", "--domain", "django", "--directory", str(locale_dir)])
    )


def write_catalogue(tmp_path: Path, text: str) -> Path:
    target = tmp_path / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_text(text, encoding="utf-8")
    return target / "django.mo"


def compiled_catalogue(tmp_path: Path, text: str) -> gettext.GNUTranslations:
    mo = write_catalogue(tmp_path, text)
    assert pybabel_compile(tmp_path) == 0
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


# The sample messages are looked up through these names, not literal gettext("...") calls, so that
# makemessages does not mistake them for the project's own strings.
def lookup(catalogue: gettext.GNUTranslations, message: str, context: str | None = None) -> str:
    return catalogue.gettext(message) if context is None else catalogue.pgettext(context, message)


def lookup_plural(catalogue: gettext.GNUTranslations, singular: str, plural: str, n: int) -> str:
    return catalogue.ngettext(singular, plural, n)


def spanish() -> Catalog:
    with SPANISH_PO.open("rb") as handle:
        return read_po(handle, locale="es")


def test_it_compiles_plain_context_plural_and_multi_line_messages(tmp_path: Path) -> None:
    catalogue = compiled_catalogue(tmp_path, SAMPLE_PO)

    assert lookup(catalogue, "Hello") == "Hola"
    assert lookup(catalogue, "May", context="month name") == "mayo"
    assert lookup(catalogue, "May") == "puede"
    assert lookup_plural(catalogue, "%(n)s day", "%(n)s days", 1) == "%(n)s día"
    assert lookup_plural(catalogue, "%(n)s day", "%(n)s days", 5) == "%(n)s días"
    assert lookup(catalogue, 'First line\nSecond "quoted"\tline') == "Primera línea\nSegunda línea"
    assert catalogue.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"


def test_it_leaves_out_fuzzy_untranslated_and_obsolete_entries(tmp_path: Path) -> None:
    catalogue = compiled_catalogue(tmp_path, SAMPLE_PO)

    # A half-done translation falls back to English rather than showing a guess.
    assert lookup(catalogue, "A guess") == "A guess"
    assert lookup(catalogue, "Not translated yet") == "Not translated yet"
    assert lookup(catalogue, "Obsolete") == "Obsolete"


def test_a_translation_that_drops_a_placeholder_fails_the_compile(tmp_path: Path) -> None:
    broken = SAMPLE_PO.replace(
        'msgstr "Hola"', 'msgstr "Hola"\n\n#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Hola %(nombre)s"'
    )
    write_catalogue(tmp_path, broken)

    assert pybabel_compile(tmp_path) == 1


def test_a_catalogue_whose_header_is_fuzzy_is_not_compiled_at_all(tmp_path: Path) -> None:
    # Babel skips such a catalogue whole (and exits 0): Spanish would silently be English. The
    # Spanish catalogue's header is checked below never to be fuzzy.
    mo = write_catalogue(tmp_path, "#, fuzzy\n" + SAMPLE_PO)

    assert pybabel_compile(tmp_path) == 0
    assert not mo.exists()


def test_a_spanish_page_renders_from_the_compiled_catalogue(tmp_path: Path) -> None:
    target = tmp_path / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(SPANISH_PO, target / "django.po")
    assert pybabel_compile(tmp_path) == 0
    template = Template('{% load i18n %}{% translate "Need help now?" %} | {% translate "Sharing and consent" %}')

    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("es"):
        rendered = template.render(Context())

    assert rendered == "¿Necesitas ayuda ahora? | Información compartida y consentimiento"


def test_every_message_in_the_spanish_catalogue_is_translated_and_checked() -> None:
    catalogue = spanish()
    messages = [m for m in catalogue if m.id]

    untranslated = [m.id for m in messages if not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]

    assert len(messages) > 2000
    assert untranslated == [], f"{len(untranslated)} untranslated in {SPANISH_PO.name}: {untranslated[:20]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy (unchecked) translations: {fuzzy[:20]}"
    assert not catalogue.fuzzy, "a fuzzy header makes pybabel skip the whole catalogue"
    assert not catalogue.obsolete, f"obsolete entries: {list(catalogue.obsolete)[:20]}"
    assert [(m.id, errors) for m, errors in catalogue.check()] == []


def test_the_spanish_catalogue_keeps_every_placeholder() -> None:
    placeholder = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")
    broken = []
    for m in spanish():
        if not m.id:
            continue
        if not m.pluralizable:
            assert isinstance(m.id, str) and isinstance(m.string, str)
            if sorted(placeholder.findall(m.string)) != sorted(placeholder.findall(m.id)):
                broken.append(m.id)
            continue
        # Plural forms: the "one" form keeps the singular's placeholders (it may also name the
        # count); every other form keeps exactly the plural's, so no number is ever dropped.
        singular_id, plural_id = m.id
        singular, plural = set(placeholder.findall(singular_id)), set(placeholder.findall(plural_id))
        for index, text in enumerate(m.string):
            found = set(placeholder.findall(text))
            ok = (singular <= found <= singular | plural) if index == 0 else found == plural
            if not ok:
                broken.append(singular_id)

    assert broken == []


def test_the_spanish_catalogue_declares_two_plural_forms() -> None:
    with SPANISH_PO.open(encoding="utf-8") as handle:
        header = handle.read(2000)

    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    assert "charset=UTF-8" in header
    assert spanish().num_plurals == 2


def test_make_install_compiles_with_the_same_command() -> None:
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    install = makefile[makefile.index("\ninstall:") :].split("\n\n")[0]

    assert "pybabel compile --domain django --directory alongside/locale" in install
