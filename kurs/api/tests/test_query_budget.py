"""Lists cost a fixed number of queries, however big the organization is.

The organizations come from kurs.demo.generate (units, people, an active cycle,
objectives with alignments, key results and check-ins).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kurs.api.tests.conftest import ApiClient
from kurs.demo.generate import generate_organization
from kurs.goals import actions as goal_actions
from kurs.goals.models import Cycle, KeyResult
from kurs.orgs import actions as org_actions
from kurs.orgs.models import Role, User

SIZES = (15, 40, 90)
# Token lookup, count, page, and (objectives) key results and alignments.
CEILING = 6


@pytest.fixture
def orgs(db):
    """(client of an admin, ids of an objective and a key result) per organization size.

    The generator gives every organization one cycle, three key results per objective
    and a similar number of check-ins per key result; the actions top those up, so that
    every list grows with the size.
    """
    result = []
    for index, people in enumerate(SIZES):
        organization = generate_organization(f"Size {people}", people, seed=people)
        admin = User.objects.filter(organization=organization, role=Role.ADMIN).get()
        key_result = (
            KeyResult.objects.active()
            .filter(objective__organization=organization)
            .select_related("objective__cycle", "objective__unit")
            .order_by("pk")
            .first()
        )
        assert key_result is not None
        objective = key_result.objective
        # 10, 20 and 30 cycles, key results on the objective and check-ins on the key result.
        target = 10 * (index + 1)
        for n in range(target - Cycle.objects.filter(organization=organization).count()):
            goal_actions.do_create_cycle(
                admin,
                name=f"Extra {n}",
                start=dt.date(2040 + n, 1, 1),
                end=dt.date(2040 + n, 3, 31),
                kind="quarter",
                state="planning",
            )
        for n in range(target - objective.key_results.count()):
            goal_actions.do_create_key_result(
                admin, objective, title=f"Extra {n}", start=0, target=10
            )
        for n in range(target - key_result.check_ins.count()):
            goal_actions.do_check_in(admin, key_result, value=n, comment=f"Extra {n}")
        _token, raw = org_actions.do_create_token(admin)
        client = ApiClient(raw)
        # The first request records the token's use; later ones within a minute do not.
        assert client.get("/units").status_code == 200
        result.append((client, {"objective": objective.pk, "key_result": key_result.pk}))
    return result


def measure(
    orgs: list[tuple[ApiClient, dict[str, int]]], path_for: Callable[[dict[str, int]], str]
) -> list[tuple[int, int]]:
    """Queries and item count of one GET per organization."""
    numbers = []
    for client, ids in orgs:
        path = path_for(ids)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"limit": 1000})
        assert response.status_code == 200, response.content
        numbers.append((len(queries), response.json()["count"]))
    return numbers


PATHS = [
    lambda ids: "/units",
    lambda ids: "/cycles",
    lambda ids: "/objectives",
    lambda ids: f"/objectives/{ids['objective']}/key-results",
    lambda ids: f"/key-results/{ids['key_result']}/check-ins",
]
PATH_IDS = ["units", "cycles", "objectives", "key-results", "check-ins"]


@pytest.mark.parametrize("path_for", PATHS, ids=PATH_IDS)
def test_list_queries_do_not_grow_with_the_organization(orgs, path_for):
    # when
    numbers = measure(orgs, path_for)

    # then
    query_counts = [queries for queries, _items in numbers]
    assert len(set(query_counts)) == 1, numbers
    assert query_counts[0] <= CEILING, numbers
    assert all(items > 0 for _queries, items in numbers), numbers


@pytest.mark.parametrize("path_for", PATHS, ids=PATH_IDS)
def test_bigger_organizations_have_longer_lists(orgs, path_for):
    # when
    lengths = [items for _queries, items in measure(orgs, path_for)]

    # then: the budget test above compares lists of different lengths
    assert lengths == sorted(lengths) and len(set(lengths)) == len(SIZES), lengths


def test_objective_list_with_alignments_and_key_results_is_five_queries(orgs):
    # given
    client, _ids = orgs[-1]

    # when
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/objectives", {"limit": 1000})

    # then: token, count, objectives (with cycle, unit, owner), key results, alignments
    body = response.json()
    assert any(o["parents"] for o in body["items"])
    assert any(o["status"] != "not_started" for o in body["items"])
    assert len(queries) == 5, [q["sql"] for q in queries]


# Strategy documents -----------------------------------------------------------------------

STRATEGY_SIZES = (2, 5)
# Token, count, documents (with period, unit, person, parent), items, their objectives,
# those objectives' key results, acceptances, supporting items.
STRATEGY_CEILING = 8


@pytest.fixture
def strategy_orgs(db):
    """(client of an admin, id of the company document) per size: `size` unit documents
    below the company's, each with `size` items per section, every kind of link used."""
    from kurs.orgs.models import MembershipRole
    from kurs.strategy import actions as strategy_actions

    result = []
    for size in STRATEGY_SIZES:
        organization = org_actions.do_create_organization(f"Strategy {size}")
        admin = org_actions.do_create_person(
            None,
            organization=organization,
            email=f"admin{size}@example.com",
            name="Admin",
            role=Role.ADMIN,
        )
        company = organization.units.get(parent=None)
        cycle = goal_actions.do_create_cycle(
            admin,
            name="Q",
            start=timezone.localdate() - dt.timedelta(days=30),
            end=timezone.localdate() + dt.timedelta(days=60),
            kind="quarter",
            state="active",
        )
        period = strategy_actions.do_create_period(
            admin,
            name="Year",
            start=timezone.localdate() - dt.timedelta(days=100),
            end=timezone.localdate() + dt.timedelta(days=265),
        )
        parent_methods: list[Any] = []
        top = None
        for index in range(size + 1):
            unit = company
            if index:
                unit = org_actions.do_create_unit(admin, name=f"Unit {index}", parent=company)
                org_actions.do_set_membership(
                    None, unit=unit, person=admin, role=MembershipRole.MEMBER
                )
            objective = goal_actions.do_create_objective(
                admin, cycle=cycle, unit=unit, owner=admin, title=f"Objective {index}"
            )
            key_result = goal_actions.do_create_key_result(
                admin, objective, title="KR", start=0, target=10
            )
            goal_actions.do_check_in(admin, key_result, value=index + 1)
            items: list[dict[str, Any]] = []
            for n in range(size):
                items += [
                    {"section": "values", "title": f"Value {n}"},
                    {
                        "section": "methods",
                        "title": f"Method {n}",
                        "budget": 100,
                        "supports": parent_methods[n] if parent_methods else None,
                        "objectives": [objective],
                    },
                    {"section": "obstacles", "title": f"Obstacle {n}", "owner": admin},
                    {"section": "measures", "title": f"Measure {n}", "key_result": key_result},
                    {"section": "measures", "title": f"Hand {n}", "start": 0, "target": 5},
                ]
            document = strategy_actions.do_create_document(
                admin, period=period, framework="v2mom", unit=unit, items=items
            )
            for item in document.items.filter(section="methods"):
                strategy_actions.do_request_acceptance(admin, item=item, person=admin)
            if top is None:
                top = document
                parent_methods = list(document.items.filter(section="methods").order_by("position"))
        _token, raw = org_actions.do_create_token(admin)
        client = ApiClient(raw)
        assert client.get("/units").status_code == 200
        assert top is not None
        result.append((client, {"document": top.pk}))
    return result


