"""The learned model behind the phrase rules (crisis_language/learned.py): deterministic, an OR
with the rules that loses nothing they catch, explainable to staff, trained without the sealed
set. Its figures and how they were measured: crisis_corpus/README.md."""

from __future__ import annotations

import pytest

from alongside.core import crisis_language
from alongside.core.crisis_language import (
    CrisisCategory,
    analyse,
    learned,
    learned_detector,
    normalize,
    phrase_detector,
)
from alongside.core.crisis_language.evaluation import LANGUAGES, load_corpus, load_heldout

# Issue 12's examples: the rules catch them with a category, and the combined detector keeps it.
ISSUE_EXAMPLES = [
    ("my friend is blue and not breathing", CrisisCategory.OVERDOSE_IN_PROGRESS),
    ("creo que tomé demasiado y no puedo respirar", CrisisCategory.OVERDOSE_IN_PROGRESS),
    ("I shot up way more than usual and I can't feel my legs", CrisisCategory.OVERDOSE_IN_PROGRESS),
    ("he's hitting me again and I can't get out", CrisisCategory.DANGER_FROM_OTHERS),
    ("no estoy segura en mi casa", CrisisCategory.DANGER_FROM_OTHERS),
    ("I have the gun in my lap", CrisisCategory.MEANS_OR_PLAN),
    ("I'm planning to jump", CrisisCategory.MEANS_OR_PLAN),
]
# Ordinary check-in notes, written for this test (in no training file).
EVERYDAY = [
    "picked up extra hours at the warehouse this week",
    "my grandson learned to ride his bike",
    "I went to two meetings today",
    "the rent went up again, looking at options",
    "had lunch with an old friend from high school",
    "I'm going camping with my cousins next month",
    "my tomatoes are finally growing",
    "I got my GED results back and I passed",
    "fui a dos juntas hoy",
    "mi nieto aprendió a andar en bici",
    "almorcé con una amiga de la prepa",
    "mis jitomates por fin están creciendo",
    "el fin de semana vamos a ver a mis suegros",
    "me dieron más horas en el almacén esta semana",
]


def test_the_default_detector_is_the_rules_then_the_model() -> None:
    assert crisis_language.DEFAULT_DETECTOR.endswith(".learned_detector")


def test_training_is_deterministic_and_the_same_text_gets_the_same_answer() -> None:
    examples = learned.training_examples()
    first, second = learned.fit(examples), learned.fit(examples)
    assert first.intercept == second.intercept
    assert [p.coef for p in first.parts] == [p.coef for p in second.parts]
    text = "I got my GED results back and I passed"
    assert learned.score(text) == learned.score(text)
    assert first.probability(learned.plain(text)) == second.probability(learned.plain(text))


def test_the_lookups_score_exactly_as_scikit_learn_does() -> None:
    examples = learned.training_examples()
    features, classifier = learned.fit_reference(examples)
    model = learned.learned_model()
    texts = [text for text, _ in ISSUE_EXAMPLES] + EVERYDAY + ["ok", "zzz qqq"]
    plain = [learned.plain(t) for t in texts]
    reference = classifier.predict_proba(features.transform(plain))[:, 1]
    for text, expected in zip(plain, reference, strict=True):
        assert model.probability(text) == pytest.approx(float(expected), abs=1e-9), text


def test_the_model_never_reads_the_sealed_set(monkeypatch: pytest.MonkeyPatch) -> None:
    def dev_only(part: str, language: str) -> list:  # type: ignore[type-arg]
        assert part == "dev", "the sealed set must never train the model"
        return load_heldout(part, language)

    monkeypatch.setattr(learned, "load_heldout", dev_only)
    expected = sum(
        len(load_corpus(language))
        + len(load_heldout("dev", language))
        + len(load_corpus(language, learned.EVERYDAY_DIR))
        for language in LANGUAGES
    )
    assert len(learned.training_examples()) == expected


@pytest.mark.parametrize(("text", "category"), ISSUE_EXAMPLES)
def test_the_issue_examples_are_caught_with_the_rules_category(text: str, category: str) -> None:
    match = learned_detector(text)
    assert match is not None and match == phrase_detector(text) and category in match.categories
    assert analyse(text) == match
    assert learned.flags(text)


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_notes_are_not_flagged(text: str) -> None:
    assert learned_detector(text) is None
    assert not learned.flags(text)
    assert learned.explain(text) == []


def test_what_only_the_model_flags_is_a_possible_crisis_never_a_rule_category(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "something no rule knows"
    assert phrase_detector(text) is None
    monkeypatch.setattr(learned, "flags", lambda text: True)
    match = learned_detector(text)
    assert match is not None and match.category == CrisisCategory.UNSPECIFIED and not match.explicit
    assert match.categories == (CrisisCategory.UNSPECIFIED,)
    assert str(match.label) == "a possible crisis"


def test_nothing_the_rules_catch_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learned, "flags", lambda text: False)
    for text, category in ISSUE_EXAMPLES:
        match = learned_detector(text)
        assert match is not None and match.category == category


def test_a_model_that_cannot_train_over_alerts_rather_than_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> learned.LearnedModel:
        raise FileNotFoundError("training files missing")

    monkeypatch.setattr(learned, "learned_model", broken)
    match = analyse("had lunch with an old friend from high school")
    assert match is not None and match.category == CrisisCategory.UNSPECIFIED


@pytest.mark.parametrize(
    "text", ["I have the gun in my lap", "creo que tomé demasiado y no puedo respirar", "I'm planning to jump"]
)
def test_the_explanation_names_the_ngrams_that_pushed_a_text_over(text: str) -> None:
    reasons = learned.explain(text)
    plain = normalize(text)
    assert 1 <= len(reasons) <= learned.EXPLAIN_TOP
    assert all(len(r) >= 3 and r in plain for r in reasons), reasons
    assert reasons == learned.explain(text)


def test_an_empty_text_is_not_flagged() -> None:
    assert learned.score("") == 0.0 and learned_detector("   ") is None
