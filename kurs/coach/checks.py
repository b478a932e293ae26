"""All coach checks over an OkrSet: the text checks of each statement and the structure checks.

Thresholds, each from the seeds or a coach's rule of thumb:
- OBJ_COUNT, KR_COUNT: three to five objectives per unit and cycle, three to five key
  results per objective (seeds 001 and 003); an objective without any key result gets
  OBJ_NO_KEY_RESULTS instead of KR_COUNT, a unit without any objective nothing.
- KR_NO_TARGET: an increase, decrease or range key result without a target.
- KR_NO_BASELINE: no start value, or one equal to the target (not for milestones, which
  go from not done to done; not "equal" for ranges, whose start and target are bounds).
- KR_VALUES_MISMATCH: the text names exactly one "from X to Y" ("von X auf Y", "X → Y")
  and the start and target values are both given and are other numbers. Numbers in the
  text are read every way they could be meant ("1.500": 1.5 or 1500; "20 %": 20 or 0.2;
  "20k": 20 or 20000); only when no reading fits is it a mismatch.
- DUPLICATE: two objectives, or two key results anywhere in the set, with the same title
  once case, punctuation and spacing are ignored.
- CYCLE_LENGTH: a cycle of fewer than 75 days (about two and a half months) or more than
  140 days (about four and a half months); seed 001 asks for three to four months.
- NOT_ALIGNED: below the top level (`top_level` false, or unknown in a set where other
  objectives name what they support), an objective with an empty `aligned_to`.
- ORIGIN_MIX: with at least three objectives, a top-down share below 20 % or above 60 %
  (seed 001: about 40 % top-down, 60 % bottom-up); not for the top level, whose
  objectives are top-down by nature.
- STALE: while the cycle runs, a key result whose last check-in (or, never checked in,
  its creation or the cycle's start, whichever is later) is more than 14 days ago;
  not once its current value has reached the target (nobody needs to check in then).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kurs.coach import text
from kurs.coach.findings import Finding, sort_findings
from kurs.coach.spec import KeyResultSpec, ObjectiveSpec, OkrSet
from kurs.lib.formats import format_number

STALE_DAYS = 14
MIN_OBJECTIVES = MIN_KEY_RESULTS = 3
MAX_OBJECTIVES = MAX_KEY_RESULTS = 5
MIN_CYCLE_DAYS = 75
MAX_CYCLE_DAYS = 140
MIN_TOP_DOWN_SHARE = 0.2
MAX_TOP_DOWN_SHARE = 0.6
ORIGIN_MIX_MIN_OBJECTIVES = 3

# Metrics measured from a start value towards a target (a milestone is done or not).
MEASURED_METRICS = ("increase", "decrease", "range")


def check_set(okrs: OkrSet, *, today: dt.date | None = None) -> list[Finding]:
    """Every finding for a unit's objectives in a cycle, sorted (errors first).

    Text checks per statement (kurs.coach.text), then structure: OBJ_COUNT/KR_COUNT,
    OBJ_NO_KEY_RESULTS, KR_NO_TARGET, KR_NO_BASELINE, DUPLICATE, CYCLE_LENGTH,
    NOT_ALIGNED (only when okrs.top_level is False), ORIGIN_MIX and OBJ_COUNT (only when
    okrs.complete), STALE (only with `today` inside the cycle and check-in dates known).
    """
    findings: list[Finding] = []
    for index, objective in enumerate(okrs.objectives):
        item = f"objectives[{index}]"
        findings += _text_findings_for_objective(objective, lang=okrs.lang, item=item)
        findings += _key_result_count(objective, item)
        for kr_index, key_result in enumerate(objective.key_results):
            kr_item = f"{item}.key_results[{kr_index}]"
            findings += check_key_result(key_result, lang=okrs.lang, item=kr_item)
    findings += _objective_count(okrs)
    findings += _duplicates(okrs)
    findings += _cycle_length(okrs)
    findings += _not_aligned(okrs)
    findings += _origin_mix(okrs)
    if today is not None:
        findings += _stale(okrs, today)
    return sort_findings(_unique(findings))


def check_objective(
    objective: ObjectiveSpec, *, lang: str | None = None, index: int = 0
) -> list[Finding]:
    """The findings about one objective alone (the form hints): text checks only."""
    findings = _text_findings_for_objective(objective, lang=lang, item=f"objectives[{index}]")
    return sort_findings(_unique(findings))


def check_key_result(
    key_result: KeyResultSpec, *, lang: str | None = None, item: str = ""
) -> list[Finding]:
    """The findings about one key result alone (the form hints): text and its own fields."""
    findings = [
        Finding(issue.code, item, issue.message, issue.suggestion, key_result.line)
        for issue in text.key_result_issues(
            key_result.title,
            metric=key_result.metric,
            start=key_result.start,
            target=key_result.target,
            unit=key_result.unit,
            lang=lang,
        )
    ]
    findings += _key_result_values(key_result, item)
    findings += _values_mismatch(key_result, item)
    return sort_findings(_unique(findings))


# -- single statements -----------------------------------------------------------------


def _text_findings_for_objective(
    objective: ObjectiveSpec, *, lang: str | None, item: str
) -> list[Finding]:
    return [
        Finding(issue.code, item, issue.message, issue.suggestion, objective.line)
        for issue in text.objective_issues(objective.title, lang=lang)
    ]


def _key_result_values(key_result: KeyResultSpec, item: str) -> list[Finding]:
    findings: list[Finding] = []
    if key_result.metric not in MEASURED_METRICS:
        return findings
    if key_result.target is None:
        findings.append(
            Finding(
                "KR_NO_TARGET",
                item,
                _("The key result has no target value."),
                _("Add the value you want to reach by the end of the cycle."),
                key_result.line,
            )
        )
    if key_result.start is None:
        if key_result.metric == "range":
            message = _("The range has no lower bound: its start value is missing.")
            suggestion = _("Give the lowest acceptable value as the start value.")
        else:
            message = _("The key result has no start value.")
            suggestion = _("Add where you stand today, so that progress can be measured.")
        findings.append(Finding("KR_NO_BASELINE", item, message, suggestion, key_result.line))
    elif key_result.metric != "range" and key_result.start == key_result.target:
        findings.append(
            Finding(
                "KR_NO_BASELINE",
                item,
                _("The start value equals the target: there is nothing to achieve."),
                _(
                    "If the aim is to keep a value, make it a range; otherwise raise "
                    "(or lower) the target."
                ),
                key_result.line,
            )
        )
    return findings


# A number in a key result's text as written ("12", "12,5", "1.500", "-3", "1.234,5"), with
# an optional currency sign before and a percent sign or multiplier after it.
_TEXT_NUMBER = (
    r"(?:[$€£]\s?)?(?P<{name}>[-+−]?\d+(?:[.,]\d+)*)"
    r"(?P<{name}_suffix>\s?%|\s?‰|(?:k|K|\s?Mio\.?|\s?[Mm]illion(?:en|s)?)(?!\w))?"
)
# One word between a number and "to"/"auf" ("from 9 hours to 2 hours", "von 12 % auf 20 %").
_UNIT_WORD = r"(?:\s*[€$£]|\s+[^\W\d_]{1,20}\.?)?"
_FROM_TO = re.compile(
    r"(?<!\w)(?:from|von)\s+"
    + _TEXT_NUMBER.format(name="a")
    + _UNIT_WORD
    + r"\s+(?:to|auf)\s+"
    + _TEXT_NUMBER.format(name="b")
    + r"(?![\d.,]*\d)",
    re.IGNORECASE,
)
_ARROW = re.compile(
    r"(?<![\w.,])"
    + _TEXT_NUMBER.format(name="a")
    + _UNIT_WORD
    + r"\s*(?:→|->|⟶|⇒)\s*"
    + _TEXT_NUMBER.format(name="b")
    + r"(?![\d.,]*\d)"
)
_MULTIPLIERS = {"k": 1e3, "mio": 1e6, "million": 1e6}


def _readings(number: str, suffix: str | None) -> set[float]:
    """Every value a number as written can mean: "1.500" is 1.5 or 1500, "20 %" 20 or 0.2."""
    number = number.replace("−", "-")
    sign = -1.0 if number.startswith("-") else 1.0
    digits = number.lstrip("+-")
    separators = {char for char in digits if char in ".,"}
    readings: set[float] = set()
    if len(separators) == 2:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        group = "." if decimal == "," else ","
        candidates = [digits.replace(group, "").replace(decimal, ".")]
    elif separators:
        (separator,) = separators
        parts = digits.split(separator)
        candidates = []
        if len(parts) == 2:
            candidates.append(digits.replace(separator, "."))  # a decimal mark
        if len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:]):
            candidates.append(digits.replace(separator, ""))  # grouped thousands
    else:
        candidates = [digits]
    for candidate in candidates:
        try:
            readings.add(sign * float(candidate))
        except ValueError:  # "1.2.3": not a number anyone means
            continue
    suffix = (suffix or "").strip().rstrip(".").lower()
    if suffix in {"%", "‰"}:
        readings |= {value / (100 if suffix == "%" else 1000) for value in readings}
    else:
        factor = next((f for word, f in _MULTIPLIERS.items() if suffix.startswith(word)), None)
        if factor:
            readings |= {value * factor for value in readings}
    return readings


def _text_from_to(title: str) -> tuple[str, set[float], str, set[float]] | None:
    """The one "from X to Y" of a key result's text, as written and read; None unless one."""
    matches = list(_FROM_TO.finditer(title))
    taken = [match.span() for match in matches]
    matches += [
        match
        for match in _ARROW.finditer(title)
        if not any(start < match.end() and match.start() < end for start, end in taken)
    ]
    if len(matches) != 1:
        return None
    [match] = matches

    def written(name: str) -> str:
        return match.group(name) + (match.group(f"{name}_suffix") or "")

    # "from 2 to 3 million", "von 12 auf 20 %": the sign or word after the target is
    # meant for the start too.
    start_suffix = match.group("a_suffix") or match.group("b_suffix")
    return (
        written("a"),
        _readings(match.group("a"), start_suffix),
        written("b"),
        _readings(match.group("b"), match.group("b_suffix")),
    )


