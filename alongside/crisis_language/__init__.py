"""Crisis-language detection: the one extension point every free-text feature calls.

``detect(text)`` answers "might this person be in crisis?" for a message, a check-in note or a
journal entry; ``analyse(text)`` also says what it may be about (a ``CrisisMatch`` with a
category such as suicidal ideation or saying goodbye — never the words that matched). It is
deliberately over-sensitive: a false alarm costs a mentor a kind check-in; a miss can cost a
life. The detector is pluggable with the ``CRISIS_LANGUAGE_DETECTOR`` setting (a dotted path to
a function like ``phrase_detector``, returning a ``CrisisMatch``, None or a bool); the default is
the English and Spanish phrase matcher in this package (normalization in ``normalize.py``, the
phrase lists as data in ``phrases.py``, their compiler in ``patterns.py``); ``learned_detector``
adds a small learned model behind it (``learned.py``, opt-in: better recall on phrasings no rule
foresaw, but not yet at the held-out bar with few enough false alarms to be the default). Both are
measured against the corpus in ``alongside/crisis_language/tests/crisis_corpus/`` and the held-out sets by
their tests and ``bench/crisis_language.py``.

``check(...)`` is what writing features call after storing the text; ``on_crisis_detected`` is
what happens next. It tells people, never the text: the words stay in the encrypted record,
only the fact that someone may need support (and what kind of crisis) travels. Nothing here
stores or logs the text or the words that matched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.crisis_language import phrases
from alongside.crisis_language.normalize import normalize
from alongside.crisis_language.patterns import Combination, compiled

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from alongside.alerts.models import Alert
    from alongside.organizations.models import Membership

__all__ = [
    "DEFAULT_DETECTOR",
    "CrisisCategory",
    "CrisisMatch",
    "analyse",
    "check",
    "detect",
    "learned_detector",
    "normalize",
    "on_crisis_detected",
    "phrase_detector",
]

DEFAULT_DETECTOR = "alongside.crisis_language.phrase_detector"

# Where crisis language can be written: the ``source`` of ``check`` and ``on_crisis_detected``.
SOURCE_MESSAGE = "message"
SOURCE_CHECKIN = "checkin"
SOURCE_JOURNAL = "journal"


class CrisisCategory(models.TextChoices):
    """What the words may be about, most urgent first. The label finishes the sentence
    "What it may be about: …" that the mentor reads in the alert."""

    OVERDOSE_IN_PROGRESS = phrases.OVERDOSE_IN_PROGRESS, gettext_lazy("an overdose that may be happening now")
    MEANS_OR_PLAN = phrases.MEANS_OR_PLAN, gettext_lazy("having a plan or the means")
    SUICIDAL_IDEATION = phrases.SUICIDAL_IDEATION, gettext_lazy("thoughts of suicide or of not wanting to live")
    OVERDOSE_INTENT = phrases.OVERDOSE_INTENT, gettext_lazy("thoughts of overdosing on purpose")
    DANGER_FROM_OTHERS = phrases.DANGER_FROM_OTHERS, gettext_lazy("not being safe from someone, violence at home")
    SELF_HARM = phrases.SELF_HARM, gettext_lazy("self-harm")
    GOODBYE = phrases.GOODBYE, gettext_lazy("saying goodbye")
    NOT_SAFE = phrases.NOT_SAFE, gettext_lazy("not feeling safe")
    HOPELESSNESS = phrases.HOPELESSNESS, gettext_lazy("hopelessness, not being able to go on")
    UNSPECIFIED = "unspecified", gettext_lazy("a possible crisis")


@dataclass(frozen=True)
class CrisisMatch:
    """What a detector found: categories only, never the matched words.

    ``category`` is the most urgent of ``categories``; ``explicit`` is True when a first-person
    statement matched (not only a bare word such as "overdose").
    """

    category: str
    categories: tuple[str, ...]
    explicit: bool = True

    @property
    def label(self) -> str:
        return str(CrisisCategory(self.category).label)

    @property
    def is_overdose_in_progress(self) -> bool:
        """An overdose may be happening now: show "Overdose: what to do" at once and raise a
        crisis alert, whatever else the words may be about."""
        return CrisisCategory.OVERDOSE_IN_PROGRESS in self.categories


def phrase_detector(text: str, *, language: str | None = None) -> CrisisMatch | None:
    """The default detector: every phrase it knows, in English and Spanish.

    ``language`` does not narrow the search: people switch languages mid-sentence, and missing
    a crisis is worse than a false alarm. Plain denials ("I'm not suicidal") are set aside
    first; first-person statements are then matched whatever the context; bare words
    ("overdose") only outside the contexts that make them someone else's or an institution's
    ("suicide prevention training", "my uncle died of an overdose").
    """
    if not text or not text.strip():
        return None
    lists = compiled()
    plain = normalize(text)
    if lists.safe_negations is not None:
        plain = lists.safe_negations.sub("_", plain)
    found = [category for category, pattern in lists.statements.items() if pattern.search(plain)]
    found += [category for category in _combinations(plain) if category not in found]
    explicit = bool(found)
    if lists.context is not None:
        plain = lists.context.sub("_", plain)
    found += [
        category for category, pattern in lists.mentions.items() if category not in found and pattern.search(plain)
    ]
    if not found:
        found = _scored(plain)
    if not found:
        return None
    ordered = tuple(c for c in phrases.CATEGORY_ORDER if c in found)
    return CrisisMatch(category=ordered[0], categories=ordered, explicit=explicit)


def learned_detector(text: str, *, language: str | None = None) -> CrisisMatch | None:
    """An opt-in detector: the phrase rules first, then, when they find nothing, the small
    learned model of ``learned.py`` (scikit-learn, trained at start from the corpus and the
    development set), for phrasings no rule foresaw.

    An OR: everything the rules catch keeps their categories; a text only the model flags gets
    the category "a possible crisis" (``explicit`` False: no statement matched). ``language``
    is not used, as for the rules.
    """
    from alongside.crisis_language import learned

    found = phrase_detector(text, language=language)
    if found is not None:
        return found
    if learned.flags(text):
        return CrisisMatch(
            category=CrisisCategory.UNSPECIFIED, categories=(CrisisCategory.UNSPECIFIED,), explicit=False
        )
    return None


def _combinations(plain: str) -> list[str]:
    """The combination tier: the categories of ``phrases.COMBINATIONS`` that hold in one
    sentence or in two next to each other ("my friend is blue. he is not breathing").

    Signals are looked for only when a combination needs them, once per sentence: most
    sentences lack the first signal of every combination and cost a few searches.
    """
    lists = compiled()
    sentences = [f"{sentence.strip(' .')} ." for sentence in plain.split(" . ")]
    seen: dict[tuple[int, str], bool] = {}

    def has(index: int, name: str) -> bool:
        key = (index, name)
        if key not in seen:
            seen[key] = bool(lists.signal_groups[name].search(sentences[index]))
        return seen[key]

    def holds(combination: Combination, window: tuple[int, ...]) -> bool:
        return all(any(has(i, n) for i in window for n in needed) for needed in combination.requires) and not any(
            has(i, n) for i in window for n in combination.unless
        )

    windows = [(i,) for i in range(len(sentences))] + [(i, i + 1) for i in range(len(sentences) - 1)]
    return [c.category for c in lists.combinations if any(holds(c, window) for window in windows)]


def _scored(plain: str) -> list[str]:
    """The loosest tier: per sentence, the weighted signals of ``phrases.SIGNALS`` (see there)."""
    lists = compiled()
    for sentence in plain.split(" . "):
        sentence = f"{sentence.strip(' .')} ."
        if lists.topical is None or not lists.topical.search(sentence):
            continue  # no topic, no score that counts (most sentences: one search, not one per signal)
        score, topics = 0, []
        for signal in lists.signals:
            if signal.pattern.search(sentence):
                score += signal.weight
                if signal.weight >= 2:
                    topics.append((signal.weight, signal.category))
        if not topics:
            continue
        if lists.first_person is not None and lists.first_person.search(sentence):
            score += phrases.FIRST_PERSON_BONUS
        if score >= phrases.SIGNAL_THRESHOLD:
            strongest = max(weight for weight, _ in topics)
            return [next(c for c in phrases.CATEGORY_ORDER if (strongest, c) in topics)]
    return []


@lru_cache(maxsize=4)
def _detector(path: str) -> Callable[..., object]:
    return import_string(path)  # type: ignore[no-any-return]  # import_string returns Any; the setting names a detector function


def _reset(**kwargs: object) -> None:
    if kwargs.get("setting") == "CRISIS_LANGUAGE_DETECTOR":
        _detector.cache_clear()


setting_changed.connect(_reset)


def analyse(text: str, *, language: str | None = None) -> CrisisMatch | None:
    """What ``text`` may be about, if it may be about a crisis (an overdose happening now, a
    plan or the means, suicide, overdosing on purpose, danger from someone, self-harm, saying
    goodbye, not being safe, hopelessness); None otherwise.

    Uses the detector named by ``settings.CRISIS_LANGUAGE_DETECTOR``; one that answers only
    yes or no gives the category "unspecified". ``language`` is a hint (the writer's language
    code) for detectors that can use it.
    """
    path = getattr(settings, "CRISIS_LANGUAGE_DETECTOR", "") or DEFAULT_DETECTOR
    detector = _detector(path)  # a misconfigured path fails loudly, as at startup
    try:
        result = detector(text, language=language)
    except Exception:
        # A broken detector must never cost the participant what they wrote, nor miss a
        # crisis: log it and err on the side of telling someone.
        logger.exception("the crisis-language detector %s failed; treating the text as a possible crisis", path)
        return CrisisMatch(category=CrisisCategory.UNSPECIFIED, categories=(CrisisCategory.UNSPECIFIED,))
    if isinstance(result, CrisisMatch) or result is None:
        return result
    if result:
        return CrisisMatch(category=CrisisCategory.UNSPECIFIED, categories=(CrisisCategory.UNSPECIFIED,))
    return None


def detect(text: str, *, language: str | None = None) -> bool:
    """True when ``text`` may be about a crisis (see ``analyse``)."""
    return analyse(text, language=language) is not None


def check(
    *,
    participant: Membership,
    text: str,
    source: str,
    source_id: int,
    private: bool = False,
    language: str | None = None,
    link: str = "",
) -> CrisisMatch | None:
    """Look for crisis language in what ``participant`` just wrote and, when found, call
    ``on_crisis_detected`` (an alert and urgent notifications, without the text).

    For check-in notes and journal entries; call inside the transaction that stored the text,
    after the write, only when the text is new or changed. ``private`` marks a journal entry
    only the participant can read; ``link`` is where the people told may see it (the writing
    feature's own page, never a private entry; empty: the alert). Returns what was found (for the participant's own screen:
    show the crisis resources), or None.
    """
    match = analyse(text, language=language or participant.user.language or None)
    if match is not None:
        on_crisis_detected(
            participant=participant,
            source=source,
            source_id=source_id,
            category=match.category,
            private=private,
            link=link,
        )
    return match


def _reason(source: str, category: str | None, private: bool) -> str:
    """The alert's reason, in plain words: where crisis language was found and what it may be
    about — never what was written."""
    if source == SOURCE_JOURNAL and private:
        where = _(
            "Crisis language was detected in a private journal entry. The entry stays private: only they can read it."
        )
    elif source == SOURCE_JOURNAL:
        where = _("Crisis language was detected in a journal entry they shared with their mentor.")
    elif source == SOURCE_CHECKIN:
        where = _("Crisis language was detected in a check-in note.")
    elif source == SOURCE_MESSAGE:
        where = _("Crisis language was detected in a message.")
    else:
        where = _("Something they wrote may mean they are in crisis.")
    if category is None or category not in CrisisCategory.values:
        return where
    about = _("What it may be about: %(category)s.") % {"category": CrisisCategory(category).label}
    return f"{where} {about}"


def _link_for(link: str, alert: Alert | None) -> str:
    """Where the notification leads: the page the writing feature gave (the conversation, the
    entries they shared; never a private entry), else the alert; "" when it would be the alert
    and there is none yet."""
    if link:
        return link
    return reverse("alerts:detail", args=[alert.pk]) if alert is not None else ""


def _words(name: str) -> tuple[str, str]:
    """The title and body of a crisis-language notification, in the active language."""
    title = _("%(name)s may need support now") % {"name": name}
    body = _(
        "Something %(name)s wrote may mean they are in crisis. Please reach out to them as soon as you "
        "can. If you cannot, tell your supervisor or the program's on-call person."
    ) % {"name": name}
    return title, body


def on_crisis_detected(
    *,
    participant: Membership,
    source: str,
    source_id: int,
    category: str | None = None,
    private: bool = False,
    link: str = "",
) -> None:
    """Tell the humans who support ``participant`` that something they wrote (``source``:
    "message", "checkin" or "journal"; ``private`` for a journal entry only they can read) may
    mean they are in crisis, and what it may be about (``category``, a CrisisCategory value).
    ``link``: the page of the writing feature where they may see it (empty: the alert); this
    module knows no feature's URLs.

    Raises a "crisis_language" alert (severity crisis): its escalation tells the current
    matched mentor at once as its first step (in the words below; urgent: never held by quiet
    or working hours), so a failed delivery or no acknowledgement moves it on to the next
    people at once or on time. The mentor's supervisor also gets an immediate heads-up, linked
    to the alert. With no matched mentor the escalation tells the next people in the program's
    playbook. No notification, alert reason or audit entry carries what was written; each
    person is told once per (source, source_id) and alert. Audits ``crisis_language.detected``
    (no text). Call inside the transaction that stored the text.
    """
    from alongside.audit.services import log_action
    from alongside.notifications.services import notify
    from alongside.organizations.selectors import current_mentor

    mentor = current_mentor(participant=participant)
    supervisor = mentor.supervisor if mentor is not None else None
    if supervisor is not None and not supervisor.is_active:
        supervisor = None
    recipients = [m for m in (mentor, supervisor) if m is not None]
    alert = _raise_alert(
        participant=participant,
        source=source,
        source_id=source_id,
        reason=_reason(source, category, private),
        link=_link_for(link, None),
    )
    # The alert's escalation told the mentor (step 1); here only the supervisor's heads-up.
    name = participant.user.display_name
    link = _link_for(link, alert)
    dedupe_key = f"crisis-{source}-{source_id}-alert-{alert.pk}"
    for recipient in (m for m in recipients if m != mentor):
        with translation.override(recipient.user.language or settings.LANGUAGE_CODE):
            title, body = _words(name)
            notify(
                recipient=recipient.user,
                organization=participant.organization,
                kind="crisis_language",
                title=title,
                body=body,
                link=link,
                email=True,
                sms=True,
                urgent=True,  # never waits for quiet hours; falls back from channel to channel
                alert=alert,
                dedupe_key=dedupe_key,
            )
    log_action(
        "crisis_language.detected",
        actor=None,
        target=participant,
        organization=participant.organization,
        subject=participant,
        extra={
            "source": source,
            "source_id": source_id,
            "category": category or "",
            "private": private,
            "told": [m.pk for m in recipients],
        },
    )


def _raise_alert(*, participant: Membership, source: str, source_id: int, reason: str, link: str) -> Alert:
    """Hand over to the alerts app (escalation with acknowledgement timers).

    Its escalation tells the first step (normally the mentor) in crisis-language words, linking
    to ``link`` (or, when empty, the alert), so it owns that notification: a failed delivery
    moves the alert on at once.
    """
    from alongside.alerts.escalation import Notice
    from alongside.alerts.services import alert_raise

    name = participant.user.display_name

    def notice(person: Membership) -> Notice:
        title, body = _words(name)  # called in the person's language
        return Notice(kind="crisis_language", title=title, body=body, link=link)

    return alert_raise(
        participant=participant,
        kind="crisis_language",
        reason=reason,
        source=f"{source}:{source_id}",
        raised_by=participant,
        notice=notice,
    )
