"""Durations shown on pages: one way to write minutes, for contact notes and supervision alike."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def minutes_as_hours(minutes: int | None) -> str:
    """90 → "1 h 30 min"; 45 → "45 min"; 0 → "0 min"."""
    total = int(minutes or 0)
    hours, rest = divmod(total, 60)
    if not hours:
        return ngettext("%(m)s min", "%(m)s min", rest) % {"m": rest}
    if not rest:
        return _("%(h)s h") % {"h": hours}
    return _("%(h)s h %(m)s min") % {"h": hours, "m": rest}
