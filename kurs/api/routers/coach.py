"""The OKR coach over the API: `POST /coach/check` answers the findings for OKRs sent as JSON.

The body is the YAML OKR file format (version 1) in its JSON shape and is validated by
the very code that reads the files (`kurs.coach.okrfile.parse_data`), so `kurs lint`, the
forms and this endpoint give the same advice. Nothing is read from or written to the
organization: the token only says who asks (and in which language to answer).
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import BaseModel, Field

from kurs.api.errors import error_response
from kurs.api.schemas import ErrorOut
from kurs.coach import checks, okrfile
from kurs.coach.findings import Severity

router = Router(tags=["coach"])

# A request is one unit's OKRs in one cycle; these bounds keep a single request cheap
# (the duplicate and similarity checks compare statements pairwise).
MAX_OBJECTIVES = 100
MAX_KEY_RESULTS = 50

# "objectives[0].key_results[1].metric" (the file format's notation) -> the API's
# "objectives.0.key_results.1.metric", as every other 422 of this API names nested fields.
_INDEX = re.compile(r"\[(\d+)\]")


def api_field(name: str) -> str | None:
    return _INDEX.sub(r".\1", name) or None


# Response ---------------------------------------------------------------------------------


class FindingOut(Schema):
    code: str = Field(
        description="Stable code of the check, e.g. `KR_IS_TASK` (see the coach’s list).",
        examples=["KR_IS_TASK"],
    )
    severity: Literal["error", "warning", "info"] = Field(
        description="`error`: the statement is not an OKR; `warning`: a coach would ask "
        "for a change; `info`: a hint."
    )
    item: str = Field(
        description="What the finding is about: `file` (the request as a whole), "
        "`objectives[i]` or `objectives[i].key_results[j]` (0-based), as `kurs lint` "
        "reports it.",
        examples=["objectives[0].key_results[1]"],
    )
    line: int | None = Field(
        description="Always null here (a line in a YAML file for `kurs lint`)."
    )
    message: str = Field(description="What is wrong, in your language.")
    suggestion: str = Field(description="A better wording or what to do, or an empty string.")


class FindingCounts(Schema):
    error: int
    warning: int
    info: int


class CoachCheckOut(Schema):
    findings: list[FindingOut] = Field(description="Errors first, then by item.")
    counts: FindingCounts = Field(description="How many findings of each severity.")


# Request (documentation only: the body is read and validated by okrfile.parse_data) ------


class _CycleDoc(BaseModel):
    name: str = Field(description="The cycle’s name.", examples=["2027-Q1"])
    start: str | None = Field(None, description="First day, YYYY-MM-DD.", examples=["2027-01-01"])
    end: str | None = Field(None, description="Last day, YYYY-MM-DD.", examples=["2027-03-31"])


class _KeyResultDoc(BaseModel):
    title: str = Field(description="The key result’s statement.")
    metric: Literal["increase", "decrease", "range", "milestone"] = Field(
        "increase", description="How progress is measured."
    )
    start: float | None = Field(None, description="The starting value (baseline).")
    target: float | None = Field(None, description="The target value.")
    unit: str = Field("", description="The unit of the numbers, e.g. “Leads”, “%”, “€”.")
    owner: str = Field("", description="The owner’s email (optional).")


class _ObjectiveDoc(BaseModel):
    title: str = Field(description="The objective’s statement.")
    kind: Literal["aspirational", "committed"] = Field(
        "aspirational", description="Aspirational or committed."
    )
    origin: Literal["bottom_up", "top_down"] = Field(
        "bottom_up", description="Proposed by the team or set from strategy."
    )
    description: str = Field("", description="Optional background.")
    owner: str = Field("", description="The owner’s email (optional).")
    aligned_to: list[str] = Field(
        default_factory=list,
        description="What it supports on the level above, as “Unit: objective title”.",
    )
    key_results: list[_KeyResultDoc] = Field(default_factory=list)


class _CheckDoc(BaseModel):
    objectives: list[_ObjectiveDoc] = Field(
        description=f"One unit’s objectives in one cycle (at most {MAX_OBJECTIVES}, each with "
        f"at most {MAX_KEY_RESULTS} key results)."
    )
    cycle: _CycleDoc | None = Field(None, description="The cycle; its length is checked.")
    unit: str = Field("", description="The unit’s name.")
    lang: Literal["de", "en"] | None = Field(
        None,
        description="The language the statements are written in; left out, it is detected "
        "per statement. (Messages are always in your language.)",
    )
    top_level: bool | None = Field(
        None,
        description="true: the unit is the top of the organization; false: every objective "
        "should support something above (`NOT_ALIGNED`); left out: not checked.",
    )
    partial: bool = Field(
        False,
        description="false (the default): `objectives` are all of the unit’s objectives in "
        "the cycle, so their number and top-down/bottom-up mix are checked. true: only some "
        "of them (e.g. one being written); those two checks are skipped.",
    )


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema with its `$defs` written out in place (they are not components)."""
    definitions: dict[str, Any] = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                target = definitions[node["$ref"].rsplit("/", 1)[-1]]
                rest = {k: v for k, v in node.items() if k != "$ref"}
                return resolve({**target, **rest})
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(value) for value in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


