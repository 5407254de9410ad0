"""Measuring a detector against the test corpus (alongside/core/tests/crisis_corpus/).

Used by the corpus test and ``bench/crisis_language.py``; reads only the corpus files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "crisis_corpus"
LANGUAGES = ("en", "es")


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
    examples = []
    for number, line in enumerate((directory / f"{language}.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or label not in {"0", "1"} or not text.strip():
            raise ValueError(f"{language}.tsv line {number}: expected '0' or '1', a tab, then the text")
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
