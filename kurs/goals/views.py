"""Pages for OKRs: My OKRs, unit pages, the alignment tree, forms, check-ins and history.

Views stay thin: they read through `visible_to()` and the selectors, and write only
through kurs.goals.actions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kurs.goals import actions, selectors
from kurs.goals.charts import build_chart
from kurs.goals.forms import CheckInForm, InitiativeForm, KeyResultForm, ObjectiveForm, RetireForm
from kurs.goals.models import Cycle, Initiative, KeyResult, Metric, Objective
from kurs.lib.forms import apply_errors
from kurs.lib.http import int_or_404, offset_param
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import (
    can_check_in,
    can_create_objective,
    can_edit_key_result,
    can_edit_objective,
)
from kurs.strategy import selectors as strategy_selectors


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _cycle_context(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    cycles = selectors.visible_cycles(user)
    cycle = selectors.choose_cycle(user, request.GET.get("cycle"), cycles)
    return {"cycles": cycles, "cycle": cycle}


@login_required
def my_okrs(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = _cycle_context(request)
    cycle = context["cycle"]
    objectives = selectors.my_objectives(user, cycle) if cycle else []
    return render(
        request,
        "goals/my_okrs.html",
        {
            **context,
            "objectives": objectives,
            "show_unit": True,
            "me": user,
            "sign_offs": strategy_selectors.pending_acceptances(user),
        },
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(request, "goals/unit_list.html", {"units": selectors.unit_tree(user)})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    unit = get_object_or_404(Unit.objects.visible_to(user).select_related("parent"), pk=pk)
    context = _cycle_context(request)
    cycle = context["cycle"]
    objectives = selectors.unit_objectives(user, unit, cycle) if cycle else []
    active = [o for o in objectives if o.is_active]
    return render(
        request,
        "goals/unit_detail.html",
        {
            **context,
            "unit": unit,
            "children": list(unit.children.all()),
            "objectives": objectives,
            "unit_progress": (sum(o.progress for o in active) / len(active)) if active else None,
            "can_create": can_create_objective(user, unit) and cycle and not cycle.is_closed,
        },
    )


@login_required
def alignment_tree(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = _cycle_context(request)
    cycle = context["cycle"]
    offset = _offset(request)
    next_offset = offset + selectors.TREE_PAGE
    roots, more = selectors.tree_roots(user, cycle, offset) if cycle else ([], False)
    template = "goals/_tree_nodes.html" if request.headers.get("HX-Request") else "goals/tree.html"
    return render(
        request,
        template,
        {
            **context,
            "nodes": roots,
            "counts": selectors.child_counts(o.pk for o in roots),
            "more_url": (
                f"{reverse('alignment_tree')}?cycle={cycle.pk}&offset={next_offset}"
                if more and cycle
                else None
            ),
        },
    )


@login_required
def tree_children(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    parent = get_object_or_404(Objective.objects.visible_to(user), pk=pk)
    offset = _offset(request)
    nodes, more = selectors.tree_children(user, parent, offset)
    return render(
        request,
        "goals/_tree_nodes.html",
        {
            "nodes": nodes,
            "counts": selectors.child_counts(o.pk for o in nodes),
            "more_url": (
                f"{reverse('tree_children', args=[pk])}?offset={offset + selectors.TREE_PAGE}"
                if more
                else None
            ),
        },
    )


def _objective_to_edit(user: User, pk: int) -> Objective:
    """The objective, if this person may change it: 404 when not visible, else 403."""
    objective: Objective = get_object_or_404(
        Objective.objects.visible_to(user).select_related("unit", "cycle"), pk=pk
    )
    if not can_edit_objective(user, objective):
        raise PermissionDenied
    return objective


def _key_result_to_edit(user: User, pk: int) -> KeyResult:
    key_result: KeyResult = get_object_or_404(
        KeyResult.objects.visible_to(user).with_scoring(), pk=pk
    )
    if not can_edit_key_result(user, key_result):
        raise PermissionDenied
    return key_result


def _closed(request: HttpRequest, next_url: str) -> HttpResponseBase:
    """Say so before anyone fills in a form that could not be saved."""
    messages.error(request, _("This cycle is closed; its scores are final."))
    return redirect(next_url)


def _offset(request: HttpRequest) -> int:
    return offset_param(request.GET.get("offset", 0))


@login_required
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    objective = get_object_or_404(
        Objective.objects.visible_to(user)
        .with_scoring()
        .select_related("replaced_by")
        .prefetch_related(
            "alignments__parent_objective",
            "alignments__parent_key_result__objective",
            "initiatives__owner",
            "initiatives__key_result",
            "replaces",
        ),
        pk=pk,
    )
    children = list(
        Objective.objects.visible_to(user)
        .filter(
            Q(alignments__parent_objective=objective)
            | Q(alignments__parent_key_result__objective=objective)
        )
        .distinct()
        .with_scoring()
    )
    history = list(objective.history.select_related("actor", "key_result").all()[:200])
    editable = can_edit_objective(user, objective)
    return render(
        request,
        "goals/objective_detail.html",
        {
            "objective": objective,
            "key_results": list(objective.key_results.all()),
            "children": children,
            "history": history,
            "can_edit": editable and not objective.cycle.is_closed,
            "initiative_form": _initiative_form(user, objective) if editable else None,
        },
    )


def _initiative_form(user: User, objective: Objective, data: Any = None) -> InitiativeForm:
    return InitiativeForm(
        data,
        people=_people(user),
        key_results=objective.active_key_results(),
        initial={"owner": user.pk},
    )


def _people(user: User) -> list[User]:
    return list(User.objects.visible_to(user).filter(is_active=True).order_by("name"))


def _parent_choices(
    user: User, cycle: Cycle, unit: Unit, exclude: Objective | None
) -> list[tuple[str, str]]:
    """Objectives and key results an objective of `unit` can support, in the same cycle.

    The units above, and the units beside them and beside this one (cross-team
    alignment, e.g. Marketing supporting Vertrieb): a bounded list even in a large
    organization, where listing every objective would not be.
    """
    ancestors = unit.ancestor_ids()
    objectives = (
        Objective.objects.visible_to(user)
        .filter(cycle=cycle, state="active")
        .filter(Q(unit_id__in=ancestors) | Q(unit__parent_id__in=ancestors))
        .exclude(unit=unit)
        .select_related("unit")
        .prefetch_related("key_results")
        .order_by("unit__depth", "pk")
    )
    choices: list[tuple[str, str]] = []
    for objective in objectives:
        if exclude is not None and objective.pk == exclude.pk:
            continue
        choices.append((f"objective:{objective.pk}", f"{objective.unit.name}: {objective.title}"))
        for key_result in objective.key_results.all():
            if key_result.is_active:
                choices.append((f"key_result:{key_result.pk}", f"\u2003↳ {key_result.title}"))
    if exclude is not None:
        for alignment in exclude.alignments.select_related("parent_objective", "parent_key_result"):
            ref = f"{alignment.parent_type}:{alignment.parent.pk}"
            if ref not in dict(choices):
                choices.append((ref, str(alignment.parent)))
    return choices


def _objective_form(
    request: HttpRequest, user: User, unit: Unit, cycle: Cycle, instance: Objective | None
) -> ObjectiveForm:
    initial: dict[str, Any] = {}
    if instance is None:
        initial = {"unit": unit.pk, "cycle": cycle.pk, "owner": user.pk}
    else:
        initial = {"parents": [f"{a.parent_type}:{a.parent.pk}" for a in instance.alignments.all()]}
    return ObjectiveForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        initial=initial,
        units=selectors.unit_tree(user),
        people=_people(user),
        cycles=[c for c in selectors.visible_cycles(user) if not c.is_closed],
        parent_choices=_parent_choices(user, cycle, unit, instance),
    )


@login_required
def objective_create(request: HttpRequest) -> HttpResponseBase:
    user = _user(request)
    unit = get_object_or_404(Unit.objects.visible_to(user), pk=int_or_404(request.GET.get("unit")))
    cycles = selectors.visible_cycles(user)
    cycle = selectors.choose_cycle(user, request.GET.get("cycle"), cycles)
    if cycle is None:
        messages.error(request, _("Create a cycle first."))
        return redirect("unit_detail", pk=unit.pk)
    if not can_create_objective(user, unit):
        raise PermissionDenied
    form = _objective_form(request, user, unit, cycle, None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            objective = actions.do_create_objective(
                user,
                parents=form.parent_refs(),
                **{name: data[name] for name in actions.OBJECTIVE_FIELDS},
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            form.add_error("unit", _("You cannot create objectives in this unit."))
        else:
            messages.success(request, _("Objective created. Now add its key results."))
            return redirect("key_result_create", pk=objective.pk)
    return render(
        request, "goals/objective_form.html", {"form": form, "unit": unit, "cycle": cycle}
    )


@login_required
def objective_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    objective = _objective_to_edit(user, pk)
    if objective.cycle.is_closed:
        return _closed(request, reverse("objective_detail", args=[objective.pk]))
    form = _objective_form(request, user, objective.unit, objective.cycle, objective)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_objective(
                user,
                Objective.objects.get(pk=objective.pk),
                parents=form.parent_refs(),
                **{name: data[name] for name in actions.OBJECTIVE_FIELDS},
            )
        except ValidationError as error:
            apply_errors(form, error)
        except PermissionDenied:
            # The person may edit this objective, so it is the new unit they may not use.
            form.add_error("unit", _("You cannot create objectives in this unit."))
        else:
            messages.success(request, _("Objective saved."))
            return redirect("objective_detail", pk=objective.pk)
    return render(
        request,
        "goals/objective_form.html",
        {"form": form, "objective": objective, "unit": objective.unit, "cycle": objective.cycle},
    )


@login_required
def objective_retire(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    objective = _objective_to_edit(user, pk)
    if objective.cycle.is_closed:
        return _closed(request, reverse("objective_detail", args=[objective.pk]))
    candidates = list(
        Objective.objects.visible_to(user)
        .filter(cycle=objective.cycle, unit=objective.unit, state="active")
        .exclude(pk=objective.pk)
    )
    return _retire(
        request,
        objective,
        candidates,
        lambda reason, replacement: actions.do_retire_objective(
            user, objective, reason=reason, replacement=replacement
        ),
        _("Objective retired. It stays visible in the history."),
        reverse("objective_detail", args=[objective.pk]),
    )


@login_required
def key_result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    key_result = get_object_or_404(KeyResult.objects.visible_to(user).with_scoring(), pk=pk)
    check_ins = list(key_result.check_ins.select_related("author").order_by("created_at", "pk"))
    return render(
        request,
        "goals/key_result_detail.html",
        {
            "key_result": key_result,
            "objective": key_result.objective,
            "check_ins": list(reversed(check_ins)),
            "chart": _chart(key_result, check_ins),
            "can_edit": can_edit_key_result(user, key_result)
            and not key_result.objective.cycle.is_closed,
        },
    )


def _chart(key_result: KeyResult, check_ins: list[Any]) -> Any:
    cycle = key_result.objective.cycle
    is_range = key_result.metric == Metric.RANGE
    return build_chart(
        start_date=cycle.start,
        end_date=cycle.end,
        today=timezone.localdate(),
        history=[(timezone.localdate(c.created_at), c.value) for c in check_ins],
        start=None if is_range else key_result.start,
        target=None if is_range else key_result.target,
        range_min=key_result.range_min if is_range else None,
        range_max=key_result.range_max if is_range else None,
    )


@login_required
def key_result_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    objective = _objective_to_edit(user, pk)
    if objective.cycle.is_closed:
        return _closed(request, reverse("objective_detail", args=[objective.pk]))
    form = KeyResultForm(
        request.POST if request.method == "POST" else None,
        people=_people(user),
        initial={"owner": objective.owner_id, "metric": Metric.INCREASE, "weight": 1},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_create_key_result(
                user, objective, **{name: data[name] for name in actions.KEY_RESULT_FIELDS}
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Key result added."))
            if "add_another" in request.POST:
                return redirect("key_result_create", pk=objective.pk)
            return redirect("objective_detail", pk=objective.pk)
    count = objective.key_results.filter(state="active").count()
    return render(
        request,
        "goals/key_result_form.html",
        {"form": form, "objective": objective, "key_result_count": count},
    )


@login_required
def key_result_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    key_result = _key_result_to_edit(user, pk)
    if key_result.objective.cycle.is_closed:
        return _closed(request, reverse("key_result_detail", args=[key_result.pk]))
    form = KeyResultForm(
        request.POST if request.method == "POST" else None,
        instance=key_result,
        people=_people(user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fresh = KeyResult.objects.with_scoring().get(pk=key_result.pk)
        try:
            actions.do_update_key_result(
                user, fresh, **{name: data[name] for name in actions.KEY_RESULT_FIELDS}
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Key result saved."))
            return redirect("objective_detail", pk=key_result.objective_id)
    return render(
        request,
        "goals/key_result_form.html",
        {"form": form, "objective": key_result.objective, "key_result": key_result},
    )


@login_required
def key_result_retire(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    key_result = _key_result_to_edit(user, pk)
    if key_result.objective.cycle.is_closed:
        return _closed(request, reverse("key_result_detail", args=[key_result.pk]))
    candidates = [k for k in key_result.objective.active_key_results() if k.pk != key_result.pk]
    return _retire(
        request,
        key_result,
        candidates,
        lambda reason, replacement: actions.do_retire_key_result(
            user, key_result, reason=reason, replacement=replacement
        ),
        _("Key result retired. It no longer counts for progress."),
        reverse("objective_detail", args=[key_result.objective_id]),
    )


def _retire(
    request: HttpRequest,
    item: Objective | KeyResult,
    candidates: Sequence[Any],
    retire: Callable[[str, Any], object],
    success: str,
    next_url: str,
) -> HttpResponseBase:
    """The retire-or-replace form, shared by objectives and key results."""
    form = RetireForm(
        request.POST if request.method == "POST" else None,
        replacements=[(str(c.pk), c.title) for c in candidates],
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["replacement"]
        replacement = next((c for c in candidates if str(c.pk) == chosen), None)
        try:
            retire(form.cleaned_data["reason"], replacement)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return render(request, "goals/retire_form.html", {"form": form, "item": item})


@login_required
def check_in(request: HttpRequest) -> HttpResponseBase:
    """The weekly page: every key result I can update, on one screen."""
    user = _user(request)
    objectives = selectors.check_in_key_results(user)
    rows = []
    for objective in objectives:
        for key_result in objective.active_key_results():
            if not can_check_in(user, key_result):
                continue
            history = sorted(key_result.check_ins.all(), key=lambda c: (c.created_at, c.pk))
            form = CheckInForm(
                request.POST if request.method == "POST" else None,
                prefix=f"kr{key_result.pk}",
                key_result=key_result,
                initial={"confidence": key_result.confidence},
            )
            rows.append(
                {
                    "objective": objective,
                    "key_result": key_result,
                    "form": form,
                    "chart": _chart(key_result, history),
                    "last": history[-1] if history else None,
                }
            )
    if request.method == "POST":
        if all(row["form"].is_valid() for row in rows):
            updates = [row for row in rows if row["form"].has_update()]
            failed: dict[str, Any] | None = None
            try:
                # All rows or none: a mistake in one row must not half-save the week.
                with transaction.atomic():
                    for row in updates:
                        failed = row
                        data = row["form"].cleaned_data
                        actions.do_check_in(
                            user,
                            row["key_result"],
                            value=data["value"],
                            confidence=data["confidence"],
                            comment=data["comment"],
                        )
                    failed = None
            except ValidationError as error:
                if failed is not None:
                    apply_errors(failed["form"], error)
            else:
                if updates:
                    messages.success(
                        request,
                        ngettext(
                            "Checked in %(count)d key result. Thank you!",
                            "Checked in %(count)d key results. Thank you!",
                            len(updates),
                        )
                        % {"count": len(updates)},
                    )
                else:
                    messages.info(request, _("Nothing to save: enter at least one new value."))
                return redirect("check_in")
        messages.error(request, _("Nothing was saved. Please correct the marked fields."))
    return render(request, "goals/check_in.html", {"rows": rows})


@login_required
@require_POST
def initiative_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    objective = get_object_or_404(Objective.objects.visible_to(user).with_scoring(), pk=pk)
    form = _initiative_form(user, objective, request.POST)
    if form.is_valid():
        try:
            actions.do_create_initiative(
                user,
                objective,
                title=form.cleaned_data["title"],
                owner=form.cleaned_data["owner"],
                due=form.cleaned_data["due"],
                key_result=form.cleaned_data["key_result"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Action added."))
            return redirect(reverse("objective_detail", args=[pk]) + "#actions")
    for field, problems in form.errors.items():
        for problem in problems:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {problem}" if label else str(problem))
    return redirect(reverse("objective_detail", args=[pk]) + "#actions")


@login_required
@require_POST
def initiative_toggle(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    initiative = get_object_or_404(
        Initiative.objects.visible_to(user).select_related("objective__unit", "owner"), pk=pk
    )
    actions.do_set_initiative_done(user, initiative, done=request.POST.get("done") == "1")
    if request.headers.get("HX-Request"):
        return render(
            request, "goals/_initiative.html", {"initiative": initiative, "can_edit": True}
        )
    return redirect(reverse("objective_detail", args=[initiative.objective_id]) + "#actions")
