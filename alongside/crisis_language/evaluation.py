"""Measuring a detector against the test corpus (alongside/crisis_language/tests/crisis_corpus/) and the
held-out sets (alongside/crisis_language/tests/crisis_heldout/, written apart from the phrase lists).

Used by the corpus and held-out tests and ``bench/crisis_language.py``. The held-out set has a
development part (``dev``: read it, improve against it) and a sealed part (``sealed``: measured
only by the bench, as aggregate figures, never read or tuned against), and an everyday check set
(``everyday_check``: ordinary notes, all label 0, for the false-alarm rate; never tuned against).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "tests" / "crisis_corpus"
HELDOUT_DIR = Path(__file__).resolve().parent / "tests" / "crisis_heldout"
LANGUAGES = ("en", "es")
HELDOUT_PARTS = ("dev", "sealed")


@dataclass(frozen=True)
class Example:
    crisis: bool
    text: str


@dataclass(frozen=True)
class Scores:
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def positives(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def negatives(self) -> int:
        return self.true_negatives + self.false_positives

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 0.0

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
            self.true_negatives + other.true_negatives,
        )


def load_corpus(language: str, directory: Path = CORPUS_DIR) -> list[Example]:
    """The labelled phrases of one language (``label<TAB>text``; ``#`` starts a comment)."""
    return _load(directory / f"{language}.tsv")


def load_heldout(part: str, language: str, directory: Path = HELDOUT_DIR) -> list[Example]:
    """One part (``dev`` or ``sealed``) of the held-out set, same format as the corpus."""
    if part not in HELDOUT_PARTS:
        raise ValueError(f"unknown held-out part {part!r}")
    return _load(directory / f"{part}_{language}.tsv")


def load_everyday_check(language: str, directory: Path = HELDOUT_DIR) -> list[Example]:
    """The everyday check set (``everyday_check_*.tsv``, all label 0): ordinary notes and
    messages that measure false alarms. Never training data, never tuned against: only its
    aggregate false-alarm rate is reported (the bench, a test)."""
    return _load(directory / f"everyday_check_{language}.tsv")


def _load(path: Path) -> list[Example]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in {"0", "1"} or not text.strip():
            raise ValueError(f"{path.name} line {number}: expected '0' or '1', a tab, then the text")
        examples.append(Example(crisis=label == "1", text=text.strip()))
    return examples


def score(examples: Iterable[Example], flags: Callable[[str], object]) -> tuple[Scores, list[Example]]:
    """How ``flags`` (text → truthy when flagged) does on ``examples``; also the ones it got wrong."""
    tp = fp = fn = tn = 0
    wrong = []
    for example in examples:
        flagged = bool(flags(example.text))
        if example.crisis and flagged:
            tp += 1
        elif example.crisis:
            fn += 1
            wrong.append(example)
        elif flagged:
            fp += 1
            wrong.append(example)
        else:
            tn += 1
    return Scores(tp, fp, fn, tn), wrong
