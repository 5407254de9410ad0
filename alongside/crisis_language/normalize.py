"""Turning what a person typed into the plain form the phrase lists are written against.

``normalize("I CAN’T go on!!! 😢")`` → ``"i can not go on ."`` (always ending in a " ." token). The steps, in order:

1. Case and accents: case-folded, accents dropped ("suicidarme" and "suicidarme" meet, "daño"
   becomes "dano"), apostrophes dropped ("can't" → "cant").
2. Look-alike characters inside words: "k1ll" → "kill", "su1c1d3" → "suicide".
3. Punctuation: a sentence end (". ! ? ;" followed by a space, or a line break) becomes a
   " . " token and a comma a " , " token, which no phrase crosses ("No, I want to die" is not
   the denial "no I want..."); any other punctuation, emoji included, is a space
   ("i.want.to.die" → "i want to die").
4. Repeated letters squeezed to one ("diiie" → "die", "kill" → "kil"): the phrase lists go
   through the same squeeze when they are compiled, so they are written in plain spelling.
5. Text-speak and contractions expanded word by word ("kms" → "kill myself", "wanna" →
   "want to", "dont" → "do not", "kiero" → "quiero", "q" → "que").
6. Near misses of a few long, unmistakable words mapped to them ("sucide", "suicdal",
   "overdoes" excepted, "myslef").
7. Letters typed one by one joined ("d i e" → "die").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from alongside.crisis_language.phrases import EXPANSIONS, FUZZY_ANCHORS, FUZZY_NOT

_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018\u00b4`\u02bc")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_SENTENCE_END = re.compile(r"[.!?;\u2026]+(?=\s|$)|[\r\n]+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"([a-z])\1+")
_SPELLED_OUT = re.compile(r"(?<![a-z0-9])[a-z](?: [a-z]){2,}(?![a-z0-9])")


def squeeze(word: str) -> str:
    """One letter where the same letter repeats: "sooo" → "so", "kill" → "kil"."""
    return _REPEATS.sub(r"\1", word)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_APOSTROPHES)


def _unleet(chunk: str) -> str:
    """Look-alike characters read as letters, but only in a word that has letters: "k1ll" →
    "kill", while "988", "24/7" and "$20" stay as they are."""
    if chunk.isalpha() or not any(ch.isalpha() for ch in chunk):
        return chunk
    return chunk.translate(_LEET)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def _fuzzy_index() -> tuple[dict[str, str], frozenset[str]]:
    """Every anchor and each one-letter deletion of it, pointing at the anchor."""
    anchors = [squeeze(a) for a in FUZZY_ANCHORS]
    index: dict[str, str] = {anchor: anchor for anchor in anchors}
    for anchor in anchors:
        for key in sorted(_deletes(anchor)):
            index.setdefault(key, anchor)
    return index, frozenset(squeeze(w) for w in FUZZY_NOT)


@lru_cache(maxsize=1)
def _expansions() -> dict[str, str]:
    return {squeeze(k): " ".join(squeeze(w) for w in v.split()) for k, v in EXPANSIONS.items()}


def _fuzzy(word: str) -> str:
    """The anchor ``word`` is one slip away from (a letter dropped, added, changed or swapped)."""
    if len(word) < 5:
        return word
    index, real_words = _fuzzy_index()
    if word in index or word in real_words:
        return index.get(word, word)
    for key in sorted(_deletes(word)):
        if key in index:
            return index[key]
    return word


def normalize(text: str) -> str:
    """The plain, comparable form of ``text`` (see the module docstring)."""
    expansions = _expansions()
    words: list[str] = []
    text = _SENTENCE_END.sub(" . ", fold(text)).replace(",", " , ")
    # Letters typed one by one ("d i e") read as the word they spell.
    text = _SPELLED_OUT.sub(lambda m: m.group(0).replace(" ", ""), text)
    for chunk in text.split():
        if chunk in {".", ","}:
            if words and words[-1] not in {".", ","}:
                words.append(chunk)
            elif words and chunk == ".":
                words[-1] = "."
            continue
        bare = squeeze(chunk.strip('"()[]{}<>,:*_-~#'))
        if bare in expansions:  # "b4", "2nite": before the look-alikes turn digits into letters
            words.append(expansions[bare])
            continue
        for raw in _NOT_WORD.split(_unleet(chunk)):
            if not raw:
                continue
            word = squeeze(raw)
            expanded = expansions.get(word)
            if expanded is not None:
                words.append(expanded)
            elif word.isalpha():
                words.append(_fuzzy(word))
            else:
                words.append(word)
    if words and words[-1] != ".":
        words.append(".")
    return " ".join(words)
