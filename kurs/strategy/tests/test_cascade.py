"""What the document page and the cascade show: automatic colours from linked
objectives and key results, the gaps on both sides, the tree, and a query budget
that does not grow with the number of documents and items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from kurs.goals import actions as goal_actions
from kurs.goals.models import Cycle, KeyResult, Objective
from kurs.goals.scoring import Status
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Unit, User
from kurs.strategy import actions, selectors
from kurs.strategy.models import StrategyDocument, StrategyItem, StrategyPeriod


def _doc(
    owner: User, period: StrategyPeriod, unit: Unit | None = None, **fields: Any
) -> StrategyDocument:
    return actions.do_create_document(owner, period=period, framework="v2mom", unit=unit, **fields)


def _objective(owner: User, cycle: Cycle, unit: Unit, title: str, **fields: Any) -> Objective:
    objective = goal_actions.do_create_objective(
        owner, cycle=cycle, unit=unit, owner=owner, title=title, **fields
    )
    goal_actions.do_create_key_result(
        owner, objective, title=f"{title} KR", metric="increase", start=0, target=100
    )
    return objective


def _check_in(owner: User, objective: Objective, value: float) -> None:
    goal_actions.do_check_in(owner, objective.key_results.get(), value=value)


def _view_item(document: StrategyDocument, title: str, user: User) -> Any:
    """The item as the document page shows it, with the attributes annotate() sets."""
    view = selectors.document_view(selectors.get_document(user, document.pk))
    return next(i for i in view.items if i.title == title)


# Automatic colours ---------------------------------------------------------------------


def test_a_measure_fed_by_a_key_result_follows_its_check_ins(
    owner, teammate, objective, period, company
):
    # given a measure fed by the objective's key result (12 -> 20, half the cycle gone)
    key_result = objective.key_results.get()
    document = _doc(owner, period, company)
    actions.do_add_item(
        owner, document, section="measures", title="Lead rate", key_result=key_result
    )
    item = _view_item(document, "Lead rate", owner)
    assert (item.status, item.value, item.progress) == (Status.NOT_STARTED, 12.0, 0.0)
    # when the key result reaches its target, the measure is green with the new value
    goal_actions.do_check_in(teammate, key_result, value=20)
    item = _view_item(document, "Lead rate", owner)
    assert KeyResult.objects.get().status is Status.ON_TRACK
    assert (item.status, item.value, item.progress) == (Status.ON_TRACK, 20.0, 1.0)
    # and when it falls back to its start half-way through, red, without touching the item
    goal_actions.do_check_in(teammate, key_result, value=12.5)
    item = _view_item(document, "Lead rate", owner)
    assert KeyResult.objects.get().status is Status.OFF_TRACK
    assert (item.status, item.value) == (Status.OFF_TRACK, 12.5)
    # the stored value is the one from when the link was made; pages read the live one
    assert StrategyItem.objects.get(title="Lead rate").current == 12.0


def test_a_retired_key_result_leaves_its_measure_grey(owner, teammate, objective, period, company):
    key_result = objective.key_results.get()
    document = _doc(owner, period, company)
    actions.do_add_item(
        owner, document, section="measures", title="Lead rate", key_result=key_result
    )
    goal_actions.do_check_in(teammate, key_result, value=20)
    goal_actions.do_retire_key_result(owner, key_result, reason="Wrong measure")
    assert _view_item(document, "Lead rate", owner).status is Status.NOT_STARTED


def test_a_measure_by_hand_is_judged_by_pace_over_the_period(owner, period, company):
    document = _doc(owner, period, company)
    for title, current in (("On pace", 50), ("Behind", 10), ("Untouched", None)):
        actions.do_add_item(
            owner, document, section="measures", title=title, start=0, target=100, current=current
        )
    actions.do_add_item(
        owner, document, section="measures", title="Fewer", start=100, target=0, current=45
    )
    colours = {
        t: _view_item(document, t, owner).status
        for t in ("On pace", "Behind", "Untouched", "Fewer")
    }
    assert colours == {
        "On pace": Status.ON_TRACK,
        "Behind": Status.OFF_TRACK,
        "Untouched": Status.NOT_STARTED,
        "Fewer": Status.ON_TRACK,
    }
    assert _view_item(document, "On pace", owner).progress == 0.5


def test_a_method_shows_the_combined_colour_of_its_objectives(
    owner, cycle, period, company, marketing
):
    document = _doc(owner, period, company, items=[{"section": "methods", "title": "Grow"}])
    method = document.items.get()
    assert _view_item(document, "Grow", owner).status is Status.NOT_STARTED
    green = _objective(owner, cycle, marketing, "Green one")
    red = _objective(owner, cycle, marketing, "Red one")
    grey = _objective(owner, cycle, marketing, "Not started")
    _check_in(owner, green, 100)
    _check_in(owner, red, 0)
    for objective in (green, grey):
        actions.do_link_objective(owner, method, objective)
    assert _view_item(document, "Grow", owner).status is Status.ON_TRACK
    actions.do_link_objective(owner, method, red)
    # one green and one red: yellow; the one not started counts for nothing
    assert _view_item(document, "Grow", owner).status is Status.AT_RISK
    goal_actions.do_retire_objective(owner, green, reason="Done differently")
    assert _view_item(document, "Grow", owner).status is Status.OFF_TRACK
    # a colour set by hand wins
    actions.do_update_item(owner, method, status_override="on_track")
    assert _view_item(document, "Grow", owner).status is Status.ON_TRACK
    view = selectors.document_view(selectors.get_document(owner, document.pk))
    assert view.counts["on_track"] == 1


def test_flags_for_missing_acceptance_and_resources(owner, teammate, period, company):
    document = _doc(
        owner,
        period,
        company,
        items=[
            {"section": "methods", "title": "Grow", "budget": 1000},
            {"section": "values", "title": "Trust"},
        ],
    )
    method = document.items.get(title="Grow")
    item = _view_item(document, "Grow", owner)
    assert item.missing_acceptance and not item.missing_resources
    acceptance = actions.do_request_acceptance(owner, item=method, person=teammate)
    assert _view_item(document, "Grow", owner).missing_acceptance
    actions.do_decide_acceptance(teammate, acceptance, accepted=True)
    assert not _view_item(document, "Grow", owner).missing_acceptance
    value = _view_item(document, "Trust", owner)
    assert not value.missing_acceptance and not value.missing_resources


# The cascade ---------------------------------------------------------------------------


def test_the_cascade_shows_the_tree_and_the_gaps(
    owner, teammate, period, company, marketing, sales, seo
):
    # given documents written bottom-up
    team = _doc(owner, period, seo)
    personal = actions.do_create_document(
        teammate, period=period, framework="v2mom", person=teammate
    )
    top = _doc(
        owner,
        period,
        company,
        items=[
            {"section": "methods", "title": "Grow"},
            {"section": "methods", "title": "Serve"},
            {"section": "methods", "title": "Cancelled"},
        ],
    )
    grow, serve, cancelled = (top.items.get(title=t) for t in ("Grow", "Serve", "Cancelled"))
    department = _doc(owner, period, marketing)
    leads = actions.do_add_item(
        owner, department, section="methods", title="Better leads", supports=grow
    )
    actions.do_add_item(owner, department, section="methods", title="Fair", supports=cancelled)
    actions.do_add_item(owner, department, section="methods", title="Art project")
    actions.do_replace_item(owner, cancelled, reason="Cancelled", title="Replacement")
    sales_doc = _doc(owner, period, sales)
    actions.do_add_item(owner, sales_doc, section="methods", title="Deals", supports=serve)
    team.refresh_from_db()  # its parent is the department's document now
    personal.refresh_from_db()
    actions.do_add_item(owner, team, section="methods", title="Rank first", supports=leads)
    actions.do_add_item(owner, team, section="methods", title="Blog")
    actions.do_add_item(owner, personal, section="methods", title="Write posts")

    tree = selectors.cascade(owner, period, "v2mom")

    # the tree: depth first, units before people, then by name
    assert [(n.document, n.depth) for n in tree.nodes] == [
        (top, 0),
        (department, 1),
        (team, 2),
        (personal, 2),
        (sales_doc, 1),
    ]
    nodes = {n.document.pk: n for n in tree.nodes}
    # unsupported: only documents with documents below them
    assert [i.title for i in nodes[top.pk].unsupported] == ["Replacement"]
    assert [i.title for i in nodes[department.pk].unsupported] == ["Fair", "Art project"]
    assert nodes[team.pk].unsupported == [] and nodes[sales_doc.pk].unsupported == []
    # art projects: supporting nothing, or a replaced item; never at the top
    assert nodes[top.pk].art_projects == []
    assert [i.title for i in nodes[department.pk].art_projects] == ["Fair", "Art project"]
    assert [i.title for i in nodes[team.pk].art_projects] == ["Blog"]
    assert [i.title for i in nodes[personal.pk].art_projects] == ["Write posts"]
    assert nodes[sales_doc.pk].art_projects == []
    assert tree.gap_count == 1 + 2 + 2 + 1 + 1
    # the replaced item is part of the document, grey, and not a gap
    assert {i.title for i in nodes[top.pk].items} >= {"Cancelled", "Replacement"}


def test_art_objectives_are_the_ones_nobody_asked_for(
    owner, outsider, objective, cycle, period, company, marketing
):
    # the objective fixture carries nothing and supports nothing
    tree = selectors.cascade(owner, period, "v2mom")
    assert tree.art_objectives == [objective] and tree.art_objective_count == 1
    # an aligned one is not listed, nor a retired one, nor one of a cycle outside the period
    _objective(owner, cycle, marketing, "Aligned", parents=[("objective", objective.pk)])
    retired = _objective(owner, cycle, marketing, "Retired")
    goal_actions.do_retire_objective(owner, retired, reason="No longer")
    later = goal_actions.do_create_cycle(
        owner,
        name="Later",
        start=period.end + dt.timedelta(days=1),
        end=period.end + dt.timedelta(days=90),
        kind="quarter",
        state="planning",
    )
    _objective(owner, later, marketing, "Next year")
    # nor another organization's
    other_unit = Unit.objects.get(organization=outsider.organization, parent=None)
    other_cycle = goal_actions.do_create_cycle(
        outsider, name="Q", start=cycle.start, end=cycle.end, kind="quarter", state="active"
    )
    goal_actions.do_create_objective(
        outsider, cycle=other_cycle, unit=other_unit, owner=outsider, title="Theirs"
    )
    tree = selectors.cascade(owner, period, "v2mom")
    assert [o.title for o in tree.art_objectives] == [objective.title]
    # once it carries a method, it is no art project either
    document = _doc(owner, period, company, items=[{"section": "methods", "title": "Grow"}])
    actions.do_link_objective(owner, document.items.get(), objective)
    tree = selectors.cascade(owner, period, "v2mom")
    assert tree.art_objectives == [] and tree.art_objective_count == 0
    # the outsider sees their own objective, and none of our documents
    theirs = selectors.cascade(outsider, period, "v2mom")
    assert theirs.nodes == []
    assert [o.title for o in theirs.art_objectives] == ["Theirs"]


# Query budget --------------------------------------------------------------------------

# The cascade: documents, then carrying items and the other items, each with their
# prefetches (objectives and their key results, acceptances, supporters), the period's
# organization, and the art objectives (count and list). The page: the document, its
# items with the same prefetches, the organization and the parent's methods.
CASCADE_BUDGET = 13
PAGE_BUDGET = 8


def _populate(
    owner: User, period: StrategyPeriod, cycle: Cycle, units: list[Unit], per_section: int
) -> StrategyDocument:
    """Documents for `units` (the first is the top), each with every kind of item and link."""
    last: StrategyDocument | None = None
    for index, unit in enumerate(units):
        document = _doc(owner, period, unit, statement=f"Vision {index}")
        parent_methods = list(
            StrategyItem.objects.active().filter(document_id=document.parent_id, section="methods")
        )
        for rank in range(per_section):
            method = actions.do_add_item(
                owner,
                document,
                section="methods",
                title=f"Method {index}.{rank}",
                supports=parent_methods[rank % len(parent_methods)] if parent_methods else None,
                budget=100,
            )
            objective = _objective(owner, cycle, unit, f"Objective {period.pk}.{index}.{rank}")
            _check_in(owner, objective, 50)
            actions.do_link_objective(owner, method, objective)
            actions.do_request_acceptance(owner, item=method, person=owner)
            actions.do_add_item(
                owner,
                document,
                section="measures",
                title=f"Measure {index}.{rank}",
                key_result=objective.key_results.get(),
            )
            actions.do_add_item(
                owner,
                document,
                section="obstacles",
                title=f"Obstacle {index}.{rank}",
                method=method,
                owner=owner,
            )
            actions.do_add_item(owner, document, section="values", title=f"Value {index}.{rank}")
        actions.do_replace_item(
            owner, document.items.filter(section="methods")[0], reason="x", title="New"
        )
        last = document
    personal = actions.do_create_document(owner, period=period, framework="v2mom", person=owner)
    actions.do_add_item(owner, personal, section="methods", title="Mine")
    assert last is not None
    return last


def _queries(function: Callable[..., object], *args: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        function(*args)
    return len(queries)


def test_cascade_and_document_pages_read_a_fixed_number_of_queries(owner, cycle, company):
    units = [company]
    for number in range(3):
        department = org_actions.do_create_unit(owner, name=f"Department {number}", parent=company)
        units.append(department)
        units.append(org_actions.do_create_unit(owner, name="Team", parent=department))
    counts = []
    for size, per_section in ((2, 1), (len(units), 3)):
        period = actions.do_create_period(
            owner,
            name=f"Size {size}",
            start=cycle.start - dt.timedelta(days=size),
            end=cycle.end + dt.timedelta(days=size),
        )
        document = _populate(owner, period, cycle, units[:size], per_section)
        fresh = StrategyPeriod.objects.get(pk=period.pk)
        cascade = _queries(selectors.cascade, owner, fresh, "v2mom")
        page = _queries(
            lambda pk: selectors.document_view(selectors.get_document(owner, pk)), document.pk
        )
        tree = selectors.cascade(owner, StrategyPeriod.objects.get(pk=period.pk), "v2mom")
        assert len(tree.nodes) == size + 1
        counts.append((cascade, page))
        # periods may not overlap: clear this one before the next size
        StrategyDocument.objects.filter(period=period).delete()
        period.delete()
    assert counts[0] == counts[1], counts
    # and it stays small: documents, items with their prefetches, the art objectives
    assert counts[1][0] <= CASCADE_BUDGET and counts[1][1] <= PAGE_BUDGET, counts


def _chain(owner: User, period: StrategyPeriod, company: Unit) -> list[StrategyDocument]:
    """Company → Marketing and Sales → SEO (below Marketing), each with a method."""
    marketing = org_actions.do_create_unit(owner, name="Marketing", parent=company)
    sales = org_actions.do_create_unit(owner, name="Sales", parent=company)
    seo = org_actions.do_create_unit(owner, name="SEO", parent=marketing)
    docs = []
    for unit in (company, marketing, sales, seo):
        docs.append(_doc(owner, period, unit, items=[{"section": "methods", "title": unit.name}]))
    return docs


def test_a_large_cascade_loads_whole_levels_within_its_budget(owner, period, company):
    top, marketing, sales, seo = _chain(owner, period, company)

    everything = selectors.cascade(owner, period, "v2mom")
    budgeted = selectors.cascade(owner, period, "v2mom", budget=3)

    assert [n.document for n in everything.nodes] == [top, marketing, seo, sales]
    # the company and its two departments fit; SEO would not, so it waits behind Marketing
    assert [(n.document, n.depth) for n in budgeted.nodes] == [
        (top, 0),
        (marketing, 1),
        (sales, 1),
    ]
    assert [n.hidden_children for n in budgeted.nodes] == [0, 1, 0]
    # the gaps count documents not loaded: the SEO method and Sales' supports nothing,
    # Marketing's and the company's are not taken up below (Sales' and SEO's have no children)
    assert budgeted.gap_count == everything.gap_count


def test_opening_a_document_loads_the_documents_below_it(owner, outsider, period, company):
    top, marketing, _sales, seo = _chain(owner, period, company)

    below = selectors.cascade(owner, period, "v2mom", below=marketing.pk)

    assert below.below == marketing
    assert [(n.document, n.depth) for n in below.nodes] == [(seo, 0)]
    assert [i.title for i in below.nodes[0].art_projects] == ["SEO"]
    for wrong in (10**9, top.pk + 10**6):
        with pytest.raises(Http404):
            selectors.cascade(owner, period, "v2mom", below=wrong)
    with pytest.raises(Http404):
        selectors.cascade(outsider, period, "v2mom", below=marketing.pk)
