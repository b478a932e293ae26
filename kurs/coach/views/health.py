"""The OKR health page of a unit and cycle: the coach's findings and the patterns over time.

Read-only: everyone in the organization (viewers too) may see it, as they see the OKRs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from kurs.coach import selectors
from kurs.goals import selectors as goal_selectors
from kurs.lib.http import int_or_404
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import can_edit_key_result, can_edit_objective


@login_required
def unit_health(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=int_or_404(pk))
    # The same cycle the unit page would show, so that the link between them keeps it.
    cycles = goal_selectors.visible_cycles(user)
    cycle = goal_selectors.choose_cycle(user, request.GET.get("cycle"), cycles)
    health = selectors.unit_health(unit, cycle, today=timezone.localdate()) if cycle else None
    # Edit links only for what this person may change (the page itself is for everyone),
    # and never in a closed cycle, whose OKRs are final.
    editable_objectives: set[int] = set()
    editable_key_results: set[int] = set()
    for group in health.objectives if health and not health.cycle.is_closed else []:
        if can_edit_objective(user, group.objective):
            editable_objectives.add(group.objective.pk)
        for about in group.key_results:
            if can_edit_key_result(user, about.key_result):
                editable_key_results.add(about.key_result.pk)
    return render(
        request,
        "coach/health.html",
        {
            "unit": unit,
            "cycles": cycles,
            "cycle": cycle,
            "health": health,
            "editable_objectives": editable_objectives,
            "editable_key_results": editable_key_results,
            "top_down_target": selectors.TOP_DOWN_TARGET,
        },
    )
