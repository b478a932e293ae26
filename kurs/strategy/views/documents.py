"""Pages for reading and writing strategy documents, their items and sign-offs.

Views stay thin: they read through `visible_to()` and kurs.strategy.selectors, and
write only through kurs.strategy.actions. Another organization's document, item or
sign-off is a 404; a write the person may not make is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, Field, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurs.goals.models import GoalState, KeyResult, Objective
from kurs.goals.selectors import unit_tree
from kurs.lib.forms import apply_errors
from kurs.orgs.models import Unit, User
from kurs.orgs.permissions import (
    can_create_document,
    can_decide_acceptance,
    can_edit_document,
    can_edit_objective,
)
from kurs.orgs.views import admin_required
from kurs.strategy import actions, selectors
from kurs.strategy.forms import (
    AcceptanceRequestForm,
    DecisionForm,
    DocumentForm,
    DocumentTextsForm,
    FrameworksForm,
    ItemForm,
    LinkForm,
    PeriodForm,
    ReplaceForm,
)
from kurs.strategy.models import (
    CARRYING_SECTIONS,
    MEASURABLE_SECTIONS,
    RANKED_SECTIONS,
    Acceptance,
    AcceptanceState,
    ItemState,
    Section,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)
from kurs.strategy.views.common import document_to_edit, request_user


def _item(user: User, pk: int) -> StrategyItem:
    item: StrategyItem = get_object_or_404(
        StrategyItem.objects.visible_to(user).select_related(
            "document__period", "document__unit", "document__person", "document__organization"
        ),
        pk=pk,
    )
    return item


def _item_to_edit(user: User, pk: int) -> StrategyItem:
    item = _item(user, pk)
    if not can_edit_document(user, item.document):
        raise PermissionDenied
    return item


def _item_url(item: StrategyItem) -> str:
    return reverse("strategy_detail", args=[item.document_id]) + f"#item-{item.pk}"


def _renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The action's error with its field names as this form calls them."""
    if not hasattr(error, "error_dict"):
        return error
    renamed: dict[str, list[str]] = {}
    for name, problems in error.message_dict.items():
        renamed.setdefault(names.get(name, name), []).extend(problems)
    return ValidationError(renamed)


def _next_url(request: HttpRequest, fallback: str) -> str:
    """Where a small form posted from another page returns to (same site only)."""
    next_url = request.POST.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return next_url
    return fallback


def _people(user: User) -> list[User]:
    return list(User.objects.visible_to(user).filter(is_active=True).order_by("name"))


def _writable_units(user: User) -> list[Unit]:
    """Units whose document this person may write, in tree order."""
    units = unit_tree(user)
    # can_create_document looks up each unit's ancestors; one map serves them all.
    parent_of = {u.pk: u.parent_id for u in units}
    for unit in units:
        ancestors: list[int] = []
        node = unit.parent_id
        while node is not None and node not in ancestors:
            ancestors.append(node)
            node = parent_of.get(node)
        unit._ancestor_ids = ancestors
    return [u for u in units if can_create_document(user, unit=u)]


# Documents ----------------------------------------------------------------------------


@login_required
def document_create(request: HttpRequest) -> HttpResponseBase:
    user = request_user(request)
    organization = user.organization
    assert organization is not None
    periods = selectors.visible_periods(user)
    if not periods:
        messages.error(request, _("There is no strategy period yet; an org admin creates one."))
        return redirect("manage_strategy" if user.role == "admin" else "strategy_cascade")
    units = _writable_units(user)
    personal = can_create_document(user, person=user)
    if not units and not personal:
        raise PermissionDenied
    period = selectors.choose_period(request.GET.get("period"), periods)
    framework = request.GET.get("framework")
    if framework not in organization.frameworks:
        framework = organization.frameworks[0]
    holder = "personal" if request.GET.get("personal") == "1" and personal else None
    if holder is None and request.GET.get("unit"):
        wanted = f"unit:{request.GET['unit']}"
        holder = wanted if any(f"unit:{u.pk}" == wanted for u in units) else None
    if holder is None:
        holder = f"unit:{units[0].pk}" if units else "personal"
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        initial={"period": period.pk if period else None, "framework": framework, "holder": holder},
        periods=periods,
        frameworks=organization.frameworks,
        units=units,
        personal=personal,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = form.holder_unit()
        try:
            document = actions.do_create_document(
                user,
                period=data["period"],
                framework=data["framework"],
                unit=unit,
                person=None if unit else user,
                statement=data["statement"],
                strategy=data["strategy"],
            )
        except ValidationError as error:
            apply_errors(form, _renamed(error, {"unit": "holder", "person": "holder"}))
        except PermissionDenied:
            form.add_error("holder", _("You cannot write this document."))
        else:
            messages.success(request, _("Document created. Now add its items."))
            return redirect("strategy_detail", pk=document.pk)
    return render(request, "strategy/document_form.html", {"form": form})


