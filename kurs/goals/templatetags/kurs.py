"""Template helpers: status badges, progress bars, numbers and history entries."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kurs.goals.models import Metric, ObjectiveKind, Origin
from kurs.goals.scoring import STATUS_COLOURS, Band, Status
from kurs.lib.formats import format_number

register = template.Library()

STATUS_LABELS = {
    Status.NOT_STARTED: _("Not started"),
    Status.ON_TRACK: _("On track"),
    Status.AT_RISK: _("At risk"),
    Status.OFF_TRACK: _("Off track"),
}
BAND_LABELS = {Band.GREEN: _("Achieved"), Band.YELLOW: _("Partly achieved"), Band.RED: _("Missed")}

# Shown after the actor's name in the history ("Alice created …"): a context lets
# translators pick a fitting verb form, distinct from the same words used as field labels.
VERB_LABELS = {
    "created": pgettext_lazy("history", "created"),
    "updated": pgettext_lazy("history", "changed"),
    "deleted": pgettext_lazy("history", "deleted"),
    "retired": pgettext_lazy("history", "retired"),
    "replaces": pgettext_lazy("history", "replaces a retired objective"),
    "checked_in": pgettext_lazy("history", "checked in"),
    "graded": pgettext_lazy("history", "graded at cycle end"),
    "action_added": pgettext_lazy("history", "added an action"),
    "action_done": pgettext_lazy("history", "completed an action"),
    "action_reopened": pgettext_lazy("history", "reopened an action"),
}

CHOICE_LABELS: dict[str, dict[str, Any]] = {
    "metric": dict(Metric.choices),
    "kind": dict(ObjectiveKind.choices),
    "origin": dict(Origin.choices),
}

FIELD_LABELS = {
    "title": _("title"),
    "description": _("description"),
    "unit": _("unit"),
    "owner": _("owner"),
    "cycle": _("cycle"),
    "kind": _("kind"),
    "origin": _("origin"),
    "parents": _("supports"),
    "metric": _("metric"),
    "start": _("start value"),
    "target": _("target value"),
    "range_min": _("range minimum"),
    "range_max": _("range maximum"),
    "unit_label": _("unit"),
    "weight": _("weight"),
    "confidence": _("confidence"),
    "value": _("value"),
    "comment": _("comment"),
    "reason": _("reason"),
    "replaced_by": _("replaced by"),
    "replaces": _("replaces"),
    "score": _("score"),
    "picture_of_success": _("picture of success"),
    "budget": _("budget"),
    "people_needed": _("people (full-time equivalents)"),
    "resources_note": _("resources"),
}


@register.filter
def num(value: Any) -> str:
    """A number in the active locale, without needless decimals (1.234,5 in German)."""
    return format_number(value)


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "–"
    whole = round(float(value) * 100)
    # German typography puts a (narrow) space before the percent sign.
    return f"{whole}\u202f%" if (get_language() or "en").startswith("de") else f"{whole}%"


@register.filter
def grade(value: Any) -> str:
    if value is None:
        return "–"
    return number_format(round(float(value), 1), decimal_pos=1, use_l10n=True)


@register.simple_tag
def status_badge(status: Status | str) -> SafeString:
    status = Status(status)
    return format_html(
        '<span class="badge badge-{}"><span class="dot" aria-hidden="true"></span>{}</span>',
        STATUS_COLOURS[status],
        STATUS_LABELS[status],
    )


@register.simple_tag
def band_badge(band: Band | str) -> SafeString:
    band = Band(band)
    return format_html(
        '<span class="badge badge-{}"><span class="dot" aria-hidden="true"></span>{}</span>',
        band.value,
        BAND_LABELS[band],
    )


@register.simple_tag
def progress_bar(progress: float, status: Status | str, label: str = "") -> SafeString:
    status = Status(status)
    value = round(max(0.0, min(1.0, float(progress))) * 100)
    return format_html(
        '<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" '
        'aria-valuenow="{}" aria-label="{}">'
        '<div class="fill fill-{}" style="width:{}%"></div></div>',
        value,
        label or _("Progress"),
        STATUS_COLOURS[status],
        value,
    )


@register.filter
def status_label(status: Status | str) -> str:
    return str(STATUS_LABELS[Status(status)])


@register.filter
def verb_label(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))


@register.filter
def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@register.filter
def change_items(changes: dict[str, Any]) -> list[tuple[str, Any, Any, bool]]:
    """(label, old, new, is_change) for a history entry's changes."""
    items = []
    for name, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2 and name != "parents":
            old, new = (_shown(name, v) for v in value)
            items.append((field_label(name), old, new, True))
        elif name == "parents" and isinstance(value, list) and value and isinstance(value[0], list):
            items.append((field_label(name), ", ".join(value[0]), ", ".join(value[1]), True))
        else:
            shown = ", ".join(value) if isinstance(value, list) else _shown(name, value)
            if shown not in (None, ""):
                items.append((field_label(name), None, shown, False))
    return items


def _shown(name: str, value: Any) -> Any:
    """A stored value as people read it: choice labels translated, numbers localised."""
    labels = CHOICE_LABELS.get(name)
    if labels is not None and value in labels:
        return str(labels[value])
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return value


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.inclusion_tag("goals/_score.html")
def score(item: Any) -> dict[str, Any]:
    """Progress bar, percentage and badge of an objective or key result.

    Retired items show grey with a "Retired" badge: they no longer count, so a red
    status would only alarm. Graded objectives (closed cycle) show their grade band.
    """
    graded = getattr(item, "final_score", None) is not None and hasattr(item, "grade_band")
    return {
        "item": item,
        "status": item.status if item.is_active else Status.NOT_STARTED,
        "graded": graded and item.is_active,
    }
