"""Coach hints in the objective and key-result forms, as people type.

The forms post their current values here (HTMX, a pause after typing); the answer is
the fragment `coach/_hints.html` that replaces the contents of the form's hint region.
Nothing is saved: the hints are the coach's text checks over what the form holds, so a
hint can never block or change a save. The one thing looked up is, for an objective that
supports nothing yet, the objectives and key results of the unit above that it most
likely supports (by text similarity), so that people align while they write.
"""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from kurs.coach import checks, selectors
from kurs.coach.findings import SEVERITY_LABELS, Finding, sort_findings
from kurs.coach.spec import METRICS, KeyResultSpec, ObjectiveSpec
from kurs.goals.models import Cycle, Objective
from kurs.lib.forms import normalize_number
from kurs.orgs.models import Unit

# The model's titles hold 300 characters; a little more is enough to say "too long"
# without letting a pasted novel reach the text checks.
MAX_TEXT = 1000

# Findings about missing numbers, held back while no number has been typed at all.
UNTIL_NUMBERS_TYPED = frozenset({"KR_NO_TARGET", "KR_NO_BASELINE"})


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "").strip()[:MAX_TEXT]


def _number(request: HttpRequest, name: str) -> float | None:
    """A number as typed ("12,5", "1.500"), or None while it is empty or half-typed."""
    text = request.POST.get(name, "").strip()[:50]
    if not text:
        return None
    try:
        number = float(normalize_number(text))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _pk(request: HttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


def _parent_suggestions(
    request: HttpRequest, title: str, description: str
) -> list[selectors.ParentSuggestion]:
    """What the objective being written most likely supports in the unit above.

    Only while nothing is chosen under "Supports", and only among what the person can
    see (another organization's unit or cycle gives no suggestions).
    """
    if request.POST.getlist("parents"):
        return []
    unit_pk, cycle_pk = _pk(request, "unit"), _pk(request, "cycle")
    if unit_pk is None or cycle_pk is None:
        return []
    unit = Unit.objects.visible_to(request.user).filter(pk=unit_pk).first()
    cycle = Cycle.objects.visible_to(request.user).filter(pk=cycle_pk).first()
    if unit is None or cycle is None:
        return []
    _above, candidates = selectors.parent_candidates(unit, cycle)
    return selectors.suggest_alignments(Objective(title=title, description=description), candidates)


def _render(
    request: HttpRequest,
    title: str,
    findings: list[Finding],
    suggestions: list[selectors.ParentSuggestion] | None = None,
) -> HttpResponse:
    hints = [
        {
            "severity": str(f.severity),
            "label": SEVERITY_LABELS[f.severity],
            "message": f.message,
            "suggestion": f.suggestion,
        }
        for f in sort_findings(findings)
    ]
    html = render_to_string(
        "coach/_hints.html",
        {"checked": bool(title), "hints": hints, "suggestions": suggestions or []},
        request=request,
    )
    # Nothing at all (not even a line break) when there is nothing to say, so that the
    # region collapses (`.coach-region:empty`).
    return HttpResponse(html.strip())


@login_required
@require_POST
def objective_hints(request: HttpRequest) -> HttpResponse:
    """The coach's remarks on the objective title being typed (a fragment)."""
    title = _text(request, "title")
    findings: list[Finding] = []
    suggestions: list[selectors.ParentSuggestion] = []
    if title:
        # lang=None: the statement's language is detected; messages follow the person's.
        findings = checks.check_objective(ObjectiveSpec(title=title), lang=None)
        suggestions = _parent_suggestions(request, title, _text(request, "description"))
    return _render(request, title, findings, suggestions)


@login_required
@require_POST
def key_result_hints(request: HttpRequest) -> HttpResponse:
    """The coach's remarks on the key result being typed: its title, metric and numbers."""
    title = _text(request, "title")
    findings: list[Finding] = []
    if title:
        metric = request.POST.get("metric", "")
        metric = metric if metric in METRICS else "increase"
        if metric == "range":
            # The form shows a range's bounds instead of start and target (kurs.js): they
            # stand in, as on the health page (selectors._key_result_spec).
            start, target = _number(request, "range_min"), _number(request, "range_max")
        else:
            start, target = _number(request, "start"), _number(request, "target")
        spec = KeyResultSpec(
            title=title,
            metric=metric,
            start=start,
            target=target,
            unit=_text(request, "unit_label"),
        )
        findings = checks.check_key_result(spec, lang=None)
        if start is None and target is None:
            # Typing the title, the person has not reached the number fields yet: asking
            # for them now is nagging, and the form itself asks on save.
            findings = [f for f in findings if f.code not in UNTIL_NUMBERS_TYPED]
    return _render(request, title, findings)
