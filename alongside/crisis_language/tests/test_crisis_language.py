"""The crisis-language detector: normalization, both languages, categories, what it must never
suppress, and the pluggable detector setting. The corpus figures are in test_crisis_corpus.py."""

from __future__ import annotations

import re

import pytest

from alongside import crisis_language
from alongside.crisis_language import (
    CrisisCategory,
    CrisisMatch,
    analyse,
    detect,
    normalize,
    phrase_detector,
    phrases,
)
from alongside.crisis_language.patterns import PhraseError, compile_phrase, compiled


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("I CAN’T go on!!! 😢", "i can not go on ."),
        ("Quiero SUICIDARME", "quiero suicidarme ."),
        ("quiero suicidarme", "quiero suicidarme ."),
        ("hacerme daño", "hacerme dano ."),
        ("i.want.to.die", "i want to die ."),
        ("I wanna diiiieeee", "i want to die ."),
        ("k1ll mys3lf", "kil myself ."),
        ("im gonna kms", "i am going to kil myself ."),
        ("want 2 die", "want to die ."),
        ("i wanna d i e", "i want to die ."),
        ("kiero morir", "quiero morir ."),
        ("q ganas de morirme", "que ganas de morirme ."),
        ("No, quiero morir", "no , quiero morir ."),
        ("sucide is on my mind", "suicide is on my mind ."),
        ("I'm suicdal", "i am suicidal ."),
        ("I took the 988 number", "i tok the 988 number ."),
        ("", ""),
    ],
)
def test_it_normalizes_case_accents_punctuation_repeats_and_text_speak(text: str, plain: str) -> None:
    assert normalize(text) == plain


def test_real_words_near_an_anchor_are_not_corrected() -> None:
    assert normalize("it overdoes the salt") == "it overdoes the salt ."
    assert normalize("I am homeless") == "i am homeles ."
    assert normalize("mi primo quiere matarse") == "mi primo quiere matarse ."


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to die", CrisisCategory.SUICIDAL_IDEATION),
        ("honestly kms", CrisisCategory.SUICIDAL_IDEATION),
        ("thinking about unaliving", CrisisCategory.SUICIDAL_IDEATION),
        ("Everyone would be better off without me", CrisisCategory.SUICIDAL_IDEATION),
        ("I want to end it all", CrisisCategory.SUICIDAL_IDEATION),
        ("me quiero morir", CrisisCategory.SUICIDAL_IDEATION),
        ("pienso en quitarme la vida", CrisisCategory.SUICIDAL_IDEATION),
        ("no quiero vivir", CrisisCategory.SUICIDAL_IDEATION),
        ("I'm going to overdose on purpose", CrisisCategory.OVERDOSE_INTENT),
        ("voy a tomarme todas las pastillas", CrisisCategory.OVERDOSE_INTENT),
        ("I started cutting again", CrisisCategory.SELF_HARM),
        ("tengo ganas de hacerme daño", CrisisCategory.SELF_HARM),
        ("goodbye forever", CrisisCategory.GOODBYE),
        ("adiós para siempre", CrisisCategory.GOODBYE),
        ("I'm not safe right now", CrisisCategory.NOT_SAFE),
        ("no estoy a salvo", CrisisCategory.NOT_SAFE),
        ("I can't go on like this", CrisisCategory.HOPELESSNESS),
        ("ya no aguanto", CrisisCategory.HOPELESSNESS),
        ("estoy sin salida", CrisisCategory.HOPELESSNESS),
    ],
)
def test_it_flags_crisis_language_in_english_and_spanish_with_its_category(text: str, category: str) -> None:
    match = analyse(text)
    assert match is not None and match.category == category
    assert detect(text) and detect(text, language="en") and detect(text, language="es")


def test_the_most_urgent_category_names_the_match_and_all_are_kept() -> None:
    match = phrase_detector("I can't go on anymore and I want to die")
    assert match is not None
    assert match.category == CrisisCategory.SUICIDAL_IDEATION
    assert match.categories == (CrisisCategory.SUICIDAL_IDEATION, CrisisCategory.HOPELESSNESS)
    assert match.explicit and match.label == "thoughts of suicide or of not wanting to live"


def test_a_bare_word_is_a_mention_not_a_statement() -> None:
    match = phrase_detector("overdose")
    assert match is not None and match.category == CrisisCategory.OVERDOSE_INTENT and not match.explicit


@pytest.mark.parametrize(
    "text",
    [
        "this craving is killing me",
        "I'd kill for a coffee",
        "me muero de risa",
        "the meeting was dead",
        "my phone died",
        "suicide prevention training at work",
        "my uncle died of an overdose years ago",
        "mi primo se suicidó cuando yo era niño",
        "I carry narcan in case someone overdoses",
        "I'm taking my life back one day at a time",
        "I took all my meds today like the doctor said",
        "I'm not suicidal, just really tired",
        "I don't want to die from this disease",
        "no quiero morir por esta enfermedad",
        "goodbye for now, talk tomorrow",
        "",
        "   ",
    ],
)
def test_everyday_language_and_other_peoples_past_are_not_flagged(text: str) -> None:
    assert phrase_detector(text) is None
    assert not detect(text)


@pytest.mark.parametrize(
    "text",
    [
        # A denial next to a statement: the statement still counts.
        "I'm not suicidal but I want to die",
        "I don't want to die, I just want it all to end",
        # A comma is not the denial "no quiero...".
        "No, quiero morir",
        # Context words never hide a first-person statement.
        "we did suicide prevention training today and I want to kill myself",
        "my friend overdosed last year and I'm going to overdose on purpose",
        "me muero de risa con ellos pero me quiero matar",
    ],
)
def test_a_first_person_statement_is_never_suppressed(text: str) -> None:
    match = phrase_detector(text)
    assert match is not None and match.explicit


