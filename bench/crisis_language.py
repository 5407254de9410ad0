#!/usr/bin/env python
"""Crisis-language detection: recall, precision and throughput on the test corpus and on the
held-out sets.

The corpus: alongside/crisis_language/tests/crisis_corpus/{en,es}.tsv (label, tab, text), crisis phrases
and everyday ones, hard cases included ("this craving is killing me", "me muero de risa").

Measured, per language and overall: recall, precision, F1 and the counts of the detector in use
(``CRISIS_LANGUAGE_DETECTOR``, by default the English and Spanish phrase detector), and its
throughput in texts per second (every corpus text, REPEATS passes, after one warm-up pass).
Beside the detector in use, every figure is printed for the phrase rules alone and for the
rules then the small learned model (``learned_detector``, ``crisis_language/learned.py``, opt-in:
see crisis_corpus/README.md for why it is not the default), with the model's training time. Baselines in the same run: a plain lower-case substring check against a short keyword list
(what a first attempt would do), and ``len()`` over the same texts (the cost of the loop).

The held-out sets (alongside/crisis_language/tests/crisis_heldout/, written apart from the phrase lists by
someone who never saw them): the development part (``dev``), which the detector was improved
against, and the sealed part (``sealed``), never read while changing the detector. For the
sealed part only aggregate figures are printed, never a missed or flagged sentence.

The everyday check set (``everyday_check_*.tsv``, ordinary notes and messages, all label 0,
never training data): the false-alarm rate of each detector, aggregate only. And the corpus
precision of the rules then the model out of fold (each fifth scored by a model not trained on it).

Bars (issues 5 and 12), per language: recall >= 0.95 on the corpus and >= 0.90 on the sealed
set, at most 5% of the everyday check set flagged by the detector in use; precision reported.
Exits 1 when a bar is not met.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")

REPEATS = int(os.environ.get("BENCH_CRISIS_LANGUAGE_REPEATS", "5"))
RECALL_BAR = 0.95
SEALED_RECALL_BAR = 0.90
EVERYDAY_FALSE_ALARM_CEILING = 0.05
# The baseline: the words a first attempt would look for.
KEYWORDS = (
    "suicid",
    "kill myself",
    "want to die",
    "end my life",
    "overdose",
    "self harm",
    "self-harm",
    "hurt myself",
    "can't go on",
    "goodbye forever",
    "matarme",
    "quiero morir",
    "me quiero morir",
    "quitarme la vida",
    "no quiero vivir",
    "sobredosis",
    "hacerme daño",
    "no puedo más",
)


def substring_baseline(text: str) -> bool:
    lowered = text.lower()
    return any(keyword in lowered for keyword in KEYWORDS)


def throughput(fn: Callable[[str], object], texts: list[str]) -> float:
    for text in texts:  # warm-up: compiled patterns, caches
        fn(text)
    start = time.perf_counter()
    for _ in range(REPEATS):
        for text in texts:
            fn(text)
    return REPEATS * len(texts) / (time.perf_counter() - start)


def row(label: str, scores: object) -> str:
    from alongside.crisis_language.evaluation import Scores

    assert isinstance(scores, Scores)
    return (
        f"  {label:<36} recall {scores.recall:.3f}  precision {scores.precision:.3f}  f1 {scores.f1:.3f}  "
        f"(crisis {scores.true_positives}/{scores.positives} found, "
        f"everyday {scores.false_positives}/{scores.negatives} flagged)"
    )


def main() -> int:
    import django

    django.setup()
    from django.conf import settings

    from alongside.crisis_language import detect, learned, learned_detector, phrase_detector
    from alongside.crisis_language.evaluation import (
        LANGUAGES,
        Scores,
        load_corpus,
        load_everyday_check,
        load_heldout,
        score,
    )

    start = time.perf_counter()
    learned.learned_model()  # what a web process does at start when it is configured (sklearn's import included)
    started = time.perf_counter() - start
    start = time.perf_counter()
    learned.fit(learned.training_examples())
    trained = time.perf_counter() - start

    detector_name = getattr(settings, "CRISIS_LANGUAGE_DETECTOR", "") or "default"
    corpora = {language: load_corpus(language) for language in LANGUAGES}
    print(f"crisis-language detection on the test corpus (detector: {detector_name}):")
    total = Scores(0, 0, 0, 0)
    total_baseline = Scores(0, 0, 0, 0)
    met = True
    recalls: dict[str, float] = {}
    for language, examples in corpora.items():
        scores, wrong = score(examples, detect)
        baseline, _wrong = score(examples, substring_baseline)
        total, total_baseline = total + scores, total_baseline + baseline
        recalls[language] = scores.recall
        met = met and scores.recall >= RECALL_BAR
        print(row(f"{language}: detector", scores))
        print(row(f"{language}: baseline (substring check)", baseline))
        print(row(f"{language}: rules then learned model", score(examples, learned_detector)[0]))
        print(row(f"{language}: rules then model, out of fold", learned.out_of_fold(examples)))
        missed = [e.text for e in wrong if e.crisis]
        if missed:
            print(f"    missed ({len(missed)}): " + " | ".join(missed[:5]) + (" …" if len(missed) > 5 else ""))
    print(row("overall: detector", total))
    print(row("overall: baseline (substring check)", total_baseline))

    texts = [e.text for examples in corpora.values() for e in examples]
    speed = throughput(detect, texts)
    print(f"  throughput over {len(texts)} texts x {REPEATS} (one process, warm):")
    print(f"    detector                        {speed:10,.0f} texts/s  ({1e6 / speed:,.0f} µs a text)")
    print(f"    baseline: substring check       {throughput(substring_baseline, texts):10,.0f} texts/s")
    print(f"    baseline: len()                 {throughput(len, texts):10,.0f} texts/s")
    print(f"    phrase rules alone              {throughput(phrase_detector, texts):10,.0f} texts/s")
    print(f"    rules then learned model        {throughput(learned_detector, texts):10,.0f} texts/s")
    print(
        f"  learned model (crisis_language/learned.py): ready in {started:.2f} s at first use, "
        f"training alone {trained:.2f} s"
    )
    print(
        "  first-sight recall on the corpus's held-out rounds (crisis_corpus/README.md): en 0.45 0.50 0.37 0.65, "
        "es 0.47 0.43 0.30 0.50 (before the combination tier)"
    )
    print(
        "  first-sight recall (precision) on the development set, before it trained anything: phrase rules "
        "en 0.61 (0.85) es 0.46 (0.86); learned model alone, trained on the corpus only, "
        "en 0.89 (0.87) es 0.82 (0.84)"
    )

    print("held-out sets (crisis_heldout/: written apart from the phrase lists):")
    sealed: dict[str, float] = {}
    for part in ("dev", "sealed"):
        for language in LANGUAGES:
            scores, _wrong = score(load_heldout(part, language), detect)
            # Aggregates only: the sealed sentences, missed or not, are never printed.
            print(row(f"{language}: {part}", scores))
            for name, other in (
                ("phrase rules alone", phrase_detector),
                ("rules then learned model", learned_detector),
            ):
                print(row(f"{language}: {part}, {name}", score(load_heldout(part, language), other)[0]))
            if part == "sealed":
                sealed[language] = scores.recall
    print("everyday check set (crisis_heldout/everyday_check_*.tsv: ordinary notes, never trained on; aggregate only):")
    everyday: dict[str, float] = {}
    for language in LANGUAGES:
        examples = load_everyday_check(language)
        for name, other in (
            ("detector", detect),
            ("phrase rules alone", phrase_detector),
            ("rules then learned model", learned_detector),
        ):
            flagged = score(examples, other)[0].false_positives
            print(f"  {language}: {name:<36} false alarms {flagged}/{len(examples)} ({flagged / len(examples):.3f})")
            if name == "detector":
                everyday[language] = flagged / len(examples)
    for language in LANGUAGES:
        recall = recalls[language]
        print(
            f"  {language}: corpus recall {recall:.3f} (bar >= {RECALL_BAR}: "
            f"{'met' if recall >= RECALL_BAR else 'NOT met'})"
        )
        print(
            f"  {language}: sealed recall {sealed[language]:.3f} (bar >= {SEALED_RECALL_BAR}: "
            f"{'met' if sealed[language] >= SEALED_RECALL_BAR else 'NOT met'})"
        )
        print(
            f"  {language}: everyday false-alarm rate {everyday[language]:.3f} (bar <= {EVERYDAY_FALSE_ALARM_CEILING}: "
            f"{'met' if everyday[language] <= EVERYDAY_FALSE_ALARM_CEILING else 'NOT met'})"
        )
        met = met and sealed[language] >= SEALED_RECALL_BAR and everyday[language] <= EVERYDAY_FALSE_ALARM_CEILING
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
