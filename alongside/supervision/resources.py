"""Self-care for the people who support: a short, practical list shown with the wellbeing check.

Kept as data (title, text, optional link) so the page and any future reminder share one list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Resource:
    title: str | Promise
    text: str | Promise
    link_label: str | Promise = ""
    url_name: str = ""  # a page in Alongside
    href: str = ""  # or a tel: link


SELF_CARE_RESOURCES: tuple[Resource, ...] = (
    Resource(
        _("Peer support for supporters"),
        _(
            "Talk with another mentor you trust, or join a mentor support circle, about what this work "
            "stirs up in you. Share how it felt, not who it was: leave out names and details that "
            "identify anyone."
        ),
    ),
    Resource(
        _("Take real breaks"),
        _(
            "Step away for a few minutes between hard conversations, take your lunch away from your "
            "phone, and use your days off. The people you support are held by the whole program, not "
            "by you alone."
        ),
    ),
    Resource(
        _("Talk to your supervisor early"),
        _(
            "Bring it to supervision before it becomes a crisis: a heavy week, a situation that keeps "
            "you up at night, a caseload that feels too big. That is what supervision is for, and "
            "asking for a smaller caseload is a strength, not a failure."
        ),
    ),
    Resource(
        _("Keep your boundaries"),
        _(
            "Use program channels, keep to your working hours, and never lend money or share personal "
            "contact details. It is always okay to say: “Let me check with my supervisor.”"
        ),
        _("Tell your supervisor about a boundary concern"),
        url_name="supervision:concern_new",
    ),
    Resource(
        _("Protect your own recovery"),
        _(
            "Keep to what keeps you well: your meetings, your sponsor or support people, sleep, food, "
            "movement. Other people's struggles can stir up your own; noticing that is part of the work."
        ),
    ),
    Resource(
        _("If you are struggling yourself"),
        _(
            "Call or text 988 (Suicide & Crisis Lifeline) any time, day or night — it is there for "
            "you too, not only for the people you support. The SAMHSA National Helpline, "
            "1-800-662-4357, is free and confidential, 24 hours a day. In immediate danger, call 911."
        ),
        _("Call 988"),
        href="tel:988",
    ),
)
