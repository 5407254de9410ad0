"""The crisis-language corpus (crisis_corpus/en.tsv, es.tsv): recall must stay at or above 0.95
in each language, and precision above a floor. ``bench/crisis_language.py`` prints the figures.

Read crisis_corpus/README.md before trusting them: on phrasings the detector had never seen,
held-out rounds found half to two thirds of crises.
"""

from __future__ import annotations

import pytest

from alongside.core.crisis_language import phrase_detector
from alongside.core.crisis_language.evaluation import LANGUAGES, load_corpus, score

RECALL_BAR = 0.95
# Measured 0.99 in both languages when this was written. Over-sensitive on purpose: when the
# lists are widened for recall precision may fall, but not below this.
PRECISION_FLOOR = 0.85
MIN_EXAMPLES = 150


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_corpus_has_enough_positive_and_negative_phrases(language: str) -> None:
    examples = load_corpus(language)
    assert sum(e.crisis for e in examples) >= MIN_EXAMPLES
    assert sum(not e.crisis for e in examples) >= MIN_EXAMPLES
    assert len({e.text for e in examples}) == len(examples), "a phrase appears twice"


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_stays_at_or_above_the_bar_and_precision_above_its_floor(language: str) -> None:
    scores, wrong = score(load_corpus(language), phrase_detector)
    missed = [e.text for e in wrong if e.crisis]
    false_alarms = [e.text for e in wrong if not e.crisis]
    print(
        f"{language}: recall {scores.recall:.3f} precision {scores.precision:.3f} f1 {scores.f1:.3f} "
        f"({scores.positives} crisis, {scores.negatives} everyday)"
    )
    assert scores.recall >= RECALL_BAR, f"recall {scores.recall:.3f} < {RECALL_BAR}; missed: {missed}"
    assert scores.precision >= PRECISION_FLOOR, f"precision {scores.precision:.3f}; false alarms: {false_alarms}"


def test_a_malformed_corpus_line_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "en.tsv").write_text("# comment\n1\tI want to die\nyes I want to die\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        load_corpus("en", directory=tmp_path)
