"""Compiling the phrase language of ``phrases.py`` into regular expressions.

Text is matched after ``normalize`` (single spaces between words, "." and "," as tokens of
their own, a final " ." appended), so a phrase's words are joined by single spaces and a gap
("...", or "...N" for N words) is up to three words that are not punctuation; a far gap ("~")
is up to twelve tokens, across sentence ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from alongside.crisis_language import phrases
from alongside.crisis_language.normalize import fold, squeeze

GAP_WORDS = 3
FAR_GAP_TOKENS = 12
_WORD = "[a-z0-9]+"
_BOUNDARY = "(?![a-z0-9])"


class PhraseError(ValueError):
    """A phrase in the lists does not parse: a bug in the data, caught by the tests."""


@dataclass
class _Word:
    text: str
    prefix: bool = False


@dataclass
class _Group:
    alternatives: list[list[_Item]]
    optional: bool = False


@dataclass
class _NotFollowedBy:
    group: _Group


@dataclass
class _Gap:
    words: int = GAP_WORDS
    across_sentences: bool = False


@dataclass
class _End:
    pass


_Item = _Word | _Group | _NotFollowedBy | _Gap | _End


@dataclass
class _Parser:
    source: str
    pos: int = 0

    def parse(self) -> list[_Item]:
        items = self._sequence(closers="")
        if self.pos != len(self.source):
            raise PhraseError(f"unexpected {self.source[self.pos]!r} at {self.pos} in {self.source!r}")
        return items

    def _peek(self) -> str:
        return self.source[self.pos] if self.pos < len(self.source) else ""

    def _sequence(self, closers: str) -> list[_Item]:
        items: list[_Item] = []
        while True:
            char = self._peek()
            if char == "" or char in closers or char == "|":
                return items
            if char == " ":
                self.pos += 1
            elif char in "([":
                items.append(self._group())
            elif char == "!":
                self.pos += 1
                if self._peek() != "(":
                    raise PhraseError(f"'!' must be followed by a group in {self.source!r}")
                items.append(_NotFollowedBy(self._group()))
            elif self.source.startswith("...", self.pos):
                self.pos += 3
                digits = re.compile(r"[0-9]*").match(self.source, self.pos)
                assert digits is not None
                self.pos = digits.end()
                items.append(_Gap(words=int(digits.group(0) or GAP_WORDS)))
            elif char == "~":
                self.pos += 1
                items.append(_Gap(words=FAR_GAP_TOKENS, across_sentences=True))
            elif char == "$":
                self.pos += 1
                items.append(_End())
            else:
                items.append(self._word())

    def _group(self) -> _Group:
        opener = self.source[self.pos]
        closer = ")" if opener == "(" else "]"
        self.pos += 1
        alternatives = [self._sequence(closers=")]")]
        while self._peek() == "|":
            self.pos += 1
            alternatives.append(self._sequence(closers=")]"))
        if self._peek() != closer:
            raise PhraseError(f"unclosed {opener!r} in {self.source!r}")
        self.pos += 1
        optional = opener == "["
        if self._peek() == "?":
            self.pos += 1
            optional = True
        if any(not alternative for alternative in alternatives):
            optional = True
            alternatives = [alternative for alternative in alternatives if alternative]
        return _Group(alternatives, optional)

    def _word(self) -> _Word:
        match = re.compile(r"[a-z0-9#]+\*?|,").match(self.source, self.pos)
        if match is None:
            raise PhraseError(f"unexpected {self.source[self.pos]!r} at {self.pos} in {self.source!r}")
        self.pos = match.end()
        text = match.group(0)
        return _Word(text.rstrip("*"), prefix=text.endswith("*"))


def _word_regex(word: _Word) -> str:
    if word.text == ",":
        return ","
    if word.text == "#":
        return "[0-9]+" + _BOUNDARY
    text = re.escape(squeeze(word.text))
    return text + "[a-z0-9]*" if word.prefix else text + _BOUNDARY


def _group_regex(group: _Group) -> str:
    return "(?:" + "|".join(_sequence_regex(alternative) for alternative in group.alternatives) + ")"


def _sequence_regex(items: list[_Item]) -> str:
    """Words joined by single spaces; optional parts and gaps carry their own space."""
    out: list[str] = []
    after_word = False  # whether the next consumed item needs a space before it
    for item in items:
        if isinstance(item, _NotFollowedBy):
            if not after_word:
                raise PhraseError("'!(...)' must follow a word")
            out.append("(?! " + _group_regex(item.group) + _BOUNDARY + ")")
            continue
        if isinstance(item, _Gap):
            token = "[a-z0-9.,]+" if item.across_sentences else _WORD
            out.append(f"(?: {token}){{0,{item.words}}}" if after_word else f"(?:{token} ){{0,{item.words}}}")
            continue
        if isinstance(item, _Word):
            body = _word_regex(item)
        elif isinstance(item, _End):
            body = "[.,]"
        else:
            body = _group_regex(item)
        if isinstance(item, _Group) and item.optional:
            out.append(f"(?: {body})?" if after_word else f"(?:{body} )?")
            continue
        out.append((" " if after_word else "") + body)
        after_word = True
    return "".join(out)


def _expand_macros(source: str) -> str:
    def replace(match: re.Match[str]) -> str:
        text = phrases.MACROS[match.group(1)]
        return text if text.startswith("!") else f"({text})"

    for _ in range(3):  # macros may use macros
        source = re.sub(r"@([a-z_]+)", replace, source)
    return source


_WORD_START = "(?<![a-z0-9])"


def _phrase_body(source: str) -> str:
    return _sequence_regex(_Parser(fold(_expand_macros(source))).parse())


def compile_phrase(source: str) -> str:
    """The regular expression for one phrase (raises PhraseError when it does not parse)."""
    return _WORD_START + _phrase_body(source)


def _combined(sources: list[str]) -> re.Pattern[str] | None:
    if not sources:
        return None
    # The word-start check once, before the alternatives, not once in each: most positions in a
    # text are inside a word, and this rejects them before any phrase is tried (several times
    # faster on the long lists, same matches).
    return re.compile(_WORD_START + "(?:" + "|".join(f"(?:{_phrase_body(s)})" for s in sources) + ")")


@dataclass(frozen=True)
class Signal:
    weight: int
    category: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Combination:
    """Signals that together mean a crisis (see ``phrases.COMBINATIONS``): every entry of
    ``requires`` (a set of alternative signal names) present, no signal of ``unless``."""

    category: str
    meaning: str
    requires: tuple[frozenset[str], ...]
    unless: frozenset[str]

    def holds(self, present: frozenset[str]) -> bool:
        return all(present & needed for needed in self.requires) and not present & self.unless


def _combinations() -> tuple[Combination, ...]:
    known = {name for language in phrases.SIGNAL_GROUPS.values() for name in language}
    result = []
    for category, meaning, requires, unless in phrases.COMBINATIONS:
        needed = tuple(frozenset(entry.split("|")) for entry in requires)
        unknown = (set().union(*needed) | set(unless)) - known
        if unknown or category not in phrases.CATEGORY_ORDER:
            raise PhraseError(f"combination {meaning!r}: unknown signal or category {sorted(unknown) or category!r}")
        result.append(Combination(category, meaning, needed, frozenset(unless)))
    return tuple(result)


@dataclass(frozen=True)
class CompiledLists:
    statements: dict[str, re.Pattern[str]]
    mentions: dict[str, re.Pattern[str]]
    safe_negations: re.Pattern[str] | None
    context: re.Pattern[str] | None
    signals: tuple[Signal, ...]
    # Any signal strong enough to name a topic (weight 2 or more), in one expression: a sentence
    # without one cannot reach the threshold, so its signals need not be weighed one by one.
    topical: re.Pattern[str] | None
    first_person: re.Pattern[str] | None
    # The combination tier: each signal group in one expression, all languages together.
    signal_groups: dict[str, re.Pattern[str]]
    combinations: tuple[Combination, ...]


@lru_cache(maxsize=1)
def compiled() -> CompiledLists:
    """Every list compiled once per process: one expression per category and tier, all
    languages together (people switch languages mid-sentence)."""

    def by_category(lists: dict[str, dict[str, list[str]]]) -> dict[str, re.Pattern[str]]:
        result = {}
        for category in phrases.CATEGORY_ORDER:
            pattern = _combined([p for language in lists.values() for p in language.get(category, [])])
            if pattern is not None:
                result[category] = pattern
        return result

    return CompiledLists(
        statements=by_category(phrases.STATEMENTS),
        mentions=by_category(phrases.MENTIONS),
        safe_negations=_combined([p for group in phrases.SAFE_NEGATIONS.values() for p in group]),
        context=_combined([p for group in phrases.CONTEXT.values() for p in group]),
        signals=tuple(
            Signal(weight, category, re.compile(compile_phrase(source)))
            for language in phrases.SIGNALS.values()
            for weight, category, source in language
        ),
        topical=_combined(
            [source for language in phrases.SIGNALS.values() for weight, _, source in language if weight >= 2]
        ),
        first_person=_combined(phrases.FIRST_PERSON),
        signal_groups={
            name: pattern
            for name in dict.fromkeys(name for language in phrases.SIGNAL_GROUPS.values() for name in language)
            if (
                pattern := _combined([p for language in phrases.SIGNAL_GROUPS.values() for p in language.get(name, [])])
            )
            is not None
        },
        combinations=_combinations(),
    )