def _pending_for(user: User, items: list[StrategyItem]) -> list[Acceptance]:
    """Sign-offs on this document that wait for this person."""
    return [
        a
        for item in items
        if item.is_active
        for a in item.acceptances.all()
        if a.state == AcceptanceState.PENDING and can_decide_acceptance(user, a)
    ]


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    document = selectors.get_document(user, pk)
    # Same organization: saves annotate() a query for the colour thresholds.
    document.period.organization = document.organization
    view = selectors.document_view(document)
    editable = can_edit_document(user, document)
    items = [i for s in view.sections for i in [*s.items, *s.replaced]]
    for item in items:
        for acceptance in item.acceptances.all():
            acceptance.can_decide = can_decide_acceptance(user, acceptance)
    return render(
        request,
        "strategy/document_detail.html",
        {
            "document": document,
            "view": view,
            "parent": document.parent,
            "can_edit": editable,
            "pending": _pending_for(user, items),
            "ranked": RANKED_SECTIONS,
            "carrying": CARRYING_SECTIONS,
            "has_items": bool(items),
        },
    )


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    document = document_to_edit(user, pk)
    form = DocumentTextsForm(
        request.POST if request.method == "POST" else None,
        initial={"statement": document.statement, "strategy": document.strategy},
        framework=document.framework,
        statement_label=document.statement_label,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_document(
                user,
                document,
                statement=form.cleaned_data["statement"],
                strategy=form.cleaned_data.get("strategy", ""),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Document saved."))
            return redirect("strategy_detail", pk=document.pk)
    return render(request, "strategy/document_form.html", {"form": form, "document": document})


@login_required
def document_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    document = document_to_edit(user, pk)
    if request.method == "POST":
        period_id, framework = document.period_id, document.framework
        actions.do_delete_document(user, document)
        messages.success(request, _("Document deleted."))
        return redirect(f"{reverse('strategy_cascade')}?period={period_id}&framework={framework}")
    return render(
        request,
        "strategy/_doc_confirm.html",
        {
            "document": document,
            "question": _("Delete the whole document “%(name)s” with all its items?")
            % {"name": f"{document.get_framework_display()} {document.holder_name}"},
            "explanation": _(
                "Documents below it then derive from the next document above. This cannot "
                "be undone; to start a new period, renew the document instead."
            ),
            "cancel_url": reverse("strategy_detail", args=[document.pk]),
        },
    )


# Items --------------------------------------------------------------------------------


def _item_form(
    form_class: type[ItemForm],
    request: HttpRequest,
    user: User,
    document: StrategyDocument,
    section: str,
    item: StrategyItem | None = None,
    initial: dict[str, Any] | None = None,
) -> ItemForm:
    """An item form with the choices its section needs (and nothing else queried)."""
    fields = set(actions.SECTION_FIELDS[section])
    choices: dict[str, Any] = {}
    if "owner" in fields:
        choices["people"] = _people(user)
    if "method" in fields:
        choices["methods"] = list(
            StrategyItem.objects.filter(
                document=document, section=Section.METHODS, state=ItemState.ACTIVE
            ).order_by("position", "pk")
        )
    if "supports" in fields and document.parent_id is not None:
        choices["supports"] = list(
            StrategyItem.objects.filter(
                document_id=document.parent_id,
                state=ItemState.ACTIVE,
                section__in=list(CARRYING_SECTIONS),
            ).order_by("position", "pk")
        )
    if section in MEASURABLE_SECTIONS:
        key_results = list(selectors.feeding_key_results(user, document.period))
        current = item.key_result_id if item is not None else None
        if current is not None and all(k.pk != current for k in key_results):
            key_results += list(
                KeyResult.objects.visible_to(user)
                .filter(pk=current)
                .select_related("objective__unit")
            )
        choices["key_results"] = key_results
    if section in CARRYING_SECTIONS:
        period = document.period
        in_period = Q(
            state=GoalState.ACTIVE,
            cycle__start__lte=period.end,
            cycle__end__gte=period.start,
        )
        # Objectives linked before (say, in a cycle since moved) stay choosable.
        if item is not None:
            in_period |= Q(strategy_items=item)
        choices["objectives"] = list(
            Objective.objects.visible_to(user)
            .filter(in_period)
            .distinct()
            .select_related("unit", "cycle")
            .order_by("unit__depth", "unit__name", "cycle__start", "pk")
        )
    return form_class(
        request.POST if request.method == "POST" else None,
        section=section,
        user=user,
        initial=initial,
        **choices,
    )


def _initial(item: StrategyItem) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in [*actions.SECTION_FIELDS[item.section], "key_result", "status_override"]:
        field = StrategyItem._meta.get_field(name)
        assert isinstance(field, Field)
        initial[name] = getattr(item, field.attname)
    if item.section in CARRYING_SECTIONS:
        initial["objectives"] = [o.pk for o in item.objectives.all()]
    return initial


def _section_label(section: str) -> str:
    return str(Section(section).label)


@login_required
def item_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    document = document_to_edit(user, pk)
    section = request.GET.get("section") or document.sections[0]
    if section not in document.sections:
        raise Http404
    form = _item_form(ItemForm, request, user, document, section)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.do_add_item(user, document, section=section, **form.item_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Item added."))
            if "add_another" in request.POST:
                return redirect(
                    reverse("strategy_item_create", args=[document.pk]) + f"?section={section}"
                )
            return redirect(_item_url(item))
    return render(
        request,
        "strategy/item_form.html",
        {"form": form, "document": document, "section_label": _section_label(section)},
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    item = _item_to_edit(user, pk)
    if not item.is_active:
        messages.error(request, _("A replaced item stays as it was; edit the one replacing it."))
        return redirect(_item_url(item))
    document = item.document
    form = _item_form(ItemForm, request, user, document, item.section, item, _initial(item))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_item(user, item, **form.item_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect(_item_url(item))
    return render(
        request,
        "strategy/item_form.html",
        {
            "form": form,
            "document": document,
            "item": item,
            "section_label": _section_label(item.section),
        },
    )


@login_required
def item_replace(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    item = _item_to_edit(user, pk)
    if not item.is_active:
        messages.error(request, _("This item has been replaced already."))
        return redirect(_item_url(item))
    document = item.document
    # The replacement usually serves the same purpose: start from what the old item
    # supports and needs, with a new title and an automatic colour.
    fresh = {"title", "description", "status_override", "objectives", "current", "key_result"}
    initial = {k: v for k, v in _initial(item).items() if k not in fresh}
    form = _item_form(ReplaceForm, request, user, document, item.section, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = actions.do_replace_item(
                user, item, reason=form.cleaned_data["replaced_reason"], new=form.item_data()
            )
        except ValidationError as error:
            apply_errors(form, _renamed(error, {"reason": "replaced_reason"}))
        else:
            messages.success(
                request, _("Item replaced. The old one stays visible with the reason.")
            )
            return redirect(_item_url(new))
    return render(
        request,
        "strategy/item_replace.html",
        {
            "form": form,
            "document": document,
            "item": item,
            "section_label": _section_label(item.section),
        },
    )


@login_required
def item_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    item = _item_to_edit(user, pk)
    if request.method == "POST":
        actions.do_delete_item(user, item)
        messages.success(request, _("Item deleted."))
        return redirect("strategy_detail", pk=item.document_id)
    return render(
        request,
        "strategy/_doc_confirm.html",
        {
            "document": item.document,
            "question": _("Delete “%(title)s”?") % {"title": item.title},
            "explanation": _(
                "Delete items entered by mistake. A goal that turned out to be unreachable "
                "is better replaced: the old one then stays visible with the reason."
            ),
            "cancel_url": _item_url(item),
            "replace_url": reverse("strategy_item_replace", args=[item.pk])
            if item.is_active
            else None,
        },
    )


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    item = _item_to_edit(user, pk)
    direction = request.POST.get("direction")
    position: Any = request.POST.get("position", "")
    if direction in ("up", "down"):
        position = max(1, item.position - 1 if direction == "up" else item.position + 1)
    try:
        actions.do_move_item(user, item, position)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_item_url(item))


# Acceptance (start at the end) --------------------------------------------------------


def _party_lists(user: User) -> dict[str, Any]:
    return {"people": _people(user), "units": unit_tree(user)}


@login_required
def item_acceptance(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Ask a person or a unit to accept a method or play."""
    user = request_user(request)
    item = _item_to_edit(user, pk)
    if item.section not in CARRYING_SECTIONS:
        messages.error(request, _("Only methods and plays need acceptance."))
        return redirect(_item_url(item))
    form = AcceptanceRequestForm(
        request.POST if request.method == "POST" else None, **_party_lists(user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_request_acceptance(user, item=item, **form.party_kwargs())
        except ValidationError as error:
            apply_errors(form, _renamed(error, {"person": "party", "unit": "party"}))
        else:
            messages.success(request, _("Acceptance requested."))
            return redirect(_item_url(item))
    acceptances = list(item.acceptances.select_related("person", "unit", "decided_by"))
    return render(
        request,
        "strategy/_doc_acceptance_page.html",
        {"form": form, "item": item, "document": item.document, "acceptances": acceptances},
    )


def _acceptance(user: User, pk: int) -> Acceptance:
    acceptance: Acceptance = get_object_or_404(
        Acceptance.objects.visible_to(user).select_related(
            "item__document__unit",
            "item__document__person",
            "objective__unit",
            "person",
            "unit",
        ),
        pk=pk,
    )
    return acceptance


def _acceptance_home(acceptance: Acceptance) -> str:
    if acceptance.item is not None:
        return _item_url(acceptance.item)
    return reverse("objective_detail", args=[acceptance.objective_id]) + "#strategy"


@login_required
@require_POST
def acceptance_decide(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    acceptance = _acceptance(user, pk)
    if not can_decide_acceptance(user, acceptance):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        accepted = form.cleaned_data["decision"] == "accept"
        actions.do_decide_acceptance(
            user, acceptance, accepted=accepted, comment=form.cleaned_data["comment"]
        )
        messages.success(request, _("Accepted. Thank you!") if accepted else _("Declined."))
    else:
        messages.error(request, _("Choose accept or decline."))
    return redirect(_next_url(request, _acceptance_home(acceptance)))


@login_required
@require_POST
def acceptance_withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    acceptance = _acceptance(user, pk)
    home = _acceptance_home(acceptance)
    try:
        actions.do_withdraw_acceptance(user, acceptance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect(_next_url(request, home))


# The objective page's "start at the end" and "carries" panel ---------------------------


def _objective_panel(user: User, objective: Objective, *, editable: bool) -> dict[str, Any]:
    """What strategy/_objective_strategy.html shows once loaded.

    The objective page itself keeps a fixed query budget (kurs/goals/tests/
    test_query_budget.py), so it renders only what needs no query (picture of success,
    resources) and loads this part with HTMX; without JavaScript it is a link here.
    """
    acceptances = list(
        Acceptance.objects.filter(objective=objective).select_related("person", "unit")
    )
    for acceptance in acceptances:
        acceptance.can_decide = can_decide_acceptance(user, acceptance)
    through = StrategyItem.objectives.through.objects.filter(objective_id=objective.pk)
    wanted = Q(pk__in=through.values("strategyitem_id"))
    if editable:
        cycle = objective.cycle
        wanted |= Q(
            state=ItemState.ACTIVE,
            section__in=list(CARRYING_SECTIONS),
            document__period__start__lte=cycle.end,
            document__period__end__gte=cycle.start,
        )
    candidates = list(
        StrategyItem.objects.visible_to(user)
        .filter(wanted)
        .annotate(is_linked=Exists(through.filter(strategyitem_id=OuterRef("pk"))))
        .select_related("document__unit", "document__person", "document__period")
        .order_by("document__unit__depth", "document_id", "section", "position", "pk")
    )
    linked_ids = {i.pk for i in candidates if i.is_linked}
    carries = [i for i in candidates if i.pk in linked_ids]
    context: dict[str, Any] = {
        "objective": objective,
        "panel_loaded": True,
        "acceptances": acceptances,
        "carries": carries,
        "can_edit_strategy": editable,
        "missing_acceptance": not acceptances
        or any(a.state != AcceptanceState.ACCEPTED for a in acceptances),
    }
    if editable:
        linkable = [i for i in candidates if i.pk not in linked_ids and i.is_active]
        context["link_form"] = LinkForm(
            choices=linkable, queryset=StrategyItem.objects.visible_to(user)
        )
        context["request_form"] = AcceptanceRequestForm(**_party_lists(user))
    return context


@login_required
def objective_strategy(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The objective's strategy panel (GET; the bare panel for HTMX), or link or unlink
    a method or play, or ask for a sign-off (POST)."""
    user = request_user(request)
    objective: Objective = get_object_or_404(
        Objective.objects.visible_to(user).select_related("unit", "cycle"), pk=pk
    )
    editable = can_edit_objective(user, objective)
    home = reverse("objective_detail", args=[objective.pk]) + "#strategy"
    request_form = None
    if request.method == "POST":
        what = request.POST.get("action")
        if what in ("link", "unlink"):
            form = LinkForm(
                request.POST,
                choices=[],
                queryset=StrategyItem.objects.visible_to(user).select_related("document"),
            )
            if not form.is_valid():
                messages.error(request, _("Choose a method or play."))
                return redirect(home)
            item = form.cleaned_data["item"]
            try:
                if what == "link":
                    actions.do_link_objective(user, item, objective)
                    messages.success(
                        request, _("The objective now carries “%(title)s”.") % {"title": item.title}
                    )
                else:
                    actions.do_unlink_objective(user, item, objective)
                    messages.success(request, _("Link removed."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect(home)
        if what == "request":
            if not editable:
                raise PermissionDenied
            request_form = AcceptanceRequestForm(request.POST, **_party_lists(user))
            if request_form.is_valid():
                try:
                    actions.do_request_acceptance(
                        user, objective=objective, **request_form.party_kwargs()
                    )
                except ValidationError as error:
                    apply_errors(
                        request_form, _renamed(error, {"person": "party", "unit": "party"})
                    )
                else:
                    messages.success(request, _("Acceptance requested."))
                    return redirect(home)
        else:
            return redirect(home)
    context = _objective_panel(user, objective, editable=editable)
    if request_form is not None:
        context["request_form"] = request_form
    if request.headers.get("HX-Request"):
        return render(request, "strategy/_objective_strategy.html", context)
    return render(request, "strategy/_doc_objective_strategy_page.html", context)


# Managing frameworks and periods (org admins) -----------------------------------------


@admin_required
def manage_strategy(request: HttpRequest) -> HttpResponseBase:
    user = request_user(request)
    organization = user.organization
    assert organization is not None
    posted = request.POST.get("form") if request.method == "POST" else None
    frameworks_form = FrameworksForm(
        request.POST if posted == "frameworks" else None,
        initial={"strategy_frameworks": organization.strategy_frameworks},
        prefix="fw",
    )
    period_form = PeriodForm(request.POST if posted == "period" else None, prefix="period")
    if posted == "frameworks" and frameworks_form.is_valid():
        try:
            actions.do_set_frameworks(
                user, organization, frameworks_form.cleaned_data["strategy_frameworks"]
            )
        except ValidationError as error:
            apply_errors(frameworks_form, error)
        else:
            messages.success(request, _("Framework saved."))
            return redirect("manage_strategy")
    if posted == "period" and period_form.is_valid():
        data = period_form.cleaned_data
        try:
            period = actions.do_create_period(
                user, name=data["name"], start=data["start"], end=data["end"]
            )
        except ValidationError as error:
            apply_errors(period_form, error)
        else:
            messages.success(
                request, _("Strategy period “%(name)s” created.") % {"name": period.name}
            )
            return redirect("manage_strategy")
    periods = list(StrategyPeriod.objects.visible_to(user).order_by("-start", "name"))
    return render(
        request,
        "strategy/manage_strategy.html",
        {"frameworks_form": frameworks_form, "period_form": period_form, "periods": periods},
    )


@admin_required
def manage_period_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    period = get_object_or_404(StrategyPeriod.objects.visible_to(user), pk=pk)
    form = PeriodForm(
        request.POST if request.method == "POST" else None,
        initial={"name": period.name, "start": period.start, "end": period.end},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_update_period(
                user,
                StrategyPeriod.objects.get(pk=period.pk),
                name=data["name"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Strategy period saved."))
            return redirect("manage_strategy")
    return render(request, "strategy/manage_period_edit.html", {"form": form, "period": period})
