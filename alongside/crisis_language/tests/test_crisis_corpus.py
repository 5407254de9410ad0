"""The crisis-language corpus (crisis_corpus/en.tsv, es.tsv): recall must stay at or above 0.95
in each language, and precision above a floor; on the development part of the held-out set
(crisis_heldout/dev_*.tsv, written apart from the phrase lists) recall must stay at or above
0.90. ``bench/crisis_language.py`` prints the figures, the sealed part's included.

There is deliberately no test on the sealed part: a test invites tuning against it. The everyday
check set (crisis_heldout/everyday_check_*.tsv, ordinary notes and messages) holds the default
detector's false-alarm rate at or below 5%; it is spent for tuning (its README), and its test
reports the rate only, never a line. Read crisis_corpus/README.md before trusting any figure.
"""

from __future__ import annotations

import pytest

from alongside.crisis_language import analyse, learned, learned_detector, phrase_detector
from alongside.crisis_language.evaluation import (
    LANGUAGES,
    load_corpus,
    load_everyday_check,
    load_heldout,
    score,
)

RECALL_BAR = 0.95
# Measured 0.99 in both languages when this was written. Over-sensitive on purpose: when the
# lists are widened for recall precision may fall, but not below this.
PRECISION_FLOOR = 0.85
MIN_EXAMPLES = 150
DEV_RECALL_BAR = 0.90
# Measured 0.91 (en) and 0.93 (es) when this was written; the held-out set is harder.
DEV_PRECISION_FLOOR = 0.80
# Every flag is an urgent alert to a mentor, a supervisor and on-call: on ordinary notes and
# messages, at most one in twenty.
EVERYDAY_FALSE_ALARM_CEILING = 0.05
FOLDS = 5


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_on_the_development_held_out_set_stays_at_or_above_its_bar(language: str) -> None:
    examples = load_heldout("dev", language)
    assert sum(e.crisis for e in examples) >= 100 and sum(not e.crisis for e in examples) >= 100
    scores, wrong = score(examples, phrase_detector)
    missed = [e.text for e in wrong if e.crisis]
    assert scores.recall >= DEV_RECALL_BAR, f"recall {scores.recall:.3f} < {DEV_RECALL_BAR}; missed: {missed}"
    assert scores.precision >= DEV_PRECISION_FLOOR, f"precision {scores.precision:.3f}"


def test_an_unknown_held_out_part_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown held-out part"):
        load_heldout("final", "en")


def test_a_malformed_corpus_line_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "en.tsv").write_text("# comment\n1\tI want to die\nyes I want to die\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        load_corpus("en", directory=tmp_path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_configured_detector_flags_few_everyday_notes(language: str) -> None:
    examples = load_everyday_check(language)
    scores, _wrong = score(examples, analyse)
    rate = scores.false_positives / scores.negatives
    # The rate only: the lines are never printed, so they cannot be tuned against.
    assert scores.negatives == len(examples) >= 150
    assert rate <= EVERYDAY_FALSE_ALARM_CEILING, (
        f"{scores.false_positives}/{scores.negatives} everyday notes flagged ({rate:.3f})"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rules_then_the_learned_model_keep_the_bar_and_out_of_fold_the_precision_floor(language: str) -> None:
    assert score(load_corpus(language), learned_detector)[0].recall >= RECALL_BAR
    # Precision on phrases the model was not trained on: each fifth of the corpus is scored by a
    # model trained on everything else (in sample, the figure would be no forecast).
    total = learned.out_of_fold(load_corpus(language), FOLDS)
    assert total.recall >= RECALL_BAR
    assert total.precision >= PRECISION_FLOOR, f"out-of-fold precision {total.precision:.3f}"
