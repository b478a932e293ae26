"""Plain OKR data for the coach: no database, no Django models.

A YAML OKR file (`okrfile.read`), an API request (`POST /api/v1/coach/check`) and a
unit's OKRs in the database (`selectors.spec_for_unit`) all become an `OkrSet`; the
checks in `checks.py` only ever see these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

METRICS = ("increase", "decrease", "range", "milestone")
KINDS = ("aspirational", "committed")
ORIGINS = ("bottom_up", "top_down")


@dataclass
class KeyResultSpec:
    title: str
    metric: str = "increase"
    start: float | None = None
    target: float | None = None
    unit: str = ""  # the unit label ("Leads", "%", "€")
    owner: str = ""  # an email, optional
    line: int | None = None  # in the YAML file
    # Known only from the database:
    current: float | None = None
    last_check_in: dt.date | None = None
    created: dt.date | None = None
    pk: int | None = None


@dataclass
class ObjectiveSpec:
    title: str
    kind: str = "aspirational"
    origin: str = "bottom_up"
    description: str = ""
    owner: str = ""
    # "Unit: objective title" (files) or titles of what the objective supports.
    aligned_to: list[str] = field(default_factory=list)
    key_results: list[KeyResultSpec] = field(default_factory=list)
    line: int | None = None
    pk: int | None = None


@dataclass
class CycleSpec:
    name: str
    start: dt.date | None = None
    end: dt.date | None = None
    line: int | None = None


@dataclass
class OkrSet:
    """The objectives of one unit in one cycle (a file, a request, or the database)."""

    objectives: list[ObjectiveSpec] = field(default_factory=list)
    cycle: CycleSpec | None = None
    unit: str = ""
    # The language the statements are written in ("de"/"en"); None: detect per statement.
    lang: str | None = None
    # True: the unit is the top of the organization (nothing above to align to);
    # None: unknown, so NOT_ALIGNED is not checked.
    top_level: bool | None = None
    # False when only some of the unit's objectives are known (a single objective being
    # typed, an API request about one objective): OBJ_COUNT and ORIGIN_MIX are skipped.
    complete: bool = True
    path: str = ""  # the file it was read from