def _values_mismatch(key_result: KeyResultSpec, item: str) -> list[Finding]:
    start, target = key_result.start, key_result.target
    if key_result.metric not in MEASURED_METRICS or start is None or target is None:
        return []
    said = _text_from_to(key_result.title)
    if said is None:
        return []
    text_start, start_readings, text_target, target_readings = said
    if not start_readings or not target_readings:
        return []

    def fits(readings: set[float], value: float) -> bool:
        return any(math.isclose(r, value, rel_tol=1e-9, abs_tol=1e-9) for r in readings)

    if fits(start_readings, start) and fits(target_readings, target):
        return []
    return [
        Finding(
            "KR_VALUES_MISMATCH",
            item,
            _(
                "The text says from %(text_start)s to %(text_target)s, the values say from "
                "%(start)s to %(target)s."
            )
            % {
                "text_start": text_start,
                "text_target": text_target,
                "start": format_number(start),
                "target": format_number(target),
            },
            _(
                "Make the text and the start and target values say the same, so that "
                "everyone measures the same thing."
            ),
            key_result.line,
        )
    ]


# -- structure -------------------------------------------------------------------------


def _objective_count(okrs: OkrSet) -> list[Finding]:
    count = len(okrs.objectives)
    # No objectives at all (a past cycle the unit sat out) is not a matter of how many.
    if not okrs.complete or count == 0 or MIN_OBJECTIVES <= count <= MAX_OBJECTIVES:
        return []
    message = ngettext(
        "%(count)d objective: three to five per unit and cycle are usual.",
        "%(count)d objectives: three to five per unit and cycle are usual.",
        count,
    ) % {"count": count}
    if count > MAX_OBJECTIVES:
        suggestion = _(
            "Keep the five that matter most this cycle; the others can wait for the next one."
        )
    else:
        suggestion = _(
            "Is there an important change the unit is working on that has no objective yet?"
        )
    return [Finding("OBJ_COUNT", "file", message, suggestion)]


