"""Overview pages of strategy documents: the cascade, history and diff, renewal and
meeting mode.

Views stay thin: they read through kurs.strategy.selectors (which start from
`visible_to()`) and write only through kurs.strategy.actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kurs.lib.formats import format_number
from kurs.lib.forms import apply_errors
from kurs.lib.http import int_or_404
from kurs.orgs.models import Membership, User
from kurs.orgs.permissions import can_edit_document, can_manage_organization, can_write
from kurs.strategy import actions, selectors
from kurs.strategy.diff import DocumentDiff, FieldChange, ItemChange, diff_snapshots
from kurs.strategy.forms_overview import MeetingForm, RenewForm
from kurs.strategy.models import (
    Acceptance,
    AcceptanceState,
    DocumentVersion,
    Framework,
    ItemState,
    Section,
    StatusOverride,
    StrategyDocument,
    StrategyItem,
    StrategyPeriod,
)
from kurs.strategy.views.common import document_to_edit, request_user

# Versions per history page: enough for a year of weekly meetings and edits at a glance.
HISTORY_PAGE = 30
# Fields whose changes read best as a word-by-word diff; the others as "before → after".
WORDY_FIELDS = frozenset(
    {"title", "description", "reason", "picture_of_success", "resources_note", "replaced_reason"}
)


def _section_label(code: str | None) -> str:
    if code in Section.values:
        return str(Section(code).label)
    return code or ""


# The cascade ------------------------------------------------------------------------


@login_required
def cascade(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    organization = user.organization
    if organization is None:
        raise Http404
    periods = selectors.visible_periods(user)
    period = selectors.choose_period(request.GET.get("period"), periods)
    frameworks = organization.frameworks
    framework = request.GET.get("framework") or frameworks[0]
    if framework not in frameworks:
        # A link from before the organization changed its framework: show the one in use.
        framework = frameworks[0]
    below = int_or_404(request.GET["below"]) if request.GET.get("below") else None
    tree = None
    if period is not None:
        tree = selectors.cascade(user, period, framework, below=below)
    branches = _branches(tree.nodes) if tree is not None else []
    partial = below is not None and request.headers.get("HX-Request")
    return render(
        request,
        "strategy/_ov_branches.html" if partial else "strategy/cascade.html",
        {
            "periods": periods,
            "period": period,
            "framework": framework,
            "framework_label": Framework(framework).label,
            "tabs": [(code, Framework(code).label) for code in frameworks],
            "tree": tree,
            "branches": branches,
            "more_art": (tree.art_objective_count - len(tree.art_objectives)) if tree else 0,
            "can_write": can_write(user),
            "can_manage": can_manage_organization(user),
        },
    )


@dataclass
class Branch:
    """A cascade node with the nodes below it, for nested lists (the tree reads as one)."""

    node: selectors.CascadeNode
    children: list[Branch]


def _branches(nodes: list[selectors.CascadeNode]) -> list[Branch]:
    """Nest the cascade's depth-first list of nodes by their depth."""
    roots: list[Branch] = []
    stack: list[Branch] = []
    for node in nodes:
        branch = Branch(node, [])
        while stack and stack[-1].node.depth >= node.depth:
            stack.pop()
        (stack[-1].children if stack else roots).append(branch)
        stack.append(branch)
    return roots


# History and diff ---------------------------------------------------------------------


