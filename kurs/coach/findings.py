"""What the coach says: stable codes, their severity, and one `Finding` per piece of advice.

Codes are part of Kurs's interface (`kurs lint --format json`, the API): never rename one.
Severities: `error` — the statement is not an OKR; `warning` — it is, but a coach would
ask for a change; `info` — a hint worth knowing.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

SEVERITY_LABELS: dict[Severity, Promise] = {
    Severity.ERROR: _("Not an OKR"),
    Severity.WARNING: _("Warning"),
    Severity.INFO: _("Hint"),
}


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: Promise  # a short name, for headings and filters
    why: Promise  # the coach's reason, with the seed it comes from


# Every code the coach can produce, in the order the health page lists them.
CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code(
            "OBJ_NOT_QUALITATIVE",
            Severity.ERROR,
            _("Objective is a number"),
            _(
                "An objective is qualitative and inspiring: it describes a desired state. "
                "Numbers, metrics and counts belong in its key results."
            ),
        ),
        Code(
            "OBJ_NO_DIRECTION",
            Severity.ERROR,
            _("Objective has no direction"),
            _(
                "An objective names the change or state you want, not just a topic: "
                "“Understand our customers’ buying decisions”, not “Market research”."
            ),
        ),
        Code(
            "OBJ_IS_TASK",
            Severity.WARNING,
            _("Objective is a project"),
            _(
                "An objective says what should be different, not what you will do: "
                "“Customers solve problems without calling us”, not “Launch a customer "
                "portal”. The project is one way there; it belongs under the actions."
            ),
        ),
        Code(
            "KR_NOT_MEASURABLE",
            Severity.ERROR,
            _("Key result is not measurable"),
            _(
                "A key result is specific and measurable: a number from where you are "
                "to where you want to be, so that everyone can tell whether it was reached."
            ),
        ),
        Code(
            "KR_IS_TASK",
            Severity.ERROR,
            _("Key result is a task"),
            _(
                "A key result is a result, not an activity, milestone or output. "
                "What you do to get there belongs under the actions."
            ),
        ),
        Code(
            "KR_PERCENT_NO_BASE",
            Severity.INFO,
            _("Percentage without a baseline"),
            _(
                "“+50 %” says nothing without the starting point. Prefer real numbers: "
                "from what to what."
            ),
        ),
        Code(
            "BONUS_LINK",
            Severity.WARNING,
            _("Tied to pay"),
            _(
                "OKRs must never decide bonuses or pay: people would set safe goals, and "
                "two incentive systems would collide."
            ),
        ),
        Code(
            "KR_NO_TARGET",
            Severity.WARNING,
            _("Key result has no target"),
            _("Without a target value nobody can tell how far the key result has come."),
        ),
        Code(
            "KR_NO_BASELINE",
            Severity.WARNING,
            _("No starting value"),
            _(
                "Without a starting value (or with one equal to the target) progress "
                "cannot be measured."
            ),
        ),
        Code(
            "KR_VALUES_MISMATCH",
            Severity.WARNING,
            _("Text and values disagree"),
            _(
                "The numbers in the key result’s text and its start and target values should "
                "say the same, or people will measure different things."
            ),
        ),
        Code(
            "OBJ_COUNT",
            Severity.WARNING,
            _("Number of objectives"),
            _("Three to five objectives per unit and cycle: more dilutes the focus."),
        ),
        Code(
            "KR_COUNT",
            Severity.WARNING,
            _("Number of key results"),
            _("Three to five key results per objective measure it from enough sides."),
        ),
        Code(
            "OBJ_NO_KEY_RESULTS",
            Severity.WARNING,
            _("Objective without key results"),
            _("Without key results nobody can tell whether the objective was reached."),
        ),
        Code(
            "DUPLICATE",
            Severity.WARNING,
            _("Written twice"),
            _("The same statement appears twice; merge them or say what differs."),
        ),
        Code(
            "CYCLE_LENGTH",
            Severity.WARNING,
            _("Cycle length"),
            _(
                "An OKR cycle lasts three to four months: long enough to achieve something, "
                "short enough to learn."
            ),
        ),
        Code(
            "NOT_ALIGNED",
            Severity.WARNING,
            _("Not aligned"),
            _(
                "Below the top level every objective supports something above it; otherwise "
                "it is an “art project” nobody asked for."
            ),
        ),
        Code(
            "STALE",
            Severity.WARNING,
            _("No recent check-in"),
            _("A key result without a check-in for more than 14 days shows an outdated picture."),
        ),
        Code(
            "ORIGIN_MIX",
            Severity.INFO,
            _("Top-down/bottom-up mix"),
            _(
                "About 40 % of a unit’s objectives come from the strategy (top-down) and "
                "60 % from the team (bottom-up)."
            ),
        ),
        Code(
            "TOO_LONG",
            Severity.INFO,
            _("Too long"),
            _("A statement people remember fits on one line."),
        ),
    ]
}


@dataclass(frozen=True)
class Finding:
    """One piece of advice about one item.

    `item` is `file`, `objectives[i]` or `objectives[i].key_results[j]` (0-based);
    `line` is the line in a YAML file, when the finding comes from one.
    """

    code: str
    item: str
    message: str
    suggestion: str = ""
    line: int | None = None

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return {
            key: data[key] for key in ("code", "severity", "item", "line", "message", "suggestion")
        }


def item_position(item: str) -> tuple[int, ...]:
    """Where an item stands: `file` first, then `objectives[2]` before `objectives[10]`."""
    return tuple(int(number) + 1 for number in re.findall(r"\[(\d+)\]", item))


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by the item's position, then by code."""
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], item_position(f.item), f.line or 0, f.code),
    )


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)
