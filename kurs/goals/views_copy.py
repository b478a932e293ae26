"""The page that copies a unit's objectives and key results into the next cycle.

Reads through kurs.goals.copy.copy_candidates, writes only through
kurs.goals.copy.do_copy_forward. Works without JavaScript: the objective checkboxes
choose what is copied, the key-result checkboxes (ticked at first) which of their
key results come along.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurs.goals import selectors
from kurs.goals.copy import Note, copy_candidates, do_copy_forward, target_cycles
from kurs.goals.models import Cycle, KeyResult, Objective
from kurs.lib.forms import IdsMultipleChoiceField, apply_errors, limit_choices
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import can_create_objective


class CopyForwardForm(forms.Form):
    target_cycle = forms.ModelChoiceField(
        label=gettext_lazy("Copy into"),
        queryset=Cycle.objects.none(),
        help_text=gettext_lazy("An open cycle after this one; the next one is suggested."),
    )
    everything = forms.BooleanField(
        label=gettext_lazy("Copy everything listed below (the whole unit)"),
        required=False,
        help_text=gettext_lazy(
            "Every objective below with all its key results; the ticks below are ignored."
        ),
    )
    # Rendered by hand as a list of objectives with their key results.
    objectives = IdsMultipleChoiceField(queryset=Objective.objects.none(), required=False)
    key_results = IdsMultipleChoiceField(queryset=KeyResult.objects.none(), required=False)
    keep_targets = forms.BooleanField(
        label=gettext_lazy("Keep the targets"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "The copies keep their start and target values. Untick to start each copy at "
            "the value reached so far, aiming the same distance further (12 → 20 with 16 "
            "reached becomes 16 → 24); then adjust the targets. Ranges and milestones "
            "stay as they are."
        ),
    )
    reset_current = forms.BooleanField(
        label=gettext_lazy("Reset the current values"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "The copies start without check-ins, at their start value. Untick to carry "
            "each key result’s latest value over as the copy’s first check-in, so that "
            "progress continues. Check-ins themselves stay in the old cycle."
        ),
    )
    keep_actions = forms.BooleanField(
        label=gettext_lazy("Copy the open actions"),
        required=False,
        initial=False,
        help_text=gettext_lazy(
            "Actions that are not done yet are copied too, their due dates moved by as "
            "much as the new cycle starts later."
        ),
    )

    def __init__(
        self, *args: Any, user: User, source: Cycle, targets: list[Cycle], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Every cycle of the organization validates, so that a closed one gets the
        # action's clear "closed" error instead of "not one of the choices".
        limit_choices(
            self,
            "target_cycle",
            Cycle.objects.visible_to(user),
            [(c.pk, c.name) for c in targets],
        )
        if targets:
            self.fields["target_cycle"].initial = targets[0].pk
        objectives = self.fields["objectives"]
        assert isinstance(objectives, forms.ModelMultipleChoiceField)
        objectives.queryset = Objective.objects.visible_to(user).filter(cycle=source)
        key_results = self.fields["key_results"]
        assert isinstance(key_results, forms.ModelMultipleChoiceField)
        key_results.queryset = KeyResult.objects.visible_to(user).filter(objective__cycle=source)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _ticked(form: CopyForwardForm, name: str) -> set[int]:
    return {int(v) for v in form.data.getlist(name) if v.isdigit()}  # type: ignore[attr-defined]


@login_required
def copy_forward(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=pk)
    if not can_create_objective(user, unit):
        raise PermissionDenied
    cycles = selectors.visible_cycles(user)
    source = selectors.choose_cycle(user, request.GET.get("cycle"), cycles)
    if source is None:
        messages.error(request, _("Create a cycle first."))
        return redirect("unit_detail", pk=unit.pk)
    include_below = request.GET.get("below") == "1"
    groups = copy_candidates(user, unit, source, include_below=include_below)
    targets = target_cycles(cycles, source)
    form = CopyForwardForm(
        request.POST if request.method == "POST" else None,
        user=user,
        source=source,
        targets=targets,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shown = [o for group in groups for o in group.objectives]
        not_allowed: list[Note] = []
        if data["everything"]:
            objectives: Any = [o for o in shown if o.copyable]  # type: ignore[attr-defined]
            key_results = None
            not_allowed = [
                Note(o.title, _("You may not copy it: ask its owner or the unit’s lead."))
                for o in shown
                if not o.copyable  # type: ignore[attr-defined]
            ]
        else:
            objectives, key_results = data["objectives"], data["key_results"]
        try:
            report = do_copy_forward(
                user,
                source_cycle=source,
                target_cycle=data["target_cycle"],
                objectives=objectives,
                key_results=key_results,
                keep_targets=data["keep_targets"],
                reset_current=data["reset_current"],
                keep_actions=data["keep_actions"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied as denied:
            form.add_error("objectives", str(denied))
        else:
            report.skipped.extend(not_allowed)
            return render(
                request,
                "goals/copy_forward.html",
                {"unit": unit, "source": source, "report": report},
            )
    bound = form.is_bound
    return render(
        request,
        "goals/copy_forward.html",
        {
            "unit": unit,
            "source": source,
            "form": form,
            "groups": groups,
            "targets": targets,
            "include_below": include_below,
            "has_units_below": Unit.objects.filter(parent=unit).exists(),
            "ticked_objectives": _ticked(form, "objectives") if bound else set(),
            # Unbound, every key result is ticked: picking an objective takes all of them.
            "ticked_key_results": _ticked(form, "key_results") if bound else None,
        },
    )
