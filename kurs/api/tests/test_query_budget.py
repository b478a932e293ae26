"""Lists cost a fixed number of queries, however big the organization is.

The organizations come from kurs.demo.generate (units, people, an active cycle,
objectives with alignments, key results and check-ins).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
