"""Compile every ``alongside/locale/*/LC_MESSAGES/django.po`` into ``django.mo`` in pure Python.

Django's own ``compilemessages`` shells out to GNU ``msgfmt``; a fresh clone on a machine without
gettext (a small nonprofit's one server, a Windows laptop, a slim container) could then not show
Spanish at all. This command reads the .po format itself and writes the GNU .mo format that
Python's ``gettext`` reads: contexts (``msgctxt``), plurals (``msgid_plural`` / ``msgstr[n]``),
multi-line strings and C escapes. Fuzzy and untranslated entries are left out, as ``msgfmt`` does,
so a half-done translation falls back to English rather than showing a guess.
"""

from __future__ import annotations

import os
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

MO_MAGIC = 0x950412DE
CONTEXT_SEPARATOR = "\x04"


class PoSyntaxError(ValueError):
    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")


@dataclass
class PoEntry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_translated(self) -> bool:
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    def mo_key(self) -> str:
        key = self.msgid if self.msgid_plural is None else f"{self.msgid}\x00{self.msgid_plural}"
        return key if self.msgctxt is None else f"{self.msgctxt}{CONTEXT_SEPARATOR}{key}"

    def mo_value(self) -> str:
        if self.msgid_plural is None:
            return self.msgstr
        return "\x00".join(self.msgstr_plural[i] for i in sorted(self.msgstr_plural))


def _unquote(text: str, path: Path | str, line: int) -> str:
    """One ``"..."`` literal with C escapes (``\\n``, ``\\t``, ``\\"``, ``\\\\``, octal, hex)."""
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise PoSyntaxError(path, line, f"expected a quoted string, found {text!r}")
    body = text[1:-1]
    out: list[str] = []
    i = 0
    simple = {
        "n": "\n",
        "t": "\t",
        "r": "\r",
        '"': '"',
        "\\": "\\",
        "a": "\a",
        "b": "\b",
        "f": "\f",
        "v": "\v",
        "'": "'",
        "?": "?",
    }
    while i < len(body):
        ch = body[i]
        if ch == '"':
            raise PoSyntaxError(path, line, "unescaped double quote inside a string")
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        i += 1
        if i >= len(body):
            raise PoSyntaxError(path, line, "string ends with a lone backslash")
        esc = body[i]
        if esc in simple:
            out.append(simple[esc])
            i += 1
        elif esc in "01234567":
            digits = body[i : i + 3]
            n = 0
            while n < len(digits) and digits[n] in "01234567":
                n += 1
            out.append(chr(int(body[i : i + n], 8)))
            i += n
        elif esc == "x":
            j = i + 1
            while j < len(body) and body[j] in "0123456789abcdefABCDEF":
                j += 1
            if j == i + 1:
                raise PoSyntaxError(path, line, "\\x with no hex digits")
            out.append(chr(int(body[i + 1 : j], 16)))
            i = j
        else:
            raise PoSyntaxError(path, line, f"unknown escape \\{esc}")
    return "".join(out)