STRATEGY_PATHS = [
    lambda ids: "/strategy-documents",
    lambda ids: f"/strategy-documents/{ids['document']}/versions",
    lambda ids: "/strategy-periods",
]


@pytest.mark.parametrize("path_for", STRATEGY_PATHS, ids=["documents", "versions", "periods"])
def test_strategy_lists_do_not_grow_with_the_documents(strategy_orgs, path_for):
    # when
    numbers = measure(strategy_orgs, path_for)

    # then
    query_counts = [queries for queries, _items in numbers]
    assert len(set(query_counts)) == 1, numbers
    assert query_counts[0] <= STRATEGY_CEILING, numbers


def test_document_list_is_bigger_with_more_documents_and_items(strategy_orgs):
    # when
    bodies = [client.get("/strategy-documents").json() for client, _ids in strategy_orgs]

    # then: the budget above compared lists of different sizes, with every link in use
    assert [b["count"] for b in bodies] == [size + 1 for size in STRATEGY_SIZES]
    assert [len(b["items"][0]["items"]) for b in bodies] == [5 * s for s in STRATEGY_SIZES]
    item = next(i for i in bodies[-1]["items"][1]["items"] if i["section"] == "methods")
    measure = next(i for i in bodies[-1]["items"][1]["items"] if i["key_result_id"])
    assert measure["current"] == 2.0 and measure["status"] != "not_started"
    assert item["supports_id"] and item["objective_ids"] and item["acceptances"]


def test_document_detail_does_not_grow_with_its_items(strategy_orgs):
    # when
    numbers = []
    for client, ids in strategy_orgs:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/strategy-documents/{ids['document']}")
        assert response.status_code == 200
        numbers.append((len(queries), len(response.json()["items"])))

    # then: token, document, items, objectives, key results, acceptances, supporters
    assert len({q for q, _n in numbers}) == 1, numbers
    assert numbers[0][0] <= 7, numbers
    assert numbers[0][1] < numbers[1][1]