@pytest.mark.parametrize(
    "text", ["I'm not suicidal yet", "no soy suicida pero ya no aguanto", "I was not suicidal until today"]
)
def test_a_denial_with_a_but_or_a_yet_still_counts(text: str) -> None:
    assert detect(text)


def test_the_language_hint_does_not_narrow_the_search() -> None:
    assert detect("quiero morir", language="en")
    assert detect("I want to die", language="es")
    assert detect("I'm so tired, ya no quiero vivir")


def test_every_phrase_list_compiles() -> None:
    lists = compiled()
    assert set(lists.statements) == set(phrases.CATEGORY_ORDER)
    assert lists.safe_negations is not None and lists.context is not None and lists.signals


@pytest.mark.parametrize("bad", ["(unclosed", "word !", "! (a)", "a ) b", "caf\u00e9 @", "|"])
def test_a_phrase_that_does_not_parse_is_an_error(bad: str) -> None:
    with pytest.raises((PhraseError, KeyError)):
        compile_phrase(bad)


def test_the_phrase_language() -> None:
    def matches(phrase: str, plain: str) -> bool:
        return re.search(compile_phrase(phrase), plain) is not None

    assert matches("suicid*", "thinking of suicide .") and matches("suicid*", "suicidal .")
    assert not matches("die", "diet .")
    assert matches("want ... to die", "want so badly to die .")
    assert not matches("want ... to die", "want . to die .")  # never across a sentence end
    assert matches("i [really] want", "i want .") and matches("i [really] want", "i realy want .")
    assert matches("goodbye !(for now)", "godbye .") and not matches("goodbye !(for now)", "godbye for now .")
    assert matches("point $", "the point .") and not matches("point $", "the point of it .")
    assert matches("thank you ~ goodbye", "thank you for al . take care . godbye .")


def _yes(text: str, *, language: str | None = None) -> bool:
    return True


def _never(text: str, *, language: str | None = None) -> None:
    return None


def test_a_plugged_in_detector_answering_yes_or_no_gives_an_unspecified_category(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CRISIS_LANGUAGE_DETECTOR = "alongside.crisis_language.tests.test_crisis_language._yes"
    match = analyse("a lovely day")
    assert match == CrisisMatch(category=CrisisCategory.UNSPECIFIED, categories=(CrisisCategory.UNSPECIFIED,))
    settings.CRISIS_LANGUAGE_DETECTOR = "alongside.crisis_language.tests.test_crisis_language._never"
    assert analyse("I want to die") is None and not detect("I want to die")


def test_the_default_detector_is_the_phrase_detector() -> None:
    assert crisis_language.DEFAULT_DETECTOR.endswith(".phrase_detector")
    assert analyse("quiero morir") == phrase_detector("quiero morir")


def test_a_long_entry_is_read_to_the_end() -> None:
    text = "Had a good day at group and called my sponsor. " * 200 + "Honestly I want to die."
    assert detect(text)


# Issue 12: emergencies a set of everyday phrasings written outside the project found missed.
ISSUE_OVERDOSES_IN_PROGRESS = [
    "my friend is blue and not breathing",
    "creo que tomé demasiado y no puedo respirar",
    "I shot up way more than usual and I can't feel my legs",
]
ISSUE_OTHER_MISSES = [
    ("he's hitting me again and I can't get out", CrisisCategory.DANGER_FROM_OTHERS),
    ("no estoy segura en mi casa", CrisisCategory.DANGER_FROM_OTHERS),
    ("I have the gun in my lap", CrisisCategory.MEANS_OR_PLAN),
    ("I'm planning to jump", CrisisCategory.MEANS_OR_PLAN),
]


@pytest.mark.parametrize("text", ISSUE_OVERDOSES_IN_PROGRESS)
def test_an_overdose_happening_now_is_caught_and_named_so(text: str) -> None:
    match = analyse(text)
    assert match is not None
    assert match.category == CrisisCategory.OVERDOSE_IN_PROGRESS and match.is_overdose_in_progress
    assert str(match.label) == "an overdose that may be happening now"


@pytest.mark.parametrize(("text", "category"), ISSUE_OTHER_MISSES)
def test_danger_from_others_and_a_plan_or_the_means_are_caught(text: str, category: str) -> None:
    match = analyse(text)
    assert match is not None and category in match.categories
    assert not match.is_overdose_in_progress


def test_an_overdose_in_progress_is_the_most_urgent_category() -> None:
    assert phrases.CATEGORY_ORDER[0] == CrisisCategory.OVERDOSE_IN_PROGRESS == next(iter(CrisisCategory))
    assert [c.value for c in CrisisCategory][:-1] == list(phrases.CATEGORY_ORDER)


@pytest.mark.parametrize(
    "text",
    [
        # The same signals, apart or about something else: not an emergency.
        "my friend is feeling blue today",
        "I hit the gym hard today and can't feel my legs",
        "he hit me up about the meeting",
        "this craving is hitting me again",
        "I can't get out of bed today",
        "no estoy segura de ir a la junta",
        "I'm planning to jump back into school",
        "I took my meds and went for a run",
        "went to the gun range with my dad years ago",
        "we practised rescue breathing in the naloxone class",
    ],
)
def test_the_new_kinds_do_not_flag_everyday_language(text: str) -> None:
    assert phrase_detector(text) is None