def parse_po(text: str, path: Path | str = "<string>") -> list[PoEntry]:
    """Parse .po text into entries (obsolete ``#~`` entries are dropped)."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    # Which field a continuation line ("...") extends: ("msgid"|"msgid_plural"|"msgctxt"|"msgstr", plural index).
    target: tuple[str, int | None] | None = None
    seen_msgid = False
    seen_msgstr = False

    def finish() -> None:
        nonlocal entry, target, seen_msgid, seen_msgstr
        if seen_msgid:
            if not seen_msgstr:
                raise PoSyntaxError(path, entry.line, "an entry with a msgid but no msgstr")
            entries.append(entry)
        elif entry.msgctxt is not None:
            raise PoSyntaxError(path, entry.line, "a msgctxt with no msgid")
        entry = PoEntry()
        target = None
        seen_msgid = seen_msgstr = False

    def append(value: str) -> None:
        assert target is not None
        kind, index = target
        if index is not None:
            entry.msgstr_plural[index] += value
        elif kind == "msgctxt":
            entry.msgctxt = (entry.msgctxt or "") + value
        elif kind == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural or "") + value
        elif kind == "msgid":
            entry.msgid += value
        else:
            entry.msgstr += value

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if line.startswith("#~"):
                continue  # an obsolete entry, kept in the file for translators only
            if seen_msgstr:
                finish()  # a comment after a msgstr belongs to the next entry
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith('"'):
            if target is None:
                raise PoSyntaxError(path, number, "a string continuation with no keyword before it")
            append(_unquote(line, path, number))
            continue
        keyword, _sep, rest = line.partition(" ")
        # Entries are usually separated by blank lines, but need not be.
        if keyword in ("msgctxt", "msgid") and (seen_msgid or (keyword == "msgctxt" and entry.msgctxt is not None)):
            flags = entry.flags if not seen_msgstr else set()
            finish()
            entry.flags = flags
        if keyword == "msgctxt":
            entry.msgctxt = _unquote(rest, path, number)
            entry.line = number
            target = ("msgctxt", None)
        elif keyword == "msgid":
            entry.msgid = _unquote(rest, path, number)
            entry.line = entry.line or number
            seen_msgid = True
            target = ("msgid", None)
        elif keyword == "msgid_plural":
            if not seen_msgid or seen_msgstr:
                raise PoSyntaxError(path, number, "msgid_plural must follow msgid")
            entry.msgid_plural = _unquote(rest, path, number)
            target = ("msgid_plural", None)
        elif keyword == "msgstr":
            if not seen_msgid:
                raise PoSyntaxError(path, number, "msgstr with no msgid before it")
            entry.msgstr = _unquote(rest, path, number)
            seen_msgstr = True
            target = ("msgstr", None)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            if not seen_msgid:
                raise PoSyntaxError(path, number, "msgstr[n] with no msgid before it")
            try:
                index = int(keyword[7:-1])
            except ValueError as exc:
                raise PoSyntaxError(path, number, f"bad plural index in {keyword}") from exc
            entry.msgstr_plural[index] = _unquote(rest, path, number)
            seen_msgstr = True
            target = ("msgstr", index)
        else:
            raise PoSyntaxError(path, number, f"unknown keyword {keyword!r}")
    finish()
    for e in entries:
        if e.msgid_plural is not None and e.msgstr:
            raise PoSyntaxError(path, e.line, "a plural entry needs msgstr[n], not msgstr")
        if e.msgid_plural is None and e.msgstr_plural:
            raise PoSyntaxError(path, e.line, "msgstr[n] without msgid_plural")
        if e.msgstr_plural and sorted(e.msgstr_plural) != list(range(len(e.msgstr_plural))):
            raise PoSyntaxError(path, e.line, "plural forms must be numbered msgstr[0], msgstr[1], ...")
    return entries


def header_fields(entries: list[PoEntry]) -> dict[str, str]:
    for e in entries:
        if e.is_header:
            fields = {}
            for line in e.msgstr.splitlines():
                name, sep, value = line.partition(":")
                if sep:
                    fields[name.strip()] = value.strip()
            return fields
    return {}


def mo_bytes(entries: list[PoEntry]) -> bytes:
    """The GNU .mo encoding of the translated, non-fuzzy entries (the header always, so the charset
    and plural rule reach Python's gettext), sorted by key as the format requires."""
    catalog: dict[bytes, bytes] = {}
    for e in entries:
        if e.is_header:
            if e.msgstr:
                catalog[b""] = e.msgstr.encode("utf-8")
            continue
        if e.is_fuzzy or not e.is_translated:
            continue
        catalog[e.mo_key().encode("utf-8")] = e.mo_value().encode("utf-8")
    keys = sorted(catalog)
    count = len(keys)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    originals: list[tuple[int, int]] = []
    translations: list[tuple[int, int]] = []
    data = bytearray()
    for key in keys:
        originals.append((len(key), data_at + len(data)))
        data += key + b"\x00"
    for key in keys:
        value = catalog[key]
        translations.append((len(value), data_at + len(data)))
        data += value + b"\x00"
    out = bytearray(struct.pack("<7I", MO_MAGIC, 0, count, originals_at, translations_at, 0, data_at))
    for length, offset in originals + translations:
        out += struct.pack("<2I", length, offset)
    out += data
    return bytes(out)


def compile_po_file(po_path: Path, mo_path: Path | None = None) -> tuple[Path, int]:
    """Compile one .po file; return the .mo path and how many messages it holds."""
    text = po_path.read_text(encoding="utf-8")
    entries = parse_po(text, po_path)
    charset = header_fields(entries).get("Content-Type", "charset=UTF-8").partition("charset=")[2].strip() or "UTF-8"
    if charset.upper().replace("_", "-") not in {"UTF-8", "UTF8"}:
        raise CommandError(f"{po_path}: only UTF-8 catalogues are supported (found charset {charset})")
    mo_path = mo_path or po_path.with_suffix(".mo")
    payload = mo_bytes(entries)
    # Write atomically: web processes (or parallel test workers) may be reading the old file.
    fd, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=".django.", suffix=".mo.tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, mo_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    translated = sum(1 for e in entries if not e.is_header and not e.is_fuzzy and e.is_translated)
    return mo_path, translated


def default_locale_dirs() -> list[Path]:
    return [Path(p) for p in settings.LOCALE_PATHS]


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogues to .mo without needing GNU gettext."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--locale-dir",
            action="append",
            dest="locale_dirs",
            help="A locale directory to compile (default: every entry of settings.LOCALE_PATHS). Repeatable.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dirs = [Path(d) for d in options.get("locale_dirs") or []] or default_locale_dirs()
        po_files = sorted(po for d in dirs for po in d.glob("*/LC_MESSAGES/django.po"))
        if not po_files:
            raise CommandError(f"No */LC_MESSAGES/django.po files under {', '.join(map(str, dirs))}")
        for po in po_files:
            try:
                mo, count = compile_po_file(po)
            except PoSyntaxError as exc:
                raise CommandError(str(exc)) from exc
            if options.get("verbosity", 1) >= 1:
                self.stdout.write(f"{mo}: {count} messages")


__all__ = ["Command", "PoEntry", "PoSyntaxError", "compile_po_file", "mo_bytes", "parse_po"]