def describe_change(change: dict[str, Any], document: StrategyDocument) -> str:
    """A version's change (kept as data) in the reader's language."""
    verb = change.get("verb", "")
    values = {
        "title": change.get("title", ""),
        "section": _section_label(change.get("section")),
        "objective": change.get("objective", ""),
        "party": change.get("party", ""),
        "by": change.get("by", ""),
        "rank": change.get("rank", ""),
    }
    if verb == "created":
        return _("Wrote the document.")
    if verb == "texts_changed":
        if document.framework == Framework.MSPOT:
            return _("Changed the mission or strategy.")
        return _("Changed the vision.")
    if verb == "item_added":
        return _("Added “%(title)s” to %(section)s.") % values
    if verb == "item_changed":
        return _("Changed “%(title)s” in %(section)s.") % values
    if verb == "item_moved":
        return _("Moved “%(title)s” to rank %(rank)s in %(section)s.") % values
    if verb == "item_deleted":
        return _("Deleted “%(title)s” from %(section)s.") % values
    if verb == "item_replaced":
        return _("Replaced “%(title)s” in %(section)s with “%(by)s”.") % values
    if verb == "objective_linked":
        return _("The objective “%(objective)s” now carries “%(title)s”.") % values
    if verb == "objective_unlinked":
        return _("The objective “%(objective)s” no longer carries “%(title)s”.") % values
    if verb == "acceptance_requested":
        return _("Asked %(party)s to accept “%(title)s”.") % values
    if verb == "acceptance_accepted":
        return _("%(party)s accepted “%(title)s”.") % values
    if verb == "acceptance_declined":
        return _("%(party)s declined “%(title)s”.") % values
    if verb == "acceptance_withdrawn":
        return _("No longer asks %(party)s to accept “%(title)s”.") % values
    if verb == "meeting":
        held_on = _parse_date(change.get("date"))
        if held_on is None:
            return _("Recorded a meeting.")
        return _("Recorded the meeting of %(date)s.") % {
            "date": formats.date_format(held_on, "SHORT_DATE_FORMAT")
        }
    if verb == "renewed":
        count = int(change.get("items") or 0)
        return ngettext(
            "Renewed from %(period)s, carrying over %(count)d item.",
            "Renewed from %(period)s, carrying over %(count)d items.",
            count,
        ) % {"period": change.get("from", ""), "count": count}
    return _("Changed the document.")


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    document = selectors.get_document(user, pk)
    versions = (
        DocumentVersion.objects.filter(document=document)
        # The snapshots are the bulk of the table and are not shown here.
        .defer("snapshot")
        .select_related("author", "meeting")
        .prefetch_related("meeting__attendees", "meeting__changed_items")
        .order_by("-number")
    )
    page = Paginator(versions, HISTORY_PAGE).get_page(request.GET.get("page"))
    for version in page.object_list:
        version.description = describe_change(version.change, document)
    numbers = list(
        DocumentVersion.objects.filter(document=document)
        .order_by("-number")
        .values_list("number", "created_at")
    )
    return render(
        request,
        "strategy/history.html",
        {
            "document": document,
            "page": page,
            "versions": page.object_list,
            "numbers": numbers,
            "compare_to": numbers[0][0] if numbers else None,
            "compare_from": numbers[1][0] if len(numbers) > 1 else None,
            "can_edit": can_edit_document(user, document),
        },
    )


@dataclass
class ShownField:
    """A changed field of an item, ready to show: label, before and after, or word pieces."""

    label: str
    before: str
    after: str
    pieces: tuple[Any, ...]


@dataclass
class ShownItem:
    change: ItemChange
    fields: list[ShownField]


@dataclass
class ShownSection:
    label: str
    items: list[ShownItem]


def _field_label(name: str) -> str:
    if name == "acceptances":
        return capfirst(str(Acceptance._meta.verbose_name_plural))
    try:
        field = StrategyItem._meta.get_field(name)
    except FieldDoesNotExist:  # a field a later snapshot format adds
        return capfirst(name.replace("_", " "))
    return capfirst(str(getattr(field, "verbose_name", name)))