def _key_result_count(objective: ObjectiveSpec, item: str) -> list[Finding]:
    count = len(objective.key_results)
    if count == 0:
        return [
            Finding(
                "OBJ_NO_KEY_RESULTS",
                item,
                _("The objective has no key results."),
                _("Add three to five key results that show the objective has been reached."),
                objective.line,
            )
        ]
    if MIN_KEY_RESULTS <= count <= MAX_KEY_RESULTS:
        return []
    message = ngettext(
        "%(count)d key result: three to five per objective are usual.",
        "%(count)d key results: three to five per objective are usual.",
        count,
    ) % {"count": count}
    if count > MAX_KEY_RESULTS:
        suggestion = _(
            "Keep the key results that best show the objective is reached; "
            "the rest may be actions or health metrics."
        )
    else:
        suggestion = _("What else would show that the objective has been reached?")
    return [Finding("KR_COUNT", item, message, suggestion, objective.line)]


def _normalised_title(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def _duplicates(okrs: OkrSet) -> list[Finding]:
    findings: list[Finding] = []
    objectives_seen: dict[str, str] = {}
    key_results_seen: dict[str, str] = {}
    for index, objective in enumerate(okrs.objectives):
        item = f"objectives[{index}]"
        findings += _duplicate(objective.title, item, objective.line, objectives_seen)
        for kr_index, key_result in enumerate(objective.key_results):
            kr_item = f"{item}.key_results[{kr_index}]"
            findings += _duplicate(key_result.title, kr_item, key_result.line, key_results_seen)
    return findings


def _duplicate(title: str, item: str, line: int | None, seen: dict[str, str]) -> list[Finding]:
    key = _normalised_title(title)
    if not key:
        return []
    if key not in seen:
        seen[key] = item
        return []
    return [
        Finding(
            "DUPLICATE",
            item,
            _("The same as %(other)s: “%(title)s”.") % {"other": seen[key], "title": title},
            _("Merge the two, or say in the title what differs."),
            line,
        )
    ]


def _cycle_length(okrs: OkrSet) -> list[Finding]:
    cycle = okrs.cycle
    if cycle is None or cycle.start is None or cycle.end is None:
        return []
    days = (cycle.end - cycle.start).days + 1
    if MIN_CYCLE_DAYS <= days <= MAX_CYCLE_DAYS:
        return []
    message = ngettext(
        "The cycle lasts %(days)d day (about %(weeks)d weeks); "
        "an OKR cycle usually lasts three to four months.",
        "The cycle lasts %(days)d days (about %(weeks)d weeks); "
        "an OKR cycle usually lasts three to four months.",
        days,
    ) % {"days": days, "weeks": round(days / 7)}
    if days < MIN_CYCLE_DAYS:
        suggestion = _(
            "Give the key results a quarter to move; plan the actions in shorter sprints."
        )
    else:
        suggestion = _("Split it into cycles of a quarter, with a review at the end of each.")
    return [Finding("CYCLE_LENGTH", "file", message, suggestion, cycle.line)]


def _not_aligned(okrs: OkrSet) -> list[Finding]:
    # When nobody said whether the unit is the top, objectives that name a parent tell us:
    # then the ones that name none stand out.
    below_top = okrs.top_level is False or (
        okrs.top_level is None and any(objective.aligned_to for objective in okrs.objectives)
    )
    if not below_top:
        return []
    return [
        Finding(
            "NOT_ALIGNED",
            f"objectives[{index}]",
            _("The objective supports no objective of the level above."),
            _(
                "Name the objective or key result above that it contributes to, "
                "or ask whether it is needed this cycle."
            ),
            objective.line,
        )
        for index, objective in enumerate(okrs.objectives)
        if not objective.aligned_to
    ]


def _origin_mix(okrs: OkrSet) -> list[Finding]:
    count = len(okrs.objectives)
    # The top of the organization has no level above to carry objectives down from: its
    # objectives are the strategy, top-down by nature.
    if not okrs.complete or okrs.top_level is True or count < ORIGIN_MIX_MIN_OBJECTIVES:
        return []
    top_down = sum(1 for objective in okrs.objectives if objective.origin == "top_down")
    share = top_down / count
    if MIN_TOP_DOWN_SHARE <= share <= MAX_TOP_DOWN_SHARE:
        return []
    message = _(
        "%(top_down)d of %(count)d objectives (%(share)d %%) come from the strategy (top-down); "
        "about 40 %% is usual."
    ) % {"top_down": top_down, "count": count, "share": round(share * 100)}
    if share < MIN_TOP_DOWN_SHARE:
        suggestion = _("Which objective of the level above does this unit carry forward?")
    else:
        suggestion = _("Leave room for the team’s own objectives: they know where it hurts.")
    return [Finding("ORIGIN_MIX", "file", message, suggestion)]


def _stale(okrs: OkrSet, today: dt.date) -> list[Finding]:
    cycle = okrs.cycle
    if cycle is None or cycle.start is None or cycle.end is None:
        return []
    if not cycle.start <= today <= cycle.end:
        return []
    findings: list[Finding] = []
    for index, objective in enumerate(okrs.objectives):
        for kr_index, key_result in enumerate(objective.key_results):
            last = key_result.last_check_in or key_result.created
            if last is None or _finished(key_result):
                continue
            # Planned before the cycle began: the clock starts with the cycle.
            since = max(last, cycle.start)
            days = (today - since).days
            if days <= STALE_DAYS:
                continue
            if key_result.last_check_in:
                message = ngettext(
                    "No check-in for %(days)d day.",
                    "No check-in for %(days)d days.",
                    days,
                ) % {"days": days}
            else:
                message = ngettext(
                    "Never checked in, for %(days)d day.",
                    "Never checked in, for %(days)d days.",
                    days,
                ) % {"days": days}
            findings.append(
                Finding(
                    "STALE",
                    f"objectives[{index}].key_results[{kr_index}]",
                    message,
                    _("Record the current value, even when it has not changed."),
                    key_result.line,
                )
            )
    return findings


def _finished(key_result: KeyResultSpec) -> bool:
    """Whether the current value has reached the target: no check-in is needed any more."""
    current, start, target = key_result.current, key_result.start, key_result.target
    if current is None:
        return False
    if key_result.metric == "milestone":
        return current >= 1
    if target is None:
        return False
    if key_result.metric == "decrease":
        return current <= target
    if key_result.metric == "range":
        return start is not None and start <= current <= target
    return current >= target


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per code and item (the text checks may report what a structure check does)."""
    seen: set[tuple[str, str]] = set()
    result = []
    for finding in findings:
        key = (finding.code, finding.item)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result
