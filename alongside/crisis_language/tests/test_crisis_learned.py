"""The learned model behind the phrase rules (crisis_language/learned.py): deterministic, an OR
with the rules that loses nothing they catch, explainable to staff, trained without the sealed
set or the everyday check set, and never flagging a text that names no crisis topic. Its
figures and how they were measured: crisis_corpus/README.md."""

from __future__ import annotations

import pytest

from alongside import crisis_language
from alongside.crisis_language import (
    CrisisCategory,
    analyse,
    learned,
    learned_detector,
    normalize,
    phrase_detector,
)
from alongside.crisis_language.evaluation import (
    LANGUAGES,
    load_corpus,
    load_everyday_check,
    load_heldout,
)

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


LEARNED = "alongside.crisis_language.learned_detector"
# Short everyday messages the first model flagged (13 of 40 such messages written for a check):
# one urgent alert each to a mentor, a supervisor and on-call. None may alert anyone.
SHORT_MESSAGES_IT_FLAGGED = ["hey", "quick note", "late thought", "just checking in", "todo bien", "ya llegué"]


def test_the_model_is_opt_in_and_analyse_uses_it_when_configured(settings) -> None:  # type: ignore[no-untyped-def]
    assert crisis_language.DEFAULT_DETECTOR.endswith(".phrase_detector")
    assert analyse("had lunch with an old friend from high school") is None
    settings.CRISIS_LANGUAGE_DETECTOR = LEARNED
    assert analyse("I have the gun in my lap") == learned_detector("I have the gun in my lap")


@pytest.mark.parametrize("text", SHORT_MESSAGES_IT_FLAGGED)
def test_short_everyday_messages_alert_no_one(text: str, settings) -> None:  # type: ignore[no-untyped-def]
    assert not learned.flags(text)
    assert analyse(text) is None
    settings.CRISIS_LANGUAGE_DETECTOR = LEARNED
    assert analyse(text) is None


class _Certain:
    """A model sure of a crisis whatever it reads."""

    def probability(self, plain: str) -> float:
        return 1.0


@pytest.mark.parametrize("text", ["hey", "no problem", "sounds good, see you then", "todo bien", "ya lo mandé"])
def test_a_text_that_names_no_crisis_topic_is_never_flagged_whatever_the_score(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(learned, "learned_model", _Certain)
    assert not learned.names_a_topic(learned.rule_signals(learned.plain(text)))
    assert not learned.flags(text)


@pytest.mark.parametrize(
    "text",
    ["there are pills lined up on my table", "she won't wake up and her lips look weird", "ya tengo la soga"],
)
def test_a_text_that_names_a_crisis_topic_is_left_to_the_model(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert learned.names_a_topic(learned.rule_signals(learned.plain(text)))
    monkeypatch.setattr(learned, "learned_model", _Certain)
    assert learned.flags(text)


def test_the_model_never_trains_on_the_everyday_check_set() -> None:
    # everyday_check_*.tsv measures false alarms on text the model has never seen.
    trained = {normalize(e.text).strip(" .!?") for e in learned.training_examples()}
    for language in LANGUAGES:
        check = [normalize(e.text).strip(" .!?") for e in load_everyday_check(language)]
        assert len(check) >= 150
        assert not trained.intersection(check), "a line of the everyday check set is training data"


def test_web_processes_train_it_at_start_only_when_it_is_configured(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    trained: list[bool] = []
    monkeypatch.setattr(learned, "learned_model", lambda: trained.append(True))
    learned.preload()
    assert trained == []
    settings.CRISIS_LANGUAGE_DETECTOR = LEARNED
    learned.preload()
    assert trained == [True]


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


def test_a_model_that_cannot_train_over_alerts_rather_than_misses(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken() -> learned.LearnedModel:
        raise FileNotFoundError("training files missing")

    settings.CRISIS_LANGUAGE_DETECTOR = LEARNED
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
    assert all(r.startswith("signal: ") or (len(r) >= 3 and r in plain) for r in reasons), reasons
    assert reasons == learned.explain(text)


def test_an_empty_text_is_not_flagged() -> None:
    assert learned.score("") == 0.0 and learned_detector("   ") is None