def _shown_value(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        if name == "status_override":
            return str(StatusOverride.AUTO.label)
        return "–"
    if name == "state" and value in ItemState.values:
        return str(ItemState(value).label)
    if name == "status_override" and value in StatusOverride.values:
        return str(StatusOverride(value).label)
    if name == "acceptances" and isinstance(value, list):
        # Stored as "Name: state"; the state is shown in the reader's language.
        shown = []
        for entry in value:
            party, _sep, state = str(entry).rpartition(": ")
            label = AcceptanceState(state).label if state in AcceptanceState.values else state
            shown.append(f"{party}: {label}" if party else str(entry))
        return ", ".join(shown)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return format_number(value)
    if name in ("budget", "people_needed"):
        try:
            return format_number(float(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _shown_field(change: FieldChange) -> ShownField:
    pieces = change.pieces if change.field in WORDY_FIELDS else ()
    return ShownField(
        label=_field_label(change.field),
        before=_shown_value(change.field, change.before),
        after=_shown_value(change.field, change.after),
        pieces=pieces,
    )


def shown_diff(result: DocumentDiff, document: StrategyDocument) -> dict[str, Any]:
    """The diff grouped for the page: texts, then items by section in document order."""
    texts = [
        (
            document.statement_label if text.field == "statement" else _("Strategy"),
            text.pieces,
        )
        for text in result.texts
    ]
    order = list(document.sections)
    by_section: dict[str, list[ShownItem]] = {}
    for change in result.items:
        by_section.setdefault(change.section, []).append(
            ShownItem(change, [_shown_field(f) for f in change.fields])
        )
    sections = [
        ShownSection(_section_label(code), by_section[code])
        for code in sorted(by_section, key=lambda c: order.index(c) if c in order else 99)
    ]
    return {"texts": texts, "sections": sections}


@login_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    document = selectors.get_document(user, pk)
    first, second = int_or_404(request.GET.get("a")), int_or_404(request.GET.get("b"))
    if first > second:
        # Read from older to newer, whichever way round the two were picked.
        first, second = second, first
    versions = {
        v.number: v
        for v in DocumentVersion.objects.filter(
            document=document, number__in=[first, second]
        ).select_related("author")
    }
    if first not in versions or second not in versions:
        raise Http404
    old, new = versions[first], versions[second]
    for version in (old, new):
        version.description = describe_change(version.change, document)  # type: ignore[attr-defined]
    result = diff_snapshots(old.snapshot, new.snapshot)
    return render(
        request,
        "strategy/diff.html",
        {
            "document": document,
            "old": old,
            "new": new,
            "same": first == second,
            "empty": result.is_empty,
            **shown_diff(result, document),
        },
    )


# Renewal ------------------------------------------------------------------------------


def _next_period(document: StrategyDocument, periods: list[StrategyPeriod]) -> StrategyPeriod:
    """The period right after the document's."""
    return min(periods, key=lambda p: p.start)


@login_required
def renew(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    document = document_to_edit(user, pk)
    # Renewal goes forward in time: only periods that start after this one's.
    periods = [p for p in selectors.visible_periods(user) if p.start > document.period.start]
    view = selectors.document_view(document)
    items = view.items
    form: RenewForm | None = None
    if periods:
        data = request.POST if request.method == "POST" else None
        form = RenewForm(
            data,
            document=document,
            periods=periods,
            items=items,
            initial={"period": _next_period(document, periods).pk},
        )
        if data is not None and form.is_valid():
            try:
                renewed = actions.do_renew_document(
                    user,
                    document,
                    period=form.cleaned_data["period"],
                    item_ids=form.item_ids(),
                    measures_from_current=form.cleaned_data["measures_from_current"],
                )
            except ValidationError as error:
                apply_errors(form, _holder_errors_on_period(error))
            else:
                messages.success(
                    request,
                    _("Renewed into %(period)s. Check what was carried over.")
                    % {"period": renewed.period},
                )
                return redirect("strategy_detail", renewed.pk)
    return render(
        request,
        "strategy/renew.html",
        {
            "document": document,
            "view": view,
            "form": form,
            "ticked": form.ticked() if form else set(),
            "can_manage": can_manage_organization(user),
        },
    )


def _holder_errors_on_period(error: ValidationError) -> ValidationError:
    """ "Marketing has a V2MOM for 2027 already" is about the period chosen here."""
    if not hasattr(error, "error_dict"):
        return error
    moved: dict[str, list[str]] = {}
    for name, texts in error.message_dict.items():
        key = "period" if name in ("unit", "person", "framework") else name
        moved.setdefault(key, []).extend(texts)
    return ValidationError(moved)


# Meeting mode -------------------------------------------------------------------------


def _meeting_form(
    user: User, document: StrategyDocument, items: list[StrategyItem], data: Any
) -> MeetingForm:
    """The outcome form: the unit's members (or the person) first, everyone else after."""
    people = list(User.objects.visible_to(user).filter(is_active=True).order_by("name", "pk"))
    if document.unit_id is not None:
        member_ids = set(
            Membership.objects.filter(unit_id=document.unit_id).values_list("user_id", flat=True)
        )
    else:
        member_ids = {document.person_id} if document.person_id is not None else set()
    members = [p for p in people if p.pk in member_ids]
    others = [p for p in people if p.pk not in member_ids]
    return MeetingForm(
        data, user=user, document=document, members=members, others=others, items=items
    )


def _meeting_page(
    request: HttpRequest, document: StrategyDocument, form: MeetingForm | None
) -> HttpResponse:
    view = selectors.document_view(document)
    if form is None and can_edit_document(request_user(request), document):
        form = _meeting_form(request_user(request), document, view.items, None)
    return render(
        request,
        "strategy/meeting.html",
        {"document": document, "view": view, "form": form},
    )


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document(request_user(request), pk)
    return _meeting_page(request, document, None)


@login_required
@require_POST
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    document = document_to_edit(user, pk)
    items = list(
        StrategyItem.objects.filter(document=document, state=ItemState.ACTIVE).order_by(
            "section", "position", "pk"
        )
    )
    form = _meeting_form(user, document, items, request.POST)
    if form.is_valid():
        try:
            actions.do_record_meeting(
                user,
                document,
                held_on=form.cleaned_data["held_on"],
                attendees=form.people(),
                guests=form.cleaned_data["guests"],
                notes=form.cleaned_data["notes"],
                changed_items=form.cleaned_data["changed_items"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded. The history shows it in place."))
            return redirect(reverse("strategy_history", args=[document.pk]))
    return _meeting_page(request, document, form)