EXAMPLE_REQUEST = {
    "cycle": {"name": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"},
    "unit": "Marketing",
    "partial": True,
    "objectives": [
        {
            "title": "Make our leads noticeably better",
            "kind": "aspirational",
            "origin": "bottom_up",
            "key_results": [
                {
                    "title": "Raise the share of leads that become offers from 12 to 20 in 100",
                    "metric": "increase",
                    "start": 12,
                    "target": 20,
                    "unit": "Leads",
                },
                {"title": "Launch a new website", "metric": "milestone"},
            ],
        }
    ],
}

EXAMPLE_RESPONSE = {
    "findings": [
        {
            "code": "KR_IS_TASK",
            "severity": "error",
            "item": "objectives[0].key_results[1]",
            "line": None,
            "message": "“Launch” is an activity, milestone or output, not a result.",
            "suggestion": "Put “Launch a new website” under the actions and ask what it "
            "should change, and by how much: that change, from where you are to where you want "
            "to be, is the key result.",
        },
        {
            "code": "KR_COUNT",
            "severity": "warning",
            "item": "objectives[0]",
            "line": None,
            "message": "2 key results: three to five per objective are usual.",
            "suggestion": "What else would show that the objective has been reached?",
        },
    ],
    "counts": {"error": 1, "warning": 1, "info": 0},
}

REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": _inline(_CheckDoc.model_json_schema()),
            "example": EXAMPLE_REQUEST,
        }
    },
}


# The operation -------------------------------------------------------------------------


def _read_json(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:  # JSONDecodeError is a ValueError
        raise HttpError(400, "not JSON") from error  # answered by kurs.api.errors
    except RecursionError as error:  # thousands of nested brackets
        raise HttpError(400, "not JSON") from error


def _too_many(data: Any) -> list[tuple[str | None, str]]:
    """Errors for requests beyond the size this endpoint checks (before the slow part)."""
    if not isinstance(data, dict) or not isinstance(data.get("objectives"), list):
        return []  # parse_data explains what is wrong with the shape
    objectives = data["objectives"]
    if len(objectives) > MAX_OBJECTIVES:
        return [("objectives", _at_most(MAX_OBJECTIVES))]
    return [
        (f"objectives.{index}.key_results", _at_most(MAX_KEY_RESULTS))
        for index, objective in enumerate(objectives)
        if isinstance(objective, dict)
        and isinstance(objective.get("key_results"), list)
        and len(objective["key_results"]) > MAX_KEY_RESULTS
    ]


def _api_message(error: okrfile.OkrFileError) -> str:
    """The file reader's message as the API words it: the field is in `field` already
    ("objectives[0].title: expected a text" -> "Expected a text")."""
    message = error.message.removeprefix(f"{error.field}: ") if error.field else error.message
    return message[:1].upper() + message[1:]


def _at_most(limit: int) -> str:
    return ngettext("Use at most %(limit)s entry.", "Use at most %(limit)s entries.", limit) % {
        "limit": limit
    }


@router.post(
    "/coach/check",
    response={200: CoachCheckOut, (400, 401, 422): ErrorOut},
    summary="Check OKRs with the coach",
    openapi_extra={
        "requestBody": REQUEST_BODY,
        "responses": {200: {"content": {"application/json": {"example": EXAMPLE_RESPONSE}}}},
    },
)
def check_okrs(request: HttpRequest) -> CoachCheckOut | JsonResponse:
    """The coach's findings for OKRs sent in the OKR file format (its JSON shape).

    The same checks as in the Kurs editor, on the health page and in `kurs lint`. Nothing
    is saved and nothing of your organization is read. `objectives` are taken to be all
    of the unit's objectives in the cycle (their number is checked) unless the request
    says `"partial": true`. Invalid input answers 422 with the field in dotted notation,
    e.g. `objectives.0.key_results.1.metric`. Messages and suggestions are in your
    language.
    """
    data = _read_json(request)
    if not isinstance(data, dict):
        return error_response(422, [(None, _("Enter an object."))])
    partial = False
    if "partial" in data:
        # Not part of the file format: the API's own switch, taken out before parsing.
        data = dict(data)
        partial = data.pop("partial")
        if not isinstance(partial, bool):
            return error_response(422, [("partial", _("Enter true or false."))])
    if "objectives" not in data:
        return error_response(422, [("objectives", _("This field is required."))])
    too_many = _too_many(data)
    if too_many:
        return error_response(422, too_many)
    try:
        okrs = okrfile.parse_data(data, path="<request>")
    except okrfile.OkrFileError as error:
        return error_response(422, [(api_field(error.field), _api_message(error))])
    okrs.complete = not partial
    findings = checks.check_set(okrs, today=timezone.localdate())
    counts = {str(severity): 0 for severity in Severity}
    for finding in findings:
        counts[str(finding.severity)] += 1
    return CoachCheckOut(
        findings=[FindingOut(**finding.as_dict()) for finding in findings],
        counts=FindingCounts(**counts),
    )
