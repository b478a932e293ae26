"""Pages read a fixed number of queries, whatever the organization's size.

Three organizations of growing size are made with `kurs generate`'s generator; each
page must issue exactly as many queries in the largest as in the smallest.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurs.demo.generate import generate_organization
from kurs.goals.models import Alignment, Objective
from kurs.orgs.models import Unit

pytestmark = pytest.mark.django_db

SIZES = (15, 40, 90)

# Fixed budgets per page (session and user lookups included). A prefetch that finds
# nothing to fetch is skipped by Django, so a page may cost one query less when, say,
# no objective of the unit supports another objective; it may never cost more.
BUDGET = {
    # 5, plus the sign-offs waiting for me (kurs.strategy).
    "my_okrs": 6,
    "unit_top": 8,
    "unit_team": 10,
    "unit_list": 3,
    "tree": 6,
    "tree_children": 6,
    "objective": 13,
    "check_in": 5,
}
# A unit lead's permission checks read their memberships and the unit's ancestors.
LEAD_EXTRA = {"unit_top": 3, "unit_team": 1, "objective": 1}


def _count(client: Client, url: str, headers: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(queries)


def _pages_for(size: int, role: str) -> dict[str, int]:
    organization = generate_organization(f"Budget {size} {role}", size, seed=size)
    top = Unit.objects.get(organization=organization, parent=None)
    parent = (
        Objective.objects.filter(organization=organization, aligned_children__isnull=False)
        .order_by("pk")
        .first()
    )
    assert parent is not None, "the generator aligns objectives"
    team = (
        Unit.objects.filter(organization=organization, objectives__isnull=False)
        .order_by("-depth", "pk")
        .first()
    )
    assert team is not None
    # An admin skips the membership look-ups that a unit lead's permission check makes.
    visitor = parent.owner
    if role == "lead":
        visitor = team.memberships.get(role="lead").user
        visitor.role = "member"
        visitor.save(update_fields=["role"])
    client = Client()
    client.force_login(visitor)
    client.get(reverse("my_okrs"))  # warm the session
    child = Alignment.objects.filter(parent_objective=parent).first()
    assert child is not None
    return {
        "my_okrs": _count(client, reverse("my_okrs")),
        "unit_top": _count(client, reverse("unit_detail", args=[top.pk])),
        "unit_team": _count(client, reverse("unit_detail", args=[team.pk])),
        "unit_list": _count(client, reverse("unit_list")),
        "tree": _count(client, reverse("alignment_tree")),
        "tree_children": _count(
            client, reverse("tree_children", args=[parent.pk]), {"HX-Request": "true"}
        ),
        "objective": _count(client, reverse("objective_detail", args=[child.objective_id])),
        "check_in": _count(client, reverse("check_in")),
    }


@pytest.mark.parametrize("role", ["admin", "lead"])
def test_page_queries_do_not_grow_with_the_organization(role):
    # given / when
    budgets = [_pages_for(size, role) for size in SIZES]
    # then: no page grows with the organization
    for page, budget in BUDGET.items():
        counts = [b[page] for b in budgets]
        limit = budget + LEAD_EXTRA.get(page, 0) if role == "lead" else budget
        assert max(counts) <= limit, f"{page}: {counts} queries for {SIZES} people ({role})"
